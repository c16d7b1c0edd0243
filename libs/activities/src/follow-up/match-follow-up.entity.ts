import { BaseEntity } from '@app/common';
import { Match } from '@app/matching';
import { Column, Entity, Index, JoinColumn, ManyToOne, Relation, VersionColumn } from 'typeorm';

import { FollowUpOutcome, FollowUpStatus } from '../activity/activity.domain';
import { Activity } from '../activity/activity.entity';

/**
 * What happened to a pair after it was presented at a held activity (contacted? next step? by when?). Created for
 * every pair on the list when the activity is held, so "nothing happens after the event" shows up as overdue items.
 */
@Entity('match_follow_ups')
@Index('uq_match_follow_ups_activity_match', ['activityId', 'matchId'], { unique: true })
@Index('ix_match_follow_ups_match', ['matchId'])
@Index('ix_match_follow_ups_due', ['status', 'dueDate'])
export class MatchFollowUp extends BaseEntity {
  @Column({ type: 'uuid' })
  matchId: string;

  @ManyToOne(() => Match, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'match_id', foreignKeyConstraintName: 'fk_match_follow_ups_match' })
  match?: Relation<Match>;

  @Column({ type: 'uuid' })
  activityId: string;

  @ManyToOne(() => Activity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'activity_id', foreignKeyConstraintName: 'fk_match_follow_ups_activity' })
  activity?: Relation<Activity>;

  /** Have the two sides been in touch since the activity? */
  @Column({ type: 'boolean', default: false })
  contacted: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  contactedAt: Date | null;

  @Column({ type: 'text', default: '' })
  nextStep: string;

  /** Beijing calendar date by which the next step is due; overdue when passed and not done. */
  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ type: 'text', default: FollowUpStatus.Open })
  status: FollowUpStatus;

  @Column({ type: 'timestamptz', nullable: true })
  doneAt: Date | null;

  @Column({ type: 'text', default: '' })
  note: string;

  /** What the two sides concluded (有合作意向 …); null until recorded. */
  @Column({ type: 'text', nullable: true })
  outcome: FollowUpOutcome | null;

  @Column({ type: 'uuid', nullable: true })
  updatedById: string | null;

  @VersionColumn()
  version: number;
}
