import { useQuery } from '@tanstack/react-query';
import { Button, Table } from 'antd';
import { Link, useNavigate } from 'react-router';

import { EmptyState, ErrorState } from '../../../components/states';
import { api, unwrap } from '../../../lib/api';
import { wan } from '../../../lib/labels';
import { time } from '../../../lib/workspace';
import { type Bid, BidStatusTag } from './shared';

/** 我的揭榜: the bids the user's organisation leads or joins, across calls. */
export default function MyBids() {
  const navigate = useNavigate();
  const list = useQuery({ queryKey: ['bids', 'mine'], queryFn: () => unwrap(api.GET('/challenges/bids')) });
  return (
    <div className="manager-page">
      <div className="page-head">
        <h1>我的揭榜</h1>
        <Button type="primary" onClick={() => navigate('/calls')}>
          去榜单大厅揭榜
        </Button>
      </div>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Bid>
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data ?? []}
          pagination={false}
          locale={{ emptyText: <EmptyState>还没有揭榜方案，可在榜单大厅选择榜单提交</EmptyState> }}
          columns={[
            {
              title: '榜单',
              dataIndex: 'challengeTitle',
              render: (title: string, b) => <Link to={`/workspace/my-bids/${b.id}`}>{title}</Link>,
            },
            {
              title: '揭榜单位',
              dataIndex: 'bidderName',
              render: (v: string | null, b) => (b.consortiumName ? `${v ?? '—'}（${b.consortiumName}）` : (v ?? '—')),
            },
            { title: '申请经费', dataIndex: 'requestedFunding', width: 120, render: (v: number) => wan(v) },
            { title: '提交时间', dataIndex: 'submittedAt', width: 150, render: (v: string) => time(v) },
            { title: '状态', dataIndex: 'status', width: 100, render: (_: unknown, b) => <BidStatusTag bid={b} /> },
            {
              title: '可操作',
              dataIndex: 'allowedActions',
              width: 140,
              render: (a: string[]) => (a.includes('edit') ? '截止前可修改、撤回' : '已冻结'),
            },
          ]}
        />
      )}
    </div>
  );
}
