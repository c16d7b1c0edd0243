/** Vocabulary of 产学研对接活动: enums stored as text, with their Chinese labels for people. */

export enum ActivityKind {
  BaiXiaoQunYing = 'bai_xiao_qun_ying',
  Matchmaking = 'matchmaking',
  Roadshow = 'roadshow',
  PolicyTraining = 'policy_training',
}

export const ACTIVITY_KIND_LABELS: Record<ActivityKind, string> = {
  [ActivityKind.BaiXiaoQunYing]: '百校群英荟',
  [ActivityKind.Matchmaking]: '产学研对接活动',
  [ActivityKind.Roadshow]: '项目路演',
  [ActivityKind.PolicyTraining]: '政策宣讲培训',
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

/** A follow-up item created when an activity is held is due this many days after the activity (Beijing date). */
export const FOLLOW_UP_DUE_DAYS = 14;
