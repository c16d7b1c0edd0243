/**
 * What the platform notifies people about. Values are persisted (notifications, preferences): never rename one.
 */
export enum NotificationKind {
  DemandReturned = 'demand_returned',
  DemandPublished = 'demand_published',
  MatchInterest = 'match_interest',
  MatchStage = 'match_stage',
  JobFinished = 'job_finished',
  IndicatorReportPending = 'indicator_report_pending',
  SuggestionDigest = 'suggestion_digest',
  ReviewReminder = 'review_reminder',
  FollowUpOverdue = 'follow_up_overdue',
  ChallengeMatched = 'challenge_matched',
  ChallengeInvited = 'challenge_invited',
  BidDeadlineReminder = 'bid_deadline_reminder',
  FinancingNeedPublished = 'financing_need_published',
  FinancingOfferReceived = 'financing_offer_received',
  FinancingOfferDecided = 'financing_offer_decided',
  AchievementReturned = 'achievement_returned',
}

export const NOTIFICATION_KINDS = Object.values(NotificationKind);

/** How a person wants one kind: in the inbox only, by e-mail too, or not at all. */
export enum DeliveryMode {
  InApp = 'in_app',
  Email = 'email',
  Off = 'off',
}

export const DELIVERY_MODES = Object.values(DeliveryMode);

export const DELIVERY_MODE_LABELS: Record<DeliveryMode, string> = {
  [DeliveryMode.InApp]: '仅站内',
  [DeliveryMode.Email]: '站内 + 邮件',
  [DeliveryMode.Off]: '关闭',
};

export interface KindSpec {
  label: string;
  /** Who receives it (the preferences page lists only a role's kinds). */
  roles: string[];
  /** Mode until the person chooses. */
  defaultMode: DeliveryMode;
  /** Sent once a day at the person's digest hour, not at once. */
  daily: boolean;
}

export const KIND_SPECS: Record<NotificationKind, KindSpec> = {
  [NotificationKind.DemandReturned]: {
    label: '需求被退回修改',
    roles: ['enterprise'],
    defaultMode: DeliveryMode.Email,
    daily: false,
  },
  [NotificationKind.DemandPublished]: {
    label: '需求审核发布',
    roles: ['enterprise'],
    defaultMode: DeliveryMode.Email,
    daily: false,
  },
  [NotificationKind.MatchInterest]: {
    label: '企业对推荐表达意向',
    roles: ['manager', 'admin'],
    defaultMode: DeliveryMode.Email,
    daily: false,
  },
  [NotificationKind.MatchStage]: {
    label: '对接阶段变化',
    roles: ['enterprise', 'university', 'manager', 'admin'],
    defaultMode: DeliveryMode.InApp,
    daily: false,
  },
  [NotificationKind.JobFinished]: {
    label: '导入 / 导出完成或失败',
    roles: ['enterprise', 'university', 'manager', 'admin', 'organizer'],
    defaultMode: DeliveryMode.InApp,
    daily: false,
  },
  [NotificationKind.IndicatorReportPending]: {
    label: '指标填报待审核',
    roles: ['admin'],
    defaultMode: DeliveryMode.Email,
    daily: false,
  },
  [NotificationKind.SuggestionDigest]: {
    label: '每日新匹配推荐摘要',
    roles: ['enterprise'],
    defaultMode: DeliveryMode.Email,
    daily: true,
  },
  [NotificationKind.ReviewReminder]: {
    label: '需求待审核超时提醒',
    roles: ['manager', 'admin'],
    defaultMode: DeliveryMode.Email,
    daily: true,
  },
  [NotificationKind.FollowUpOverdue]: {
    label: '活动后跟进未完成提醒',
    roles: ['manager', 'admin', 'organizer'],
    defaultMode: DeliveryMode.Email,
    daily: true,
  },
  [NotificationKind.ChallengeMatched]: {
    label: '与本单位成果匹配的榜单发布',
    roles: ['university', 'enterprise'],
    defaultMode: DeliveryMode.Email,
    daily: false,
  },
  [NotificationKind.ChallengeInvited]: {
    label: '揭榜邀请',
    roles: ['university', 'enterprise'],
    defaultMode: DeliveryMode.Email,
    daily: false,
  },
  [NotificationKind.BidDeadlineReminder]: {
    label: '受邀榜单揭榜截止提醒',
    roles: ['university', 'enterprise'],
    defaultMode: DeliveryMode.Email,
    daily: true,
  },
  [NotificationKind.FinancingNeedPublished]: {
    label: '企业发布新的融资需求（银行答题）',
    roles: ['bank'],
    defaultMode: DeliveryMode.Email,
    daily: false,
  },
  [NotificationKind.FinancingOfferReceived]: {
    label: '银行提交融资方案',
    roles: ['enterprise'],
    defaultMode: DeliveryMode.Email,
    daily: false,
  },
  [NotificationKind.FinancingOfferDecided]: {
    label: '融资方案被选定 / 未被选定',
    roles: ['bank'],
    defaultMode: DeliveryMode.Email,
    daily: false,
  },
  [NotificationKind.AchievementReturned]: {
    label: '成果被退回修改',
    roles: ['university'],
    defaultMode: DeliveryMode.Email,
    daily: false,
  },
};

/** Hour of the day (Beijing time) at which daily kinds go out unless the person picks another. */
export const DEFAULT_DIGEST_HOUR = 8;
