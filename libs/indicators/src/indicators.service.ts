import { Actor, AppError, ErrorCode, PageQueryDto, Role, toPage } from '@app/common';
import { EventsService } from '@app/events';
import { FilePurpose, FileStore } from '@app/files';
import { IndustryChainService } from '@app/registry';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { addDays, beijingDate, beijingDayStart, elapsedShare } from './calendar';
import { FACT_RULE_BY_KEY } from './fact-rules';
import { IndicatorReport, IndicatorTarget, REPORT_STATUS_LABELS, ReportStatus } from './indicator.entities';
import {
  ACCUMULATION_LABELS,
  INDICATOR_BY_KEY,
  IndicatorDefinition,
  INDICATORS,
  PLAN_SOURCE,
  PLAN_YEARS,
} from './indicator-catalogue';
import { expectedFor, IndicatorStatus, STATUS_RULE, statusOf, targetFor } from './indicator-status';

export interface BreakdownItem {
  id: string | null;
  name: string;
  count: number;
}

export interface IndicatorFigure {
  key: string;
  seq: number | null;
  group: string;
  name: string;
  unit: string;
  responsible: string;
  accumulation: 'annual' | 'cumulative';
  accumulationLabel: string;
  source: 'observed' | 'reported';
  sourceLabel: string;
  targets: Record<string, number>;
  target: number | null;
  targetDerived: boolean;
  actual: number;
  progress: number | null;
  expected: number | null;
  expectedProgress: number | null;
  status: IndicatorStatus | null;
  countingRule: string;
  planTotal?: { target: number; max: number | null; actual: number; progress: number; note: string };
  breakdown?: { byChain: BreakdownItem[]; byDistrict: BreakdownItem[] };
  pendingReports?: number;
  remark?: string;
}

export interface IndicatorOverview {
  year: number;
  asOf: string;
  yearElapsed: number;
  plan: string;
  statusRule: string;
  indicators: IndicatorFigure[];
}

const REPORTED_RULE =
  '填报数据：由责任单位填报数值、日期与佐证材料，经管理员审核通过后计入；取当年最近一次审核通过的填报值。' +
  '未审核的填报单列显示，不计入。';

const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Window of facts behind a figure: the year (annual) or everything up to its end (cumulative). */
interface FactWindow {
  fromYear: number | null;
  toYear: number;
  before: Date;
}

