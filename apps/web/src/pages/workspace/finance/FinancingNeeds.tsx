import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Select, Space, Table } from 'antd';
import { Link } from 'react-router';

import { EmptyState, ErrorState } from '../../../components/states';
import { api, unwrap } from '../../../lib/api';
import { day, useUrlState } from '../../../lib/workspace';
import { type FinancingNeed, NEED_STATUS_OPTIONS, type NeedStatus, NeedStatusTag, wan } from './shared';

const PAGE_SIZE = 10;

/** 融资需求 (企业出题): the enterprise's financing needs, their offers and outcome; filter and page in the URL. */
export default function FinancingNeeds() {
  const url = useUrlState();
  const status = NEED_STATUS_OPTIONS.find((o) => o.value === url.get('status'))?.value as NeedStatus | undefined;
  const query = useQuery({
    queryKey: ['finance', 'needs', { status, page: url.page }],
    queryFn: () =>
      unwrap(api.GET('/finance/needs', { params: { query: { status, page: url.page, pageSize: PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <div className="page-head">
        <h1>融资需求</h1>
        <Link to="/workspace/financing/new">
          <Button type="primary">发布融资需求</Button>
        </Link>
      </div>
      <p className="page-intro">
        {
          '科技金融“揭榜挂帅”：企业出题、银行答题。发布后，各银行可查看金额、期限和担保方式并提交产品方案；抵质押物明细、财务数据和联系人仅对平台工作人员和已答题的银行可见。'
        }
      </p>
      <Space wrap className="filters" role="search" aria-label="筛选融资需求">
        <Select
          aria-label="状态"
          placeholder="全部状态"
          allowClear
          value={status}
          options={NEED_STATUS_OPTIONS}
          onChange={(v) => url.update({ status: v })}
          style={{ width: 160 }}
        />
      </Space>
      {query.error ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table<FinancingNeed>
          rowKey="id"
          loading={query.isFetching}
          dataSource={query.data?.items ?? []}
          scroll={{ x: 760 }}
          locale={{
            emptyText: query.isPending ? (
              ' '
            ) : (
              <EmptyState>
                {status ? '没有符合条件的融资需求' : '还没有融资需求，点击右上角“发布融资需求”向银行出题'}
              </EmptyState>
            ),
          }}
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
              title: '需求名称',
              dataIndex: 'title',
              render: (title: string, n) => <Link to={`/workspace/financing/${n.id}`}>{title}</Link>,
            },
            { title: '状态', key: 'status', width: 150, render: (_, n) => <NeedStatusTag need={n} /> },
            { title: '融资金额', dataIndex: 'amount', width: 120, render: (v: number) => wan(v) },
            { title: '期限', dataIndex: 'termMonths', width: 90, render: (v: number) => `${v} 个月` },
            { title: '银行方案', dataIndex: 'offerCount', width: 100, render: (v: number) => `${v} 份` },
            { title: '登记日期', dataIndex: 'createdAt', width: 120, render: (v: string) => day(v) },
          ]}
        />
      )}
    </>
  );
}
