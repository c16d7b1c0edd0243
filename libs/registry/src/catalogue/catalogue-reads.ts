import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { Achievement } from '../achievement/achievement.entity';
import { AchievementRepository } from '../achievement/achievement.repository';
import { Demand } from '../demand/demand.entity';
import { DemandRepository } from '../demand/demand.repository';
import { OrganisationKind } from '../domain';
import { OrganisationRepository } from '../organisation/organisation.repository';

/** The two catalogues of the registry, as bulk readers (imports) name them. */
export type CatalogueKind = 'achievements' | 'demands';

/** One record as a bulk reader compares it: id, organisation, title, body text, keywords and patents. */
export interface CatalogueEntry {
  id: string;
  organisationId: string;
  title: string;
  status: string;
  body: string;
  keywords: string[];
  patentNumbers: string[];
}

/** An achievement as a catalogue entry. */
export const entryOfAchievement = (a: Achievement): CatalogueEntry => ({
  id: a.id,
  organisationId: a.institutionId,
  title: a.title,
  status: a.status,
  body: a.abstract,
  keywords: a.keywords,
  patentNumbers: a.patentNumbers,
});

/** A demand as a catalogue entry. */
export const entryOfDemand = (d: Demand): CatalogueEntry => ({
  id: d.id,
  organisationId: d.ownerOrganisationId,
  title: d.title,
  status: d.status,
  body: d.description,
  keywords: d.keywords,
  patentNumbers: [],
});

/**
 * Read access to the registry's catalogue for bulk work in other contexts (the import preview and commit): they
 * read demands, achievements and organisations through this service, never their tables. Methods given the
 * caller's EntityManager read inside its transaction.
 */
@Injectable()
export class CatalogueReads {
  constructor(
    private readonly achievements: AchievementRepository,
    private readonly demands: DemandRepository,
    private readonly organisations: OrganisationRepository,
  ) {}

  /** Organisation ids of the given kind by exact name. */
  async organisationIdsByName(kind: OrganisationKind, names: string[]): Promise<Map<string, string>> {
    if (!names.length) return new Map();
    const found = await this.organisations.findByNames(kind, names);
    return new Map(found.map((o) => [o.name, o.id]));
  }

  /** Every record of these organisations (drafts included). */
  async ofOrganisations(kind: CatalogueKind, organisationIds: string[], manager?: EntityManager) {
    if (!organisationIds.length) return [];
    return kind === 'achievements'
      ? (await this.achievements.ofInstitutions(organisationIds, manager)).map(entryOfAchievement)
      : (await this.demands.ofOwners(organisationIds, manager)).map(entryOfDemand);
  }

  /** Achievements holding any of these (normalised) patent numbers, oldest first. */
  async achievementsWithPatents(patents: string[], manager?: EntityManager): Promise<CatalogueEntry[]> {
    if (!patents.length) return [];
    return (await this.achievements.withPatents(patents, manager)).map(entryOfAchievement);
  }

  /** The records themselves, by id. */
  async records(kind: CatalogueKind, ids: string[], manager?: EntityManager): Promise<Array<Achievement | Demand>> {
    if (!ids.length) return [];
    return kind === 'achievements' ? this.achievements.findByIds(ids, manager) : this.demands.findByIds(ids, manager);
  }

  /** Entries by id (title, status, organisation: enough to decide who may read them). */
  async entries(kind: CatalogueKind, ids: string[], manager?: EntityManager): Promise<CatalogueEntry[]> {
    const rows = await this.records(kind, ids, manager);
    return kind === 'achievements'
      ? (rows as Achievement[]).map(entryOfAchievement)
      : (rows as Demand[]).map(entryOfDemand);
  }

  /** Records of these organisations created at or after `since`. */
  async createdSince(
    kind: CatalogueKind,
    since: Date,
    organisationIds: string[],
    manager?: EntityManager,
  ): Promise<CatalogueEntry[]> {
    if (!organisationIds.length) return [];
    return kind === 'achievements'
      ? (await this.achievements.ofInstitutions(organisationIds, manager, since)).map(entryOfAchievement)
      : (await this.demands.ofOwners(organisationIds, manager, since)).map(entryOfDemand);
  }
}