@Injectable()
export class IndicatorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly files: FileStore,
    private readonly chains: IndustryChainService,
  ) {}

  definition(key: string): IndicatorDefinition {
    const def = INDICATOR_BY_KEY.get(key);
    if (!def) throw AppError.notFound('指标', key);
    return def;
  }

  /** Seeds the plan's targets; rows an admin corrected are left alone. */
  async ensureTargets(): Promise<void> {
    const rows: Array<{ key: string; year: number; value: number; max: number | null }> = [];
    for (const def of INDICATORS) {
      for (const [year, value] of Object.entries(def.targets))
        rows.push({ key: def.key, year: Number(year), value, max: null });
      if (def.planTotal)
        rows.push({ key: def.key, year: 0, value: def.planTotal.value, max: def.planTotal.max ?? null });
    }
    await this.dataSource.query(
      `INSERT INTO indicator_targets (indicator_key, year, value, value_max, version)
       SELECT *, 1 FROM unnest($1::text[], $2::int[], $3::numeric[], $4::numeric[])
       ON CONFLICT (indicator_key, year) DO NOTHING`,
      [rows.map((r) => r.key), rows.map((r) => r.year), rows.map((r) => r.value), rows.map((r) => r.max)],
    );
  }

  async overview(year: number, asOf = beijingDate()): Promise<IndicatorOverview> {
    const targets = await this.targetMaps();
    const chainRefs = await this.chains.refs();
    const figures: IndicatorFigure[] = [];
    for (const def of INDICATORS)
      figures.push(await this.figure(def, year, asOf, targets.get(def.key) ?? new Map(), chainRefs));
    return {
      year,
      asOf,
      yearElapsed: round(elapsedShare(year, asOf)),
      plan: PLAN_SOURCE,
      statusRule: STATUS_RULE,
      indicators: figures,
    };
  }

  async figureOf(key: string, year: number, asOf = beijingDate()): Promise<IndicatorFigure> {
    const def = this.definition(key);
    const targets = await this.targetMaps();
    return this.figure(def, year, asOf, targets.get(key) ?? new Map(), await this.chains.refs());
  }

  /** The records behind a figure: each fact with its subject, date, chains and district. */
  async records(
    key: string,
    year: number,
    query: PageQueryDto & { chainId?: string; district?: string },
    asOf = beijingDate(),
  ) {
    const def = this.definition(key);
    if (def.source === 'reported') {
      const [items, total] = await this.dataSource.getRepository(IndicatorReport).findAndCount({
        where: { indicatorKey: key, year },
        order: { asOf: 'DESC', createdAt: 'DESC' },
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      });
      return { indicator: key, source: 'reported', ...toPage(items.map(reportView), total, query) };
    }
    const window = this.window(def, year, asOf);
    const params: unknown[] = [key, window.fromYear, window.toYear, window.before];
    let where = `indicator_key = $1 AND ($2::int IS NULL OR year >= $2) AND year <= $3 AND occurred_at < $4`;
    if (query.chainId) {
      params.push(query.chainId);
      where += ` AND $${params.length}::uuid = ANY(chain_ids)`;
    }
    if (query.district) {
      params.push(query.district === '未填写' ? null : query.district);
      where += ` AND district IS NOT DISTINCT FROM $${params.length}`;
    }
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM indicator_facts WHERE ${where}`,
      params,
    );
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT subject_type, subject_id, title, occurred_at, year, chain_ids, district, recorded_at
         FROM indicator_facts WHERE ${where}
        ORDER BY occurred_at DESC, subject_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize],
    );
    const refs = await this.chains.refs();
    const items = rows.map((r) => ({
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      title: r.title,
      occurredAt: r.occurred_at,
      year: r.year,
      chains: (r.chain_ids as string[]).map((id) => ({ id, name: refs.get(id)?.name ?? id })),
      district: r.district,
      recordedAt: r.recorded_at,
      link: subjectLink(String(r.subject_type), String(r.subject_id)),
    }));
    return {
      indicator: key,
      source: 'observed',
      countingRule: FACT_RULE_BY_KEY.get(key)?.rule,
      ...toPage(items, total, query),
    };
  }

  /** Month by month: what was added in the month and the figure at its end (annual: year to date; cumulative: level). */
  async series(key: string, year: number, asOf = beijingDate()) {
    const def = this.definition(key);
    const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    const lastMonth = asOf.slice(0, 7);
    if (def.source === 'reported') {
      const approved = await this.approvedReports(key, year);
      return {
        indicator: key,
        year,
        months: months.map((month) => {
          const latest = approved.filter((r) => r.asOf.slice(0, 7) <= month)[0];
          return { month, added: null, value: month > lastMonth ? null : (latest?.value ?? 0) };
        }),
      };
    }
    const window = this.window(def, year, asOf);
    const [{ base }] = await this.dataSource.query(
      `SELECT count(*)::int AS base FROM indicator_facts
        WHERE indicator_key = $1 AND ($2::int IS NULL OR year >= $2) AND year < $3`,
      [key, window.fromYear, year],
    );
    const rows: Array<{ month: string; n: number }> = await this.dataSource.query(
      `SELECT to_char(occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, count(*)::int AS n
         FROM indicator_facts WHERE indicator_key = $1 AND year = $2 AND occurred_at < $3 GROUP BY 1`,
      [key, year, window.before],
    );
    const added = new Map(rows.map((r) => [r.month, r.n]));
    let running = def.accumulation === 'cumulative' ? base : 0;
    return {
      indicator: key,
      year,
      accumulation: def.accumulation,
      months: months.map((month) => {
        if (month > lastMonth) return { month, added: null, value: null };
        running += added.get(month) ?? 0;
        return { month, added: added.get(month) ?? 0, value: running };
      }),
    };
  }

  async updateTarget(
    actor: Actor,
    key: string,
    year: number,
    input: { value: number; valueMax?: number | null; version?: number },
  ) {
    const def = this.definition(key);
    if (year !== 0 && !PLAN_YEARS.includes(year)) {
      throw AppError.invalid(
        [{ field: 'year', reason: '不是规划年度' }],
        `年份须为规划年度 ${PLAN_YEARS.join('、')}，或 0（规划期总目标）`,
      );
    }
    return this.events.transaction(async (manager) => {
      const repo = manager.getRepository(IndicatorTarget);
      let row = await repo.findOne({ where: { indicatorKey: key, year }, lock: { mode: 'pessimistic_write' } });
      if (row && input.version !== undefined && row.version !== input.version) {
        throw AppError.conflict(ErrorCode.STALE_VERSION, '目标已被他人修改，请刷新后重试', {
          currentVersion: row.version,
        });
      }
      const before = row ? { value: row.value, valueMax: row.valueMax } : null;
      row = row ?? repo.create({ indicatorKey: key, year });
      row.value = input.value;
      row.valueMax = input.valueMax ?? null;
      row = await repo.save(row);
      await this.events.record(manager, actor, {
        type: 'indicator.target_changed',
        entityType: 'indicator_target',
        entityId: row.id,
        entityVersion: row.version,
        before,
        after: { indicatorKey: key, name: def.name, year, value: row.value, valueMax: row.valueMax },
      });
      return row;
    });
  }

  async submitReport(
    actor: Actor,
    key: string,
    input: { year: number; value: number; asOf: string; evidence: string },
  ) {
    const def = this.definition(key);
    if (def.source !== 'reported') {
      throw AppError.badRequest(
        ErrorCode.INDICATOR_NOT_REPORTABLE,
        `“${def.name}”由平台根据业务记录自动统计，不接受填报`,
      );
    }
    return this.events.transaction(async (manager) => {
      const row = await manager.save(
        manager.create(IndicatorReport, {
          indicatorKey: key,
          ...input,
          authorId: actor.userId,
          status: ReportStatus.Submitted,
        }),
      );
      await this.events.record(manager, actor, {
        type: 'indicator_report.submitted',
        entityType: 'indicator_report',
        entityId: row.id,
        entityVersion: row.version,
        after: { indicatorKey: key, year: input.year, value: input.value, asOf: input.asOf },
      });
      return reportView(row);
    });
  }

  async attachEvidence(actor: Actor, id: string, file: { originalname: string; mimetype: string; buffer: Buffer }) {
    return this.events.transaction(async (manager) => {
      const row = await manager.findOne(IndicatorReport, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw AppError.notFound('填报记录', id);
      if (row.authorId !== actor.userId && actor.role !== Role.Admin)
        throw AppError.forbidden('只能为本人填报的记录上传佐证材料');
      if (row.status !== ReportStatus.Submitted) {
        throw AppError.conflict(ErrorCode.ILLEGAL_TRANSITION, '已审核的填报记录不能再更换佐证材料');
      }
      const stored = await this.files.save(
        {
          purpose: FilePurpose.Evidence,
          filename: file.originalname,
          contentType: file.mimetype || 'application/octet-stream',
          content: file.buffer,
          createdById: actor.userId,
        },
        manager,
      );
      row.evidenceFileId = stored.id;
      const saved = await manager.save(row);
      await this.events.record(manager, actor, {
        type: 'indicator_report.evidence_attached',
        entityType: 'indicator_report',
        entityId: row.id,
        entityVersion: saved.version,
        after: { evidenceFileId: stored.id, filename: stored.filename, size: stored.size, sha256: stored.sha256 },
      });
      return reportView(saved);
    });
  }

  /** Admin review; the author of a report cannot approve it (four eyes). */
  async review(actor: Actor, id: string, decision: 'approve' | 'reject', note?: string) {
    return this.events.transaction(async (manager) => {
      const row = await manager.findOne(IndicatorReport, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw AppError.notFound('填报记录', id);
      if (row.status !== ReportStatus.Submitted) {
        throw AppError.conflict(
          ErrorCode.ILLEGAL_TRANSITION,
          `填报记录${REPORT_STATUS_LABELS[row.status]}，不能重复审核`,
        );
      }
      if (row.authorId && row.authorId === actor.userId) {
        throw new AppError(HttpStatus.FORBIDDEN, ErrorCode.FORBIDDEN, '不能审核本人填报的数据，请由其他管理员审核');
      }
      if (decision === 'reject' && !note?.trim()) {
        throw AppError.invalid([{ field: 'note', reason: '驳回须填写理由' }], '驳回须填写理由');
      }
      row.status = decision === 'approve' ? ReportStatus.Approved : ReportStatus.Rejected;
      row.reviewerId = actor.userId;
      row.reviewedAt = new Date();
      row.reviewNote = note ?? null;
      const saved = await manager.save(row);
      await this.events.record(manager, actor, {
        type: decision === 'approve' ? 'indicator_report.approved' : 'indicator_report.rejected',
        entityType: 'indicator_report',
        entityId: row.id,
        entityVersion: saved.version,
        before: { status: ReportStatus.Submitted },
        after: { status: row.status, reviewNote: row.reviewNote },
      });
      return reportView(saved);
    });
  }

  private async figure(
    def: IndicatorDefinition,
    year: number,
    asOf: string,
    targets: Map<number, number>,
    chainRefs: Map<string, { name: string }>,
  ): Promise<IndicatorFigure> {
    const { value: target, derived } = targetFor(def, targets, year);
    const expected = expectedFor(def, targets, year, asOf);
    let actual: number;
    let breakdown: IndicatorFigure['breakdown'];
    let pendingReports: number | undefined;
    let planActual = 0;
    if (def.source === 'observed') {
      const w = this.window(def, year, asOf);
      const base = `FROM indicator_facts WHERE indicator_key = $1 AND ($2::int IS NULL OR year >= $2) AND year <= $3 AND occurred_at < $4`;
      const params = [def.key, w.fromYear, w.toYear, w.before];
      const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n ${base}`, params);
      actual = n;
      const byChain: Array<{ id: string | null; n: number }> = await this.dataSource.query(
        `SELECT c.id, count(*)::int AS n FROM (SELECT unnest(CASE WHEN cardinality(chain_ids) = 0 THEN ARRAY[NULL::uuid]
                ELSE chain_ids END) AS id ${base}) c GROUP BY c.id ORDER BY n DESC`,
        params,
      );
      const byDistrict: Array<{ id: string | null; n: number }> = await this.dataSource.query(
        `SELECT district AS id, count(*)::int AS n ${base} GROUP BY district ORDER BY n DESC`,
        params,
      );
      breakdown = {
        byChain: byChain.map((r) => ({
          id: r.id,
          name: r.id ? (chainRefs.get(r.id)?.name ?? r.id) : '未分类',
          count: r.n,
        })),
        byDistrict: byDistrict.map((r) => ({ id: r.id, name: r.id ?? '未填写', count: r.n })),
      };
      if (def.planTotal) {
        const [{ n: total }] = await this.dataSource.query(
          `SELECT count(*)::int AS n FROM indicator_facts WHERE indicator_key = $1 AND year BETWEEN $2 AND $3 AND occurred_at < $4`,
          [def.key, PLAN_YEARS[0], year, w.before],
        );
        planActual = total;
      }
    } else {
      actual = (await this.approvedReports(def.key, year))[0]?.value ?? 0;
      const [{ n }] = await this.dataSource.query(
        `SELECT count(*)::int AS n FROM indicator_reports WHERE indicator_key = $1 AND year = $2 AND status = 'submitted'`,
        [def.key, year],
      );
      pendingReports = n;
      if (def.planTotal) {
        for (const y of PLAN_YEARS.filter((p) => p <= year))
          planActual += (await this.approvedReports(def.key, y))[0]?.value ?? 0;
      }
    }
    const planTarget = targets.get(0);
    return {
      key: def.key,
      seq: def.seq,
      group: def.group,
      name: def.name,
      unit: def.unit,
      responsible: def.responsible,
      accumulation: def.accumulation,
      accumulationLabel: ACCUMULATION_LABELS[def.accumulation],
      source: def.source,
      sourceLabel: def.source === 'observed' ? '平台自动统计' : '填报（审核通过）',
      targets: Object.fromEntries([...targets.entries()].filter(([y]) => y > 0).map(([y, v]) => [String(y), v])),
      target,
      targetDerived: derived,
      actual,
      progress: target ? round(actual / target) : null,
      expected: expected === null ? null : round(expected, 1),
      expectedProgress: target && expected !== null ? round(expected / target) : null,
      status: statusOf(actual, target, expected),
      countingRule: def.source === 'observed' ? (FACT_RULE_BY_KEY.get(def.key)?.rule ?? '') : REPORTED_RULE,
      ...(def.planTotal && planTarget !== undefined
        ? {
            planTotal: {
              target: planTarget,
              max: def.planTotal.max ?? null,
              actual: planActual,
              progress: round(planActual / planTarget),
              note: def.planTotal.note,
            },
          }
        : {}),
      ...(breakdown ? { breakdown } : {}),
      ...(pendingReports !== undefined ? { pendingReports } : {}),
      ...(def.remark ? { remark: def.remark } : {}),
    };
  }

  private window(def: IndicatorDefinition, year: number, asOf: string): FactWindow {
    const before = beijingDayStart(addDays(asOf < `${year}-12-31` ? asOf : `${year}-12-31`, 1));
    if (def.accumulation === 'annual') return { fromYear: year, toYear: year, before };
    return { fromYear: def.cumulativeFrom ?? null, toYear: year, before };
  }

  private async targetMaps(): Promise<Map<string, Map<number, number>>> {
    const rows = await this.dataSource.getRepository(IndicatorTarget).find();
    const maps = new Map<string, Map<number, number>>();
    for (const r of rows) {
      if (!maps.has(r.indicatorKey)) maps.set(r.indicatorKey, new Map());
      maps.get(r.indicatorKey)!.set(r.year, r.value);
    }
    return maps;
  }

  private async approvedReports(key: string, year: number): Promise<IndicatorReport[]> {
    return this.dataSource.getRepository(IndicatorReport).find({
      where: { indicatorKey: key, year, status: ReportStatus.Approved },
      order: { asOf: 'DESC', reviewedAt: 'DESC' },
    });
  }
}

function reportView(r: IndicatorReport) {
  return {
    ...r,
    statusLabel: REPORT_STATUS_LABELS[r.status],
    evidenceUrl: r.evidenceFileId ? `/files/${r.evidenceFileId}` : null,
  };
}

function subjectLink(type: string, id: string): string | null {
  const paths: Record<string, string> = {
    demand: '/demands/',
    achievement: '/achievements/',
    match: '/matches/',
    activity: '/activities/',
    organisation: '/organisations/',
    user: '/users/',
  };
  return paths[type] ? `${paths[type]}${id}` : null;
}
