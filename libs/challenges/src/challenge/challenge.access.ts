import { Actor, isStaff, partiesOf, Party } from '@app/common';

import { ChallengeStatus, PUBLIC_CHALLENGE_STATUSES } from './challenge.domain';
import { Challenge } from './challenge.entity';
import { CHALLENGE_ACTIONS, CHALLENGE_EDITABLE_STATUSES, CHALLENGE_WORKFLOW } from './challenge.workflow';

/**
 * Who sees a call: staff always; the enterprise that sets it (出榜方) always; everyone else, signed in or not, once
 * it is published (drafts and cancelled drafts do not exist for them: 404).
 */
export function canReadChallenge(actor: Actor | undefined, c: Pick<Challenge, 'status' | 'enterpriseOrganisationId'>) {
  if (actor && (isStaff(actor) || (actor.organisationId && actor.organisationId === c.enterpriseOrganisationId))) {
    return true;
  }
  return PUBLIC_CHALLENGE_STATUSES.includes(c.status);
}

export function challengeParties(actor: Actor, c: Challenge): Party[] {
  return partiesOf(actor, c.enterpriseOrganisationId);
}

/** What the actor may do with the call now (for the console's buttons): `edit` and the workflow's actions. */
export function allowedChallengeActions(actor: Actor, c: Challenge): string[] {
  const parties = challengeParties(actor, c);
  const actions: string[] = [];
  const editable = parties.includes('staff') ? CHALLENGE_EDITABLE_STATUSES.staff : CHALLENGE_EDITABLE_STATUSES.owner;
  if (editable.includes(c.status)) actions.push('edit');
  for (const action of CHALLENGE_ACTIONS) {
    const rule = CHALLENGE_WORKFLOW[action];
    if (rule.from.includes(c.status) && rule.by.some((p) => parties.includes(p))) actions.push(action);
  }
  return actions;
}

/** Whether bids are taken now: published and before the deadline. */
export function takesBids(c: Pick<Challenge, 'status' | 'bidDeadline'>, now = new Date()): boolean {
  return c.status === ChallengeStatus.Published && now.getTime() <= new Date(c.bidDeadline).getTime();
}
