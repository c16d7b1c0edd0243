import { Actor, isStaff, Role } from '@app/common';

import { FinancingNeedStatus } from './finance.domain';
import { FinancingNeed } from './financing-need.entity';

/**
 * What an actor sees of a financing need:
 * - `full`: the enterprise that posted it, staff, and a bank that has answered it (an offer of its own);
 * - `offer`: any bank, while the need is published — what an offer needs (amount, term, purpose, collateral kinds,
 *   chains), without the collateral details, the financial figures and the contact;
 * - `none`: everyone else (other enterprises, universities, organisers, a bank that did not answer a need no longer
 *   published): the need does not exist for them (404).
 */
export type NeedVisibility = 'full' | 'offer' | 'none';

export function needVisibility(
  actor: Actor,
  need: Pick<FinancingNeed, 'status' | 'enterpriseOrganisationId'>,
  answered: boolean,
): NeedVisibility {
  if (isStaff(actor)) return 'full';
  if (actor.organisationId && actor.organisationId === need.enterpriseOrganisationId) return 'full';
  if (actor.role === Role.Bank && actor.organisationId) {
    if (need.status === FinancingNeedStatus.Draft) return 'none';
    if (answered) return 'full';
    if (need.status === FinancingNeedStatus.Published) return 'offer';
  }
  return 'none';
}

/** The fields only `full` readers see. */
export const CONFIDENTIAL_NEED_FIELDS = [
  'collateralDetails',
  'annualRevenue',
  'netProfit',
  'contactName',
  'contactPhone',
] as const;
