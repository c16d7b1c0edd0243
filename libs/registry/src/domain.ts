/** Vocabulary of the registry: enums stored as text, with their Chinese labels for people. */

export enum OrganisationKind {
  Enterprise = 'enterprise',
  University = 'university',
  Agency = 'agency',
  /** 银行: answers enterprises' financing needs with loan products. */
  Bank = 'bank',
}

export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, string> = {
  [OrganisationKind.Enterprise]: '企业',
  [OrganisationKind.University]: '高校院所',
  [OrganisationKind.Agency]: '技术转移服务机构',
  [OrganisationKind.Bank]: '银行',
};

export enum TierFlag {
  TechSme = 'tech_sme',
  HighTech = 'high_tech',
  Gazelle = 'gazelle',
  Specialized = 'specialized',
  UnicornCandidate = 'unicorn_candidate',
  Leading = 'leading',
}

export const TIER_FLAG_LABELS: Record<TierFlag, string> = {
  [TierFlag.TechSme]: '科技型中小企业',
  [TierFlag.HighTech]: '高新技术企业',
  [TierFlag.Gazelle]: '瞪羚企业',
  [TierFlag.Specialized]: '专精特新企业',
  [TierFlag.UnicornCandidate]: '独角兽培育企业',
  [TierFlag.Leading]: '龙头企业',
};

export interface TierFlagGrant {
  flag: TierFlag;
  /** ISO date the title was granted: indicators count it in that year. */
  grantedOn: string;
}

export enum DemandKind {
  Major = 'major',
  Chain = 'chain',
}

export const DEMAND_KIND_LABELS: Record<DemandKind, string> = {
  [DemandKind.Major]: '重大需求',
  [DemandKind.Chain]: '产业链技术需求',
};

export enum DemandStatus {
  Draft = 'draft',
  Submitted = 'submitted',
  Published = 'published',
  InProgress = 'in_progress',
  Solved = 'solved',
  Closed = 'closed',
}

export const DEMAND_STATUS_LABELS: Record<DemandStatus, string> = {
  [DemandStatus.Draft]: '草稿',
  [DemandStatus.Submitted]: '已提交待审核',
  [DemandStatus.Published]: '已发布',
  [DemandStatus.InProgress]: '对接中',
  [DemandStatus.Solved]: '已解决',
  [DemandStatus.Closed]: '已关闭',
};

export enum DemandSource {
  OnlineForm = 'online_form',
  LeadingEnterpriseVisit = 'leading_enterprise_visit',
  Import = 'import',
}

export enum CooperationMode {
  Transfer = 'transfer',
  Licence = 'licence',
  JointDevelopment = 'joint_development',
  CommissionedRd = 'commissioned_rd',
  OpenCompetition = 'open_competition',
  Equity = 'equity',
}

export const COOPERATION_MODE_LABELS: Record<CooperationMode, string> = {
  [CooperationMode.Transfer]: '技术转让',
  [CooperationMode.Licence]: '许可使用',
  [CooperationMode.JointDevelopment]: '合作开发',
  [CooperationMode.CommissionedRd]: '委托研发',
  [CooperationMode.OpenCompetition]: '揭榜挂帅',
  [CooperationMode.Equity]: '作价入股',
};

export enum MaturityStage {
  Lab = 'lab',
  SmallPilot = 'small_pilot',
  Pilot = 'pilot',
  Industrial = 'industrial',
}

export const MATURITY_STAGE_LABELS: Record<MaturityStage, string> = {
  [MaturityStage.Lab]: '实验室',
  [MaturityStage.SmallPilot]: '小试',
  [MaturityStage.Pilot]: '中试',
  [MaturityStage.Industrial]: '产业化',
};

/** TRL 1–3 实验室, 4–5 小试, 6–7 中试, 8–9 产业化. */
export function stageForTrl(trl: number): MaturityStage {
  if (trl <= 3) return MaturityStage.Lab;
  if (trl <= 5) return MaturityStage.SmallPilot;
  if (trl <= 7) return MaturityStage.Pilot;
  return MaturityStage.Industrial;
}

/** The lowest TRL of a stage, used when only the Chinese stage is known. */
export const STAGE_MIN_TRL: Record<MaturityStage, number> = {
  [MaturityStage.Lab]: 1,
  [MaturityStage.SmallPilot]: 4,
  [MaturityStage.Pilot]: 6,
  [MaturityStage.Industrial]: 8,
};

export enum AchievementStatus {
  Draft = 'draft',
  Submitted = 'submitted',
  Published = 'published',
  Transferred = 'transferred',
  Withdrawn = 'withdrawn',
}

export const ACHIEVEMENT_STATUS_LABELS: Record<AchievementStatus, string> = {
  [AchievementStatus.Draft]: '草稿',
  [AchievementStatus.Submitted]: '已提交待审核',
  [AchievementStatus.Published]: '已发布',
  [AchievementStatus.Transferred]: '已转化',
  [AchievementStatus.Withdrawn]: '已撤回',
};

export enum IpType {
  InventionPatent = 'invention_patent',
  UtilityModel = 'utility_model',
  DesignPatent = 'design_patent',
  SoftwareCopyright = 'software_copyright',
  IntegratedCircuitLayout = 'ic_layout',
  PlantVariety = 'plant_variety',
  KnowHow = 'know_how',
  Other = 'other',
}

export const IP_TYPE_LABELS: Record<IpType, string> = {
  [IpType.InventionPatent]: '发明专利',
  [IpType.UtilityModel]: '实用新型专利',
  [IpType.DesignPatent]: '外观设计专利',
  [IpType.SoftwareCopyright]: '软件著作权',
  [IpType.IntegratedCircuitLayout]: '集成电路布图设计',
  [IpType.PlantVariety]: '植物新品种',
  [IpType.KnowHow]: '技术秘密',
  [IpType.Other]: '其他',
};

export enum IpStatus {
  Applied = 'applied',
  Granted = 'granted',
  Expired = 'expired',
  None = 'none',
}
