import { CloseOutlined } from '@ant-design/icons';
import { Button, Tag } from 'antd';

import type { Schemas } from '../lib/api';

export type Understanding = Schemas['QueryUnderstandingDto'];
type UnderstoodFilter = Schemas['UnderstoodFilterDto'];

/** What each kind of understood filter is called (cooperation modes: 转化方式 for achievements, 合作方式 for demands). */
export const UNDERSTOOD_TYPE_LABELS: Record<string, string> = {
  institution: '机构',
  chain: '产业链',
  stage: '成熟度',
  cooperationMode: '合作方式',
  district: '区域',
};

/** On achievement lists a cooperation mode is a 转化方式. */
export const ACHIEVEMENT_TYPE_LABEL = (f: UnderstoodFilter) =>
  f.type === 'cooperationMode' ? '转化方式' : (UNDERSTOOD_TYPE_LABELS[f.type] ?? f.type);

/** The URL parameters a search keeps: `q` (the question) and `understand` ('false' to search the words as typed). */
export type UnderstandingUpdate = (patch: { q?: string | undefined; understand?: string | undefined }) => void;

/**
 * The filters read out of a question, as tags: removing one searches the question without those words; 按原文搜索
 * turns understanding off (the address bar keeps it). 需求大厅, 成果库 and the workspace lists share it.
 */
export function UnderstoodFilters({
  understood,
  off,
  update,
  noun,
  typeLabel = (f) => UNDERSTOOD_TYPE_LABELS[f.type] ?? f.type,
}: {
  understood: Understanding | null | undefined;
  /** Understanding was turned off for the current question. */
  off: boolean;
  update: UnderstandingUpdate;
  noun: string;
  /** The name of a filter's kind on this page (a facet's label, 转化方式…). */
  typeLabel?: (f: UnderstoodFilter) => string;
}) {
  if (off) {
    return (
      <p className="understood" role="status">
        已按原文检索，未识别筛选条件。
        <Button type="link" size="small" className="understood-link" onClick={() => update({ understand: undefined })}>
          识别问句中的条件
        </Button>
      </p>
    );
  }
  if (!understood || understood.filters.length === 0) return null;
  const without = (f: UnderstoodFilter) =>
    (understood.original.slice(0, f.start) + understood.original.slice(f.end)).trim() || undefined;
  return (
    <div className="understood" role="group" aria-label="已识别的条件">
      <span className="understood-title">已识别条件：</span>
      {understood.filters.map((f) => (
        <Tag key={`${f.type}-${f.value}`} color="blue" className="understood-tag" title={`来自问句中的“${f.span}”`}>
          {typeLabel(f)}：{f.label}
          <button
            type="button"
            className="understood-remove"
            aria-label={`移除条件 ${typeLabel(f)}：${f.label}`}
            onClick={() => update({ q: without(f) })}
          >
            <CloseOutlined />
          </button>
        </Tag>
      ))}
      {understood.text && (
        <span className="understood-text">
          检索词：<strong>{understood.text}</strong>
        </span>
      )}
      <Button type="link" size="small" className="understood-link" onClick={() => update({ understand: 'false' })}>
        按原文搜索
      </Button>
      {understood.textIgnored && (
        <p className="understood-note" role="status">
          没有同时包含“{understood.text}”的{noun}，以下为符合已识别条件的{noun}。
        </p>
      )}
    </div>
  );
}
