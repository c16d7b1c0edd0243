import { BaseEntity, numericTransformer } from '@app/common';
import { Column, Entity, Index, VersionColumn } from 'typeorm';

/** One published achievement behind a proposal: why the engine thinks its holder can answer the call. */
export interface ProposalAchievement {
  achievementId: string;
  title: string;
  /** The engine's score of the pair (call × achievement), 0–1. */
  score: number;
  matchedTerms: string[];
  /** The engine's explanation in one sentence. */
  summary: string;
}

/**
 * The matching engine's proposal to invite one institution to a call: the published achievements of that
 * institution that match the call's text, with their scores and matched terms. Derived data: recomputed whole
 * (per call) on `challenge.published` and on a manager's request; never edited by hand.
 */
@Entity('challenge_invitation_proposals')
@Index('uq_challenge_invitation_proposals', ['challengeId', 'institutionId'], { unique: true })
export class ChallengeInvitationProposal extends BaseEntity {
  @Column({ type: 'uuid' })
  challengeId: string;

  /** The achievements' holder (高校院所). */
  @Column({ type: 'uuid' })
  institutionId: string;

  /** 1 = the strongest proposal of the call. */
  @Column({ type: 'smallint' })
  rank: number;

  /** The best score among its achievements. */
  @Column({ type: 'numeric', precision: 6, scale: 4, transformer: numericTransformer })
  score: number;

  @Column({ type: 'jsonb' })
  achievements: ProposalAchievement[];

  /** Terms of the call found in its achievements, strongest achievement first, without repeats. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  matchedTerms: string[];

  @Column({ type: 'timestamptz' })
  computedAt: Date;
}

export enum InvitationSource {
  /** Sent from the engine's proposal. */
  Proposal = 'proposal',
  /** Chosen by the manager by hand. */
  Manual = 'manual',
}

export const INVITATION_SOURCE_LABELS: Record<InvitationSource, string> = {
  [InvitationSource.Proposal]: '系统推荐',
  [InvitationSource.Manual]: '经理人指定',
};

/**
 * 定向邀请揭榜: a manager invites an institution to bid on a published call. One per (call, institution). An
 * invitation grants nothing: the call's eligibility still decides who may bid.
 */
@Entity('challenge_invitations')
@Index('uq_challenge_invitations', ['challengeId', 'institutionId'], { unique: true })
@Index('ix_challenge_invitations_institution', ['institutionId', 'invitedAt'])
export class ChallengeInvitation extends BaseEntity {
  @Column({ type: 'uuid' })
  challengeId: string;

  @Column({ type: 'uuid' })
  institutionId: string;

  @Column({ type: 'text' })
  source: InvitationSource;

  /** The manager's note to the institution (shown to it). */
  @Column({ type: 'text', nullable: true })
  message: string | null;

  @Column({ type: 'uuid', nullable: true })
  invitedById: string | null;

  @Column({ type: 'timestamptz' })
  invitedAt: Date;

  @VersionColumn()
  version: number;
}
