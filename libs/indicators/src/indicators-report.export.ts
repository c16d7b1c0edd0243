import { Actor, AppError, isStaff } from '@app/common';
import {
  CSV_CONTENT_TYPE,
  ExportGenerator,
  ExportKind,
  GeneratedFile,
  toCsv,
  writeXlsx,
  XLSX_CONTENT_TYPE,
} from '@app/files';
import { Injectable } from '@nestjs/common';

import { beijingDate } from './calendar';
import { PLAN_YEARS } from './indicator-catalogue';
import { IndicatorFigure, IndicatorReadModel } from './indicator-read-model';

export interface IndicatorReportParams {
  year: number;
  asOf?: string;
}

const pct = (n: number | null) => (n === null ? '' : `${(n * 100).toFixed(1)}%`);
const num = (n: number | null | undefined) => (n === null || n === undefined ? '' : n);

/** The plan's table (序号, 重点任务, 目标名称, yearly targets, 单位, 责任单位, 备注) with the chosen year's figures. */
export function reportColumns(year: number) {
  return [
    { header: '序号', key: 'seq', width: 6, align: 'center' as const },
    { header: '重点任务', key: 'group', width: 14 },
    { header: '目标名称', key: 'name', width: 34 },
    ...PLAN_YEARS.map((y) => ({ header: `${y}年`, key: `t${y}`, width: 9, align: 'center' as const })),
    { header: '单位', key: 'unit', width: 10, align: 'center' as const },
    { header: '责任单位', key: 'responsible', width: 20 },
    { header: '备注', key: 'accumulation', width: 24 },
    { header: `${year}年完成值`, key: 'actual', width: 12, align: 'center' as const },
    { header: '完成进度', key: 'progress', width: 10, align: 'center' as const },
    { header: '序时进度', key: 'expectedProgress', width: 10, align: 'center' as const },
    { header: '状态', key: 'status', width: 8, align: 'center' as const },
    { header: '数据来源', key: 'source', width: 16 },
    { header: '统计口径', key: 'rule', width: 48 },
  ];
}

export function reportRows(figures: IndicatorFigure[]): Array<Record<string, unknown>> {
  const tableRows = figures.filter((f) => f.seq !== null).sort((a, b) => a.seq! - b.seq!);
  const textRows = figures.filter((f) => f.seq === null);
  let lastGroup = '';
  const row = (f: IndicatorFigure, seq: string) => {
    const group = f.group !== lastGroup ? f.group : '';
    lastGroup = f.group;
    const targets = Object.fromEntries(PLAN_YEARS.map((y) => [`t${y}`, num(f.targets[String(y)])]));
    if (f.planTotal && !Object.keys(f.targets).length) {
      // a target stated for the whole period (国家科学技术奖 1～2)
      targets[`t${PLAN_YEARS[0]}`] = `${f.planTotal.target}${f.planTotal.max ? `～${f.planTotal.max}` : ''}`;
    }
    return {
      seq,
      group,
      name: f.name,
      ...targets,
      unit: f.unit,
      responsible: f.responsible,
      accumulation: [
        f.accumulationLabel,
        f.planTotal && !Object.keys(f.targets).length ? '三年合计目标' : '',
        f.remark ?? '',
      ]
        .filter(Boolean)
        .join('；'),
      actual: f.actual,
      progress: pct(f.progress),
      expectedProgress: pct(f.expectedProgress),
      status: f.status ?? '—',
      source: f.sourceLabel + (f.pendingReports ? `（另有 ${f.pendingReports} 条待审核）` : ''),
      rule: f.countingRule + (f.targetDerived ? ' 本年目标按规划期总目标线性分解。' : ''),
    };
  };
  const rows = tableRows.map((f) => row(f, String(f.seq)));
  lastGroup = '';
  rows.push(...textRows.map((f, i) => row(f, `正文${i + 1}`)));
  return rows;
}

@Injectable()
abstract class IndicatorReportExport implements ExportGenerator<IndicatorReportParams> {
  constructor(protected readonly indicators: IndicatorReadModel) {}

  async authorize(actor: Actor, params: IndicatorReportParams): Promise<void> {
    if (!isStaff(actor)) throw AppError.forbidden('只有管理员和技术经理人可以导出指标报表');
    if (!PLAN_YEARS.includes(params.year)) throw AppError.notFound('规划年度', String(params.year));
  }

  abstract generate(
    params: IndicatorReportParams,
    actor: Actor,
    progress: (r: number) => Promise<void>,
  ): Promise<GeneratedFile>;

  protected async figures(params: IndicatorReportParams) {
    const asOf = params.asOf ?? beijingDate();
    const overview = await this.indicators.overview(params.year, asOf);
    return { asOf, overview };
  }
}

@Injectable()
@ExportKind('indicators.report.xlsx')
export class IndicatorReportXlsx extends IndicatorReportExport {
  async generate(params: IndicatorReportParams, _actor: Actor, progress: (r: number) => Promise<void>) {
    const { asOf, overview } = await this.figures(params);
    await progress(0.5);
    const content = await writeXlsx([
      {
        name: `${params.year}年完成情况`,
        title: `昆山市祖冲之攻关计划三年行动方案目标任务（2025—2027年）${params.year}年完成情况（统计截至 ${asOf}）`,
        columns: reportColumns(params.year),
        rows: reportRows(overview.indicators),
        print: { landscape: true },
      },
      {
        name: '说明',
        columns: [
          { header: '项目', key: 'k', width: 14 },
          { header: '说明', key: 'v', width: 100 },
        ],
        rows: [
          { k: '依据', v: overview.plan },
          { k: '统计截至', v: asOf },
          { k: '状态判定', v: overview.statusRule },
          {
            k: '数据来源',
            v: '平台自动统计：由业务记录逐条计算，可在平台中逐条追溯；填报：仅计入经管理员审核通过的填报值。',
          },
        ],
      },
    ]);
    return {
      filename: `祖冲之攻关计划指标完成情况-${params.year}年-${asOf}.xlsx`,
      contentType: XLSX_CONTENT_TYPE,
      content,
    };
  }
}

@Injectable()
@ExportKind('indicators.report.csv')
export class IndicatorReportCsv extends IndicatorReportExport {
  async generate(params: IndicatorReportParams) {
    const { asOf, overview } = await this.figures(params);
    const content = toCsv(reportColumns(params.year), reportRows(overview.indicators));
    return {
      filename: `祖冲之攻关计划指标完成情况-${params.year}年-${asOf}.csv`,
      contentType: CSV_CONTENT_TYPE,
      content,
    };
  }
}
