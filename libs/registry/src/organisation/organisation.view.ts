import { Actor, isStaff } from '@app/common';

import { Organisation } from './organisation.entity';

export const ORGANISATION_CONTACT_FIELDS = ['contactName', 'contactPhone', 'contactEmail'] as const;

export type OrganisationView = Omit<Organisation, (typeof ORGANISATION_CONTACT_FIELDS)[number]> &
  Partial<Pick<Organisation, (typeof ORGANISATION_CONTACT_FIELDS)[number]>>;

/** The contact rule: an organisation's contact person is shown to staff (manager, admin) and its own members. */
export function mayReadOrganisationContact(actor: Actor, organisationId: string): boolean {
  return isStaff(actor) || (!!actor.organisationId && actor.organisationId === organisationId);
}

/** An organisation as this reader may see it: without the contact keys when the contact rule says no. */
export function organisationView(actor: Actor, org: Organisation): OrganisationView {
  if (mayReadOrganisationContact(actor, org.id)) return org;
  const { contactName: _n, contactPhone: _p, contactEmail: _e, ...rest } = org;
  return rest;
}
