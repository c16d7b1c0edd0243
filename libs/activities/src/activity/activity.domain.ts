/** Vocabulary of 产学研对接活动: enums stored as text, with their Chinese labels for people. */

export enum ActivityKind {
  BaiXiaoQunYing = 'bai_xiao_qun_ying',
  Matchmaking = 'matchmaking',
  Roadshow = 'roadshow',
  PolicyTraining = 'policy_training',
  /** 成果捕捉专项活动: visits to universities and institutes to collect new results (quarterly in the plan). */
  AchievementScouting = 'achievement_scouting',
}

export const ACTIVITY_KIND_LABELS: Record<ActivityKind, string> = {
  [ActivityKind.BaiXiaoQunYing]: '百校群英荟',
  [ActivityKind.Matchmaking]: '产学研对接活动',
  [ActivityKind.Roadshow]: '项目路演',
  [ActivityKind.PolicyTraining]: '政策宣讲培训',
  [ActivityKind.AchievementScouting]: '成果捕捉',
};

export enum ActivityStatus {
  Planned = 'planned',
  Held = 'held',
  FollowedUp = 'followed_up',
  Cancelled = 'cancelled',
}

export const ACTIVITY_STATUS_LABELS: Record<ActivityStatus, string> = {
  [ActivityStatus.Planned]: '筹备中',
  [ActivityStatus.Held]: '已举办',
  [ActivityStatus.FollowedUp]: '已完成跟进',
  [ActivityStatus.Cancelled]: '已取消',
};

export enum ParticipantRole {
  Enterprise = 'enterprise',
  University = 'university',
  Other = 'other',
}

export const PARTICIPANT_ROLE_LABELS: Record<ParticipantRole, string> = {
  [ParticipantRole.Enterprise]: '企业',
  [ParticipantRole.University]: '高校院所',
  [ParticipantRole.Other]: '其他',
};

export enum FollowUpStatus {
  Open = 'open',
  Done = 'done',
}

export const FOLLOW_UP_STATUS_LABELS: Record<FollowUpStatus, string> = {
  [FollowUpStatus.Open]: '跟进中',
  [FollowUpStatus.Done]: '已完成',
};

/**
 * What a follow-up found out about a pair after the activity. 有合作意向 asks the responsible technology manager to
 * confirm the pair (精准匹配) through the match pipeline; the organiser never confirms by itself.
 */
export enum FollowUpOutcome {
  CooperationIntent = 'cooperation_intent',
  FurtherTalks = 'further_talks',
  NoIntent = 'no_intent',
}

export const FOLLOW_UP_OUTCOME_LABELS: Record<FollowUpOutcome, string> = {
  [FollowUpOutcome.CooperationIntent]: '有合作意向',
  [FollowUpOutcome.FurtherTalks]: '需进一步沟通',
  [FollowUpOutcome.NoIntent]: '暂无合作意向',
};

/** A follow-up item created when an activity is held is due this many days after the activity (Beijing date). */
export const FOLLOW_UP_DUE_DAYS = 14;
