/** Vocabulary of 揭榜挂帅: enums stored as text, with their Chinese labels for people. */

export enum ChallengeMechanism {
  /** 揭榜挂帅: open call, one winner. */
  OpenCall = 'open_call',
  /** 赛马制: several teams in parallel (raceTeams), eliminated at mid-term until one remains. */
  HorseRace = 'horse_race',
  /** 定向委托: commissioned to one named institution. */
  Directed = 'directed',
}

export const CHALLENGE_MECHANISM_LABELS: Record<ChallengeMechanism, string> = {
  [ChallengeMechanism.OpenCall]: '揭榜挂帅',
  [ChallengeMechanism.HorseRace]: '赛马制',
  [ChallengeMechanism.Directed]: '定向委托',
};

export enum ChallengeStatus {
  Draft = 'draft',
  Published = 'published',
  Closed = 'closed',
  UnderReview = 'under_review',
  Awarded = 'awarded',
  Completed = 'completed',
  Cancelled = 'cancelled',
}

export const CHALLENGE_STATUS_LABELS: Record<ChallengeStatus, string> = {
  [ChallengeStatus.Draft]: '草稿',
  [ChallengeStatus.Published]: '揭榜中',
  [ChallengeStatus.Closed]: '已截止揭榜',
  [ChallengeStatus.UnderReview]: '专家评审中',
  [ChallengeStatus.Awarded]: '已定榜',
  [ChallengeStatus.Completed]: '已完成',
  [ChallengeStatus.Cancelled]: '已撤榜',
};

/** Statuses in which a call is public (portal, anonymous readers, every signed-in user). */
export const PUBLIC_CHALLENGE_STATUSES: ChallengeStatus[] = [
  ChallengeStatus.Published,
  ChallengeStatus.Closed,
  ChallengeStatus.UnderReview,
  ChallengeStatus.Awarded,
  ChallengeStatus.Completed,
];

/** Kinds of institution a call admits as (lead) bidder. Values are the registry's organisation kinds. */
export enum BidderKind {
  Enterprise = 'enterprise',
  University = 'university',
}

export const BIDDER_KIND_LABELS: Record<BidderKind, string> = {
  [BidderKind.Enterprise]: '企业',
  [BidderKind.University]: '高校院所',
};

/** 攻关项目 programme lines (rows 6, 7 and 10 of the plan's table count projects by line). */
export enum ProgrammeLine {
  MajorTransfer = 'major_transfer',
  Excellent = 'excellent',
  KeyRd = 'key_rd',
}

export const PROGRAMME_LINE_LABELS: Record<ProgrammeLine, string> = {
  [ProgrammeLine.MajorTransfer]: '揭榜挂帅重大科技成果转化项目',
  [ProgrammeLine.Excellent]: '祖冲之攻关计划优秀项目',
  [ProgrammeLine.KeyRd]: '产业前瞻与关键核心技术重点研发项目',
};

/** One quantified acceptance indicator of a call (指标名称/目标值/单位/检测方法). */
export interface AcceptanceIndicator {
  name: string;
  target: string;
  unit: string;
  method: string;
}

/** One review criterion and its weight (the weights of a call sum to 100). */
export interface ReviewCriterion {
  name: string;
  weight: number;
}

/** Who may bid on a call. */
export interface Eligibility {
  institutionKinds: BidderKind[];
  /** Region requirement as published (e.g. 不限, 长三角地区); shown to bidders, checked by the reviewers. */
  region: string | null;
  consortiumAllowed: boolean;
  /** Free-text conditions (资质、业绩…), shown to bidders. */
  notes: string | null;
}

export enum BidStatus {
  Submitted = 'submitted',
  Withdrawn = 'withdrawn',
  Awarded = 'awarded',
  NotAwarded = 'not_awarded',
}

export const BID_STATUS_LABELS: Record<BidStatus, string> = {
  [BidStatus.Submitted]: '已提交',
  [BidStatus.Withdrawn]: '已撤回',
  [BidStatus.Awarded]: '已揭榜',
  [BidStatus.NotAwarded]: '未入选',
};

/** A member organisation of a consortium bid (创新联合体, 「项目+课题」: the lead holds the project, members 课题). */
export interface BidMember {
  organisationId: string;
  /** Its part, e.g. 课题二承担单位. */
  role: string;
}

export interface BidTeamMember {
  name: string;
  title: string;
  /** Organisation name as written by the bidder (members of a consortium come from several). */
  organisation: string | null;
}

export interface BidTeam {
  lead: BidTeamMember;
  members: BidTeamMember[];
}

/** A milestone of a bid's plan: a date, what is delivered. */
/** A stored file attached to a bid (方案附件) or to a milestone report (佐证材料); the content is in stored_files. */
export interface ChallengeFileRef {
  fileId: string;
  filename: string;
  contentType: string;
  size: number;
  uploadedAt: string;
  uploadedById: string | null;
}

/**
 * A file reference as a reader sees it: who uploaded it (a user id) only for `reveal` readers — staff and the
 * record's own organisations; everyone else who may read the record reads the file without its uploader.
 */
export function fileRefFor(ref: ChallengeFileRef, reveal: boolean): ChallengeFileRef {
  return reveal ? ref : { ...ref, uploadedById: null };
}

/** At most this many files per bid and per milestone. */
export const MAX_CHALLENGE_FILES = 10;

export interface BidMilestone {
  title: string;
  dueDate: string;
  deliverable: string;
}

export enum ProjectStatus {
  Running = 'running',
  Eliminated = 'eliminated',
  Accepted = 'accepted',
  Failed = 'failed',
}

export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  [ProjectStatus.Running]: '实施中',
  [ProjectStatus.Eliminated]: '中期淘汰',
  [ProjectStatus.Accepted]: '验收通过',
  [ProjectStatus.Failed]: '验收未通过',
};

export enum MilestoneStatus {
  Pending = 'pending',
  Accepted = 'accepted',
}

export const MILESTONE_STATUS_LABELS: Record<MilestoneStatus, string> = {
  [MilestoneStatus.Pending]: '待验收',
  [MilestoneStatus.Accepted]: '已验收',
};

export interface ProjectMilestone {
  title: string;
  dueDate: string;
  deliverable: string;
  status: MilestoneStatus;
  /** The report the manager accepted (what was delivered). */
  note: string | null;
  acceptedAt: string | null;
  acceptedById: string | null;
  /** Evidence files of the milestone report (absent on milestones stored before evidence existed). */
  evidence?: ChallengeFileRef[];
}

/** The final acceptance (验收): each indicator's measured value against its target. */
export interface ProjectAcceptance {
  passed: boolean;
  note: string | null;
  measured: Array<{ name: string; target: string; unit: string; value: string; met: boolean | null }>;
}

export enum ConsortiumStatus {
  Active = 'active',
  Dissolved = 'dissolved',
}

export const CONSORTIUM_STATUS_LABELS: Record<ConsortiumStatus, string> = {
  [ConsortiumStatus.Active]: '运行中',
  [ConsortiumStatus.Dissolved]: '已解散',
};
