import { EntityRepository } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';

import { InnovationConsortium } from './consortium.entity';
import { ConsortiumQueryDto } from './dto/consortium.dto';

/** The `innovation_consortia` table. */
@Injectable()
export class ConsortiumRepository extends EntityRepository<InnovationConsortium> {
  constructor(@InjectRepository(InnovationConsortium) repository: Repository<InnovationConsortium>) {
    super(repository);
  }

  page(query: ConsortiumQueryDto): Promise<[InnovationConsortium[], number]> {
    const qb = this.repository.createQueryBuilder('c');
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    return qb
      .orderBy('c.foundedOn', 'DESC')
      .addOrderBy('c.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
  }

  nameTaken(manager: EntityManager, name: string, except?: string): Promise<boolean> {
    return this.of(manager)
      .createQueryBuilder('c')
      .where('c.name = :name', { name })
      .andWhere(except ? 'c.id <> :except' : 'TRUE', { except })
      .getExists();
  }
}
