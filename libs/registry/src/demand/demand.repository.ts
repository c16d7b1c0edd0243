import { EntityRepository } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, MoreThanOrEqual, Repository, SelectQueryBuilder } from 'typeorm';

import { DemandStatus } from '../domain';
import { Demand } from './demand.entity';

/** Conditions on demands, each applied when given. */
export interface DemandIdFilter {
  owners?: string[];
  chains?: string[];
  assignedManagerId?: string;
  statuses?: DemandStatus[];
}

/** The `demands` table. */
@Injectable()
export class DemandRepository extends EntityRepository<Demand> {
  constructor(@InjectRepository(Demand) repository: Repository<Demand>) {
    super(repository);
  }

  /** The demand with its owner organisation (for views). */
  findWithOwner(id: string, manager?: EntityManager): Promise<Demand | null> {
    return this.of(manager).findOne({ where: { id }, relations: { ownerOrganisation: true } });
  }

  /** These demands with their owner organisations (missing ids are absent). */
  withOwners(ids: string[], manager?: EntityManager): Promise<Demand[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.of(manager).find({ where: { id: In(ids) }, relations: { ownerOrganisation: true } });
  }

  /** Ids of the demands meeting every given condition (owners, chains touched, assigned manager, statuses). */
  async idsWhere(filter: DemandIdFilter): Promise<string[]> {
    const qb = this.repository.createQueryBuilder('d').select('d.id', 'id');
    if (filter.owners) qb.andWhere('d.owner_organisation_id = ANY(:owners)', { owners: filter.owners });
    if (filter.chains) qb.andWhere('d.industry_chain_ids && CAST(:chains AS uuid[])', { chains: filter.chains });
    if (filter.assignedManagerId) qb.andWhere('d.assigned_manager_id = :mgr', { mgr: filter.assignedManagerId });
    if (filter.statuses) qb.andWhere('d.status = ANY(:statuses)', { statuses: filter.statuses });
    return (await qb.getRawMany<{ id: string }>()).map((r) => r.id);
  }

  /** The demands of these owner organisations (created at or after `since` when given). */
  ofOwners(ownerIds: string[], manager?: EntityManager, since?: Date): Promise<Demand[]> {
    return this.of(manager).findBy({
      ownerOrganisationId: In(ownerIds),
      ...(since ? { createdAt: MoreThanOrEqual(since) } : {}),
    });
  }

  findByIds(ids: string[], manager?: EntityManager): Promise<Demand[]> {
    return this.of(manager).findBy({ id: In(ids) });
  }

  /** Every demand (an evaluation corpus on a scratch database). */
  all(): Promise<Demand[]> {
    return this.repository.find({ order: { id: 'ASC' } });
  }

  /** Demands with these exact titles in these statuses. */
  titled(titles: string[], statuses: DemandStatus[]): Promise<Demand[]> {
    return this.repository.findBy({ title: In(titles), status: In(statuses) });
  }

  /** Demands in these statuses (only these ids when given), in id order. */
  withStatuses(statuses: DemandStatus[], ids?: string[]): Promise<Demand[]> {
    return this.repository.find({
      where: { status: In(statuses), ...(ids ? { id: In(ids) } : {}) },
      order: { id: 'ASC' },
    });
  }

  /**
   * Newest demands in these statuses (published first by date) of these owners, or else touching these chains;
   * none when neither is given.
   */
  newest(filter: { statuses: DemandStatus[]; owners: string[]; chains: string[]; limit: number }): Promise<Demand[]> {
    const qb = this.repository.createQueryBuilder('d').where('d.status IN (:...open)', { open: filter.statuses });
    if (filter.owners.length)
      qb.andWhere('d.owner_organisation_id IN (:...enterprises)', { enterprises: filter.owners });
    else if (filter.chains.length)
      qb.andWhere('d.industry_chain_ids && CAST(:chains AS uuid[])', { chains: filter.chains });
    else return Promise.resolve([]);
    return qb.orderBy('d.publishedAt', 'DESC', 'NULLS LAST').take(filter.limit).getMany();
  }

  /** Listing query (alias `d`, owner joined as `o`); the caller adds filters, order and page. */
  listQuery(): SelectQueryBuilder<Demand> {
    return this.repository.createQueryBuilder('d').leftJoinAndSelect('d.ownerOrganisation', 'o');
  }

  /** Up to `batch` demands whose stored quality score comes from another version of the rules. */
  scoredByOtherRules(rulesVersion: number, batch: number): Promise<Demand[]> {
    return this.repository
      .createQueryBuilder('d')
      .where('d.quality_rules_version <> :v', { v: rulesVersion })
      .orderBy('d.id')
      .take(batch)
      .getMany();
  }

  /** Stores new quality scores without touching the rows' versions (the content did not change). */
  async storeQualityScores(scores: Array<{ id: string; score: number }>, rulesVersion: number): Promise<void> {
    await this.repository.query(
      `UPDATE demands d SET quality_score = s.score, quality_rules_version = $2
         FROM jsonb_to_recordset($1::jsonb) AS s(id uuid, score smallint) WHERE d.id = s.id`,
      [JSON.stringify(scores), rulesVersion],
    );
  }
}
