import { Actor, isStaff, Role } from '@app/common';
import { Party } from '@app/registry';

import { Activity } from './activity.entity';

/**
 * Who may do what with an activity:
 * - managers and admins (staff) manage every activity;
 * - an organiser manages the activities they organise: created by them, or organised by their organisation;
 *   organisers read every activity (they plan the year's programme together);
 * - an enterprise or university user reads the activities its organisation takes part in, and on the match list
 *   only the pairs its organisation is a party to.
 */
export function canManageActivity(
  actor: Actor,
  activity: Pick<Activity, 'organiserUserId' | 'organiserOrganisationId'>,
) {
  if (isStaff(actor)) return true;
  if (actor.role !== Role.Organizer) return false;
  return (
    (actor.userId !== null && activity.organiserUserId === actor.userId) ||
    (actor.organisationId !== null && activity.organiserOrganisationId === actor.organisationId)
  );
}

export function activityParties(actor: Actor, activity: Activity): Party[] {
  const parties: Party[] = [];
  if (isStaff(actor)) parties.push('staff');
  if (canManageActivity(actor, activity)) parties.push('owner');
  return parties;
}

/** Staff and organisers read all activities; others only when their organisation participates. */
export function readsAllActivities(actor: Actor): boolean {
  return isStaff(actor) || actor.role === Role.Organizer;
}

/**
 * Contact rule for match lists (API views and every export format): contact names, phones and e-mails of demands
 * and achievements are shown only to platform staff — managers (技术经理人) and admins — the same people who see
 * a demand's confidential fields. Organisers build and hand out match lists from public information only; their
 * exports leave the contact columns out and point readers to the platform's technology managers instead.
 */
export function canSeeMatchContacts(actor: Actor): boolean {
  return isStaff(actor);
}
