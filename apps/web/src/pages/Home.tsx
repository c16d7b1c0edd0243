import { useQuery } from '@tanstack/react-query';
import { Card, Col, Progress, Row, Statistic } from 'antd';
import { Link } from 'react-router';

import { QueryView } from '../components/states';
import { api, unwrap } from '../lib/api';
import { DEMAND_KIND_LABELS, label } from '../lib/labels';

function Figures() {
  const summary = useQuery({ queryKey: ['public', 'summary'], queryFn: () => unwrap(api.GET('/public/summary')) });
  return (
    <QueryView query={summary}>
      {(s) => (
        <Row gutter={[16, 16]} className="figures">
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
              <Statistic
                title="精准匹配需求成果"
                value={s.preciseMatches.actual}
                suffix={`/ ${s.preciseMatches.target} 项`}
              />
              <Progress
                percent={Math.min(
                  100,
                  Math.round((s.preciseMatches.actual / (s.preciseMatches.target || 1)) * 1000) / 10,
                )}
                size="small"
                aria-label="精准匹配目标完成进度"
              />
            </Card>
          </Col>
          <Col xs={12} lg={6}>
            <Card>
              <Statistic
                title="已举办产学研活动"
                value={s.activitiesHeld.actual}
                suffix={`/ ${s.activitiesHeld.target} 场`}
              />
            </Card>
          </Col>
        </Row>
      )}
    </QueryView>
  );
}

function LatestDemands() {
  const q = useQuery({
    queryKey: ['public', 'demands', 'latest'],
    queryFn: () => unwrap(api.GET('/public/demands', { params: { query: { page: 1, pageSize: 5 } } })),
  });
  return (
    <Card title="最新发布的技术需求" extra={<Link to="/hall">进入需求大厅</Link>}>
      <QueryView query={q} isEmpty={(d) => d.items.length === 0} empty="暂无已发布的需求">
        {(d) => (
          <ul className="latest">
            {d.items.map((item) => (
              <li key={item.id}>
                <Link to={`/hall/${item.id}`}>{item.title}</Link>
                <span className="meta">
                  {label(DEMAND_KIND_LABELS, item.kind)} · {item.ownerOrganisationName ?? '—'}
                </span>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </Card>
  );
}

function LatestAchievements() {
  const q = useQuery({
    queryKey: ['public', 'achievements', 'latest'],
    queryFn: () => unwrap(api.GET('/public/achievements', { params: { query: { page: 1, pageSize: 5 } } })),
  });
  return (
    <Card title="最新发布的科技成果" extra={<Link to="/library">进入成果库</Link>}>
      <QueryView query={q} isEmpty={(d) => d.items.length === 0} empty="暂无已发布的成果">
        {(d) => (
          <ul className="latest">
            {d.items.map((item) => (
              <li key={item.id}>
                <Link to={`/library/${item.id}`}>{item.title}</Link>
                <span className="meta">{item.institutionName ?? '—'}</span>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </Card>
  );
}

export default function Home() {
  return (
    <div className="home">
      <section className="hero">
        <h1>技术需求—科技成果供需对接平台</h1>
        <p>汇聚昆山企业技术需求与高校院所科技成果，以智能匹配助力“祖冲之攻关计划”产学研精准对接。</p>
      </section>
      <h2 className="section-title">平台实时数据</h2>
      <Figures />
      <Row gutter={[16, 16]} className="latest-row">
        <Col xs={24} lg={12}>
          <LatestDemands />
        </Col>
        <Col xs={24} lg={12}>
          <LatestAchievements />
        </Col>
      </Row>
    </div>
  );
}
