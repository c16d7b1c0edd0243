import { Actor, AppError } from '@app/common';
import { ExportGenerator, ExportKind, GeneratedFile, writeXlsx, XLSX_CONTENT_TYPE } from '@app/files';
import { Injectable } from '@nestjs/common';

import { EvaluationService } from './evaluation.service';
import { EVALUATION_SUBJECT_LABELS, EvaluationSubject } from './scoring-model';

export const EVALUATION_RANKING_EXPORT_KIND = 'managers.evaluation-ranking.xlsx';
export const EVALUATION_SHEET_EXPORT_KIND = 'managers.evaluation-sheet.xlsx';

export interface EvaluationRankingExportParams {
  periodKey: string;
  subjectKind: EvaluationSubject;
}

export interface EvaluationSheetExportParams extends EvaluationRankingExportParams {
  subjectId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const safe = (s: string) => s.replace(/[\\/:*?"<>|]/g, '_');
const shown = (n: number | null) => (n === null ? '无数据' : n);

function checkParams(p: Partial<EvaluationSheetExportParams>, withSubject: boolean): void {
  if (typeof p?.periodKey !== 'string') throw AppError.invalidField('periodKey', '必填');
  if (p.subjectKind !== 'manager' && p.subjectKind !== 'agency') {
    throw AppError.invalidField('subjectKind', '必须是 manager 或 agency');
  }
  if (withSubject && (typeof p.subjectId !== 'string' || !UUID.test(p.subjectId))) {
    throw AppError.invalidField('subjectId', '必须是合法的 UUID');
  }
}

/** A period's ranking as a workbook: one row per manager (or agency), each criterion's raw value and score. */
@Injectable()
@ExportKind(EVALUATION_RANKING_EXPORT_KIND)
export class EvaluationRankingXlsxExport implements ExportGenerator<EvaluationRankingExportParams> {
  constructor(private readonly evaluations: EvaluationService) {}

  async authorize(actor: Actor, params: EvaluationRankingExportParams): Promise<void> {
    checkParams(params, false);
    await this.evaluations.ranking(actor, params.periodKey, params.subjectKind);
  }

  async generate(params: EvaluationRankingExportParams, actor: Actor, progress: (r: number) => Promise<void>) {
    const ranking = await this.evaluations.ranking(actor, params.periodKey, params.subjectKind);
    await progress(0.5);
    const model = ranking.period.models[params.subjectKind];
    const who = EVALUATION_SUBJECT_LABELS[params.subjectKind];
    const columns = [
      { header: '排名', key: 'rank', align: 'center' as const },
      { header: params.subjectKind === 'manager' ? '技术经理人' : '机构名称', key: 'name' },
      { header: '总分', key: 'total', align: 'center' as const },
      { header: '等级', key: 'grade', align: 'center' as const },
      ...model.criteria.flatMap((c) => [
        { header: `${c.label}（${c.unit}）`, key: `raw_${c.code}`, align: 'center' as const },
        { header: `${c.label}得分（权重 ${c.weight}）`, key: `pts_${c.code}`, align: 'center' as const },
      ]),
    ];
    const rows = ranking.rows.map((r) => ({
      rank: r.rank,
      name: r.subjectName,
      total: r.total,
      grade: `${r.grade}（${r.gradeLabel}）`,
      ...Object.fromEntries(
        r.criteria.flatMap((c) => [
          [`raw_${c.code}`, shown(c.raw)],
          [`pts_${c.code}`, c.contribution],
        ]),
      ),
    }));
    const status = ranking.period.status === 'published' ? '已发布' : '草稿';
    const content = await writeXlsx([
      {
        name: '评估排名',
        title: `${ranking.period.label}${who}分级评估排名（${status}，${model.name}）`,
        columns,
        rows,
        print: { landscape: true },
      },
    ]);
    return {
      filename: `${ranking.period.periodKey}-${who}分级评估排名.xlsx`,
      contentType: XLSX_CONTENT_TYPE,
      content,
    } satisfies GeneratedFile;
  }
}

/** One person's (or agency's) sheet: criterion, rule, weight, raw value, normalised score, contribution. */
@Injectable()
@ExportKind(EVALUATION_SHEET_EXPORT_KIND)
export class EvaluationSheetXlsxExport implements ExportGenerator<EvaluationSheetExportParams> {
  constructor(private readonly evaluations: EvaluationService) {}

  async authorize(actor: Actor, params: EvaluationSheetExportParams): Promise<void> {
    checkParams(params, true);
    await this.evaluations.sheet(actor, params.periodKey, params.subjectKind, params.subjectId);
  }

  async generate(params: EvaluationSheetExportParams, actor: Actor, progress: (r: number) => Promise<void>) {
    const sheet = await this.evaluations.sheet(actor, params.periodKey, params.subjectKind, params.subjectId);
    await progress(0.5);
    const rows: Array<Record<string, unknown>> = sheet.criteria.map((c) => ({
      label: c.label,
      rule: c.rule,
      weight: c.weight,
      raw: c.raw === null ? '无数据' : `${c.raw} ${c.unit}`,
      normalised: c.normalised,
      contribution: c.contribution,
    }));
    rows.push({
      label: '合计',
      rule: `等级：${sheet.grade}（${sheet.gradeLabel}）；排名 ${sheet.rank} / ${sheet.of}`,
      weight: 100,
      raw: '',
      normalised: '',
      contribution: sheet.total,
    });
    const content = await writeXlsx([
      {
        name: '评估表',
        title: `${sheet.period.label} ${sheet.subjectKindLabel}分级评估表：${sheet.subjectName}（${sheet.modelName}）`,
        columns: [
          { header: '评估指标', key: 'label' },
          { header: '计分规则', key: 'rule', width: 50 },
          { header: '权重', key: 'weight', align: 'center' as const },
          { header: '原始值', key: 'raw', align: 'center' as const },
          { header: '标准化得分', key: 'normalised', align: 'center' as const },
          { header: '贡献分', key: 'contribution', align: 'center' as const },
        ],
        rows,
      },
    ]);
    return {
      filename: `${sheet.period.periodKey}-${safe(sheet.subjectName)}-分级评估表.xlsx`,
      contentType: XLSX_CONTENT_TYPE,
      content,
    } satisfies GeneratedFile;
  }
}
