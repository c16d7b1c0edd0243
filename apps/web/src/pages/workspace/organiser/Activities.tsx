import { useQuery } from '@tanstack/react-query';
import { Button, Calendar, Segmented, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { ChainFilter, PageToolbar, UrlSelect } from '../../../components/PageToolbar';
import { EmptyState, ErrorState } from '../../../components/states';
import { api, unwrap } from '../../../lib/api';
import { time, useUrlState } from '../../../lib/workspace';
import {
  type Activity,
  ACTIVITY_KIND_LABELS,
  ACTIVITY_STATUS_LABELS,
  type ActivityKind,
  type ActivityStatus,
  ActivityStatusTag,
} from './shared';

const ActivityForm = lazy(() => import('./ActivityForm'));

const PAGE_SIZE = 20;

/** 活动: the programme as a list or a month calendar, filters in the address bar, 新建活动. */
export default function Activities() {
  const url = useUrlState();
  const navigate = useNavigate();
  const [creating, setCreating] = useState<{ date?: Dayjs } | null>(null);
  const view = url.get('view') === 'calendar' ? 'calendar' : 'list';
  const month = url.get('month') ? dayjs(url.get('month') + '-01') : dayjs();
  const filters = {
    kind: url.get('kind') as ActivityKind | undefined,
    status: url.get('status') as ActivityStatus | undefined,
    chain: url.get('chain'),
  };

  const list = useQuery({
    queryKey: ['activities', 'list', filters, url.page],
    queryFn: () =>
      unwrap(api.GET('/activities', { params: { query: { ...filters, page: url.page, pageSize: PAGE_SIZE } } })),
    enabled: view === 'list',
  });
  // The calendar shows the year around the month on screen (one request per year, at most 100 activities).
  const year = month.year();
  const calendar = useQuery({
    queryKey: ['activities', 'year', year, filters],
    queryFn: () => unwrap(api.GET('/activities', { params: { query: { ...filters, year, pageSize: 100 } } })),
    enabled: view === 'calendar',
  });

  const onDay = (d: Dayjs) =>
    (calendar.data?.items ?? []).filter((a) => dayjs(a.heldAt ?? a.scheduledAt).isSame(d, 'day'));

  return (
    <div className="manager-page">
      <div className="page-head">
        <h1>对接活动</h1>
        <Button type="primary" onClick={() => setCreating({})}>
          新建活动
        </Button>
      </div>
      <PageToolbar>
        <Segmented
          aria-label="显示方式"
          value={view}
          onChange={(v) => url.update({ view: v === 'calendar' ? 'calendar' : undefined })}
          options={[
            { value: 'list', label: '列表' },
            { value: 'calendar', label: '日历' },
          ]}
        />
        <UrlSelect
          url={url}
          param="kind"
          label="活动类型"
          placeholder="全部类型"
          width={160}
          options={Object.entries(ACTIVITY_KIND_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <UrlSelect
          url={url}
          param="status"
          label="活动状态"
          placeholder="全部状态"
          width={140}
          options={Object.entries(ACTIVITY_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <ChainFilter url={url} />
      </PageToolbar>

      {view === 'list' ? (
        list.error ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Activity>
            rowKey="id"
            loading={list.isPending}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: <EmptyState>{'暂无活动，点击“新建活动”开始筹备'}</EmptyState> }}
            pagination={{
              current: url.page,
              pageSize: PAGE_SIZE,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              onChange: (p) => url.update({ page: p > 1 ? String(p) : undefined }, true),
            }}
            columns={[
              {
                title: '活动名称',
                dataIndex: 'title',
                render: (title: string, a) => <Link to={`/workspace/activities/${a.id}`}>{title}</Link>,
              },
              { title: '类型', dataIndex: 'kindLabel', width: 120 },
              { title: '时间', dataIndex: 'scheduledAt', width: 150, render: (v: string) => time(v) },
              { title: '地点', dataIndex: 'place', ellipsis: true },
              {
                title: '产业链',
                dataIndex: 'industryChains',
                render: (cs: Activity['industryChains']) => cs.map((c) => c.name).join('、') || '—',
              },
              {
                title: '参与机构',
                dataIndex: 'participants',
                width: 90,
                render: (ps: Activity['participants']) => `${ps.length} 家`,
              },
              { title: '对接项目', dataIndex: 'matchItemCount', width: 90, render: (n: number) => `${n} 对` },
              {
                title: '状态',
                dataIndex: 'status',
                width: 110,
                render: (s: ActivityStatus) => <ActivityStatusTag status={s} />,
              },
            ]}
          />
        )
      ) : calendar.error ? (
        <ErrorState error={calendar.error} onRetry={() => void calendar.refetch()} />
      ) : (
        <Calendar
          className="activity-calendar"
          value={month}
          onPanelChange={(d) => url.update({ month: d.format('YYYY-MM') }, true)}
          // A header of labelled buttons: antd's default year/month selects have no accessible names.
          headerRender={({ value, onChange }) => (
            <div className="calendar-head">
              <Button aria-label="上个月" onClick={() => onChange(value.subtract(1, 'month'))}>
                ‹ 上个月
              </Button>
              <h2>{value.format('YYYY年M月')}</h2>
              <Button aria-label="下个月" onClick={() => onChange(value.add(1, 'month'))}>
                下个月 ›
              </Button>
              <Button onClick={() => onChange(dayjs())}>本月</Button>
            </div>
          )}
          onSelect={(d, info) => {
            if (info.source === 'date' && onDay(d).length === 0) setCreating({ date: d });
          }}
          cellRender={(d, info) => {
            if (info.type !== 'date') return info.originNode;
            const items = onDay(d);
            if (!items.length) return null;
            return (
              <ul className="calendar-events">
                {items.map((a) => (
                  <li key={a.id}>
                    <button
                      type="button"
                      className={`calendar-event calendar-${a.status}`}
                      onClick={(e) => {
                        e.stopPropagation();
                        navigate(`/workspace/activities/${a.id}`);
                      }}
                    >
                      {dayjs(a.scheduledAt).format('HH:mm')} {a.kindLabel}·{a.title}
                    </button>
                  </li>
                ))}
              </ul>
            );
          }}
        />
      )}
      <Suspense fallback={null}>
        {creating && (
          <ActivityForm
            initialDate={creating.date}
            onClose={() => setCreating(null)}
            onSaved={(a) => navigate(`/workspace/activities/${a.id}`)}
          />
        )}
      </Suspense>
    </div>
  );
}
