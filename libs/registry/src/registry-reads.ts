import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { Achievement } from './achievement/achievement.entity';
import { AchievementIdFilter, AchievementRepository } from './achievement/achievement.repository';
import { Demand } from './demand/demand.entity';
import { DemandIdFilter, DemandRepository } from './demand/demand.repository';
import { AchievementStatus, DemandStatus, OrganisationKind } from './domain';
import { Organisation } from './organisation/organisation.entity';
import { OrganisationRepository } from './organisation/organisation.repository';

/** A record with its owning organisation (demand: the enterprise; achievement: the institution). */
export interface RecordCard {
  id: string;
  title: string;
  organisationId: string;
  organisationName: string;
}

/** A demand or an achievement as one side of a presented pair. */
export interface PartySideFacts {
  id: string;
  title: string;
  status: string;
  organisationId: string;
  organisationName: string;
  industryChainIds: string[];
  contact: { name: string | null; phone: string | null; email: string | null };
}

/**
 * Read-only facts other contexts need about registry records (matching, activities), so they never read the
 * registry's tables themselves; they go through the registry's repositories. Methods that run inside a caller's
 * transaction take its EntityManager. CatalogueReads is the imports' port over the same repositories: it answers in
 * catalogue entries for bulk comparison and is faked in the imports' unit tests, so the two stay separate.
 */
@Injectable()
export class RegistryReads {
  constructor(
    private readonly demands: DemandRepository,
    private readonly achievements: AchievementRepository,
    private readonly organisationRows: OrganisationRepository,
  ) {}

  demand(id: string, manager?: EntityManager): Promise<Demand | null> {
    return this.demands.findById(id, manager);
  }

  achievement(id: string, manager?: EntityManager): Promise<Achievement | null> {
    return this.achievements.findById(id, manager);
  }

  /**
   * Newest open demands (published first by date) of these owners, or else touching these chains; none when
   * neither is given.
   */
  newestDemands(filter: {
    statuses: DemandStatus[];
    owners: string[];
    chains: string[];
    limit: number;
  }): Promise<Demand[]> {
    return this.demands.newest(filter);
  }

  /** Status, institution and chains of these achievements. */
  achievementFacts(
    ids: string[],
  ): Promise<Array<Pick<Achievement, 'id' | 'institutionId' | 'industryChainIds' | 'status'>>> {
    return this.achievements.findFieldsByIds(ids, ['institutionId', 'industryChainIds', 'status']);
  }

  /** Demands in these statuses (only these ids when given), in id order. */
  demandsWithStatus(statuses: DemandStatus[], ids?: string[]): Promise<Demand[]> {
    return this.demands.withStatuses(statuses, ids);
  }

  /** District of every university/institute (the region factor of matching). */
  async institutionDistricts(): Promise<Map<string, string | null>> {
    const rows = await this.organisationRows.districtsOf(OrganisationKind.University);
    return new Map(rows.map((r) => [r.id, r.district]));
  }

  /** Budget ceiling of these demands (confidential: used inside the score only). */
  async demandBudgets(ids: string[]): Promise<Map<string, number | null>> {
    const rows = await this.demands.findFieldsByIds(ids, ['budgetMax']);
    return new Map(rows.map((r) => [r.id, r.budgetMax]));
  }

  /** The two organisations of a pair: the demand's owner and the achievement's institution. */
  async pairParties(
    demandId: string,
    achievementId: string,
    manager?: EntityManager,
  ): Promise<{ owner: string | null; institution: string | null }> {
    const [demand] = await this.demands.findFieldsByIds([demandId], ['ownerOrganisationId'], manager);
    const [achievement] = await this.achievements.findFieldsByIds([achievementId], ['institutionId'], manager);
    return { owner: demand?.ownerOrganisationId ?? null, institution: achievement?.institutionId ?? null };
  }

  /** These organisations (missing ids are absent), by name in the database's collation. */
  organisations(ids: string[], manager?: EntityManager): Promise<Organisation[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.organisationRows.findByIdsByName(ids, manager);
  }

  /** Ids of the organisations (any kind) with these exact names, by name. */
  async organisationIdsByName(names: string[]): Promise<Map<string, string>> {
    if (!names.length) return new Map();
    const rows = await this.organisationRows.findByNamesOfAnyKind(names);
    return new Map(rows.map((r) => [r.name, r.id]));
  }

  /** Demands with these exact titles in these statuses (demo loaders find their records by title). */
  demandsTitled(titles: string[], statuses: DemandStatus[]): Promise<Demand[]> {
    return this.demands.titled(titles, statuses);
  }

  /** Achievements with these exact titles in this status. */
  achievementsTitled(titles: string[], status: AchievementStatus): Promise<Achievement[]> {
    return this.achievements.titled(titles, status);
  }

