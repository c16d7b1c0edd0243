import { elapsedShare } from './calendar';
import { IndicatorDefinition } from './indicator-catalogue';

export type IndicatorStatus = '达标' | '正常' | '滞后' | '未开始';

/** Tolerance below the expected figure that still counts as on schedule (正常). */
export const ON_SCHEDULE_TOLERANCE = 0.9;

export const STATUS_RULE =
  '达标：实际值 ≥ 年度目标；正常：实际值 ≥ 序时进度应达值的 90%；滞后：低于序时进度应达值的 90%；' +
  '未开始：所选年度尚未开始（不判滞后）。' +
  '序时进度：年度数据按当年已过天数占全年比例；累计数据在上年目标与本年目标之间按天线性推进。';

/** Target for a year: stated, or for plan-period cumulative targets (1000 by 2027) interpolated linearly. */
export function targetFor(
  def: IndicatorDefinition,
  targets: Map<number, number>,
  year: number,
): { value: number | null; derived: boolean } {
  const stated = targets.get(year);
  if (stated !== undefined) return { value: stated, derived: false };
  if (def.accumulation === 'cumulative' && def.cumulativeFrom !== undefined && year >= def.cumulativeFrom) {
    const later = [...targets.entries()].filter(([y]) => y > year && y > 0).sort((a, b) => a[0] - b[0])[0];
    if (later) {
      const [finalYear, finalValue] = later;
      const share = (year - def.cumulativeFrom + 1) / (finalYear - def.cumulativeFrom + 1);
      return { value: Math.round(finalValue * share), derived: true };
    }
  }
  return { value: null, derived: false };
}

/** The figure the plan expects by `asOf` within `year`. */
export function expectedFor(
  def: IndicatorDefinition,
  targets: Map<number, number>,
  year: number,
  asOf: string,
): number | null {
  const target = targetFor(def, targets, year).value;
  if (target === null) return null;
  const share = elapsedShare(year, asOf);
  if (def.accumulation === 'annual') return target * share;
  const previous =
    def.cumulativeFrom !== undefined && year <= def.cumulativeFrom ? 0 : targetFor(def, targets, year - 1).value;
  if (previous === null) return target * share;
  return previous + (target - previous) * share;
}

/** Status of a figure; a year that has not started yet is 未开始 whatever the figure (nothing is late before it). */
export function statusOf(
  actual: number,
  target: number | null,
  expected: number | null,
  started = true,
): IndicatorStatus | null {
  if (target === null || target <= 0) return null;
  if (!started) return '未开始';
  if (actual >= target) return '达标';
  if (expected !== null && actual >= expected * ON_SCHEDULE_TOLERANCE) return '正常';
  return '滞后';
}
