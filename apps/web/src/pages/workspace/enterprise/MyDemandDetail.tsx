import { Button, Descriptions, Space, Tag } from 'antd';
import dayjs from 'dayjs';
import { Link, useParams } from 'react-router';

import { QueryView } from '../../../components/states';
import {
  COOPERATION_MODE_LABELS,
  DEMAND_KIND_LABELS,
  demandStatusTag,
  label,
  MATURITY_STAGE_LABELS,
  wan,
} from '../../../lib/labels';
import { ReturnNotice, useDemand } from './shared';

function budget(min: number | null | undefined, max: number | null | undefined): string {
  if (min == null && max == null) return '未填写';
  if (min != null && max != null) return min === max ? wan(min) : `${min.toLocaleString('zh-CN')}–${wan(max)}`;
  return min != null ? `不低于 ${wan(min)}` : `不超过 ${wan(max)}`;
}

/** One of the enterprise's demands: everything it filed (confidential fields marked), its status and next step. */
export default function MyDemandDetail() {
  const { id } = useParams();
  const query = useDemand(id);
  return (
    <QueryView query={query}>
      {(d) => {
        const tag = demandStatusTag(d);
        const matchable = !['draft', 'submitted'].includes(d.status);
        return (
          <>
            <div className="page-head">
              <h1>
                {d.title} <Tag color={tag.color}>{tag.text}</Tag>
              </h1>
              <Space wrap>
                {d.status === 'draft' && (
                  <Link to={`/workspace/my-demands/${d.id}/edit`}>
                    <Button type="primary">{d.lastReturn ? '修改并重新提交' : '编辑草稿'}</Button>
                  </Link>
                )}
                {matchable && (
                  <Link to={`/workspace/my-demands/${d.id}/matches`}>
                    <Button type="primary">查看匹配推荐</Button>
                  </Link>
                )}
                <Link to="/workspace/my-demands">返回我的需求</Link>
              </Space>
            </div>
            <ReturnNotice demand={d} />
            {d.status === 'submitted' && <p className="note">已提交，等待技术经理人审核。</p>}
            <Descriptions bordered column={{ xs: 1, md: 2 }} size="small" styles={{ label: { whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label="需求类型">{label(DEMAND_KIND_LABELS, d.kind)}</Descriptions.Item>
              <Descriptions.Item label="所属产业链">
                {d.industryChains.map((c) => c.name).join('、') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label="需求描述" span={2}>
                <div className="prose">{d.description}</div>
              </Descriptions.Item>
              <Descriptions.Item label="技术关键词" span={2}>
                {d.keywords.join('、') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label="技术指标" span={2}>
                <div className="prose">{d.technicalIndicators || '—'}</div>
              </Descriptions.Item>
              <Descriptions.Item label="预期目标" span={2}>
                <div className="prose">{d.expectedOutcome || '—'}</div>
              </Descriptions.Item>
              <Descriptions.Item label="期望成熟度">
                {label(MATURITY_STAGE_LABELS, d.requiredStage)}
                {d.requiredTrl ? `（TRL ≥ ${d.requiredTrl}）` : ''}
              </Descriptions.Item>
              <Descriptions.Item label="合作方式">
                {d.cooperationModes.map((m) => label(COOPERATION_MODE_LABELS, m)).join('、') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label="截止日期">{d.deadline ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="所在地区">{d.region ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="预算（保密）">{budget(d.budgetMin, d.budgetMax)}</Descriptions.Item>
              <Descriptions.Item label="联系人（保密）">
                {[d.contactName, d.contactPhone, d.contactEmail].filter(Boolean).join('，') || '未填写'}
              </Descriptions.Item>
              <Descriptions.Item label="需求质量分">{d.qualityScore ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="更新时间">{dayjs(d.updatedAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
            </Descriptions>
            <p className="note">标注“保密”的信息仅本企业和平台技术经理人可见，不在需求大厅公开。</p>
          </>
        );
      }}
    </QueryView>
  );
}
