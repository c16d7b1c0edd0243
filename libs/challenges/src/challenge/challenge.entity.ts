import { BaseEntity, numericTransformer } from '@app/common';
import { Column, Entity, Index, VersionColumn } from 'typeorm';

import {
  AcceptanceIndicator,
  ChallengeMechanism,
  ChallengeStatus,
  Eligibility,
  ProgrammeLine,
  ReviewCriterion,
} from './challenge.domain';

/**
 * 榜单: a challenge call written by a technology manager for an enterprise (出榜方), from one of its published major
 * demands or directly. Amounts in 万元. The call is public from publication on; bids, reviews and the funding split
 * are not (see challenge.access.ts).
 */
@Entity('challenges')
@Index('ix_challenges_status_deadline', ['status', 'bidDeadline'])
@Index('ix_challenges_enterprise', ['enterpriseOrganisationId'])
export class Challenge extends BaseEntity {
  @Column({ type: 'text' })
  title: string;

  /** The problem to solve (榜单内容). */
  @Column({ type: 'text' })
  problem: string;

  /** The published major demand (重大需求) the call was written from, if any. */
  @Index('ix_challenges_source_demand')
  @Column({ type: 'uuid', nullable: true })
  sourceDemandId: string | null;

  /** The enterprise that sets the challenge (出榜方). */
  @Column({ type: 'uuid' })
  enterpriseOrganisationId: string;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  industryChainIds: string[];

  /** 验收指标: quantified goals the winning project is accepted against. */
  @Column({ type: 'jsonb' })
  indicators: AcceptanceIndicator[];

  @Column({ type: 'text' })
  mechanism: ChallengeMechanism;

  /** 赛马制: the number of teams funded in parallel. */
  @Column({ type: 'smallint', nullable: true })
  raceTeams: number | null;

  /** 定向委托: the only institution that may bid. */
  @Column({ type: 'uuid', nullable: true })
  directedInstitutionId: string | null;

  @Column({ type: 'text', default: ProgrammeLine.MajorTransfer })
  programmeLine: ProgrammeLine;

  /** 榜额 (万元) = enterpriseShare + governmentShare. */
  @Column({ type: 'numeric', precision: 12, scale: 2, transformer: numericTransformer })
  fundingTotal: number;

  @Column({ type: 'numeric', precision: 12, scale: 2, transformer: numericTransformer })
  enterpriseShare: number;

  @Column({ type: 'numeric', precision: 12, scale: 2, transformer: numericTransformer })
  governmentShare: number;

  @Column({ type: 'jsonb' })
  eligibility: Eligibility;

  @Column({ type: 'timestamptz' })
  bidDeadline: Date;

  /** Review criteria with weights summing to 100. */
  @Column({ type: 'jsonb' })
  criteria: ReviewCriterion[];

  /** The technology manager responsible for the call. */
  @Index('ix_challenges_manager')
  @Column({ type: 'uuid' })
  managerUserId: string;

  @Column({ type: 'text', default: ChallengeStatus.Draft })
  status: ChallengeStatus;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewStartedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  awardedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @VersionColumn()
  version: number;

  /**
   * Version the search index reflects (present or removed). Written only by the index sync with raw SQL, never by
   * TypeORM saves; the search reconciler re-syncs every row where it differs from `version`.
   */
  @Column({ type: 'integer', nullable: true, insert: false, update: false, select: false })
  indexedVersion: number | null;
}
