import { EntityRepository } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';

import { TransferAgency } from './agency.entity';
import { AgencyQueryDto } from './dto/agency.dto';

/** transfer_agencies. */
@Injectable()
export class AgenciesRepository extends EntityRepository<TransferAgency> {
  constructor(@InjectRepository(TransferAgency) repository: Repository<TransferAgency>) {
    super(repository);
  }

  findByOrganisation(organisationId: string, manager?: EntityManager): Promise<TransferAgency | null> {
    return this.of(manager).findOneBy({ organisationId });
  }

  findByFilingNumber(filingNumber: string, manager?: EntityManager): Promise<TransferAgency | null> {
    return this.of(manager).findOneBy({ filingNumber });
  }

  /** The agencies meeting the filters (a short list: the plan counts them by the dozen), in no particular order. */
  matching(query: Pick<AgencyQueryDto, 'status' | 'scope'>): Promise<TransferAgency[]> {
    const qb = this.repository.createQueryBuilder('t');
    if (query.status) qb.andWhere('t.status = :status', { status: query.status });
    if (query.scope) qb.andWhere(':scope = ANY(t.service_scope)', { scope: query.scope });
    return qb.getMany();
  }

  /** Active managers affiliated with each of these organisations. */
  async managerCounts(organisationIds: string[]): Promise<Map<string, number>> {
    if (!organisationIds.length) return new Map();
    const rows: Array<{ id: string; n: number }> = await this.repository.query(
      `SELECT affiliation_organisation_id AS id, count(*)::int AS n FROM manager_profiles
        WHERE status = 'active' AND affiliation_organisation_id = ANY($1::uuid[]) GROUP BY 1`,
      [organisationIds],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }
}
