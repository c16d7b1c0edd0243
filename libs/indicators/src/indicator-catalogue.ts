import { AppError } from '@app/common';

import catalogue from './plan-targets.json';

export type Accumulation = 'annual' | 'cumulative';

export interface IndicatorDefinition {
  key: string;
  /** Row of the plan's table (序号), null for targets stated only in the text. */
  seq: number | null;
  group: string;
  name: string;
  unit: string;
  responsible: string;
  /** 年度数据: counted within the year; 累计数据: the level reached by the end of the year. */
  accumulation: Accumulation;
  /** Cumulative indicators that count from the plan's start rather than all time (e.g. 1000 matches by 2027). */
  cumulativeFrom?: number;
  source: 'observed' | 'reported';
  /** Yearly targets as stated in the plan (seed of indicator_targets). */
  targets: Record<string, number>;
  /** A whole-period total stated in the text (e.g. 300 活动 by 2027), or a period-only target (1～2 awards). */
  planTotal?: { value: number; max?: number; note: string };
  remark?: string;
}

export const PLAN_YEARS: number[] = catalogue.planYears;
export const PLAN_SOURCE: string = catalogue.source;
export const INDICATORS: IndicatorDefinition[] = catalogue.indicators as IndicatorDefinition[];
export const INDICATOR_BY_KEY = new Map(INDICATORS.map((d) => [d.key, d]));

export const ACCUMULATION_LABELS: Record<Accumulation, string> = { annual: '年度数据', cumulative: '累计数据' };

/** The definition of an indicator; 404 when the key is not in the catalogue. */
export function indicatorDefinition(key: string): IndicatorDefinition {
  const def = INDICATOR_BY_KEY.get(key);
  if (!def) throw AppError.notFound('指标', key);
  return def;
}

/**
 * The plan year a request asks for: the one given, or this year (Beijing time) brought into the plan period. A year
 * outside the plan (2025–2027) has no targets: 400 with a message that says which years there are.
 */
export function planYearOf(year: number | undefined, today: string): number {
  const first = PLAN_YEARS[0];
  const last = PLAN_YEARS[PLAN_YEARS.length - 1];
  if (year === undefined) return Math.min(Math.max(Number(today.slice(0, 4)), first), last);
  if (!PLAN_YEARS.includes(year)) {
    throw AppError.invalid(
      [{ field: 'year', reason: `不在规划期内（${first}—${last} 年）` }],
      `${year} 年不在三年行动方案的规划期内，请选择 ${first}—${last} 年`,
    );
  }
  return year;
}
