import { Descriptions, Table, Tag } from 'antd';
import dayjs from 'dayjs';

import type { Schemas } from '../../../lib/api';
import { wan } from '../../../lib/labels';
import { time } from '../../../lib/workspace';
import { ToneTag } from '../manager/shared';

export type Challenge = Schemas['ChallengeResponseDto'];
export type PublicChallenge = Schemas['PublicChallengeDto'];
export type ChallengeStatus = Challenge['status'];
export type Mechanism = Challenge['mechanism'];
export type Bid = Schemas['BidResponseDto'];
export type BidStatus = Bid['status'];
export type Review = Schemas['ReviewResponseDto'];
export type Project = Schemas['ProjectResponseDto'];
export type Consortium = Schemas['ConsortiumResponseDto'];

/** 榜单状态, as libs/challenges/src/challenge/challenge.domain.ts words them. */
export const CHALLENGE_STATUS_LABELS: Record<ChallengeStatus, string> = {
  draft: '草稿',
  published: '揭榜中',
  closed: '已截止揭榜',
  under_review: '专家评审中',
  awarded: '已定榜',
  completed: '已完成',
  cancelled: '已撤榜',
};

/** The statuses the public sees (drafts and cancelled drafts never leave the workspace). */
export const PUBLIC_STATUSES: ChallengeStatus[] = ['published', 'closed', 'under_review', 'awarded', 'completed'];

export const MECHANISM_LABELS: Record<Mechanism, string> = {
  open_call: '揭榜挂帅',
  horse_race: '赛马制',
  directed: '定向委托',
};

export const PROGRAMME_LINE_LABELS: Record<Challenge['programmeLine'], string> = {
  major_transfer: '揭榜挂帅重大科技成果转化项目',
  excellent: '祖冲之攻关计划优秀项目',
  key_rd: '产业前瞻与关键核心技术重点研发项目',
};

export const BIDDER_KIND_LABELS: Record<Challenge['eligibility']['institutionKinds'][number], string> = {
  university: '高校院所',
  enterprise: '企业',
};

const STATUS_TONE: Record<ChallengeStatus, 'info' | 'ok' | 'plain' | 'warn' | 'bad'> = {
  draft: 'plain',
  published: 'info',
  closed: 'warn',
  under_review: 'warn',
  awarded: 'ok',
  completed: 'ok',
  cancelled: 'bad',
};

export function ChallengeStatusTag({ status }: { status: ChallengeStatus }) {
  return <ToneTag tone={STATUS_TONE[status]}>{CHALLENGE_STATUS_LABELS[status]}</ToneTag>;
}

const BID_TONE: Record<BidStatus, 'info' | 'ok' | 'plain' | 'bad'> = {
  submitted: 'info',
  withdrawn: 'plain',
  awarded: 'ok',
  not_awarded: 'bad',
};

export function BidStatusTag({ bid }: { bid: Pick<Bid, 'status' | 'statusLabel'> }) {
  return <ToneTag tone={BID_TONE[bid.status]}>{bid.statusLabel}</ToneTag>;
}

const PROJECT_TONE: Record<Project['status'], 'info' | 'ok' | 'plain' | 'bad'> = {
  running: 'info',
  eliminated: 'plain',
  accepted: 'ok',
  failed: 'bad',
};

export function ProjectStatusTag({ project }: { project: Pick<Project, 'status' | 'statusLabel'> }) {
  return <ToneTag tone={PROJECT_TONE[project.status]}>{project.statusLabel}</ToneTag>;
}

/** 截止时间 with what is left of it while bids are taken. */
export function DeadlineText({ call }: { call: Pick<PublicChallenge, 'bidDeadline' | 'open'> }) {
  const left = dayjs(call.bidDeadline).diff(dayjs(), 'day');
  return (
    <span>
      {time(call.bidDeadline)}
      {call.open ? `（剩余 ${Math.max(0, left)} 天）` : ''}
    </span>
  );
}

/**
 * A call as everyone may read it: the problem, acceptance indicators, mechanism, funding, eligibility, deadline and
 * review criteria (the public, bidders, experts and staff read the same facts).
 */
export function CallFacts({ call }: { call: PublicChallenge }) {
  return (
    <>
      <Descriptions bordered column={{ xs: 1, md: 2 }} className="facts">
        <Descriptions.Item label="出榜企业">{call.enterpriseName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="揭榜机制">
          {call.mechanismLabel}
          {call.mechanism === 'horse_race' && call.raceTeams ? `（最多 ${call.raceTeams} 支团队并行攻关）` : ''}
          {call.mechanism === 'directed' && call.directedInstitutionName
            ? `（受托单位：${call.directedInstitutionName}）`
            : ''}
        </Descriptions.Item>
        <Descriptions.Item label="榜额">{wan(call.fundingTotal)}</Descriptions.Item>
        <Descriptions.Item label="出资构成">
          企业出资 {wan(call.enterpriseShare)}，政府资助 {wan(call.governmentShare)}
        </Descriptions.Item>
        <Descriptions.Item label="揭榜截止">
          <DeadlineText call={call} />
        </Descriptions.Item>
        <Descriptions.Item label="项目类别">{call.programmeLineLabel}</Descriptions.Item>
        <Descriptions.Item label="产业链">{call.industryChains.map((c) => c.name).join('、') || '—'}</Descriptions.Item>
        <Descriptions.Item label="发布日期">{time(call.publishedAt)}</Descriptions.Item>
      </Descriptions>
      <section>
        <h2>榜单内容</h2>
        <p className="prose">{call.problem}</p>
      </section>
      <section>
        <h2>攻关目标与验收指标</h2>
        <Table
          rowKey="name"
          size="small"
          pagination={false}
          dataSource={call.indicators}
          columns={[
            { title: '指标名称', dataIndex: 'name' },
            { title: '目标值', dataIndex: 'target', width: 120 },
            { title: '单位', dataIndex: 'unit', width: 90 },
            { title: '检测方法', dataIndex: 'method' },
          ]}
        />
      </section>
      <section>
        <h2>揭榜条件</h2>
        <Descriptions bordered column={1} size="small">
          <Descriptions.Item label="牵头单位类型">
            {call.eligibilityLabels.institutionKinds.join('、')}
          </Descriptions.Item>
          <Descriptions.Item label="地区要求">{call.eligibility.region ?? '不限'}</Descriptions.Item>
          <Descriptions.Item label="联合体揭榜">
            {call.eligibility.consortiumAllowed ? '允许以创新联合体牵头揭榜' : '不接受联合体揭榜'}
          </Descriptions.Item>
          {call.eligibility.notes && <Descriptions.Item label="其他要求">{call.eligibility.notes}</Descriptions.Item>}
        </Descriptions>
      </section>
      <section>
        <h2>评审指标及权重</h2>
        <p>
          {call.criteria.map((c) => (
            <Tag key={c.name}>
              {c.name} {c.weight}%
            </Tag>
          ))}
        </p>
      </section>
    </>
  );
}

export const challengeKey = (id: string) => ['challenge', id] as const;
