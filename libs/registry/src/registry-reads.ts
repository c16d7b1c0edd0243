import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';

import { Achievement } from './achievement/achievement.entity';
import { Demand } from './demand/demand.entity';
import { DemandStatus, OrganisationKind } from './domain';
import { Organisation } from './organisation/organisation.entity';

/** A record with its owning organisation (demand: the enterprise; achievement: the institution). */
export interface RecordCard {
  id: string;
  title: string;
  organisationId: string;
  organisationName: string;
}

/**
 * Read-only facts other contexts need about registry records (matching, activities), so they never read the
 * registry's tables themselves. Methods that run inside a caller's transaction take its EntityManager.
 */
@Injectable()
export class RegistryReads {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  demand(id: string, manager: EntityManager = this.dataSource.manager): Promise<Demand | null> {
    return manager.getRepository(Demand).findOneBy({ id });
  }

  achievement(id: string, manager: EntityManager = this.dataSource.manager): Promise<Achievement | null> {
    return manager.getRepository(Achievement).findOneBy({ id });
  }

  /**
   * Newest open demands (published first by date) of these owners, or else touching these chains; none when
   * neither is given.
   */
  async newestDemands(filter: {
    statuses: DemandStatus[];
    owners: string[];
    chains: string[];
    limit: number;
  }): Promise<Demand[]> {
    const qb = this.dataSource
      .getRepository(Demand)
      .createQueryBuilder('d')
      .where('d.status IN (:...open)', { open: filter.statuses });
    if (filter.owners.length)
      qb.andWhere('d.owner_organisation_id IN (:...enterprises)', { enterprises: filter.owners });
    else if (filter.chains.length)
      qb.andWhere('d.industry_chain_ids && CAST(:chains AS uuid[])', { chains: filter.chains });
    else return [];
    return qb.orderBy('d.publishedAt', 'DESC', 'NULLS LAST').take(filter.limit).getMany();
  }

  /** Status, institution and chains of these achievements. */
  achievementFacts(
    ids: string[],
  ): Promise<Array<Pick<Achievement, 'id' | 'institutionId' | 'industryChainIds' | 'status'>>> {
    if (!ids.length) return Promise.resolve([]);
    return this.dataSource.getRepository(Achievement).find({
      select: { id: true, institutionId: true, industryChainIds: true, status: true },
      where: { id: In(ids) },
    });
  }

  /** Demands in these statuses (only these ids when given), in id order. */
  demandsWithStatus(statuses: DemandStatus[], ids?: string[]): Promise<Demand[]> {
    return this.dataSource.getRepository(Demand).find({
      where: { status: In(statuses), ...(ids ? { id: In(ids) } : {}) },
      order: { id: 'ASC' },
    });
  }

  /** District of every university/institute (the region factor of matching). */
  async institutionDistricts(): Promise<Map<string, string | null>> {
    const rows = await this.dataSource.getRepository(Organisation).find({
      select: { id: true, district: true },
      where: { kind: OrganisationKind.University },
    });
    return new Map(rows.map((r) => [r.id, r.district]));
  }

  /** Budget ceiling of these demands (confidential: used inside the score only). */
  async demandBudgets(ids: string[]): Promise<Map<string, number | null>> {
    if (!ids.length) return new Map();
    const rows = await this.dataSource.getRepository(Demand).find({
      select: { id: true, budgetMax: true },
      where: { id: In(ids) },
    });
    return new Map(rows.map((r) => [r.id, r.budgetMax]));
  }

  /** The two organisations of a pair: the demand's owner and the achievement's institution. */
  async pairParties(
    demandId: string,
    achievementId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ owner: string | null; institution: string | null }> {
    const demand = await manager.findOne(Demand, {
      select: { id: true, ownerOrganisationId: true },
      where: { id: demandId },
    });
    const achievement = await manager.findOne(Achievement, {
      select: { id: true, institutionId: true },
      where: { id: achievementId },
    });
    return { owner: demand?.ownerOrganisationId ?? null, institution: achievement?.institutionId ?? null };
  }

  /** These organisations (missing ids are absent), by name in the database's collation. */
  organisations(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<Organisation[]> {
    if (!ids.length) return Promise.resolve([]);
    return manager.getRepository(Organisation).find({ where: { id: In(ids) }, order: { name: 'ASC' } });
  }

  /** Names of these organisations (missing ids are absent). */
  async organisationNames(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.dataSource.getRepository(Organisation).find({
      select: { id: true, name: true },
      where: { id: In(ids) },
    });
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** These demands with their owning enterprise. */
  async demandCards(ids: string[]): Promise<RecordCard[]> {
    if (!ids.length) return [];
    const rows = await this.dataSource.getRepository(Demand).find({
      select: { id: true, title: true, ownerOrganisationId: true },
      where: { id: In(ids) },
    });
    const names = await this.organisationNames([...new Set(rows.map((r) => r.ownerOrganisationId))]);
    return rows
      .filter((r) => names.has(r.ownerOrganisationId))
      .map((r) => ({
        id: r.id,
        title: r.title,
        organisationId: r.ownerOrganisationId,
        organisationName: names.get(r.ownerOrganisationId)!,
      }));
  }

  /** These achievements with their holding institution. */
  async achievementCards(ids: string[]): Promise<RecordCard[]> {
    if (!ids.length) return [];
    const rows = await this.dataSource.getRepository(Achievement).find({
      select: { id: true, title: true, institutionId: true },
      where: { id: In(ids) },
    });
    const names = await this.organisationNames([...new Set(rows.map((r) => r.institutionId))]);
    return rows
      .filter((r) => names.has(r.institutionId))
      .map((r) => ({
        id: r.id,
        title: r.title,
        organisationId: r.institutionId,
        organisationName: names.get(r.institutionId)!,
      }));
  }
}
