import { EntityRepository } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';

import { IndustryChain } from './industry-chain.entity';

/** The `industry_chains` table. */
@Injectable()
export class IndustryChainRepository extends EntityRepository<IndustryChain> {
  constructor(@InjectRepository(IndustryChain) repository: Repository<IndustryChain>) {
    super(repository);
  }

  list(includeInactive: boolean): Promise<IndustryChain[]> {
    return this.repository.find({
      where: includeInactive ? {} : { active: true },
      order: { sortOrder: 'ASC', name: 'ASC' },
    });
  }

  all(): Promise<IndustryChain[]> {
    return this.repository.find();
  }

  findActive(ids: string[], manager?: EntityManager): Promise<IndustryChain[]> {
    return this.of(manager).findBy({ id: In(ids), active: true });
  }

  findByCode(code: string, manager?: EntityManager): Promise<IndustryChain | null> {
    return this.of(manager).findOneBy({ code });
  }

  count(manager?: EntityManager): Promise<number> {
    return this.of(manager).count();
  }
}
