import { Actor, EntityRepository, isStaff } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';

import { AssignmentStatus } from '../managers.domain';
import { ManagerAssignment } from './assignment.entity';
import { AssignmentQueryDto } from './dto/assignment.dto';

const NOBODY = '00000000-0000-0000-0000-000000000000';

/** manager_assignments. */
@Injectable()
export class AssignmentsRepository extends EntityRepository<ManagerAssignment> {
  constructor(@InjectRepository(ManagerAssignment) repository: Repository<ManagerAssignment>) {
    super(repository);
  }

  /** The active 一对一 assignment of an enterprise, if any. */
  activeForEnterprise(manager: EntityManager, organisationId: string): Promise<ManagerAssignment | null> {
    return this.of(manager).findOneBy({ organisationId, kind: 'enterprise' as never, status: AssignmentStatus.Active });
  }

  activeForPair(manager: EntityManager, managerProfileId: string, organisationId: string) {
    return this.of(manager).findOneBy({ managerProfileId, organisationId, status: AssignmentStatus.Active });
  }

  /** The manager's assignment to this organisation covering this date (the latest one started), if any. */
  covering(
    manager: EntityManager,
    managerProfileId: string,
    organisationId: string,
    on: string,
  ): Promise<ManagerAssignment | null> {
    return this.of(manager)
      .createQueryBuilder('a')
      .where('a.manager_profile_id = :managerProfileId AND a.organisation_id = :organisationId', {
        managerProfileId,
        organisationId,
      })
      .andWhere('a.start_on <= :on AND (a.end_on IS NULL OR a.end_on >= :on)', { on })
      .orderBy('a.start_on', 'DESC')
      .getOne();
  }

  /** Newest first; enterprise and university users see only their own organisation's. */
  page(actor: Actor, query: AssignmentQueryDto): Promise<[ManagerAssignment[], number]> {
    const qb = this.repository.createQueryBuilder('a');
    if (!isStaff(actor)) qb.andWhere('a.organisation_id = :own', { own: actor.organisationId ?? NOBODY });
    if (query.managerProfileId) qb.andWhere('a.manager_profile_id = :m', { m: query.managerProfileId });
    if (query.organisationId) qb.andWhere('a.organisation_id = :o', { o: query.organisationId });
    if (query.kind) qb.andWhere('a.kind = :kind', { kind: query.kind });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    return qb
      .orderBy('a.start_on', 'DESC')
      .addOrderBy('a.created_at', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
  }
}
