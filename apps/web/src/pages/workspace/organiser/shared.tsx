import { useQuery } from '@tanstack/react-query';

import { api, type Schemas, unwrap } from '../../../lib/api';
import { ToneTag } from '../manager/shared';

export type Activity = Schemas['ActivityResponseDto'];
export type ActivityKind = Activity['kind'];
export type ActivityStatus = Activity['status'];
export type MatchList = Schemas['MatchListResponseDto'];
export type MatchListItem = Schemas['MatchListItemDto'];
export type Proposal = Schemas['ProposalResponseDto'];
export type FollowUp = Schemas['FollowUpResponseDto'];
export type FollowUpOutcome = NonNullable<Schemas['UpdateFollowUpDto']['outcome']>;

/** 活动类型, as libs/activities/src/activity/activity.domain.ts words them. */
export const ACTIVITY_KIND_LABELS: Record<ActivityKind, string> = {
  bai_xiao_qun_ying: '百校群英荟',
  matchmaking: '产学研对接活动',
  roadshow: '项目路演',
  policy_training: '政策宣讲培训',
  achievement_scouting: '成果捕捉',
};

export const ACTIVITY_STATUS_LABELS: Record<ActivityStatus, string> = {
  planned: '筹备中',
  held: '已举办',
  followed_up: '已完成跟进',
  cancelled: '已取消',
};

export const FOLLOW_UP_OUTCOME_LABELS: Record<FollowUpOutcome, string> = {
  cooperation_intent: '有合作意向',
  further_talks: '需进一步沟通',
  no_intent: '暂无合作意向',
};

const STATUS_TONE: Record<ActivityStatus, 'info' | 'ok' | 'plain' | 'warn'> = {
  planned: 'info',
  held: 'warn',
  followed_up: 'ok',
  cancelled: 'plain',
};

export function ActivityStatusTag({ status }: { status: ActivityStatus }) {
  return <ToneTag tone={STATUS_TONE[status]}>{ACTIVITY_STATUS_LABELS[status]}</ToneTag>;
}

export function activityKey(id: string) {
  return ['activity', id] as const;
}

export function useActivity(id: string) {
  return useQuery({
    queryKey: activityKey(id),
    queryFn: () => unwrap(api.GET('/activities/{id}', { params: { path: { id } } })),
  });
}

/** 匹配度 as the handout prints it: a percentage, or 人工推荐 for a hand-made pair without an engine score. */
export function scoreText(origin: 'engine' | 'manual' | undefined, score: number): string {
  if (origin === 'manual' && score === 0) return '人工推荐';
  return `${Math.round(score * 100)}%`;
}
