import { Actor, isStaff, Role } from '@app/common';

/**
 * Who may do what in this context:
 * - platform staff (admins and technology managers) read every profile, agency, assignment and service record, and
 *   see profiles' contact details; nobody else sees them;
 * - admins edit every profile and deactivate or reactivate it; a technology manager creates and edits their own;
 * - staff register agencies, assign managers and log service; a manager logs (and edits, removes) only their own
 *   service records, an admin anyone's;
 * - an enterprise or university user reads the profiles (without contacts), and the assignments and service records
 *   about its own organisation only.
 */
export function seesContacts(actor: Actor): boolean {
  return isStaff(actor);
}

export function isAdmin(actor: Actor): boolean {
  return actor.role === Role.Admin || actor.role === 'system';
}

/** Whether the actor reads service records and assignments about this organisation. */
export function readsOrganisationLog(actor: Actor, organisationId: string): boolean {
  return isStaff(actor) || (actor.organisationId !== null && actor.organisationId === organisationId);
}
