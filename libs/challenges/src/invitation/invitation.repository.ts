import { EntityRepository } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';

import { ChallengeInvitation, ChallengeInvitationProposal } from './invitation.entities';

/** The `challenge_invitations` table. */
@Injectable()
export class InvitationRepository extends EntityRepository<ChallengeInvitation> {
  constructor(@InjectRepository(ChallengeInvitation) repository: Repository<ChallengeInvitation>) {
    super(repository);
  }

  ofChallenge(challengeId: string, institutionId?: string): Promise<ChallengeInvitation[]> {
    return this.repository.find({
      where: { challengeId, ...(institutionId ? { institutionId } : {}) },
      order: { invitedAt: 'ASC', id: 'ASC' },
    });
  }

  ofInstitution(institutionId: string): Promise<ChallengeInvitation[]> {
    return this.repository.find({ where: { institutionId }, order: { invitedAt: 'DESC', id: 'ASC' } });
  }

  /** Institutions already invited to the call, read in the caller's transaction. */
  async invitedIn(manager: EntityManager, challengeId: string, institutionIds: string[]): Promise<Set<string>> {
    if (!institutionIds.length) return new Set();
    const rows = await this.of(manager).find({
      select: { institutionId: true },
      where: { challengeId, institutionId: In(institutionIds) },
    });
    return new Set(rows.map((r) => r.institutionId));
  }

  /** Invitations of these calls (reminders). */
  ofChallenges(challengeIds: string[]): Promise<ChallengeInvitation[]> {
    if (!challengeIds.length) return Promise.resolve([]);
    return this.repository.find({ where: { challengeId: In(challengeIds) } });
  }
}

/** The `challenge_invitation_proposals` table: replaced per call by each computation. */
@Injectable()
export class ProposalRepository extends EntityRepository<ChallengeInvitationProposal> {
  constructor(@InjectRepository(ChallengeInvitationProposal) repository: Repository<ChallengeInvitationProposal>) {
    super(repository);
  }

  /** The call's proposals, strongest first (in the caller's transaction when given: the embedded database has one connection). */
  ofChallenge(challengeId: string, manager?: EntityManager): Promise<ChallengeInvitationProposal[]> {
    return this.of(manager).find({ where: { challengeId }, order: { rank: 'ASC' } });
  }

  async replace(
    manager: EntityManager,
    challengeId: string,
    rows: Array<Omit<ChallengeInvitationProposal, 'id' | 'createdAt' | 'updatedAt'>>,
  ): Promise<void> {
    await this.of(manager).delete({ challengeId });
    if (rows.length) await this.of(manager).insert(rows);
  }
}
