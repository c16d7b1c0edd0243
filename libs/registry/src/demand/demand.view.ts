import { Actor, isStaff, omit } from '@app/common';

import { ChainRef } from '../industry-chain/industry-chain.service';
import { Demand, DEMAND_CONFIDENTIAL_FIELDS } from './demand.entity';

export type DemandView = Omit<Demand, 'ownerOrganisation'> & {
  industryChains: ChainRef[];
  ownerOrganisationName: string | null;
};

export type PublicDemandView = Omit<
  DemandView,
  (typeof DEMAND_CONFIDENTIAL_FIELDS)[number] | 'createdById' | 'assignedManagerId' | 'version'
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
  const { ownerOrganisation, ...rest } = demand;
  const full: DemandView = {
    ...rest,
    industryChains: demand.industryChainIds.map((id) => chains.get(id)).filter((c): c is ChainRef => !!c),
    ownerOrganisationName: ownerOrganisation?.name ?? null,
  };
  if (canSeeDemandConfidential(actor, demand)) return full;
  return omit(full, [...DEMAND_CONFIDENTIAL_FIELDS, 'createdById', 'assignedManagerId', 'version']);
}
