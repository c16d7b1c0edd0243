import type { Schemas } from '../../../lib/api';
import { ToneTag } from '../manager/shared';

export type Figure = Schemas['IndicatorFigureDto'];
export type Overview = Schemas['IndicatorOverviewDto'];

/** The plan's years (三年行动方案 2025—2027): the only years the API answers. */
export const PLAN_YEARS = [2025, 2026, 2027];

export function defaultYear(): number {
  const y = new Date().getFullYear();
  return Math.min(Math.max(y, PLAN_YEARS[0]), PLAN_YEARS[PLAN_YEARS.length - 1]);
}

const STATUS_TONES: Record<string, 'ok' | 'info' | 'bad' | 'plain'> = {
  达标: 'ok',
  正常: 'info',
  滞后: 'bad',
  未开始: 'plain',
};

/** 达标 green, 正常 blue, 滞后 red, 未开始 grey; no target: 无年度目标. */
export function StatusTag({ status }: { status: string | null | undefined }) {
  if (!status) return <ToneTag tone="plain">无年度目标</ToneTag>;
  return <ToneTag tone={STATUS_TONES[status] ?? 'plain'}>{status}</ToneTag>;
}

export const STATUS_COLORS: Record<string, string> = {
  达标: '#15803d',
  正常: '#1d4ed8',
  滞后: '#b91c1c',
  未开始: '#6b7280',
};

export function percent(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return `${Math.round(value * 1000) / 10}%`;
}

export function amount(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return value.toLocaleString('zh-CN', { maximumFractionDigits: 1 });
}

/** Where the console shows a counted record (the API's `link` is its API address). */
export function recordHref(type: string | undefined, id: string | undefined, title?: string): string | null {
  if (!type || !id) return null;
  switch (type) {
    case 'match':
      return `/workspace/matches?match=${id}`;
    case 'demand':
      return `/hall/${id}`;
    case 'achievement':
      return `/library/${id}`;
    case 'activity':
      return `/workspace/activities?activity=${id}`;
    case 'organisation':
      return `/workspace/users?tab=organisations&q=${encodeURIComponent(title ?? '')}`;
    case 'user':
      return `/workspace/users?user=${id}`;
    default:
      return null;
  }
}

/** A progress bar with a marker where the plan expects the figure today (序时进度). */
export function ProgressWithExpected({
  progress,
  expected,
  status,
  label,
}: {
  progress: number | null;
  expected: number | null;
  status: string | null;
  label: string;
}) {
  const value = Math.min(1, Math.max(0, progress ?? 0));
  const mark = expected === null ? null : Math.min(1, Math.max(0, expected));
  const text = `${label}：完成 ${percent(progress)}` + (expected === null ? '' : `，序时进度 ${percent(expected)}`);
  return (
    <div
      className="progress-expected"
      role="progressbar"
      aria-label={text}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(value * 100)}
    >
      <div
        className="progress-fill"
        style={{ width: `${value * 100}%`, background: STATUS_COLORS[status ?? ''] ?? '#1d4ed8' }}
      />
      {mark !== null && <div className="progress-mark" style={{ left: `${mark * 100}%` }} aria-hidden="true" />}
    </div>
  );
}
