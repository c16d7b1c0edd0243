import { EntityRepository } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';

import { ManagerProfileQueryDto } from './dto/manager-profile.dto';
import { ManagerProfile } from './manager-profile.entity';

/** manager_profiles. */
@Injectable()
export class ManagerProfilesRepository extends EntityRepository<ManagerProfile> {
  constructor(@InjectRepository(ManagerProfile) repository: Repository<ManagerProfile>) {
    super(repository);
  }

  get manager(): EntityManager {
    return this.repository.manager;
  }

  findByUser(userId: string, manager?: EntityManager): Promise<ManagerProfile | null> {
    return this.of(manager).findOneBy({ userId });
  }

  findByCertificateNumber(number: string, manager?: EntityManager): Promise<ManagerProfile | null> {
    return this.of(manager).findOneBy({ certificateNumber: number });
  }

  page(query: ManagerProfileQueryDto): Promise<[ManagerProfile[], number]> {
    const qb = this.repository.createQueryBuilder('p');
    if (query.affiliationKind) qb.andWhere('p.affiliation_kind = :kind', { kind: query.affiliationKind });
    if (query.organisationId) qb.andWhere('p.affiliation_organisation_id = :org', { org: query.organisationId });
    if (query.chain) qb.andWhere(':chain = ANY(p.industry_chain_ids)', { chain: query.chain });
    if (query.certificateLevel) qb.andWhere('p.certificate_level = :level', { level: query.certificateLevel });
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    if (query.q) qb.andWhere(`p.name ILIKE :q ESCAPE '\\'`, { q: `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    return qb
      .orderBy('p.name', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
  }

  /** Active profiles working for this organisation (an agency's managers, a university's 驻校 team). */
  activeOf(organisationId: string): Promise<ManagerProfile[]> {
    return this.repository.find({
      where: { affiliationOrganisationId: organisationId, status: 'active' as ManagerProfile['status'] },
      order: { name: 'ASC', id: 'ASC' },
    });
  }

  byIds(ids: string[]): Promise<ManagerProfile[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repository.createQueryBuilder('p').where('p.id = ANY(:ids)', { ids }).getMany();
  }
}
