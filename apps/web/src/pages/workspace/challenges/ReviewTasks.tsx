import { useQuery } from '@tanstack/react-query';
import { Table } from 'antd';
import { Link } from 'react-router';

import { EmptyState, ErrorState } from '../../../components/states';
import { api, unwrap } from '../../../lib/api';
import { time, useUrlState } from '../../../lib/workspace';
import { type Challenge, ChallengeStatusTag } from './shared';

const PAGE_SIZE = 20;

/** 评审任务: the calls the user is an assigned expert of. */
export default function ReviewTasks() {
  const url = useUrlState();
  const list = useQuery({
    queryKey: ['challenges', 'reviewing', url.page],
    queryFn: () =>
      unwrap(api.GET('/challenges', { params: { query: { reviewing: true, page: url.page, pageSize: PAGE_SIZE } } })),
  });
  return (
    <div className="manager-page">
      <h1>评审任务</h1>
      <p className="note">
        您被指定为以下榜单的评审专家。榜单进入“专家评审中”后即可评分；与您所在单位有关的方案需回避。
      </p>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Challenge>
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <EmptyState>暂无评审任务</EmptyState> }}
          pagination={{
            current: url.page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            hideOnSinglePage: true,
            onChange: (p) => url.update({ page: p > 1 ? String(p) : undefined }, true),
          }}
          columns={[
            {
              title: '榜单',
              dataIndex: 'title',
              render: (title: string, c) => <Link to={`/workspace/reviews/${c.id}`}>{title}</Link>,
            },
            { title: '出榜企业', dataIndex: 'enterpriseName', width: 220, render: (v: string | null) => v ?? '—' },
            { title: '机制', dataIndex: 'mechanismLabel', width: 100 },
            { title: '揭榜截止', dataIndex: 'bidDeadline', width: 150, render: (v: string) => time(v) },
            {
              title: '状态',
              dataIndex: 'status',
              width: 120,
              render: (s: Challenge['status']) => <ChallengeStatusTag status={s} />,
            },
          ]}
        />
      )}
    </div>
  );
}
