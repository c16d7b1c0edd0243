import { EntityRepository } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';

import { BidStatus } from '../challenge/challenge.domain';
import { ChallengeBid } from './bid.entity';

/** The `challenge_bids` table. */
@Injectable()
export class BidRepository extends EntityRepository<ChallengeBid> {
  constructor(@InjectRepository(ChallengeBid) repository: Repository<ChallengeBid>) {
    super(repository);
  }

  /** The bids of a call, oldest first; only those an organisation leads or is a member of when given. */
  ofChallenge(challengeId: string, options: { organisationId?: string } = {}, manager?: EntityManager) {
    const qb = this.of(manager)
      .createQueryBuilder('b')
      .where('b.challenge_id = :challengeId', { challengeId })
      .orderBy('b.submitted_at', 'ASC')
      .addOrderBy('b.id', 'ASC');
    if (options.organisationId) {
      qb.andWhere(
        `(b.bidder_organisation_id = :org OR b.members @> jsonb_build_array(jsonb_build_object('organisationId', CAST(:org AS text))))`,
        { org: options.organisationId },
      );
    }
    return qb.getMany();
  }

  /** Every bid an organisation leads or is a member of, newest first, with its call. */
  ofOrganisation(organisationId: string) {
    return this.of()
      .createQueryBuilder('b')
      .innerJoinAndSelect('b.challenge', 'c')
      .where(
        `(b.bidder_organisation_id = :org OR b.members @> jsonb_build_array(jsonb_build_object('organisationId', CAST(:org AS text))))`,
        { org: organisationId },
      )
      .orderBy('b.submittedAt', 'DESC')
      .addOrderBy('b.id', 'ASC')
      .limit(200)
      .getMany();
  }

  /** The live (not withdrawn) bid of an organisation on a call. */
  activeOf(manager: EntityManager, challengeId: string, organisationId: string): Promise<ChallengeBid | null> {
    return this.of(manager)
      .createQueryBuilder('b')
      .where('b.challenge_id = :challengeId AND b.bidder_organisation_id = :organisationId', {
        challengeId,
        organisationId,
      })
      .andWhere('b.status <> :withdrawn', { withdrawn: BidStatus.Withdrawn })
      .getOne();
  }

  /** Submitted bids per call. */
  async submittedCounts(challengeIds: string[]): Promise<Map<string, number>> {
    if (!challengeIds.length) return new Map();
    const rows: Array<{ challenge_id: string; n: number }> = await this.repository.query(
      `SELECT challenge_id, count(*)::int AS n FROM challenge_bids
        WHERE challenge_id = ANY($1::uuid[]) AND status <> 'withdrawn' GROUP BY challenge_id`,
      [challengeIds],
    );
    return new Map(rows.map((r) => [r.challenge_id, r.n]));
  }
}
