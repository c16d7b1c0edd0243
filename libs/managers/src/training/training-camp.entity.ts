import { BaseEntity, numericTransformer } from '@app/common';
import {
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

import { AssessmentResult, CampStatus, SessionKind } from '../managers.domain';
import { ManagerProfile } from '../profile/manager-profile.entity';

/** A training camp (训练营) of one industry chain: sessions, enrolled managers, attendance and assessment. */
@Entity('training_camps')
@Index('ix_training_camps_chain', ['industryChainId'])
export class TrainingCamp extends BaseEntity {
  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'uuid' })
  industryChainId: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'date' })
  startOn: string;

  @Column({ type: 'date' })
  endOn: string;

  @Column({ type: 'text', default: CampStatus.Open })
  status: CampStatus;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @VersionColumn()
  version: number;
}

/** One session of a camp: training (培训) or practice (实践), on a date, for a number of hours. */
@Entity('training_sessions')
@Index('ix_training_sessions_camp', ['campId', 'heldOn'])
export class TrainingSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  campId: string;

  @ManyToOne(() => TrainingCamp, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'camp_id', foreignKeyConstraintName: 'fk_training_sessions_camp' })
  camp?: Relation<TrainingCamp>;

  @Column({ type: 'text' })
  kind: SessionKind;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'date' })
  heldOn: string;

  @Column({ type: 'numeric', precision: 5, scale: 1, transformer: numericTransformer })
  hours: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A manager enrolled in a camp: the sessions attended, the assessment (评价) and the incentive (激励). */
@Entity('camp_enrolments')
@Index('uq_camp_enrolments_camp_manager', ['campId', 'managerProfileId'], { unique: true })
@Index('ix_camp_enrolments_manager', ['managerProfileId'])
export class CampEnrolment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  campId: string;

  @ManyToOne(() => TrainingCamp, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'camp_id', foreignKeyConstraintName: 'fk_camp_enrolments_camp' })
  camp?: Relation<TrainingCamp>;

  @Column({ type: 'uuid' })
  managerProfileId: string;

  @ManyToOne(() => ManagerProfile, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'manager_profile_id', foreignKeyConstraintName: 'fk_camp_enrolments_manager_profile' })
  managerProfile?: Relation<ManagerProfile>;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  attendedSessionIds: string[];

  @Column({ type: 'integer', nullable: true })
  assessmentScore: number | null;

  @Column({ type: 'text', nullable: true })
  assessmentResult: AssessmentResult | null;

  @Column({ type: 'text', default: '' })
  assessmentComment: string;

  /** 激励: what the assessment earned (优秀学员, 推荐晋级中级…). */
  @Column({ type: 'text', default: '' })
  incentive: string;

  @Column({ type: 'timestamptz', nullable: true })
  assessedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
