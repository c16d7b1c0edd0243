import { AppError, PageQueryDto, toPage } from '@app/common';
import { IndustryChainService } from '@app/registry';
import { Injectable } from '@nestjs/common';

import { addDays, beijingDate, beijingDayStart, elapsedShare } from './calendar';
import { FACT_RULE_BY_KEY } from './fact-rules';
import {
  ACCUMULATION_LABELS,
  IndicatorDefinition,
  indicatorDefinition,
  INDICATORS,
  PLAN_SOURCE,
  PLAN_YEARS,
} from './indicator-catalogue';
import { FactCounts, FactWindowOf, IndicatorFactsRepository } from './indicator-facts.repository';
import { IndicatorReportsRepository, ReportedFigures } from './indicator-reports.repository';
import { reportView } from './indicator-reports.service';
import { expectedFor, IndicatorStatus, STATUS_RULE, statusOf, targetFor } from './indicator-status';
import { IndicatorTargetsService } from './indicator-targets.service';
import { countedAfter, HISTORY_RULE, historyFor, HistoryReport, takesReportedHistory } from './reported-history';

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
  planTotal?: {
    target: number;
    max: number | null;
    actual: number;
    progress: number;
    /** Share of the whole plan period elapsed by the end of the figure's window, and the status against it. */
    expectedProgress: number;
    status: IndicatorStatus;
    note: string;
  };
  breakdown?: { byChain: BreakdownItem[]; byDistrict: BreakdownItem[] };
  pendingReports?: number;
  /** Approved history reported for the time before the platform (rows 6, 7, 9, 10), added to the records after it. */
  reportedHistory?: { value: number; asOf: string; year: number };
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

function windowOf(def: IndicatorDefinition, year: number, asOf: string): FactWindow {
  const before = beijingDayStart(addDays(asOf < `${year}-12-31` ? asOf : `${year}-12-31`, 1));
  if (def.accumulation === 'annual') return { fromYear: year, toYear: year, before };
  return { fromYear: def.cumulativeFrom ?? null, toYear: year, before };
}

/**
 * The read side of the indicators: figures (actual against target, progress, status, breakdowns), the records
 * behind a figure and its monthly series. Every figure of an overview comes from one grouped query over the
 * facts and one over the reports.
 */
@Injectable()
export class IndicatorReadModel {
  constructor(
    private readonly facts: IndicatorFactsRepository,
    private readonly reports: IndicatorReportsRepository,
    private readonly targets: IndicatorTargetsService,
    private readonly chains: IndustryChainService,
  ) {}

  async overview(year: number, asOf = beijingDate()): Promise<IndicatorOverview> {
    return {
      year,
      asOf,
      yearElapsed: round(elapsedShare(year, asOf)),
      plan: PLAN_SOURCE,
      statusRule: STATUS_RULE,
      indicators: await this.figures(INDICATORS, year, asOf),
    };
  }

  async figureOf(key: string, year: number, asOf = beijingDate()): Promise<IndicatorFigure> {
    const [figure] = await this.figures([indicatorDefinition(key)], year, asOf);
    return figure;
  }

