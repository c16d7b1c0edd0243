/** 融资需求: draft → published → matched (one offer accepted) → closed (放款 / 未成); withdrawn before a match. */
export enum FinancingNeedStatus {
  Draft = 'draft',
  Published = 'published',
  Matched = 'matched',
  Closed = 'closed',
  Withdrawn = 'withdrawn',
}

export const FINANCING_NEED_STATUS_LABELS: Record<FinancingNeedStatus, string> = {
  [FinancingNeedStatus.Draft]: '草稿',
  [FinancingNeedStatus.Published]: '银行答题中',
  [FinancingNeedStatus.Matched]: '已选定方案',
  [FinancingNeedStatus.Closed]: '已办结',
  [FinancingNeedStatus.Withdrawn]: '已撤回',
};

/** How a matched need ended: the loan was granted (放款) or not (未成). */
export enum FinancingOutcome {
  Granted = 'granted',
  Failed = 'failed',
}

export const FINANCING_OUTCOME_LABELS: Record<FinancingOutcome, string> = {
  [FinancingOutcome.Granted]: '已放款',
  [FinancingOutcome.Failed]: '未成',
};

/** 银行答题: a bank's product offer on a need; the enterprise accepts one, the others are not chosen. */
export enum FinancingOfferStatus {
  Submitted = 'submitted',
  Accepted = 'accepted',
  NotChosen = 'not_chosen',
}

export const FINANCING_OFFER_STATUS_LABELS: Record<FinancingOfferStatus, string> = {
  [FinancingOfferStatus.Submitted]: '待企业选择',
  [FinancingOfferStatus.Accepted]: '已被选定',
  [FinancingOfferStatus.NotChosen]: '未被选定',
};

/** 担保方式 the enterprise can offer. */
export enum CollateralKind {
  None = 'none',
  RealEstate = 'real_estate',
  Equipment = 'equipment',
  IntellectualProperty = 'intellectual_property',
  Receivables = 'receivables',
  Guarantee = 'guarantee',
}

export const COLLATERAL_KIND_LABELS: Record<CollateralKind, string> = {
  [CollateralKind.None]: '无抵押（信用）',
  [CollateralKind.RealEstate]: '房产土地抵押',
  [CollateralKind.Equipment]: '机器设备抵押',
  [CollateralKind.IntellectualProperty]: '知识产权质押',
  [CollateralKind.Receivables]: '应收账款质押',
  [CollateralKind.Guarantee]: '担保公司保证',
};
