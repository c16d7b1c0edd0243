import { Actor, isStaff, omit } from '@app/common';

import { ChainRef } from '../industry-chain/industry-chain.service';
import { returnAsReadBy } from '../record-return';
import { Demand, DEMAND_CONFIDENTIAL_FIELDS } from './demand.entity';
import { DemandQuality, scoreDemandQuality } from './quality/demand-quality';

export type DemandView = Omit<Demand, 'ownerOrganisation' | 'qualityRulesVersion'> & {
  industryChains: ChainRef[];
  ownerOrganisationName: string | null;
  /** 需求质量 with the hints still open: owner and staff only. */
  quality: DemandQuality;
};

/** Owner-and-staff fields besides the confidential ones: the review's return note and the quality score. */
const OWNER_REVIEW_FIELDS = ['lastReturn', 'qualityScore', 'quality'] as const;

export type PublicDemandView = Omit<
  DemandView,
  | (typeof DEMAND_CONFIDENTIAL_FIELDS)[number]
  | (typeof OWNER_REVIEW_FIELDS)[number]
  | 'createdById'
  | 'assignedManagerId'
  | 'version'
>;

/** Contact, budget and confidential notes: the owner enterprise, managers and admins only. */
export function canSeeDemandConfidential(actor: Actor | undefined, demand: Demand): boolean {
  if (!actor) return false;
  return isStaff(actor) || (actor.organisationId !== null && actor.organisationId === demand.ownerOrganisationId);
}

export function toDemandView(
  demand: Demand,
  actor: Actor | undefined,
  chains: Map<string, ChainRef>,
): DemandView | PublicDemandView {
  const { ownerOrganisation, qualityRulesVersion: _q, ...rest } = demand;
  const base = {
    ...rest,
    industryChains: demand.industryChainIds.map((id) => chains.get(id)).filter((c): c is ChainRef => !!c),
    ownerOrganisationName: ownerOrganisation?.name ?? null,
  };
  if (canSeeDemandConfidential(actor, demand)) {
    const quality = scoreDemandQuality(demand);
    const lastReturn = demand.lastReturn ? returnAsReadBy(demand.lastReturn, actor!) : null;
    return { ...base, lastReturn, qualityScore: quality.score, quality };
  }
  return omit(base, [
    ...DEMAND_CONFIDENTIAL_FIELDS,
    ...OWNER_REVIEW_FIELDS.filter((f) => f !== 'quality'),
    'createdById',
    'assignedManagerId',
    'version',
  ]);
}
