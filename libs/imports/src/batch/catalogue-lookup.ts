import {
  Achievement,
  ACHIEVEMENT_EDITABLE_STATUSES,
  ACHIEVEMENT_STATUS_LABELS,
  AchievementStatus,
  CatalogueReads,
  Demand,
  DEMAND_EDITABLE_STATUSES,
  DEMAND_STATUS_LABELS,
  DemandStatus,
  EditableStatuses,
  OrganisationKind,
} from '@app/registry';

import { normalisePatent, normaliseTitle } from '../dedup/natural-key';
import { bigramVector, NearDuplicateIndex } from '../dedup/near-duplicates';
import { ImportKind } from '../parsing/columns';

/** What the import compares: the record's id, its organisation, title, body and, for achievements, patents. */
export interface CatalogueRecord {
  id: string;
  organisationId: string;
  title: string;
  patentNumbers: string[];
}

export interface KindTraits {
  entity: typeof Achievement | typeof Demand;
  table: 'achievements' | 'demands';
  organisationColumn: 'institution_id' | 'owner_organisation_id';
  organisationField: 'institutionId' | 'ownerOrganisationId';
  organisationKind: OrganisationKind;
  bodyField: 'abstract' | 'description';
  /** Statuses a member organisation, or staff, may still change: the registry's own rule. */
  editable: EditableStatuses<string>;
  noun: string;
}

export const KIND_TRAITS: Record<ImportKind, KindTraits> = {
  achievements: {
    entity: Achievement,
    table: 'achievements',
    organisationColumn: 'institution_id',
    organisationField: 'institutionId',
    organisationKind: OrganisationKind.University,
    bodyField: 'abstract',
    editable: ACHIEVEMENT_EDITABLE_STATUSES,
    noun: '成果',
  },
  demands: {
    entity: Demand,
    table: 'demands',
    organisationColumn: 'owner_organisation_id',
    organisationField: 'ownerOrganisationId',
    organisationKind: OrganisationKind.Enterprise,
    bodyField: 'description',
    editable: DEMAND_EDITABLE_STATUSES,
    noun: '需求',
  },
};

/**
 * Why a row cannot update the record it names, and what to do instead: the record's status is one the importer's
 * edit rights do not cover (the same rights as the API's edit).
 */
export function notEditableReason(kind: ImportKind, title: string, status: string, staff: boolean): string {
  if (kind === 'achievements') {
    switch (status) {
      case AchievementStatus.Transferred:
        return `成果“${title}”已转化（已转让或许可），不能通过导入修改；如需更正请联系${staff ? '平台管理员' : '技术经理人'}`;
      case AchievementStatus.Submitted:
        return `成果“${title}”已提交审核，本单位不能通过导入修改；如需更改请先在“我的成果”中撤回提交再导入`;
      case AchievementStatus.Withdrawn:
        return `成果“${title}”已撤回，本单位不能通过导入修改；如需更新请联系技术经理人重新发布，或由技术经理人导入`;
      default:
        return `成果“${title}”处于“${ACHIEVEMENT_STATUS_LABELS[status as AchievementStatus] ?? status}”状态，不能通过导入修改`;
    }
  }
  switch (status) {
    case DemandStatus.Solved:
    case DemandStatus.Closed:
      return `需求“${title}”${DEMAND_STATUS_LABELS[status]}，不能通过导入修改；如有新的需要请作为新需求登记`;
    case DemandStatus.Submitted:
      return `需求“${title}”已提交审核，企业不能通过导入修改；如需更改请联系技术经理人退回后再导入`;
    default:
      return `需求“${title}”处于“${DEMAND_STATUS_LABELS[status as DemandStatus] ?? status}”状态，企业不能通过导入修改；如需更改请联系技术经理人`;
  }
}

/** Text compared for near-duplicates: the body and keywords, never the title (a renamed record keeps its body). */
export const bodyText = (body: unknown, keywords: unknown) =>
  `${String(body ?? '')} ${Array.isArray(keywords) ? keywords.join(' ') : ''}`;

/**
 * The catalogue as the import sees it, loaded per organisation once per batch: titles by normalised title, the
 * near-duplicate index over every record of those organisations (drafts included: they are not in the search
 * engine), and patent numbers looked up in PostgreSQL per chunk.
 */
/** What the lookup reads of the registry's catalogue (CatalogueReads; an in-memory fake in unit tests). */
export type CatalogueSource = Pick<
  CatalogueReads,
  'organisationIdsByName' | 'ofOrganisations' | 'achievementsWithPatents' | 'records'
>;

export class CatalogueLookup {
  private readonly byTitle = new Map<string, string>();
  private readonly loaded = new Set<string>();
  readonly similar = new NearDuplicateIndex<{ recordId: string | null; rowNumber: number | null }>();

  constructor(
    private readonly catalogue: CatalogueSource,
    private readonly kind: ImportKind,
  ) {}

  private get traits() {
    return KIND_TRAITS[this.kind];
  }

  async loadOrganisations(ids: string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.loaded.has(id));
    if (!missing.length) return;
    const rows = await this.catalogue.ofOrganisations(this.kind, missing);
    for (const r of rows) {
      this.byTitle.set(`${r.organisationId}:${normaliseTitle(r.title)}`, r.id);
      this.similar.add({ recordId: r.id, rowNumber: null }, bigramVector(bodyText(r.body, r.keywords)));
    }
    for (const id of missing) this.loaded.add(id);
  }

  titleMatch(organisationId: string, title: string): string | undefined {
    return this.byTitle.get(`${organisationId}:${normaliseTitle(title)}`);
  }

  /** Patent number → record id for the given numbers (achievements only). */
  async patentMatches(patents: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (this.kind !== 'achievements' || !patents.length) return out;
    const rows = await this.catalogue.achievementsWithPatents([...new Set(patents.map(normalisePatent))]);
    for (const r of rows) for (const p of r.patentNumbers) if (!out.has(p)) out.set(p, r.id);
    return out;
  }

  async load(ids: string[]): Promise<Map<string, Achievement | Demand>> {
    if (!ids.length) return new Map();
    const rows = await this.catalogue.records(this.kind, ids);
    return new Map(rows.map((r) => [r.id, r]));
  }
}
