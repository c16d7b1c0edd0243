import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Table, Tabs } from 'antd';
import { Link } from 'react-router';

import { EmptyState, ErrorState } from '../../../components/states';
import { api, unwrap } from '../../../lib/api';
import { day, useUrlState } from '../../../lib/workspace';
import { ToneTag } from '../manager/shared';
import { type FinancingNeed, type FinancingOffer, NeedStatusTag, OfferStatusTag, rate, wan } from './shared';

const PAGE_SIZE = 10;

function NeedsTab() {
  const url = useUrlState();
  const query = useQuery({
    queryKey: ['finance', 'needs', 'bank', url.page],
    queryFn: () => unwrap(api.GET('/finance/needs', { params: { query: { page: url.page, pageSize: PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  });
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Table<FinancingNeed>
      rowKey="id"
      loading={query.isFetching}
      dataSource={query.data?.items ?? []}
      scroll={{ x: 760 }}
      locale={{ emptyText: query.isPending ? ' ' : <EmptyState>暂无待答题的融资需求</EmptyState> }}
      pagination={{
        current: url.page,
        pageSize: PAGE_SIZE,
        total: query.data?.total ?? 0,
        showSizeChanger: false,
        showTotal: (total) => `共 ${total} 项`,
        onChange: (p) => url.update({ page: p > 1 ? String(p) : undefined }, true),
      }}
      columns={[
        {
          title: '融资需求',
          dataIndex: 'title',
          render: (title: string, n) => <Link to={`/workspace/bank/${n.id}`}>{title}</Link>,
        },
        { title: '企业', dataIndex: 'enterpriseName', width: 200, render: (v: string | null) => v ?? '—' },
        { title: '金额', dataIndex: 'amount', width: 110, render: (v: number) => wan(v) },
        { title: '期限', dataIndex: 'termMonths', width: 80, render: (v: number) => `${v} 个月` },
        { title: '担保方式', dataIndex: 'collateralLabels', render: (v: string[]) => v.join('、') || '—' },
        { title: '状态', key: 'status', width: 140, render: (_, n) => <NeedStatusTag need={n} /> },
        {
          title: '本行',
          key: 'answered',
          width: 90,
          render: (_, n) => (n.answered ? <ToneTag tone="ok">已答题</ToneTag> : <ToneTag tone="warn">待答题</ToneTag>),
        },
      ]}
    />
  );
}

function OffersTab() {
  const query = useQuery({
    queryKey: ['finance', 'offers', 'mine'],
    queryFn: () => unwrap(api.GET('/finance/offers/mine')),
  });
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Table<FinancingOffer>
      rowKey="id"
      loading={query.isFetching}
      dataSource={query.data ?? []}
      pagination={{ pageSize: PAGE_SIZE, showSizeChanger: false, showTotal: (total) => `共 ${total} 份` }}
      scroll={{ x: 760 }}
      locale={{ emptyText: query.isPending ? ' ' : <EmptyState>本行还没有提交方案</EmptyState> }}
      columns={[
        {
          title: '融资需求',
          dataIndex: 'needTitle',
          render: (title: string, o) => <Link to={`/workspace/bank/${o.needId}`}>{title}</Link>,
        },
        { title: '产品', dataIndex: 'productName', width: 100 },
        { title: '授信金额', dataIndex: 'amount', width: 110, render: (v: number) => wan(v) },
        { title: '年利率', key: 'rate', width: 130, render: (_, o) => rate(o) },
        { title: '期限', dataIndex: 'termMonths', width: 80, render: (v: number) => `${v} 个月` },
        { title: '状态', key: 'status', width: 110, render: (_, o) => <OfferStatusTag offer={o} /> },
        { title: '提交日期', dataIndex: 'submittedAt', width: 110, render: (v: string) => day(v) },
      ]}
    />
  );
}

/** 银行答题: the published financing needs (企业出题) and this bank's own offers; the tab lives in the URL. */
export default function BankDesk() {
  const url = useUrlState();
  const tab = url.get('tab') === 'offers' ? 'offers' : 'needs';
  return (
    <>
      <div className="page-head">
        <h1>银行答题</h1>
      </div>
      <p className="page-intro">
        {
          '科技金融“揭榜挂帅”：企业出题、银行答题。查看企业发布的融资需求，提交本行的金融产品方案（如昆科贷、昆育融、高企贷、人才贷）；提交方案后可查看该企业的抵质押物明细、财务数据和联系人。本行只能看到自己的方案。'
        }
      </p>
      <Tabs
        activeKey={tab}
        onChange={(k) => url.update({ tab: k === 'needs' ? undefined : k })}
        items={[
          { key: 'needs', label: '融资需求', children: tab === 'needs' ? <NeedsTab /> : null },
          { key: 'offers', label: '我的方案', children: tab === 'offers' ? <OffersTab /> : null },
        ]}
      />
    </>
  );
}
