import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Descriptions, Tag } from 'antd';
import dayjs from 'dayjs';
import { Link, useParams } from 'react-router';

import { QueryView } from '../components/states';
import { api, unwrap } from '../lib/api';
import { COOPERATION_MODE_LABELS, label, MATURITY_STAGE_LABELS, wan } from '../lib/labels';

/** A published achievement as the public sees it: the API leaves out contacts and the source file. */
export default function AchievementDetail() {
  const { id = '' } = useParams();
  const q = useQuery({
    queryKey: ['public', 'achievement', id],
    queryFn: () => unwrap(api.GET('/public/achievements/{id}', { params: { path: { id } } })),
  });
  return (
    <div className="detail">
      <Breadcrumb
        items={[
          { title: <Link to="/">首页</Link> },
          { title: <Link to="/library">成果库</Link> },
          { title: '成果详情' },
        ]}
      />
      <QueryView query={q}>
        {(a) => (
          <article>
            <h1>{a.title}</h1>
            <div className="hit-meta">
              {a.stage && <Tag color="blue">{label(MATURITY_STAGE_LABELS, a.stage)}</Tag>}
              {a.industryChains.map((c) => (
                <Tag key={c.id}>{c.name}</Tag>
              ))}
            </div>
            <Descriptions bordered column={{ xs: 1, md: 2 }} className="facts">
              <Descriptions.Item label="完成单位">{a.institutionName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="团队">{a.team || '—'}</Descriptions.Item>
              <Descriptions.Item label="技术成熟度">{a.trl ? `TRL ${a.trl} 级` : '—'}</Descriptions.Item>
              <Descriptions.Item label="转化方式">
                {a.transferModes.map((m) => label(COOPERATION_MODE_LABELS, m)).join('、') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label="参考价格">{wan(a.askingPrice)}</Descriptions.Item>
              <Descriptions.Item label="专利号">{a.patentNumbers.join('、') || '—'}</Descriptions.Item>
              <Descriptions.Item label="发布日期">
                {a.publishedAt ? dayjs(a.publishedAt).format('YYYY-MM-DD') : '—'}
              </Descriptions.Item>
            </Descriptions>
            <section>
              <h2>成果简介</h2>
              <p className="prose">{a.abstract}</p>
            </section>
            {a.applicationScenarios && (
              <section>
                <h2>应用场景</h2>
                <p className="prose">{a.applicationScenarios}</p>
              </section>
            )}
            {a.keywords.length > 0 && (
              <section>
                <h2>关键词</h2>
                {a.keywords.map((k) => (
                  <Tag key={k}>{k}</Tag>
                ))}
              </section>
            )}
            <p className="note">联系方式仅对平台技术经理人可见，如有意向请登录后通过平台对接。</p>
          </article>
        )}
      </QueryView>
    </div>
  );
}