  /**
   * Published achievements ranked by how many of these keywords their title (double weight) and abstract contain:
   * what PostgreSQL alone can match (the evaluation's database baseline).
   */
  achievementsByKeywordHits(keywords: string[], limit: number): Promise<string[]> {
    return this.achievements.byKeywordHits(keywords, limit);
  }

  /** Owner organisation of these demands (missing ids are absent). */
  async demandOwners(ids: string[]): Promise<Map<string, string>> {
    const rows = await this.demands.findFieldsByIds(ids, ['ownerOrganisationId']);
    return new Map(rows.map((r) => [r.id, r.ownerOrganisationId]));
  }

  /** Names of these organisations (missing ids are absent). */
  async organisationNames(ids: string[]): Promise<Map<string, string>> {
    const rows = await this.organisationRows.findFieldsByIds(ids, ['name']);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** The manager assigned to each of these demands, by demand id (demands without one are left out). */
  async demandManagers(ids: string[]): Promise<Map<string, string>> {
    const rows = await this.demands.findFieldsByIds(ids, ['assignedManagerId']);
    return new Map(rows.flatMap((r) => (r.assignedManagerId ? [[r.id, r.assignedManagerId] as const] : [])));
  }

  /**
   * One side of pairs presented to people (match lists and their exports): each record's title, status, chains,
   * organisation and contact — the record's own contact, else its organisation's. Records of organisations that
   * no longer exist are left out.
   */
  async partySides(
    kind: 'demand' | 'achievement',
    ids: string[],
    manager?: EntityManager,
  ): Promise<Map<string, PartySideFacts>> {
    const rows =
      kind === 'demand'
        ? (
            await this.demands.findFieldsByIds(
              ids,
              [
                'title',
                'status',
                'ownerOrganisationId',
                'industryChainIds',
                'contactName',
                'contactPhone',
                'contactEmail',
              ],
              manager,
            )
          ).map(({ ownerOrganisationId, ...r }) => ({ ...r, organisationId: ownerOrganisationId }))
        : (
            await this.achievements.findFieldsByIds(
              ids,
              ['title', 'status', 'institutionId', 'industryChainIds', 'contactName', 'contactPhone', 'contactEmail'],
              manager,
            )
          ).map(({ institutionId, ...r }) => ({ ...r, organisationId: institutionId }));
    const orgs = new Map(
      (await this.organisations([...new Set(rows.map((r) => r.organisationId))], manager)).map((o) => [o.id, o]),
    );
    return new Map(
      rows.flatMap((r) => {
        const org = orgs.get(r.organisationId);
        if (!org) return [];
        const side: PartySideFacts = {
          id: r.id,
          title: r.title,
          status: r.status,
          organisationId: org.id,
          organisationName: org.name,
          industryChainIds: r.industryChainIds,
          contact: {
            name: r.contactName ?? org.contactName,
            phone: r.contactPhone ?? org.contactPhone,
            email: r.contactEmail ?? org.contactEmail,
          },
        };
        return [[r.id, side] as const];
      }),
    );
  }

  /** These demands with their owner organisations, by id (views of pairs). */
  async demandsWithOwners(ids: string[], manager?: EntityManager): Promise<Map<string, Demand>> {
    return new Map((await this.demands.withOwners(ids, manager)).map((d) => [d.id, d]));
  }

  /** These achievements with their holder institutions, by id (views of pairs). */
  async achievementsWithInstitutions(ids: string[], manager?: EntityManager): Promise<Map<string, Achievement>> {
    return new Map((await this.achievements.withInstitutions(ids, manager)).map((a) => [a.id, a]));
  }

  /** Ids of the demands meeting every given condition. */
  demandIdsWhere(filter: DemandIdFilter): Promise<string[]> {
    return this.demands.idsWhere(filter);
  }

  /** Ids of the achievements meeting every given condition. */
  achievementIdsWhere(filter: AchievementIdFilter): Promise<string[]> {
    return this.achievements.idsWhere(filter);
  }

  /** Ids and names of every organisation of this kind, by name (reference data, e.g. for reading questions). */
  organisationNamesOfKind(kind: OrganisationKind): Promise<Array<{ id: string; name: string }>> {
    return this.organisationRows.namesOfKind(kind);
  }

  /** The titles of these demands, by id. */
  async demandTitles(ids: string[]): Promise<Map<string, string>> {
    const rows = await this.demands.findFieldsByIds(ids, ['title']);
    return new Map(rows.map((r) => [r.id, r.title]));
  }

  /** The titles of these achievements, by id. */
  async achievementTitles(ids: string[]): Promise<Map<string, string>> {
    const rows = await this.achievements.findFieldsByIds(ids, ['title']);
    return new Map(rows.map((r) => [r.id, r.title]));
  }

  /** These demands with their owning enterprise. */
  async demandCards(ids: string[]): Promise<RecordCard[]> {
    const rows = await this.demands.findFieldsByIds(ids, ['title', 'ownerOrganisationId']);
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
    const rows = await this.achievements.findFieldsByIds(ids, ['title', 'institutionId']);
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
