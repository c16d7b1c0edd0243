import { Actor, AppError, ErrorCode, Role } from '@app/common';

/** Who may fire a transition: platform staff, the record's owner organisation, or both. */
export type Party = 'staff' | 'owner';

export interface TransitionRule<S extends string> {
  from: readonly S[];
  to: S;
  by: readonly Party[];
  /** Chinese name of the action, for messages. */
  label: string;
  reasonRequired?: boolean;
}

export type Workflow<S extends string, A extends string> = Record<A, TransitionRule<S>>;

export function partiesOf(actor: Actor, ownerOrganisationId: string): Party[] {
  const parties: Party[] = [];
  if (actor.role === Role.Admin || actor.role === Role.Manager || actor.role === 'system') parties.push('staff');
  if (actor.organisationId !== null && actor.organisationId === ownerOrganisationId) parties.push('owner');
  return parties;
}

/**
 * Checks one transition; returns the target state or throws 403 (not allowed for this actor) or 409 (illegal from
 * the current state). Pure, so the whole table is unit-tested.
 */
export function applyTransition<S extends string, A extends string>(
  workflow: Workflow<S, A>,
  action: A,
  current: S,
  parties: Party[],
  statusLabels: Record<S, string>,
): S {
  const rule = workflow[action];
  if (!rule.by.some((p) => parties.includes(p))) throw AppError.forbidden(`无权执行“${rule.label}”操作`);
  if (!rule.from.includes(current)) {
    throw AppError.conflict(
      ErrorCode.ILLEGAL_TRANSITION,
      `当前状态“${statusLabels[current]}”不能执行“${rule.label}”操作`,
      { action, from: current, allowedFrom: rule.from },
    );
  }
  return rule.to;
}
