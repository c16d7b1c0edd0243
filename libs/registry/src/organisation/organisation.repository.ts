import { EntityRepository } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';

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

  findByNames(kind: OrganisationKind, names: string[]): Promise<Organisation[]> {
    return this.repository.findBy({ kind, name: In(names) });
  }

  /** Listing query (alias `o`). */
  listQuery(): SelectQueryBuilder<Organisation> {
    return this.repository.createQueryBuilder('o');
  }
}
