import { BaseEntity, numericTransformer } from '@app/common';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
  VersionColumn,
} from 'typeorm';

import { ManagerProfile } from '../profile/manager-profile.entity';
import { CriterionScore, EvaluationSubject, ScoringModel, SubjectFacts } from './scoring-model';

export enum EvaluationStatus {
  Draft = 'draft',
  Published = 'published',
}

export const EVALUATION_STATUS_LABELS: Record<EvaluationStatus, string> = {
  [EvaluationStatus.Draft]: '草稿（可重新计算）',
  [EvaluationStatus.Published]: '已发布',
};

/**
 * One evaluation period (a year or a half-year) with the models it was computed with. A draft is recomputed at
 * will; publishing freezes it: its results are a snapshot no later record changes.
 */
@Entity('evaluation_periods')
@Index('uq_evaluation_periods_key', ['periodKey'], { unique: true })
export class EvaluationPeriod extends BaseEntity {
  /** 2026, 2026H1 or 2026H2 */
  @Column({ type: 'text' })
  periodKey: string;

  @Column({ type: 'date' })
  startOn: string;

  @Column({ type: 'date' })
  endOn: string;

  @Column({ type: 'text', default: EvaluationStatus.Draft })
  status: EvaluationStatus;

  /** The models the results were computed with (copied, so a later change of the lib's JSON leaves them alone). */
  @Column({ type: 'jsonb' })
  models: Record<EvaluationSubject, ScoringModel>;

  @Column({ type: 'timestamptz' })
  computedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  computedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  publishedById: string | null;

  @VersionColumn()
  version: number;
}

/** One subject's sheet in a period: every criterion's raw value, normalised score and contribution, total, grade. */
@Entity('evaluation_results')
@Index('uq_evaluation_results_subject', ['periodId', 'subjectKind', 'subjectId'], { unique: true })
export class EvaluationResult {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  periodId: string;

  @ManyToOne(() => EvaluationPeriod, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'period_id', foreignKeyConstraintName: 'fk_evaluation_results_period' })
  period?: Relation<EvaluationPeriod>;

  @Column({ type: 'text' })
  subjectKind: EvaluationSubject;

  /** A manager profile's id or a transfer agency's id. */
  @Column({ type: 'uuid' })
  subjectId: string;

  /** The name when computed (kept with the snapshot). */
  @Column({ type: 'text' })
  subjectName: string;

  /** The manager's account (managers only): who may read the sheet as their own. */
  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'integer' })
  rank: number;

  @Column({ type: 'numeric', precision: 6, scale: 2, transformer: numericTransformer })
  total: number;

  @Column({ type: 'text' })
  grade: string;

  @Column({ type: 'text' })
  gradeLabel: string;

  @Column({ type: 'jsonb' })
  criteria: CriterionScore[];

  @Column({ type: 'jsonb' })
  facts: SubjectFacts;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** What an enterprise rated: a service record about it, or a contracted match of its demand. */
export enum RatedRecordKind {
  ServiceRecord = 'service_record',
  Match = 'match',
}

export const RATED_RECORD_KIND_LABELS: Record<RatedRecordKind, string> = {
  [RatedRecordKind.ServiceRecord]: '服务记录',
  [RatedRecordKind.Match]: '签约项目',
};

/** An enterprise's rating (1–5, with a comment) of a manager's service: one per (enterprise, record). */
@Entity('service_ratings')
@Index('uq_service_ratings_record', ['organisationId', 'recordKind', 'recordId'], { unique: true })
@Index('ix_service_ratings_manager', ['managerProfileId', 'createdAt'])
@Check('ck_service_ratings_score', '"score" BETWEEN 1 AND 5')
export class ServiceRating {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  managerProfileId: string;

  @ManyToOne(() => ManagerProfile, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'manager_profile_id', foreignKeyConstraintName: 'fk_service_ratings_manager_profile' })
  managerProfile?: Relation<ManagerProfile>;

  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'text' })
  recordKind: RatedRecordKind;

  @Column({ type: 'uuid' })
  recordId: string;

  @Column({ type: 'integer' })
  score: number;

  @Column({ type: 'text', default: '' })
  comment: string;

  @Column({ type: 'uuid', nullable: true })
  ratedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
