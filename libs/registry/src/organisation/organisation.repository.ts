import { EntityRepository } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';

import { OrganisationKind } from '../domain';
import { Organisation } from './organisation.entity';

/** The `organisations` table. */
@Injectable()
export class OrganisationRepository extends EntityRepository<Organisation> {
  constructor(@InjectRepository(Organisation) repository: Repository<Organisation>) {
    super(repository);
  }

  findByName(kind: OrganisationKind, name: string, manager?: EntityManager): Promise<Organisation | null> {
    return this.of(manager).findOneBy({ kind, name });
  }

  findByCreditCode(creditCode: string, manager?: EntityManager): Promise<Organisation | null> {
    return this.of(manager).findOneBy({ creditCode });
  }

  /** Listing query (alias `o`). */
  listQuery(): SelectQueryBuilder<Organisation> {
    return this.repository.createQueryBuilder('o');
  }
}
