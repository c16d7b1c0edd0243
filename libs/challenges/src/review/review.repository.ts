import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';

import { BidConflict, BidScore, ChallengeReviewer } from './review.entities';

/** challenge_reviewers, challenge_bid_conflicts and challenge_bid_scores. Writes take the caller's transaction. */
@Injectable()
export class ReviewRepository {
  constructor(@InjectRepository(ChallengeReviewer) private readonly reviewers: Repository<ChallengeReviewer>) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.reviewers.manager;
  }

  /** The call's panel in the order of assignment. */
  reviewersOf(challengeId: string, manager?: EntityManager): Promise<ChallengeReviewer[]> {
    return this.m(manager).find(ChallengeReviewer, { where: { challengeId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  reviewer(challengeId: string, userId: string, manager?: EntityManager): Promise<ChallengeReviewer | null> {
    return this.m(manager).findOneBy(ChallengeReviewer, { challengeId, userId });
  }

  async replaceReviewers(
    manager: EntityManager,
    challengeId: string,
    rows: Array<Pick<ChallengeReviewer, 'userId' | 'organisationId' | 'assignedById'>>,
  ): Promise<void> {
    const keep = rows.map((r) => r.userId);
    const current = await this.reviewersOf(challengeId, manager);
    const gone = current.filter((r) => !keep.includes(r.userId)).map((r) => r.id);
    if (gone.length) await manager.delete(ChallengeReviewer, { id: In(gone) });
    const added = rows.filter((r) => !current.some((c) => c.userId === r.userId));
    if (added.length) {
      // One millisecond apart in the order given: the panel reads in the order of assignment (its labels 专家 1, 2 …
      // stay put), where one transaction's now() would leave the rows to their random ids.
      const now = Date.now();
      await manager.save(
        ChallengeReviewer,
        added.map((r, i) => manager.create(ChallengeReviewer, { challengeId, ...r, createdAt: new Date(now + i) })),
      );
    }
  }

  saveReviewer(manager: EntityManager, row: ChallengeReviewer): Promise<ChallengeReviewer> {
    return manager.save(ChallengeReviewer, row);
  }

  conflictsOf(challengeId: string, manager?: EntityManager): Promise<BidConflict[]> {
    return this.m(manager).findBy(BidConflict, { challengeId });
  }

  async addConflict(manager: EntityManager, row: Pick<BidConflict, 'bidId' | 'userId' | 'challengeId' | 'reason'>) {
    await manager.insert(BidConflict, row);
  }

  scoresOf(challengeId: string, manager?: EntityManager): Promise<BidScore[]> {
    return this.m(manager).find(BidScore, { where: { challengeId }, order: { createdAt: 'ASC' } });
  }

  score(bidId: string, reviewerUserId: string, manager?: EntityManager): Promise<BidScore | null> {
    return this.m(manager).findOneBy(BidScore, { bidId, reviewerUserId });
  }

  saveScore(manager: EntityManager, row: Partial<BidScore>): Promise<BidScore> {
    return manager.save(BidScore, manager.create(BidScore, row));
  }

  async deleteScore(manager: EntityManager, bidId: string, reviewerUserId: string): Promise<boolean> {
    const res = await manager.delete(BidScore, { bidId, reviewerUserId });
    return (res.affected ?? 0) > 0;
  }
}
