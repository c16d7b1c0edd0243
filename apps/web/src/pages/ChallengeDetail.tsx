import { useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Button, Tag } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';

import { QueryView } from '../components/states';
import { api, unwrap } from '../lib/api';
import { useSession } from '../lib/session';
import { CallFacts, ChallengeStatusTag } from './workspace/challenges/shared';

/** A published call as the public reads it: the API leaves out the bids, their number and the responsible manager. */
export default function ChallengeDetail() {
  const { id = '' } = useParams();
  const { me } = useSession();
  const navigate = useNavigate();
  const q = useQuery({
    queryKey: ['public', 'challenge', id],
    queryFn: () => unwrap(api.GET('/challenges/public/{id}', { params: { path: { id } } })),
  });
  const bidder = me?.role === 'university' || me?.role === 'enterprise';
  return (
    <div className="detail">
      <Breadcrumb
        items={[
          { title: <Link to="/">首页</Link> },
          { title: <Link to="/calls">榜单大厅</Link> },
          { title: '榜单详情' },
        ]}
      />
      <QueryView query={q}>
        {(c) => (
          <article>
            <h1>{c.title}</h1>
            <div className="hit-meta">
              <ChallengeStatusTag status={c.status} />
              <Tag color="blue">{c.mechanismLabel}</Tag>
              {c.industryChains.map((ch) => (
                <Tag key={ch.id}>{ch.name}</Tag>
              ))}
            </div>
            {c.open ? (
              <Alert
                type="info"
                showIcon
                message="榜单正在接受揭榜方案"
                description={
                  me && !bidder
                    ? '揭榜方案由高校院所或企业用户以所在单位名义提交。'
                    : '高校院所、企业可在截止时间前提交揭榜方案，截止前可修改或撤回，截止后方案冻结。'
                }
                action={
                  bidder ? (
                    <Button type="primary" onClick={() => navigate(`/workspace/my-bids/new?call=${c.id}`)}>
                      我要揭榜
                    </Button>
                  ) : !me ? (
                    <Button
                      type="primary"
                      onClick={() => navigate(`/login?next=${encodeURIComponent(`/calls/${c.id}`)}`)}
                    >
                      登录后揭榜
                    </Button>
                  ) : undefined
                }
              />
            ) : (
              <Alert type="warning" showIcon message={`本榜单${c.statusLabel}，不再接受揭榜方案`} />
            )}
            <CallFacts call={c} />
            <p className="note">揭榜方案仅对出榜企业、平台技术经理人和评审专家可见，不对外公开。</p>
            {me?.organisationId && me.organisationId === c.enterpriseOrganisationId && (
              <Link to={`/workspace/challenges/${c.id}`}>查看揭榜方案与评审进展</Link>
            )}
          </article>
        )}
      </QueryView>
    </div>
  );
}
