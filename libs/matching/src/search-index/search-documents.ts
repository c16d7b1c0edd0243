import { Achievement, ChainRef, Demand } from '@app/registry';

/** Which records are indexed is the registry's rule (its derived-state bookkeeping reads the same). */
export { INDEXED_ACHIEVEMENT_STATUSES, INDEXED_DEMAND_STATUSES, IndexKind } from '@app/registry';

/**
 * What Meilisearch holds for an achievement: public fields only (no contacts, no source file).
 * Built from an allow-list, so a field added to the entity never leaks into the index by accident.
 */
export interface AchievementDocument {
  id: string;
  title: string;
  abstract: string;
  keywords: string[];
  applicationScenarios: string;
  team: string;
  institutionId: string;
  institutionName: string | null;
  industryChainIds: string[];
  chainNames: string[];
  trl: number | null;
  stage: string | null;
  ipType: string | null;
  ipStatus: string | null;
  patentNumbers: string[];
  transferModes: string[];
  askingPrice: number | null;
  status: string;
  publishedAt: number | null;
  updatedAt: number;
}

/** What Meilisearch holds for a demand: public fields only (no budget, contact or confidential notes). */
export interface DemandDocument {
  id: string;
  title: string;
  description: string;
  keywords: string[];
  technicalIndicators: string;
  expectedOutcome: string;
  kind: string;
  industryChainIds: string[];
  chainNames: string[];
  chainRequired: boolean;
  requiredTrl: number | null;
  requiredStage: string | null;
  cooperationModes: string[];
  region: string | null;
  deadline: string | null;
  ownerOrganisationName: string | null;
  status: string;
  publishedAt: number | null;
  updatedAt: number;
}

const names = (ids: string[], chains: Map<string, ChainRef>) =>
  ids.map((id) => chains.get(id)?.name).filter((n): n is string => !!n);
const time = (d: Date | null | undefined) => (d ? d.getTime() : null);

export function achievementDocument(a: Achievement, chains: Map<string, ChainRef>): AchievementDocument {
  return {
    id: a.id,
    title: a.title,
    abstract: a.abstract,
    keywords: a.keywords,
    applicationScenarios: a.applicationScenarios,
    team: a.team,
    institutionId: a.institutionId,
    institutionName: a.institution?.name ?? null,
    industryChainIds: a.industryChainIds,
    chainNames: names(a.industryChainIds, chains),
    trl: a.trl,
    stage: a.stage,
    ipType: a.ipType,
    ipStatus: a.ipStatus,
    patentNumbers: a.patentNumbers,
    transferModes: a.transferModes,
    askingPrice: a.askingPrice,
    status: a.status,
    publishedAt: time(a.publishedAt),
    updatedAt: a.updatedAt.getTime(),
  };
}

export function demandDocument(d: Demand, chains: Map<string, ChainRef>): DemandDocument {
  return {
    id: d.id,
    title: d.title,
    description: d.description,
    keywords: d.keywords,
    technicalIndicators: d.technicalIndicators,
    expectedOutcome: d.expectedOutcome,
    kind: d.kind,
    industryChainIds: d.industryChainIds,
    chainNames: names(d.industryChainIds, chains),
    chainRequired: d.chainRequired,
    requiredTrl: d.requiredTrl,
    requiredStage: d.requiredStage,
    cooperationModes: d.cooperationModes,
    region: d.region,
    deadline: d.deadline,
    ownerOrganisationName: d.ownerOrganisation?.name ?? null,
    status: d.status,
    publishedAt: time(d.publishedAt),
    updatedAt: d.updatedAt.getTime(),
  };
}
