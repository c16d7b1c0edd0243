import { Actor, EntityRepository, isStaff } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';

import { ServiceRecordQueryDto } from './dto/service-record.dto';
import { MinedNeed, ServiceRecord } from './service-record.entity';

const NOBODY = '00000000-0000-0000-0000-000000000000';

/** service_records and their mined_needs. */
@Injectable()
export class ServiceRecordsRepository extends EntityRepository<ServiceRecord> {
  constructor(@InjectRepository(ServiceRecord) repository: Repository<ServiceRecord>) {
    super(repository);
  }

  get manager(): EntityManager {
    return this.repository.manager;
  }

  /**
   * Newest first. Staff see every record (removed ones too, flagged); an enterprise or university user sees the
   * records about its own organisation that stand.
   */
  page(actor: Actor, query: ServiceRecordQueryDto): Promise<[ServiceRecord[], number]> {
    const qb = this.repository.createQueryBuilder('s');
    if (!isStaff(actor)) {
      qb.andWhere('s.organisation_id = :own AND s.removed_at IS NULL', { own: actor.organisationId ?? NOBODY });
    }
    if (query.organisationId) qb.andWhere('s.organisation_id = :o', { o: query.organisationId });
    if (query.managerProfileId) qb.andWhere('s.manager_profile_id = :m', { m: query.managerProfileId });
    if (query.kind) qb.andWhere('s.kind = :kind', { kind: query.kind });
    if (query.from) qb.andWhere('s.occurred_on >= :from', { from: query.from });
    if (query.to) qb.andWhere('s.occurred_on <= :to', { to: query.to });
    return qb
      .orderBy('s.occurred_on', 'DESC')
      .addOrderBy('s.created_at', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
  }

  needsOf(recordIds: string[], manager?: EntityManager): Promise<MinedNeed[]> {
    if (!recordIds.length) return Promise.resolve([]);
    return (manager ?? this.repository.manager)
      .getRepository(MinedNeed)
      .createQueryBuilder('n')
      .where('n.service_record_id = ANY(:ids)', { ids: recordIds })
      .orderBy('n.position', 'ASC')
      .addOrderBy('n.id', 'ASC')
      .getMany();
  }

  insertNeeds(manager: EntityManager, rows: Array<Partial<MinedNeed>>): Promise<MinedNeed[]> {
    const repo = manager.getRepository(MinedNeed);
    return rows.length ? repo.save(rows.map((r) => repo.create(r))) : Promise.resolve([]);
  }

  lockNeed(manager: EntityManager, id: string): Promise<MinedNeed | null> {
    return manager.getRepository(MinedNeed).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  saveNeed(manager: EntityManager, need: MinedNeed): Promise<MinedNeed> {
    return manager.getRepository(MinedNeed).save(need);
  }

  /** The need (other than `exceptId`) already linked to this demand, if any. */
  needLinkedTo(manager: EntityManager, demandId: string): Promise<MinedNeed | null> {
    return manager.getRepository(MinedNeed).findOneBy({ demandId });
  }

  /** The needs mined for this enterprise in records that stand, oldest first, with the record's date and manager. */
  async needsOfOrganisation(
    organisationId: string,
  ): Promise<Array<MinedNeed & { occurredOn: string; managerProfileId: string }>> {
    const rows: Array<{ id: string; occurred_on: string; manager_profile_id: string }> = await this.repository.query(
      `SELECT n.id, s.occurred_on::text AS occurred_on, s.manager_profile_id FROM mined_needs n
         JOIN service_records s ON s.id = n.service_record_id
        WHERE n.organisation_id = $1 AND s.removed_at IS NULL
        ORDER BY s.occurred_on, s.created_at, n.position, n.id`,
      [organisationId],
    );
    if (!rows.length) return [];
    const needs = new Map(
      (
        await this.repository.manager
          .getRepository(MinedNeed)
          .createQueryBuilder('n')
          .where('n.id = ANY(:ids)', { ids: rows.map((r) => r.id) })
          .getMany()
      ).map((n) => [n.id, n]),
    );
    return rows.map((r) => ({
      ...needs.get(r.id)!,
      occurredOn: r.occurred_on,
      managerProfileId: r.manager_profile_id,
    }));
  }
}
