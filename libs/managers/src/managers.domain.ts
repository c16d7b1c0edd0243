/** Vocabulary of the managers context: enums stored as text, with their Chinese labels for people. */

/** Where a technology manager (技术经理人) works from. */
export enum AffiliationKind {
  /** 技术转移服务机构 */
  Agency = 'agency',
  /** 驻校: a partner university's 昆山成果转化办公室 */
  University = 'university',
  /** 工研院 */
  Institute = 'institute',
  /** 区镇 */
  District = 'district',
}

export const AFFILIATION_KIND_LABELS: Record<AffiliationKind, string> = {
  [AffiliationKind.Agency]: '技术转移服务机构',
  [AffiliationKind.University]: '驻校',
  [AffiliationKind.Institute]: '工研院',
  [AffiliationKind.District]: '区镇',
};

export enum CertificateLevel {
  Junior = 'junior',
  Intermediate = 'intermediate',
  Senior = 'senior',
}

export const CERTIFICATE_LEVEL_LABELS: Record<CertificateLevel, string> = {
  [CertificateLevel.Junior]: '初级',
  [CertificateLevel.Intermediate]: '中级',
  [CertificateLevel.Senior]: '高级',
};

export enum ProfileStatus {
  Active = 'active',
  Deactivated = 'deactivated',
}

export const PROFILE_STATUS_LABELS: Record<ProfileStatus, string> = {
  [ProfileStatus.Active]: '在岗',
  [ProfileStatus.Deactivated]: '已停用',
};

/** What a technology-transfer agency offers (服务范围). */
export enum ServiceScope {
  TechTransfer = 'tech_transfer',
  IntellectualProperty = 'intellectual_property',
  Finance = 'finance',
  Legal = 'legal',
  Evaluation = 'evaluation',
  Incubation = 'incubation',
  Training = 'training',
}

export const SERVICE_SCOPE_LABELS: Record<ServiceScope, string> = {
  [ServiceScope.TechTransfer]: '技术转移转化',
  [ServiceScope.IntellectualProperty]: '知识产权运营',
  [ServiceScope.Finance]: '投融资服务',
  [ServiceScope.Legal]: '法律服务',
  [ServiceScope.Evaluation]: '技术评估评价',
  [ServiceScope.Incubation]: '孵化服务',
  [ServiceScope.Training]: '培训服务',
};

/** An agency is registered on the platform, then filed (备案) with its filing details; a filing can be revoked. */
export enum AgencyStatus {
  Registered = 'registered',
  Filed = 'filed',
  Revoked = 'revoked',
}

export const AGENCY_STATUS_LABELS: Record<AgencyStatus, string> = {
  [AgencyStatus.Registered]: '已登记（未备案）',
  [AgencyStatus.Filed]: '已备案',
  [AgencyStatus.Revoked]: '备案已撤销',
};

/** 一对一 service of a leading enterprise, or 驻校 at a partner university. */
export enum AssignmentKind {
  Enterprise = 'enterprise',
  University = 'university',
}

export const ASSIGNMENT_KIND_LABELS: Record<AssignmentKind, string> = {
  [AssignmentKind.Enterprise]: '龙头企业一对一服务',
  [AssignmentKind.University]: '驻校服务',
};

export enum AssignmentStatus {
  Active = 'active',
  Ended = 'ended',
}

export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  [AssignmentStatus.Active]: '服务中',
  [AssignmentStatus.Ended]: '已结束',
};

export enum ServiceRecordKind {
  Visit = 'visit',
  Call = 'call',
  RoadmapWorkshop = 'roadmap_workshop',
  NeedMining = 'need_mining',
  /** 合作协议签署: counts for a university's close cooperation when the signed agreement is attached. */
  Agreement = 'agreement',
}

export const SERVICE_RECORD_KIND_LABELS: Record<ServiceRecordKind, string> = {
  [ServiceRecordKind.Visit]: '走访',
  [ServiceRecordKind.Call]: '电话沟通',
  [ServiceRecordKind.RoadmapWorkshop]: '技术路线图研讨',
  [ServiceRecordKind.NeedMining]: '需求挖掘',
  [ServiceRecordKind.Agreement]: '合作协议签署',
};

/** The four-part system of a training camp (培训、实践、评价、激励): sessions are training or practice. */
export enum SessionKind {
  Training = 'training',
  Practice = 'practice',
}

export const SESSION_KIND_LABELS: Record<SessionKind, string> = {
  [SessionKind.Training]: '培训',
  [SessionKind.Practice]: '实践',
};

export enum CampStatus {
  Open = 'open',
  Closed = 'closed',
}

export const CAMP_STATUS_LABELS: Record<CampStatus, string> = {
  [CampStatus.Open]: '进行中',
  [CampStatus.Closed]: '已结营',
};

/** 评价: a participant's assessment result. */
export enum AssessmentResult {
  Excellent = 'excellent',
  Pass = 'pass',
  Fail = 'fail',
}

export const ASSESSMENT_RESULT_LABELS: Record<AssessmentResult, string> = {
  [AssessmentResult.Excellent]: '优秀',
  [AssessmentResult.Pass]: '合格',
  [AssessmentResult.Fail]: '不合格',
};
