import { useQuery } from '@tanstack/react-query';
import { Alert, Table } from 'antd';
import { Link } from 'react-router';

import { api, unwrap } from '../../../lib/api';
import { useSession } from '../../../lib/session';
import { day } from '../../../lib/workspace';
import { ConfirmPair } from '../organiser/FollowUps';
import type { FollowUp } from '../organiser/shared';
import { ToneTag } from './shared';

/**
 * 活动跟进待确认: pairs an activity's follow-up recorded as 有合作意向 while they are still only suggested. The
 * manager confirms each in one click through the normal confirm of the pipeline (精准匹配); the demands this manager
 * is responsible for come first.
 */
export default function AwaitingConfirmations() {
  const { me } = useSession();
  const awaiting = useQuery({
    queryKey: ['follow-ups', 'awaiting-confirmation'],
    queryFn: () => unwrap(api.GET('/follow-ups', { params: { query: { awaitingConfirmation: true, pageSize: 50 } } })),
  });
  const items = [...(awaiting.data?.items ?? [])].sort(
    (a, b) => Number(b.match.demand.assignedManagerId === me?.id) - Number(a.match.demand.assignedManagerId === me?.id),
  );
  if (awaiting.error || !items.length) return null;
  return (
    <section className="awaiting-confirmations" aria-label="活动跟进待确认">
      <Alert
        type="warning"
        showIcon
        message={`活动跟进待确认（${awaiting.data?.total ?? items.length}）`}
        description="以下配对在对接活动的会后跟进中记录为“有合作意向”，请确认是否为精准匹配。"
      />
      <Table<FollowUp>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={items}
        columns={[
          {
            title: '对接项目',
            key: 'pair',
            render: (_, f) => (
              <>
                {f.match.demand.title}（{f.match.demand.organisationName}）× {f.match.achievement.title}（
                {f.match.achievement.organisationName}）
                {f.match.demand.assignedManagerId === me?.id && <ToneTag tone="info">我负责的需求</ToneTag>}
              </>
            ),
          },
          {
            title: '活动',
            key: 'activity',
            render: (_, f) => (
              <Link to={`/workspace/activities/${f.activity.id}?tab=follow-ups`}>
                {f.activity.title}（{day(f.activity.heldAt)}）
              </Link>
            ),
          },
          { title: '跟进记录', dataIndex: 'note', render: (n: string) => n || '—' },
          { title: '操作', key: 'confirm', width: 140, render: (_, f) => <ConfirmPair followUp={f} /> },
        ]}
      />
    </section>
  );
}
