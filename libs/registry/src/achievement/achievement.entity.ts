import { BaseEntity, numericTransformer } from '@app/common';
import { Column, Entity, Index, JoinColumn, ManyToOne, Relation, VersionColumn } from 'typeorm';

import { AchievementStatus, CooperationMode, IpStatus, IpType, MaturityStage } from '../domain';
import { Organisation } from '../organisation/organisation.entity';
import { RecordReturn } from '../record-return';

/** The latest 退回修改 of an achievement: the manager's reason, when and by whom (no 二次诊断). */
export type AchievementReturn = RecordReturn;

/** 科技成果: a university's patent, prototype or know-how, curated by technology managers. */
@Entity('achievements')
@Index('ix_achievements_status_created', ['status', 'createdAt'])
// GIN indexes created by hand in the migration (TypeORM cannot declare GIN).
@Index('ix_achievements_chains', { synchronize: false })
@Index('ix_achievements_patent_numbers', { synchronize: false })
export class Achievement extends BaseEntity {
  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  abstract: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  keywords: string[];

  @Index('ix_achievements_institution')
  @Column({ type: 'uuid' })
  institutionId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'institution_id', foreignKeyConstraintName: 'fk_achievements_institution' })
  institution?: Relation<Organisation>;

  /** 团队 (leader and members as written by the institution) */
  @Column({ type: 'text', default: '' })
  team: string;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  industryChainIds: string[];

  @Column({ type: 'smallint', nullable: true })
  trl: number | null;

  @Column({ type: 'text', nullable: true })
  stage: MaturityStage | null;

  @Column({ type: 'text', nullable: true })
  ipType: IpType | null;

  @Column({ type: 'text', nullable: true })
  ipStatus: IpStatus | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  patentNumbers: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  transferModes: CooperationMode[];

  /** 意向价格（万元）; null = 面议 */
  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: numericTransformer })
  askingPrice: number | null;

  /** 应用场景 */
  @Column({ type: 'text', default: '' })
  applicationScenarios: string;

  @Column({ type: 'text', default: AchievementStatus.Draft })
  status: AchievementStatus;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Column({ type: 'uuid', nullable: true })
  managerId: string | null;

  /** Where an imported record came from: file name and row. */
  @Column({ type: 'text', nullable: true })
  sourceFile: string | null;

  @Column({ type: 'integer', nullable: true })
  sourceRow: number | null;

  // ---- restricted: contact person of the team, shown to staff and the holder institution ----

  @Column({ type: 'text', nullable: true })
  contactName: string | null;

  @Column({ type: 'text', nullable: true })
  contactPhone: string | null;

  @Column({ type: 'text', nullable: true })
  contactEmail: string | null;

  /** The latest 退回修改: the manager's reason, shown to the holder institution with the achievement. */
  @Column({ type: 'jsonb', nullable: true })
  lastReturn: AchievementReturn | null;

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

export const ACHIEVEMENT_RESTRICTED_FIELDS = [
  'contactName',
  'contactPhone',
  'contactEmail',
  'sourceFile',
  'sourceRow',
  'lastReturn',
] as const satisfies readonly (keyof Achievement)[];
