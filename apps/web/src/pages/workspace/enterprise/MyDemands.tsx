import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Input, Select, Space, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';

import { EmptyState, ErrorState } from '../../../components/states';
import { UnderstoodFilters } from '../../../components/UnderstoodFilters';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { DEMAND_KIND_LABELS, demandStatusTag, label } from '../../../lib/labels';

type Demand = Schemas['DemandResponseDto'];
type Status = Schemas['DemandStatus'];

const STATUS_OPTIONS: { value: Status; label: string }[] = [
  { value: 'draft', label: '草稿 / 已退回' },
  { value: 'submitted', label: '待审核' },
  { value: 'published', label: '已发布' },
  { value: 'in_progress', label: '对接中' },
  { value: 'solved', label: '已解决' },
  { value: 'closed', label: '已关闭' },
];
const PAGE_SIZE = 10;

/** 我的需求: the enterprise's own demands with their status; filters and page live in the address bar. */
export default function MyDemands() {
  const [params, setParams] = useSearchParams();
  const status = (STATUS_OPTIONS.find((o) => o.value === params.get('status'))?.value ?? undefined) as
    Status | undefined;
  const kind = (params.get('kind') as Demand['kind'] | null) ?? undefined;
  const q = params.get('q') ?? '';
  const understandOff = params.get('understand') === 'false';
  const page = Math.max(1, Number(params.get('page')) || 1);

  const update = (patch: Record<string, string | undefined>, keepPage = false) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!keepPage) next.delete('page');
    setParams(next);
  };

  const query = useQuery({
    queryKey: ['my-demands', { status, kind, q, understandOff, page }],
    queryFn: () =>
      unwrap(
        api.GET('/demands', {
          params: {
            query: {
              page,
              pageSize: PAGE_SIZE,
              status: status ? [status] : undefined,
              kind: kind === 'major' || kind === 'chain' ? kind : undefined,
              q: q || undefined,
              understand: understandOff ? false : undefined,
              sort: 'updatedAt',
              order: 'desc',
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });

  const filtered = Boolean(status || kind || q);

  return (
    <>
      <div className="page-head">
        <h1>我的需求</h1>
        <Link to="/workspace/my-demands/new">
          <Button type="primary">发布新需求</Button>
        </Link>
      </div>
      <Space wrap className="filters" role="search" aria-label="筛选我的需求">
        <Input.Search
          aria-label="搜索需求名称或描述"
          placeholder="可直接提问，如：周市的新材料需求"
          defaultValue={q}
          key={q}
          allowClear
          onSearch={(v) => update({ q: v.trim() || undefined })}
          style={{ width: 280 }}
        />
        <Select
          aria-label="状态"
          placeholder="全部状态"
          allowClear
          value={status}
          options={STATUS_OPTIONS}
          onChange={(v) => update({ status: v })}
          style={{ width: 160 }}
        />
        <Select
          aria-label="需求类型"
          placeholder="全部类型"
          allowClear
          value={kind}
          options={Object.entries(DEMAND_KIND_LABELS).map(([value, text]) => ({ value, label: text }))}
          onChange={(v) => update({ kind: v })}
          style={{ width: 180 }}
        />
      </Space>
      <div className="list-understood">
        <UnderstoodFilters
          understood={query.data?.understood}
          off={understandOff && !!q}
          update={(patch) => update(patch)}
          noun="需求"
        />
      </div>
      {query.error ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<Demand>
          rowKey="id"
          loading={query.isFetching}
          dataSource={query.data?.items ?? []}
          scroll={{ x: 760 }}
          locale={{
            emptyText: query.isPending ? (
              ' '
            ) : (
              <EmptyState>
                {filtered ? '没有符合条件的需求' : '还没有需求，点击右上角“发布新需求”登记第一项技术需求'}
              </EmptyState>
            ),
          }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: query.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => `共 ${total} 项`,
            onChange: (p) => update({ page: p > 1 ? String(p) : undefined }, true),
          }}
          columns={[
            {
              title: '需求名称',
              dataIndex: 'title',
              render: (title: string, d) => <Link to={`/workspace/my-demands/${d.id}`}>{title}</Link>,
            },
            {
              title: '状态',
              key: 'status',
              width: 110,
              render: (_, d) => {
                const tag = demandStatusTag(d);
                return <Tag color={tag.color}>{tag.text}</Tag>;
              },
            },
            { title: '类型', dataIndex: 'kind', width: 140, render: (k: string) => label(DEMAND_KIND_LABELS, k) },
            {
              title: '质量分',
              dataIndex: 'qualityScore',
              width: 90,
              render: (s?: number) => (s === undefined ? '—' : s),
            },
            {
              title: '更新时间',
              dataIndex: 'updatedAt',
              width: 120,
              render: (v: string) => dayjs(v).format('YYYY-MM-DD'),
            },
            {
              title: '操作',
              key: 'actions',
              width: 170,
              render: (_, d) => (
                <Space size="small" wrap>
                  {d.status === 'draft' && <Link to={`/workspace/my-demands/${d.id}/edit`}>编辑</Link>}
                  <Link to={`/workspace/my-demands/${d.id}`}>详情</Link>
                  {d.status !== 'draft' && d.status !== 'submitted' && (
                    <Link to={`/workspace/my-demands/${d.id}/matches`}>匹配推荐</Link>
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}
    </>
  );
}
