import { EntityRepository } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';

import { CampQueryDto } from './dto/training.dto';
import { CampEnrolment, TrainingCamp, TrainingSession } from './training-camp.entity';

/** training_camps with their sessions and enrolments. */
@Injectable()
export class TrainingCampsRepository extends EntityRepository<TrainingCamp> {
  constructor(@InjectRepository(TrainingCamp) repository: Repository<TrainingCamp>) {
    super(repository);
  }

  page(query: CampQueryDto): Promise<[TrainingCamp[], number]> {
    const qb = this.repository.createQueryBuilder('c');
    if (query.chain) qb.andWhere('c.industry_chain_id = :chain', { chain: query.chain });
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    return qb
      .orderBy('c.start_on', 'DESC')
      .addOrderBy('c.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
  }

  /** Bumps the camp's version (its sessions and enrolments changed): concurrent editors notice. */
  async touch(manager: EntityManager, id: string): Promise<number> {
    await manager
      .createQueryBuilder()
      .update(TrainingCamp)
      .set({ updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .execute();
    const row = await manager.getRepository(TrainingCamp).findOneByOrFail({ id });
    return row.version;
  }

  sessionsOf(campIds: string[], manager?: EntityManager): Promise<TrainingSession[]> {
    if (!campIds.length) return Promise.resolve([]);
    return (manager ?? this.repository.manager)
      .getRepository(TrainingSession)
      .createQueryBuilder('s')
      .where('s.camp_id = ANY(:ids)', { ids: campIds })
      .orderBy('s.held_on', 'ASC')
      .addOrderBy('s.created_at', 'ASC')
      .getMany();
  }

  enrolmentsOf(campIds: string[], manager?: EntityManager): Promise<CampEnrolment[]> {
    if (!campIds.length) return Promise.resolve([]);
    return (manager ?? this.repository.manager)
      .getRepository(CampEnrolment)
      .createQueryBuilder('e')
      .where('e.camp_id = ANY(:ids)', { ids: campIds })
      .orderBy('e.created_at', 'ASC')
      .getMany();
  }

  saveSession(manager: EntityManager, row: Partial<TrainingSession>): Promise<TrainingSession> {
    const repo = manager.getRepository(TrainingSession);
    return repo.save(repo.create(row));
  }

  findEnrolment(manager: EntityManager, campId: string, managerProfileId: string) {
    return manager.getRepository(CampEnrolment).findOneBy({ campId, managerProfileId });
  }

  lockEnrolment(manager: EntityManager, id: string): Promise<CampEnrolment | null> {
    return manager.getRepository(CampEnrolment).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  saveEnrolment(manager: EntityManager, row: Partial<CampEnrolment>): Promise<CampEnrolment> {
    const repo = manager.getRepository(CampEnrolment);
    return repo.save(repo.create(row));
  }
}