  /** The records behind a figure: each fact with its subject, date, chains and district. */
  async records(
    key: string,
    year: number,
    query: PageQueryDto & { chainId?: string; district?: string },
    asOf = beijingDate(),
  ) {
    const def = indicatorDefinition(key);
    const offset = (query.page - 1) * query.pageSize;
    if (def.source === 'reported') {
      const [items, total] = await this.reports.page(key, year, offset, query.pageSize);
      return { indicator: key, source: 'reported', ...toPage(items.map(reportView), total, query) };
    }
    const window = windowOf(def, year, asOf);
    const { rows, total } = await this.facts.page(
      {
        key,
        ...window,
        chainId: query.chainId,
        district: query.district ? (query.district === '未填写' ? null : query.district) : undefined,
      },
      offset,
      query.pageSize,
    );
    const refs = await this.chains.refs();
    const items = rows.map((r) => ({
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      title: r.title,
      occurredAt: r.occurred_at,
      year: r.year,
      chains: r.chain_ids.map((id) => ({ id, name: refs.get(id)?.name ?? id })),
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
    const def = indicatorDefinition(key);
    const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    const lastMonth = asOf.slice(0, 7);
    if (def.source === 'reported') {
      const approved = await this.reports.approved(key, year);
      return {
        indicator: key,
        year,
        months: months.map((month) => {
          const latest = approved.filter((r) => r.asOf.slice(0, 7) <= month)[0];
          return { month, added: null, value: month > lastMonth ? null : (latest?.value ?? 0) };
        }),
      };
    }
    const window = windowOf(def, year, asOf);
    const base = await this.facts.countBeforeYear(key, window.fromYear, year);
    const added = await this.facts.countByMonth(key, year, window.before);
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

  /**
   * Monthly series of several observed indicators for the charts, with the expected line (序时进度) at each month's
   * end: two statements for all of them.
   */
  async seriesMany(keys: string[], year: number, asOf = beijingDate()) {
    const defs = keys.map((key) => indicatorDefinition(key));
    const reported = defs.filter((d) => d.source !== 'observed');
    if (reported.length) {
      throw AppError.invalid(
        [{ field: 'keys', reason: `填报类指标没有按月统计：${reported.map((d) => d.key).join('、')}` }],
        `按月趋势只适用于平台自动统计的指标，“${reported[0].name}”为填报数据`,
      );
    }
    const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    const lastMonth = asOf.slice(0, 7);
    const windows = defs.map((def) => ({ def, window: windowOf(def, year, asOf) }));
    const before = windows[0]?.window.before ?? new Date();
    const counts = await this.facts.monthlyMany(
      windows.map(({ def, window }) => ({ key: def.key, fromYear: window.fromYear })),
      year,
      before,
    );
    const targets = await this.targets.targetMaps();
    return {
      year,
      asOf,
      indicators: defs.map((def) => {
        const targetMap = targets.get(def.key) ?? new Map<number, number>();
        let running = def.accumulation === 'cumulative' ? (counts.base.get(def.key) ?? 0) : 0;
        const added = counts.months.get(def.key) ?? new Map<string, number>();
        return {
          key: def.key,
          name: def.name,
          unit: def.unit,
          accumulation: def.accumulation,
          target: targetFor(def, targetMap, year).value,
          months: months.map((month) => {
            const expected = expectedFor(def, targetMap, year, monthEnd(month));
            const point = { month, expected: expected === null ? null : round(expected, 1) };
            if (month > lastMonth) return { ...point, added: null, value: null };
            running += added.get(month) ?? 0;
            return { ...point, added: added.get(month) ?? 0, value: running };
          }),
        };
      }),
    };
  }

  private async figures(defs: IndicatorDefinition[], year: number, asOf: string): Promise<IndicatorFigure[]> {
    const observed = defs.filter((d) => d.source === 'observed');
    const reported = defs.filter((d) => d.source === 'reported');
    const historyKeys = observed.filter((d) => takesReportedHistory(d.key)).map((d) => d.key);
    const history = historyKeys.length
      ? await this.reports.history(historyKeys, year)
      : new Map<string, HistoryReport[]>();
    const histories = new Map<string, { figure: HistoryReport | null; plan: HistoryReport[] }>();
    for (const def of observed.filter((d) => takesReportedHistory(d.key))) {
      const reports = history.get(def.key) ?? [];
      histories.set(def.key, {
        figure: historyFor(def, year, reports),
        plan: def.accumulation === 'annual' ? reports.filter((r) => PLAN_YEARS.includes(r.year) && r.year <= year) : [],
      });
    }
    const windows: FactWindowOf[] = observed.map((def) => {
      const h = histories.get(def.key);
      const latestPlan = h?.plan.length ? [...h.plan].sort((a, b) => b.asOf.localeCompare(a.asOf))[0] : null;
      return {
        key: def.key,
        ...windowOf(def, year, asOf),
        planFrom: def.planTotal ? PLAN_YEARS[0] : null,
        after: countedAfter(h?.figure ?? null),
        planAfter: countedAfter(latestPlan),
      };
    });
    const targets = await this.targets.targetMaps();
    const chainRefs = await this.chains.refs();
    const counts = windows.length ? await this.facts.countsByWindow(windows) : new Map<string, FactCounts>();
    const reportedFigures: ReportedFigures = reported.length
      ? await this.reports.figures(
          reported.map((d) => d.key),
          year,
        )
      : { approved: new Map(), pending: new Map() };
    return defs.map((def) =>
      figure(
        def,
        year,
        asOf,
        targets.get(def.key) ?? new Map(),
        chainRefs,
        counts.get(def.key),
        reportedFigures,
        histories.get(def.key),
      ),
    );
  }
}

function figure(
  def: IndicatorDefinition,
  year: number,
  asOf: string,
  targets: Map<number, number>,
  chainRefs: Map<string, { name: string }>,
  counts: FactCounts | undefined,
  reported: ReportedFigures,
  history?: { figure: HistoryReport | null; plan: HistoryReport[] },
): IndicatorFigure {
  const { value: target, derived } = targetFor(def, targets, year);
  const expected = expectedFor(def, targets, year, asOf);
  let actual: number;
  let breakdown: IndicatorFigure['breakdown'];
  let pendingReports: number | undefined;
  let planActual = 0;
  if (def.source === 'observed') {
    const c = counts ?? { total: 0, byChain: [], byDistrict: [], planTotal: 0 };
    actual = c.total;
    breakdown = {
      byChain: c.byChain.map((r) => ({
        id: r.id,
        name: r.id ? (chainRefs.get(r.id)?.name ?? r.id) : '未分类',
        count: r.n,
      })),
      byDistrict: c.byDistrict.map((r) => ({ id: r.id, name: r.id ?? '未填写', count: r.n })),
    };
    if (def.planTotal) planActual = c.planTotal;
    // Reported history before the platform, plus the records dated after it (facts were counted from `after`).
    if (history?.figure) actual += history.figure.value;
    if (def.planTotal && history) planActual += history.plan.reduce((sum, r) => sum + r.value, 0);
  } else {
    const approved = reported.approved.get(def.key) ?? new Map<number, number>();
    actual = approved.get(year) ?? 0;
    pendingReports = reported.pending.get(def.key) ?? 0;
    if (def.planTotal) {
      for (const y of PLAN_YEARS.filter((p) => p <= year)) planActual += approved.get(y) ?? 0;
    }
  }
  const planTarget = targets.get(0);
  const started = elapsedShare(year, asOf) > 0;
  const planShare = planElapsed(year, asOf);
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
    status: statusOf(actual, target, expected, started),
    countingRule:
      def.source === 'observed'
        ? (FACT_RULE_BY_KEY.get(def.key)?.rule ?? '') + (history ? HISTORY_RULE : '')
        : REPORTED_RULE,
    ...(def.planTotal && planTarget !== undefined
      ? {
          planTotal: {
            target: planTarget,
            max: def.planTotal.max ?? null,
            actual: planActual,
            progress: round(planActual / planTarget),
            expectedProgress: round(planShare),
            status: statusOf(planActual, planTarget, planTarget * planShare, started) ?? '正常',
            note: def.planTotal.note,
          },
        }
      : {}),
    ...(breakdown ? { breakdown } : {}),
    ...(pendingReports !== undefined ? { pendingReports } : {}),
    ...(history?.figure
      ? { reportedHistory: { value: history.figure.value, asOf: history.figure.asOf, year: history.figure.year } }
      : {}),
    ...(def.remark ? { remark: def.remark } : {}),
  };
}

/** Last day of a 'YYYY-MM' month. */
function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** Share of the plan period (2025–2027) elapsed by the end of `asOf` within `year` (the year's end once it is over). */
function planElapsed(year: number, asOf: string): number {
  const before = PLAN_YEARS.filter((y) => y < year).length;
  return (before + elapsedShare(year, asOf)) / PLAN_YEARS.length;
}

function subjectLink(type: string, id: string): string | null {
  const paths: Record<string, string> = {
    demand: '/demands/',
    achievement: '/achievements/',
    match: '/matches/',
    activity: '/activities/',
    organisation: '/organisations/',
    user: '/users/',
    manager_profile: '/managers/',
    challenge_project: '/challenges/projects/',
    consortium: '/challenges/consortia/',
    financing_need: '/finance/needs/',
  };
  return paths[type] ? `${paths[type]}${id}` : null;
}
