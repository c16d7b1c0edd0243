import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Descriptions, Tag } from 'antd';
import dayjs from 'dayjs';
import { Link, useParams } from 'react-router';

import { QueryView } from '../components/states';
import { api, unwrap } from '../lib/api';
import {
  COOPERATION_MODE_LABELS,
  DEMAND_KIND_LABELS,
  DEMAND_STATUS_LABELS,
  label,
  MATURITY_STAGE_LABELS,
} from '../lib/labels';

/** A published demand as the public sees it: the API leaves out budget, contact and confidential notes. */
export default function DemandDetail() {
  const { id = '' } = useParams();
  const q = useQuery({
    queryKey: ['public', 'demand', id],
    queryFn: () => unwrap(api.GET('/public/demands/{id}', { params: { path: { id } } })),
  });
  return (
    <div className="detail">
      <Breadcrumb
        items={[
          { title: <Link to="/">首页</Link> },
          { title: <Link to="/hall">需求大厅</Link> },
          { title: '需求详情' },
        ]}
      />
      <QueryView query={q}>
        {(d) => (
          <article>
            <h1>{d.title}</h1>
            <div className="hit-meta">
              <Tag color="blue">{label(DEMAND_KIND_LABELS, d.kind)}</Tag>
              <Tag color="blue">{label(DEMAND_STATUS_LABELS, d.status)}</Tag>
              {d.industryChains.map((c) => (
                <Tag key={c.id}>{c.name}</Tag>
              ))}
            </div>
            <Descriptions bordered column={{ xs: 1, md: 2 }} className="facts">
              <Descriptions.Item label="需求单位">{d.ownerOrganisationName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="所在区域">{d.region ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="合作方式">
                {d.cooperationModes.map((m) => label(COOPERATION_MODE_LABELS, m)).join('、') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label="成熟度要求">
                {label(MATURITY_STAGE_LABELS, d.requiredStage)}
                {d.requiredTrl ? `（TRL ${d.requiredTrl} 级及以上）` : ''}
              </Descriptions.Item>
              <Descriptions.Item label="截止日期">
                {d.deadline ? dayjs(d.deadline).format('YYYY-MM-DD') : '长期有效'}
              </Descriptions.Item>
              <Descriptions.Item label="发布日期">
                {d.publishedAt ? dayjs(d.publishedAt).format('YYYY-MM-DD') : '—'}
              </Descriptions.Item>
            </Descriptions>
            <section>
              <h2>需求描述</h2>
              <p className="prose">{d.description}</p>
            </section>
            {d.technicalIndicators && (
              <section>
                <h2>技术指标</h2>
                <p className="prose">{d.technicalIndicators}</p>
              </section>
            )}
            {d.expectedOutcome && (
              <section>
                <h2>预期成果</h2>
                <p className="prose">{d.expectedOutcome}</p>
              </section>
            )}
            {d.keywords.length > 0 && (
              <section>
                <h2>关键词</h2>
                {d.keywords.map((k) => (
                  <Tag key={k}>{k}</Tag>
                ))}
              </section>
            )}
            <p className="note">预算与联系方式仅对平台技术经理人可见，如有意向请登录后通过平台对接。</p>
          </article>
        )}
      </QueryView>
    </div>
  );
}
