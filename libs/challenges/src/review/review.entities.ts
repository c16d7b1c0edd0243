import { BaseEntity, numericTransformer } from '@app/common';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** An expert (评审专家) assigned to a call by staff; an admin may excuse them (recorded). */
@Entity('challenge_reviewers')
@Index('uq_challenge_reviewers_user', ['challengeId', 'userId'], { unique: true })
@Index('ix_challenge_reviewers_user', ['userId'])
export class ChallengeReviewer extends BaseEntity {
  @Column({ type: 'uuid' })
  challengeId: string;

  @Column({ type: 'uuid' })
  userId: string;

  /** The expert's organisation when assigned: bids it leads or joins are conflicts of interest by rule. */
  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @Column({ type: 'uuid', nullable: true })
  assignedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  excusedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  excusedById: string | null;

  @Column({ type: 'text', nullable: true })
  excuseReason: string | null;
}

/** A conflict of interest an expert declared on one bid: they may not score it. */
@Entity('challenge_bid_conflicts')
export class BidConflict {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_challenge_bid_conflicts' })
  bidId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_challenge_bid_conflicts' })
  userId: string;

  @Index('ix_challenge_bid_conflicts_challenge')
  @Column({ type: 'uuid' })
  challengeId: string;

  @Column({ type: 'text' })
  reason: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** One expert's scores of one bid, per criterion (0–100), and their weighted total. */
@Entity('challenge_bid_scores')
@Index('uq_challenge_bid_scores_reviewer', ['bidId', 'reviewerUserId'], { unique: true })
@Index('ix_challenge_bid_scores_challenge', ['challengeId'])
export class BidScore extends BaseEntity {
  @Column({ type: 'uuid' })
  challengeId: string;

  @Column({ type: 'uuid' })
  bidId: string;

  @Column({ type: 'uuid' })
  reviewerUserId: string;

  @Column({ type: 'jsonb' })
  scores: Array<{ criterion: string; score: number }>;

  @Column({ type: 'text', default: '' })
  comment: string;

  /** Σ score × weight / 100, kept with the scores (the weights of a published call no longer change). */
  @Column({ type: 'numeric', precision: 6, scale: 2, transformer: numericTransformer })
  weightedTotal: number;
}
