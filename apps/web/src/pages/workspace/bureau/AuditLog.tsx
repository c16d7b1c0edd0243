import { useQuery } from '@tanstack/react-query';
import { Alert, DatePicker, Input, Select, Table } from 'antd';
import dayjs from 'dayjs';

import { ErrorState } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { ENTITY_LABELS, eventLabel } from '../../../lib/event-labels';
import { ROLE_LABELS } from '../../../lib/labels';
import { time, useUrlState } from '../../../lib/workspace';

type DomainEvent = Schemas['DomainEventDto'];

const PAGE_SIZE = 30;

const shown = (v: unknown): string => {
  if (v === null || v === undefined) return '空';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
};

/** The change as lines "字段：前 → 后" (or "字段：值" for a creation), long values cut. */
function changes(e: DomainEvent): string {
  const before = e.before ?? {};
  const after = e.after ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  if (!keys.length) return '—';
  return keys
    .map((k) =>
      e.before && k in before ? `${k}：${shown(before[k])} → ${shown(after[k])}` : `${k}：${shown(after[k])}`,
    )
    .join('\n');
}

/** 审计日志: every recorded change (who, what, when, before/after), filtered by type, record, person and dates. */
export default function AuditLog() {
  const url = useUrlState();
  const filters = {
    type: url.get('type'),
    entityType: url.get('entity'),
    entityId: url.get('id'),
    actorId: url.get('actor'),
    from: url.get('from'),
    to: url.get('to'),
  };
  const types = useQuery({ queryKey: ['events', 'types'], queryFn: () => unwrap(api.GET('/events/types')) });
  const users = useQuery({
    queryKey: ['users', 'all-for-audit'],
    queryFn: () => unwrap(api.GET('/users', { params: { query: { pageSize: 100 } } })),
  });
  const events = useQuery({
    queryKey: ['events', filters, url.page],
    queryFn: () =>
      unwrap(
        api.GET('/events', {
          params: {
            query: {
              ...filters,
              // the range's last day is included
              to: filters.to ? dayjs(filters.to).add(1, 'day').format('YYYY-MM-DD') : undefined,
              page: url.page,
              pageSize: PAGE_SIZE,
            },
          },
        }),
      ),
  });
  const names = new Map((users.data?.items ?? []).map((u) => [u.id, u.name]));
  const typeOptions = (types.data ?? [])
    .filter((t) => !filters.entityType || t.entityType === filters.entityType)
    .map((t) => ({ value: t.type, label: eventLabel(t.type) }));
  const validId = !filters.entityId || /^[0-9a-f-]{36}$/i.test(filters.entityId);

  const columns = [
    { title: '时间', dataIndex: 'occurredAt', width: 140, render: (v: string) => time(v) },
    { title: '事件', dataIndex: 'type', width: 190, render: (v: string) => eventLabel(v) },
    {
      title: '对象',
      key: 'entity',
      width: 230,
      render: (_: unknown, e: DomainEvent) => (
        <span>
          {ENTITY_LABELS[e.entityType] ?? e.entityType}{' '}
          <button
            type="button"
            className="link-button mono"
            onClick={() => url.update({ id: e.entityId })}
            title="只看这条记录的事件"
          >
            {e.entityId.slice(0, 8)}
          </button>
        </span>
      ),
    },
    {
      title: '操作人',
      key: 'actor',
      width: 170,
      render: (_: unknown, e: DomainEvent) => {
        const role =
          ROLE_LABELS[e.actorRole as keyof typeof ROLE_LABELS] ?? (e.actorRole === 'system' ? '系统' : e.actorRole);
        return e.actorId ? `${names.get(e.actorId) ?? e.actorId.slice(0, 8)}（${role}）` : role;
      },
    },
    {
      title: '变更内容',
      key: 'changes',
      render: (_: unknown, e: DomainEvent) => (
        // focusable: a long change scrolls, and keyboard users must reach it
        <pre className="event-changes" tabIndex={0}>
          {changes(e)}
        </pre>
      ),
    },
  ];

  return (
    <div className="bureau-page">
      <div className="page-head">
        <h1>审计日志</h1>
      </div>
      <div className="toolbar" role="group" aria-label="筛选条件">
        <Select
          allowClear
          placeholder="全部对象类型"
          aria-label="对象类型"
          style={{ width: 150 }}
          value={filters.entityType}
          onChange={(v: string | undefined) => url.update({ entity: v, type: undefined })}
          options={Object.entries(ENTITY_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="全部事件"
          aria-label="事件类型"
          style={{ width: 220 }}
          value={filters.type}
          onChange={(v: string | undefined) => url.update({ type: v })}
          options={typeOptions}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="全部操作人"
          aria-label="操作人"
          style={{ width: 170 }}
          value={filters.actorId}
          onChange={(v: string | undefined) => url.update({ actor: v })}
          options={(users.data?.items ?? []).map((u) => ({
            value: u.id,
            label: `${u.name}（${ROLE_LABELS[u.role]}）`,
          }))}
        />
        <Input.Search
          allowClear
          aria-label="记录编号"
          placeholder="记录编号（UUID）"
          defaultValue={filters.entityId}
          key={filters.entityId ?? ''}
          style={{ width: 300 }}
          onSearch={(v) => url.update({ id: v.trim() || undefined })}
          status={validId ? undefined : 'error'}
        />
        <DatePicker.RangePicker
          aria-label="日期范围"
          value={filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null}
          onChange={(range) =>
            url.update({
              from: range?.[0]?.format('YYYY-MM-DD'),
              to: range?.[1]?.format('YYYY-MM-DD'),
            })
          }
        />
      </div>
      {!validId ? (
        <Alert type="error" showIcon message="记录编号须为完整的 UUID（36 位，如 3f2a9c1e-…）" />
      ) : events.error ? (
        <ErrorState error={events.error} onRetry={() => void events.refetch()} />
      ) : (
        <Table<DomainEvent>
          rowKey="id"
          size="small"
          loading={events.isPending}
          dataSource={events.data?.items ?? []}
          columns={columns}
          locale={{ emptyText: '没有符合条件的事件' }}
          pagination={{
            current: url.page,
            pageSize: PAGE_SIZE,
            total: events.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (t) => `共 ${t} 条`,
            onChange: (p) => url.update({ page: String(p) }, true),
          }}
        />
      )}
    </div>
  );
}
