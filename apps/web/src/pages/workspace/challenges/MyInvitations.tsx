import { useQuery } from '@tanstack/react-query';
import { Button, Table } from 'antd';
import { Link, useNavigate } from 'react-router';

import { EmptyState, ErrorState } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { wan } from '../../../lib/labels';
import { time } from '../../../lib/workspace';
import { ChallengeStatusTag, DeadlineText } from './shared';

type MyInvitation = Schemas['MyInvitationDto'];

/** 揭榜邀请: the calls the platform invited the user's institution to bid on, newest first, with the way to bid. */
export default function MyInvitations() {
  const navigate = useNavigate();
  const list = useQuery({
    queryKey: ['challenge-invitations', 'mine'],
    queryFn: () => unwrap(api.GET('/challenges/invitations/mine')),
  });
  return (
    <div className="manager-page">
      <div className="page-head">
        <h1>揭榜邀请</h1>
        <Button onClick={() => navigate('/workspace/my-bids')}>查看我的揭榜</Button>
      </div>
      <p className="note">
        平台技术经理人根据贵单位已发布的成果，邀请贵单位揭榜以下榜单。受邀不代替揭榜，请在截止前提交揭榜方案。
      </p>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<MyInvitation>
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data ?? []}
          pagination={false}
          locale={{ emptyText: <EmptyState>暂无揭榜邀请，可在榜单大厅浏览正在揭榜的榜单</EmptyState> }}
          columns={[
            {
              title: '榜单',
              key: 'call',
              render: (_: unknown, i) => (
                <>
                  <Link to={`/calls/${i.call.id}`}>{i.call.title}</Link>
                  <div className="note">
                    {i.call.enterpriseName ?? '—'} · {i.call.mechanismLabel} · 榜额 {wan(i.call.fundingTotal)}
                  </div>
                </>
              ),
            },
            {
              title: '揭榜截止',
              key: 'deadline',
              width: 190,
              render: (_: unknown, i) => <DeadlineText call={i.call} />,
            },
            { title: '邀请留言', dataIndex: 'message', width: 260, render: (v: string | null) => v ?? '—' },
            { title: '邀请时间', dataIndex: 'invitedAt', width: 150, render: (v: string) => time(v) },
            {
              title: '榜单状态',
              key: 'status',
              width: 110,
              render: (_: unknown, i) => <ChallengeStatusTag status={i.call.status} />,
            },
            {
              title: '揭榜',
              key: 'bid',
              width: 130,
              render: (_: unknown, i) =>
                i.bidSubmitted ? (
                  <Link to="/workspace/my-bids">已提交方案</Link>
                ) : i.call.open ? (
                  <Link to={`/workspace/my-bids/new?call=${i.call.id}`}>去揭榜</Link>
                ) : (
                  <span className="note">已不接受揭榜</span>
                ),
            },
          ]}
        />
      )}
    </div>
  );
}
