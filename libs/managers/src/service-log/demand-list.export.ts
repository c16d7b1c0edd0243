import { Actor, AppError } from '@app/common';
import { ExportGenerator, ExportKind, GeneratedFile, writeXlsx, XLSX_CONTENT_TYPE } from '@app/files';
import { Injectable } from '@nestjs/common';

import { DemandListService } from './demand-list.service';

export const DEMAND_LIST_EXPORT_KIND = 'managers.demand-list.xlsx';

export interface DemandListExportParams {
  organisationId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const COLUMNS = [
  { header: '序号', key: 'position', align: 'center' as const },
  { header: '需求名称', key: 'title' },
  { header: '来源', key: 'source', align: 'center' as const },
  { header: '需求类型', key: 'demandKind', align: 'center' as const },
  { header: '状态', key: 'status', align: 'center' as const },
  { header: '产业链', key: 'chains' },
  { header: '挖掘日期', key: 'minedOn', align: 'center' as const },
  { header: '挖掘人（技术经理人）', key: 'minedBy', align: 'center' as const },
  { header: '发布日期', key: 'publishedOn', align: 'center' as const },
  { header: '需求描述', key: 'description', width: 60 },
];

/** The 龙头企业需求清单 as a workbook: one sheet, the enterprise's demands then the needs not registered yet. */
@Injectable()
@ExportKind(DEMAND_LIST_EXPORT_KIND)
export class DemandListXlsxExport implements ExportGenerator<DemandListExportParams> {
  constructor(private readonly lists: DemandListService) {}

  async authorize(actor: Actor, params: DemandListExportParams): Promise<void> {
    if (typeof params?.organisationId !== 'string' || !UUID.test(params.organisationId)) {
      throw AppError.invalidField('organisationId', '必须是合法的 UUID');
    }
    await this.lists.get(actor, params.organisationId);
  }

  async generate(params: DemandListExportParams, actor: Actor, progress: (r: number) => Promise<void>) {
    const list = await this.lists.get(actor, params.organisationId);
    await progress(0.5);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const content = await writeXlsx([
      {
        name: '需求清单',
        title: `${list.organisationName} 龙头企业需求清单（导出日期 ${today}）`,
        columns: COLUMNS,
        rows: list.rows.map((r, i) => ({
          position: i + 1,
          title: r.title,
          source: r.source,
          demandKind: r.demandKindLabel ?? '',
          status: r.statusLabel,
          chains: r.chainNames.join('、'),
          minedOn: r.minedOn ?? '',
          minedBy: r.minedBy ?? '',
          publishedOn: r.publishedOn ?? '',
          description: r.description,
        })),
        print: { landscape: true },
      },
    ]);
    const safeName = list.organisationName.replace(/[\\/:*?"<>|]/g, '_');
    return {
      filename: `${safeName}-需求清单-${today}.xlsx`,
      contentType: XLSX_CONTENT_TYPE,
      content,
    } satisfies GeneratedFile;
  }
}
