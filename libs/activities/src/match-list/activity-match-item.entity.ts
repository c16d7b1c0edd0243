import { Match } from '@app/matching';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
} from 'typeorm';

import { Activity } from '../activity/activity.entity';

/** One curated pair on an activity's match list (对接清单), in the organiser's order. Frozen once the activity is held. */
@Entity('activity_match_items')
@Index('uq_activity_match_items_pair', ['activityId', 'matchId'], { unique: true })
@Index('ix_activity_match_items_position', ['activityId', 'position'])
@Index('ix_activity_match_items_match', ['matchId'])
export class ActivityMatchItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  activityId: string;

  @ManyToOne(() => Activity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'activity_id', foreignKeyConstraintName: 'fk_activity_match_items_activity' })
  activity?: Relation<Activity>;

  @Column({ type: 'uuid' })
  matchId: string;

  @ManyToOne(() => Match, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'match_id', foreignKeyConstraintName: 'fk_activity_match_items_match' })
  match?: Relation<Match>;

  /** 1-based order on the list; kept contiguous by every change. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'uuid', nullable: true })
  addedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
