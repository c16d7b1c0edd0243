import { BaseEntity } from '@app/common';
import { Organisation } from '@app/registry';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  Relation,
  VersionColumn,
} from 'typeorm';

import { ActivityKind, ActivityStatus, ParticipantRole } from './activity.domain';

/**
 * 产学研对接活动 (百校群英荟, roadshow, policy training…). Held activities feed the events indicator, which counts them
 * by the Beijing-time year of `heldAt`; the row keeps that date, the `activity.held` event repeats it.
 */
@Entity('activities')
@Index('ix_activities_status_scheduled', ['status', 'scheduledAt'])
@Index('ix_activities_held_at', ['heldAt'])
export class Activity extends BaseEntity {
  @Column({ type: 'text' })
  kind: ActivityKind;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'timestamptz' })
  scheduledAt: Date;

  @Column({ type: 'text' })
  place: string;

  /** Kunshan district or town (区镇), for indicator breakdowns. */
  @Column({ type: 'text', nullable: true })
  district: string | null;

  @Column({ type: 'uuid', nullable: true })
  organiserOrganisationId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'organiser_organisation_id', foreignKeyConstraintName: 'fk_activities_organiser_organisation' })
  organiserOrganisation?: Relation<Organisation> | null;

  /** The user who organises (created) the activity; organisers manage their own activities. */
  @Index('ix_activities_organiser_user')
  @Column({ type: 'uuid', nullable: true })
  organiserUserId: string | null;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  industryChainIds: string[];

  @Column({ type: 'text', default: ActivityStatus.Planned })
  status: ActivityStatus;

  /** When the activity took place; set by the hold transition. */
  @Column({ type: 'timestamptz', nullable: true })
  heldAt: Date | null;

  /** Number of attendees, recorded when held. */
  @Column({ type: 'integer', nullable: true })
  attendance: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  followedUpAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;

  @Column({ type: 'text', default: '' })
  notes: string;

  /** The organiser locked the match list (final for printing); changes wait for an unlock. Held also freezes it. */
  @Column({ type: 'timestamptz', nullable: true })
  matchListLockedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  matchListLockedById: string | null;

  @VersionColumn()
  version: number;
}

/** An organisation taking part in an activity, and whether it came. */
@Entity('activity_participants')
@Index('ix_activity_participants_organisation', ['organisationId'])
export class ActivityParticipant {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_activity_participants' })
  activityId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_activity_participants' })
  organisationId: string;

  @ManyToOne(() => Activity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'activity_id', foreignKeyConstraintName: 'fk_activity_participants_activity' })
  activity?: Relation<Activity>;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_activity_participants_organisation' })
  organisation?: Relation<Organisation>;

  @Column({ type: 'text' })
  role: ParticipantRole;

  @Column({ type: 'boolean', default: false })
  attended: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
