import { BaseEntity, numericTransformer } from '@app/common';
import { Column, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

/**
 * One counted thing of an observed indicator (a published demand, a held activity, a confirmed pair…), derived
 * from the records by the indicator's counting rule. Unique per indicator, subject and year: replays and
 * recomputations upsert, never add.
 */
@Entity('indicator_facts')
@Index('uq_indicator_facts_subject', ['indicatorKey', 'subjectId', 'year'], { unique: true })
@Index('ix_indicator_facts_key_date', ['indicatorKey', 'occurredAt'])
export class IndicatorFact {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'text' })
  indicatorKey: string;

  @Column({ type: 'text' })
  subjectType: string;

  @Column({ type: 'uuid' })
  subjectId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  /** Calendar year in Beijing time of `occurredAt`. */
  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  chainIds: string[];

  @Column({ type: 'text', nullable: true })
  district: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}

/** A yearly target of an indicator; seeded from the plan, corrected by admins (each change is an event). */
@Entity('indicator_targets')
@Index('uq_indicator_targets_year', ['indicatorKey', 'year'], { unique: true })
export class IndicatorTarget extends BaseEntity {
  @Column({ type: 'text' })
  indicatorKey: string;

  /** A plan year, or 0 for the whole-period target (e.g. 国家科学技术奖 1～2 over 2025–2027). */
  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'numeric', precision: 14, scale: 2, transformer: numericTransformer })
  value: number;

  /** Upper end of a range target ("1～2"). */
  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: numericTransformer })
  valueMax: number | null;

  @VersionColumn()
  version: number;
}

export enum ReportStatus {
  Submitted = 'submitted',
  Approved = 'approved',
  Rejected = 'rejected',
}

export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  [ReportStatus.Submitted]: '待审核',
  [ReportStatus.Approved]: '已审核',
  [ReportStatus.Rejected]: '已驳回',
};

/**
 * A figure the platform cannot observe (labs, awards, floor space…), reported with evidence and reviewed by an
 * admin. Only approved reports count; they are always shown as reported, never blended into computed figures.
 */
@Entity('indicator_reports')
@Index('ix_indicator_reports_key_year', ['indicatorKey', 'year', 'status'])
export class IndicatorReport extends BaseEntity {
  @Column({ type: 'text' })
  indicatorKey: string;

  @Column({ type: 'integer' })
  year: number;

  /** The figure for that year as of `asOf` (annual: the year's count so far; cumulative: the level). */
  @Column({ type: 'numeric', precision: 14, scale: 2, transformer: numericTransformer })
  value: number;

  @Column({ type: 'date' })
  asOf: string;

  @Column({ type: 'text' })
  evidence: string;

  @Column({ type: 'uuid', nullable: true })
  evidenceFileId: string | null;

  @Column({ type: 'text', default: ReportStatus.Submitted })
  status: ReportStatus;

  @Column({ type: 'uuid', nullable: true })
  authorId: string | null;

  @Column({ type: 'uuid', nullable: true })
  reviewerId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  reviewNote: string | null;

  @VersionColumn()
  version: number;
}
