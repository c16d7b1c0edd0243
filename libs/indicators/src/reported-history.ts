import { addDays, beijingDayStart } from './calendar';
import thresholds from './counting-thresholds.json';
import { IndicatorDefinition } from './indicator-catalogue';

/**
 * Reported history of observed indicators (rows 6, 7, 9, 10): the platform counts its records from its start; what
 * happened before is reported by hand (value, 截至 date, evidence, admin review) — and only for periods that end
 * before the start, so a figure never holds a typed-in number for a period the records cover. Data, not code:
 * `platformStartDate` and `historyReportable` in counting-thresholds.json.
 */
export const PLATFORM_START_DATE: string = validDate(thresholds.platformStartDate, 'platformStartDate');
export const HISTORY_REPORTABLE: readonly string[] = thresholds.historyReportable;

function validDate(value: unknown, name: string): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new Error(`counting-thresholds.json: ${name} must be a YYYY-MM-DD date`);
  }
  return value;
}

export function takesReportedHistory(key: string): boolean {
  return HISTORY_REPORTABLE.includes(key);
}

/** An approved history report: the latest of its year. */
export interface HistoryReport {
  year: number;
  value: number;
  asOf: string;
}

/**
 * The history a figure of `year` builds on: for an annual indicator the report of that year; for a cumulative one
 * the latest report up to that year (a level at its 截至 date). Null when there is none.
 */
export function historyFor(
  def: Pick<IndicatorDefinition, 'accumulation'>,
  year: number,
  reports: HistoryReport[],
): HistoryReport | null {
  if (def.accumulation === 'annual') return reports.find((r) => r.year === year) ?? null;
  const upTo = reports.filter((r) => r.year <= year).sort((a, b) => b.asOf.localeCompare(a.asOf));
  return upTo[0] ?? null;
}

/** Records count from the day after the history's 截至 date (Beijing): what the report covers is not counted twice. */
export function countedAfter(history: HistoryReport | null): Date | null {
  return history ? beijingDayStart(addDays(history.asOf, 1)) : null;
}

export const HISTORY_RULE =
  `平台启用（${PLATFORM_START_DATE}）前的历史数据可由责任单位填报（截至日期须早于平台启用日），经管理员审核后计入；` +
  '完成值 = 审核通过的历史填报值 + 历史截至日之后的平台记录，不重复计数。';
