import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic } from 'antd';
import { Link } from 'react-router';

import { QueryView } from '../../components/states';
import { api, unwrap } from '../../lib/api';
import { ROLE_LABELS } from '../../lib/labels';
import { menuFor } from '../../lib/menu';
import { useSession } from '../../lib/session';

/** Landing page of the workspace: who you are, the platform's figures and where your role can go. */
export default function Dashboard() {
  const { me } = useSession();
  const summary = useQuery({ queryKey: ['public', 'summary'], queryFn: () => unwrap(api.GET('/public/summary')) });
  if (!me) return null;
  const entries = menuFor(me.role, me.expert).filter((e) => e.key !== 'home');
  return (
    <div className="dashboard">
      <h1>{ROLE_LABELS[me.role]}工作台</h1>
      <p>
        欢迎，{me.name}
        {me.organisation ? `（${me.organisation.name}）` : ''}。
      </p>
      <QueryView query={summary}>
        {(s) => (
          <Row gutter={[16, 16]}>
            <Col xs={12} lg={6}>
              <Card>
                <Statistic title="已发布技术需求" value={s.publishedDemands} suffix="项" />
              </Card>
            </Col>
            <Col xs={12} lg={6}>
              <Card>
                <Statistic title="已发布科技成果" value={s.publishedAchievements} suffix="项" />
              </Card>
            </Col>
            <Col xs={12} lg={6}>
              <Card>
                <Statistic title="精准匹配" value={s.preciseMatches.actual} suffix={`/ ${s.preciseMatches.target}`} />
              </Card>
            </Col>
            <Col xs={12} lg={6}>
              <Card>
                <Statistic title="产学研活动" value={s.activitiesHeld.actual} suffix={`/ ${s.activitiesHeld.target}`} />
              </Card>
            </Col>
          </Row>
        )}
      </QueryView>
      <h2 className="section-title">常用功能</h2>
      <ul className="shortcuts">
        {entries.map((e) => (
          <li key={e.key}>
            <Link to={e.path}>{e.label}</Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
