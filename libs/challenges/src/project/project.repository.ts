import { Actor, EntityRepository, isStaff } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';

import { ChallengeProject } from './project.entity';

/** The `challenge_projects` table. */
@Injectable()
export class ProjectRepository extends EntityRepository<ChallengeProject> {
  constructor(@InjectRepository(ChallengeProject) repository: Repository<ChallengeProject>) {
    super(repository);
  }

  /** Projects the actor may read (all for staff; else its organisation's, as lead, member or the call's enterprise). */
  visible(actor: Actor, enterpriseOf: string[], challengeId?: string): Promise<ChallengeProject[]> {
    const qb = this.repository.createQueryBuilder('p');
    if (challengeId) qb.andWhere('p.challenge_id = :challengeId', { challengeId });
    if (!isStaff(actor)) {
      const org = actor.organisationId ?? '00000000-0000-0000-0000-000000000000';
      qb.andWhere(
        '(p.organisation_id = :org OR :org = ANY(p.member_organisation_ids) OR p.challenge_id = ANY(:calls))',
        { org, calls: enterpriseOf },
      );
    }
    return qb.orderBy('p.awardedAt', 'DESC').addOrderBy('p.id', 'ASC').getMany();
  }

  ofChallenge(challengeId: string, manager?: EntityManager): Promise<ChallengeProject[]> {
    return this.of(manager).find({ where: { challengeId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
