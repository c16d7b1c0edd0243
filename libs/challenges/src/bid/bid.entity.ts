import { BaseEntity, numericTransformer } from '@app/common';
import { Column, Entity, Index, JoinColumn, ManyToOne, Relation, VersionColumn } from 'typeorm';

import { BidMember, BidMilestone, BidStatus, BidTeam, ChallengeFileRef } from '../challenge/challenge.domain';
import { Challenge } from '../challenge/challenge.entity';

/**
 * 揭榜方案: an institution's answer to a call (alone, or as the lead of a consortium). Editable by the lead until the
 * deadline, then frozen. Visible to the bidders (lead and members), the call's enterprise, staff and, during the
 * review, the assigned experts; never to other bidders or the public.
 */
@Entity('challenge_bids')
@Index('ix_challenge_bids_challenge', ['challengeId', 'status'])
@Index('ix_challenge_bids_bidder', ['bidderOrganisationId'])
// One live bid per organisation and call; a withdrawn bid leaves room for a new one.
@Index('uq_challenge_bids_active', ['challengeId', 'bidderOrganisationId'], {
  unique: true,
  where: `status <> 'withdrawn'`,
})
export class ChallengeBid extends BaseEntity {
  @Column({ type: 'uuid' })
  challengeId: string;

  @ManyToOne(() => Challenge, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'challenge_id', foreignKeyConstraintName: 'fk_challenge_bids_challenge' })
  challenge?: Relation<Challenge>;

  /** The lead organisation (牵头单位). */
  @Column({ type: 'uuid' })
  bidderOrganisationId: string;

  /** Consortium name (创新联合体), when the bid is made jointly. */
  @Column({ type: 'text', nullable: true })
  consortiumName: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  members: BidMember[];

  /** 技术方案 / 技术路线. */
  @Column({ type: 'text' })
  approach: string;

  @Column({ type: 'jsonb' })
  team: BidTeam;

  @Column({ type: 'jsonb' })
  milestones: BidMilestone[];

  /** 申请经费 (万元), at most the call's 榜额. */
  @Column({ type: 'numeric', precision: 12, scale: 2, transformer: numericTransformer })
  requestedFunding: number;

  @Column({ type: 'text', default: BidStatus.Submitted })
  status: BidStatus;

  @Column({ type: 'timestamptz' })
  submittedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  submittedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  /** 方案附件 (stored files), frozen with the bid at the deadline. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  attachments: ChallengeFileRef[];

  @VersionColumn()
  version: number;
}
