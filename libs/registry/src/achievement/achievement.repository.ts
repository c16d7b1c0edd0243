import { EntityRepository } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';

import { Achievement } from './achievement.entity';

/** The `achievements` table. */
@Injectable()
export class AchievementRepository extends EntityRepository<Achievement> {
  constructor(@InjectRepository(Achievement) repository: Repository<Achievement>) {
    super(repository);
  }

  /** The achievement with its holder institution (for views). */
  findWithInstitution(id: string, manager?: EntityManager): Promise<Achievement | null> {
    return this.of(manager).findOne({ where: { id }, relations: { institution: true } });
  }

  /** Listing query (alias `a`, institution joined as `i`); the caller adds filters, order and page. */
  listQuery(): SelectQueryBuilder<Achievement> {
    return this.repository.createQueryBuilder('a').leftJoinAndSelect('a.institution', 'i');
  }

  /** An institution's achievements, newest first. */
  ofInstitution(institutionId: string): Promise<Achievement[]> {
    return this.repository.find({ where: { institutionId }, order: { createdAt: 'DESC' } });
  }
}
