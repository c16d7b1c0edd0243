import { BaseEntity, numericTransformer } from '@app/common';
import { Achievement, CooperationMode, Demand } from '@app/registry';
import { Column, Entity, Index, JoinColumn, ManyToOne, Relation, VersionColumn } from 'typeorm';

export enum MatchStatus {
  Suggested = 'suggested',
  Confirmed = 'confirmed',
  Contacted = 'contacted',
  Negotiating = 'negotiating',
  Contracted = 'contracted',
  Rejected = 'rejected',
}

export const MATCH_STATUS_LABELS: Record<MatchStatus, string> = {
  [MatchStatus.Suggested]: '系统推荐',
  [MatchStatus.Confirmed]: '精准匹配',
  [MatchStatus.Contacted]: '已对接',
  [MatchStatus.Negotiating]: '洽谈中',
  [MatchStatus.Contracted]: '已签约',
  [MatchStatus.Rejected]: '已否决',
};

export enum RejectReason {
  TechMismatch = 'tech_mismatch',
  Immature = 'immature',
  Price = 'price',
  CooperationMode = 'cooperation_mode',
  SolvedElsewhere = 'solved_elsewhere',
  Unreachable = 'unreachable',
  Duplicate = 'duplicate',
  Other = 'other',
}

export const REJECT_REASON_LABELS: Record<RejectReason, string> = {
  [RejectReason.TechMismatch]: '技术方向不匹配',
  [RejectReason.Immature]: '成果成熟度不足',
  [RejectReason.Price]: '价格或预算不合适',
  [RejectReason.CooperationMode]: '合作方式不一致',
  [RejectReason.SolvedElsewhere]: '需求已通过其他途径解决',
  [RejectReason.Unreachable]: '无法联系到对方',
  [RejectReason.Duplicate]: '重复推荐',
  [RejectReason.Other]: '其他',
};

/** The demand owner's reaction to a suggestion (有意向 / 不合适). Not a pipeline step: 精准匹配 stays a manager's call. */
export enum MatchInterest {
  Interested = 'interested',
  NotInterested = 'not_interested',
}

export const MATCH_INTEREST_LABELS: Record<MatchInterest, string> = {
  [MatchInterest.Interested]: '有意向',
  [MatchInterest.NotInterested]: '不合适',
};

export enum InterestReason {
  TechMismatch = 'tech_mismatch',
  Immature = 'immature',
  Price = 'price',
  CooperationMode = 'cooperation_mode',
  SolvedElsewhere = 'solved_elsewhere',
  NotNow = 'not_now',
  Other = 'other',
}

export const INTEREST_REASON_LABELS: Record<InterestReason, string> = {
  [InterestReason.TechMismatch]: '技术方向不符',
  [InterestReason.Immature]: '成果成熟度不够',
  [InterestReason.Price]: '价格或投入不合适',
  [InterestReason.CooperationMode]: '合作方式不合适',
  [InterestReason.SolvedElsewhere]: '需求已通过其他途径解决',
  [InterestReason.NotNow]: '暂无合作计划',
  [InterestReason.Other]: '其他',
};

export interface FactorContribution {
  /** Raw feature value in [0, 1]. */
  value: number;
  /** Configured weight. */
  weight: number;
  /** The factor's share of the score (value × weight; a business factor's also × the explanation's confidence). */
  contribution: number;
  /** Chinese sentence a technology manager can read. */
  note: string;
}

export interface MatchExplanation {
  matchedTerms: string[];
  factors: Record<string, FactorContribution>;
  /**
   * How on-topic the best candidate of the query was (its absolute text similarity, capped at 1). The score is the
   * sum of contributions times this, so scores compare across demands and directions.
   */
  confidence?: number;
  /**
   * Absolute text relevance in [0, 1] (relevance within the pool × confidence): the text factor's value and the
   * number its note shows. Absent on explanations stored before it existed (their text value was the relevance
   * within the pool; see matchStrength).
   */
  strength?: number;
  summary: string;
}

/**
 * One demand × achievement pair. Engine suggestions are upserted (never duplicated: unique pair); a human decision
 * (confirm, contact, negotiate, contract, reject) is kept through any recomputation, which only refreshes the score.
 */
@Entity('matches')
@Index('uq_matches_pair', ['demandId', 'achievementId'], { unique: true })
@Index('ix_matches_achievement', ['achievementId', 'status'])
@Index('ix_matches_status', ['status', 'updatedAt'])
@Index('ix_matches_interest', ['interest', 'updatedAt'], { where: 'interest IS NOT NULL' })
export class Match extends BaseEntity {
  @Column({ type: 'uuid' })
  demandId: string;

  @Column({ type: 'uuid' })
  achievementId: string;

  @ManyToOne(() => Demand, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'demand_id', foreignKeyConstraintName: 'fk_matches_demand' })
  demand?: Relation<Demand>;

  @ManyToOne(() => Achievement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'achievement_id', foreignKeyConstraintName: 'fk_matches_achievement' })
  achievement?: Relation<Achievement>;

  @Column({ type: 'text', default: MatchStatus.Suggested })
  status: MatchStatus;

  @Column({ type: 'real', default: 0 })
  score: number;

  /** Rank among the demand's suggestions when last computed (1 = best). */
  @Column({ type: 'integer', nullable: true })
  rank: number | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  explanation: MatchExplanation;

  /** engine (computed) or manual (added by a manager). */
  @Column({ type: 'text', default: 'engine' })
  origin: 'engine' | 'manual';

  @Column({ type: 'timestamptz', nullable: true })
  computedAt: Date | null;

  /**
   * Kept by a person's curation (the pair is on an activity's match list): recomputation and catalogue changes
   * never remove a pinned suggestion, so a curated or presented list does not lose pairs behind the organiser's back.
   */
  @Column({ type: 'boolean', default: false })
  pinned: boolean;

  /** First confirmation (精准匹配); kept even if the pair is later rejected, so the indicator counts a pair once. */
  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  confirmedById: string | null;

  /** 签约日期: the contract's date (a past date is stored as Beijing midnight of that day), set by `contract`. */
  @Column({ type: 'timestamptz', nullable: true })
  contractedAt: Date | null;

  /** 合同金额（万元）; null when not disclosed. */
  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: numericTransformer })
  contractAmount: number | null;

  /** 合作方式 of the contract (技术转让, 许可使用, 合作开发…); transfer and licence mark the achievement transferred. */
  @Column({ type: 'text', nullable: true })
  contractMode: CooperationMode | null;

  @Column({ type: 'text', nullable: true })
  rejectReason: RejectReason | null;

  @Column({ type: 'text', nullable: true })
  rejectNote: string | null;

  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  // ---- the demand owner's interest: visible to staff and the owner enterprise only ----

  @Column({ type: 'text', nullable: true })
  interest: MatchInterest | null;

  @Column({ type: 'text', nullable: true })
  interestReason: InterestReason | null;

  @Column({ type: 'text', nullable: true })
  interestNote: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  interestAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  interestById: string | null;

  @VersionColumn()
  version: number;
}
