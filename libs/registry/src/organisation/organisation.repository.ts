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

  /** These organisations (missing ids are absent), by name in the database's collation. */
  findByIdsByName(ids: string[], manager?: EntityManager): Promise<Organisation[]> {
    return this.of(manager).find({ where: { id: In(ids) }, order: { name: 'ASC' } });
  }

  /** Id and district of every organisation of this kind. */
  /** Ids and names of every organisation of this kind, by name then id. */
  namesOfKind(kind: OrganisationKind): Promise<Array<Pick<Organisation, 'id' | 'name'>>> {
    return this.repository.find({
      select: { id: true, name: true },
      where: { kind },
      order: { name: 'ASC', id: 'ASC' },
    });
  }

  districtsOf(kind: OrganisationKind): Promise<Array<Pick<Organisation, 'id' | 'district'>>> {
    return this.repository.find({ select: { id: true, district: true }, where: { kind } });
  }

  /** Organisations of any kind with these exact names. */
  findByNamesOfAnyKind(names: string[]): Promise<Organisation[]> {
    return this.repository.findBy({ name: In(names) });
  }

  /** Listing query (alias `o`). */
  listQuery(): SelectQueryBuilder<Organisation> {
    return this.repository.createQueryBuilder('o');
  }
}
