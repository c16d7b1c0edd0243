import { BaseEntity, numericTransformer } from '@app/common';
import { Column, Entity, Index, JoinColumn, ManyToOne, Relation, VersionColumn } from 'typeorm';

import { CooperationMode, DemandKind, DemandSource, DemandStatus, MaturityStage } from '../domain';
import { Organisation } from '../organisation/organisation.entity';
import { RecordReturn } from '../record-return';

/** A manager's 退回修改 of a submission, as the owner enterprise reads it, with the 二次诊断. */
export interface DemandReturn extends RecordReturn {
  /** 二次诊断: what the enterprise should clarify or add. */
  diagnosis: string | null;
}

/** 技术需求: an enterprise's technical need. Contact and budget are confidential (owner, managers, admins). */
@Entity('demands')
@Index('ix_demands_status_created', ['status', 'createdAt'])
@Index('ix_demands_status_quality', ['status', 'qualityScore'])
// GIN index on the chain array, created by hand in the migration (TypeORM cannot declare GIN).
@Index('ix_demands_chains', { synchronize: false })
export class Demand extends BaseEntity {
  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  keywords: string[];

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  industryChainIds: string[];

  @Column({ type: 'text' })
  kind: DemandKind;

  /** 预期目标 */
  @Column({ type: 'text', default: '' })
  expectedOutcome: string;

  /** 技术指标 */
  @Column({ type: 'text', default: '' })
  technicalIndicators: string;

  @Column({ type: 'smallint', nullable: true })
  requiredTrl: number | null;

  @Column({ type: 'text', nullable: true })
  requiredStage: MaturityStage | null;

  /** The enterprise wants only achievements of its own industry chains (a hard filter in matching). */
  @Column({ type: 'boolean', default: false })
  chainRequired: boolean;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  cooperationModes: CooperationMode[];

  @Column({ type: 'date', nullable: true })
  deadline: string | null;

  @Column({ type: 'text', nullable: true })
  region: string | null;

  @Column({ type: 'text', default: DemandSource.OnlineForm })
  source: DemandSource;

  @Column({ type: 'text', default: DemandStatus.Draft })
  status: DemandStatus;

  @Index('ix_demands_owner')
  @Column({ type: 'uuid' })
  ownerOrganisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_organisation_id', foreignKeyConstraintName: 'fk_demands_owner_organisation' })
  ownerOrganisation?: Relation<Organisation>;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Column({ type: 'uuid', nullable: true })
  assignedManagerId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  // ---- confidential: never in public views, never in the search index ----

  /** 预算下限（万元） */
  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: numericTransformer })
  budgetMin: number | null;

  /** 预算上限（万元） */
  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: numericTransformer })
  budgetMax: number | null;

  @Column({ type: 'text', nullable: true })
  contactName: string | null;

  @Column({ type: 'text', nullable: true })
  contactPhone: string | null;

  @Column({ type: 'text', nullable: true })
  contactEmail: string | null;

  /** 保密说明: details the enterprise shares only with the platform's managers. */
  @Column({ type: 'text', nullable: true })
  confidentialNotes: string | null;

  /**
   * 需求质量 0–100 (rules in quality/demand-quality-rules.json), written with every content change so the review
   * queue can sort by it. Hints are derived when the demand is read.
   */
  @Column({ type: 'smallint', default: 0 })
  qualityScore: number;

  /** Version of the rule set `qualityScore` was computed with; rows of an older version are rescored at start. */
  @Column({ type: 'smallint', default: 0, select: false })
  qualityRulesVersion: number;

  /** The latest 退回修改: the manager's reason and 二次诊断 (what to clarify), shown to the owner with the demand. */
  @Column({ type: 'jsonb', nullable: true })
  lastReturn: DemandReturn | null;

  @VersionColumn()
  version: number;

  /**
   * Version the search index reflects (present or removed). Written only by the index sync with raw SQL, never by
   * TypeORM saves; the reconciler re-syncs every row where it differs from `version`.
   */
  @Column({ type: 'integer', nullable: true, insert: false, update: false, select: false })
  indexedVersion: number | null;

  /**
   * Version the stored suggestions reflect: written by the match job once it has run for the row (raw SQL only).
   * The matching reconciler re-queues every indexed row where it differs from `version`.
   */
  @Column({ type: 'integer', nullable: true, insert: false, update: false, select: false })
  matchedVersion: number | null;
}

export const DEMAND_CONFIDENTIAL_FIELDS = [
  'budgetMin',
  'budgetMax',
  'contactName',
  'contactPhone',
  'contactEmail',
  'confidentialNotes',
] as const satisfies readonly (keyof Demand)[];
