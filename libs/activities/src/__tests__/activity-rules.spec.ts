import { Actor, AppError, Role } from '@app/common';
import { applyTransition } from '@app/registry';

import {
  activityParties,
  canManageActivity,
  canSeeMatchContacts,
  readsAllActivities,
} from '../activity/activity.access';
import { ACTIVITY_STATUS_LABELS, ActivityStatus } from '../activity/activity.domain';
import { Activity } from '../activity/activity.entity';
import { ACTIVITY_WORKFLOW, ActivityAction } from '../activity/activity.workflow';

const ORG = '11111111-1111-4111-8111-111111111111';
const OTHER_ORG = '22222222-2222-4222-8222-222222222222';
const actor = (role: Actor['role'], userId: string | null = 'u-1', organisationId: string | null = null): Actor => ({
  role,
  userId,
  organisationId,
});
const activity = (organiserUserId: string | null, organiserOrganisationId: string | null = null) =>
  Object.assign(new Activity(), { organiserUserId, organiserOrganisationId });

function outcome(fn: () => unknown): number | string {
  try {
    return fn() as string;
  } catch (err) {
    return (err as AppError).getStatus();
  }
}

describe('activity workflow', () => {
  it('goes planned → held → followed_up, or planned → cancelled, and nothing else', () => {
    const table = Object.values(ActivityStatus).flatMap((from) =>
      (Object.keys(ACTIVITY_WORKFLOW) as ActivityAction[]).map((action) => [
        action,
        from,
        outcome(() => applyTransition(ACTIVITY_WORKFLOW, action, from, ['owner'], ACTIVITY_STATUS_LABELS)),
      ]),
    );
    expect(table.filter(([, , r]) => typeof r === 'string')).toEqual([
      ['hold', 'planned', 'held'],
      ['cancel', 'planned', 'cancelled'],
      ['follow-up', 'held', 'followed_up'],
    ]);
    expect(table.filter(([, , r]) => typeof r !== 'string').every(([, , r]) => r === 409)).toBe(true);
  });

  it('refuses a user who is neither staff nor the organiser with 403', () => {
    expect(
      outcome(() => applyTransition(ACTIVITY_WORKFLOW, 'hold', ActivityStatus.Planned, [], ACTIVITY_STATUS_LABELS)),
    ).toBe(403);
  });
});

describe('who manages and reads an activity', () => {
  it('staff manage every activity; an organiser those they created or their organisation organises', () => {
    expect(canManageActivity(actor(Role.Manager), activity('someone-else'))).toBe(true);
    expect(canManageActivity(actor(Role.Admin), activity(null))).toBe(true);
    expect(canManageActivity(actor(Role.Organizer, 'u-1'), activity('u-1'))).toBe(true);
    expect(canManageActivity(actor(Role.Organizer, 'u-2', ORG), activity('u-1', ORG))).toBe(true);
    expect(canManageActivity(actor(Role.Organizer, 'u-2', OTHER_ORG), activity('u-1', ORG))).toBe(false);
    expect(canManageActivity(actor(Role.Organizer, 'u-2'), activity('u-1'))).toBe(false);
    // an enterprise of the organising organisation is not its organiser
    expect(canManageActivity(actor(Role.Enterprise, 'u-3', ORG), activity('u-1', ORG))).toBe(false);
    expect(activityParties(actor(Role.Organizer, 'u-1'), activity('u-1'))).toEqual(['owner']);
    expect(activityParties(actor(Role.Manager), activity('u-1'))).toEqual(['staff', 'owner']);
  });

  it('staff and organisers read every activity, participants only their own', () => {
    expect(readsAllActivities(actor(Role.Organizer))).toBe(true);
    expect(readsAllActivities(actor(Role.Manager))).toBe(true);
    expect(readsAllActivities(actor(Role.Enterprise, 'u', ORG))).toBe(false);
    expect(readsAllActivities(actor(Role.University, 'u', ORG))).toBe(false);
  });

  it('shows match-list contacts to managers and admins only, never to organisers or participants', () => {
    expect(canSeeMatchContacts(actor(Role.Manager))).toBe(true);
    expect(canSeeMatchContacts(actor(Role.Admin))).toBe(true);
    expect(canSeeMatchContacts(actor(Role.Organizer))).toBe(false);
    expect(canSeeMatchContacts(actor(Role.Enterprise, 'u', ORG))).toBe(false);
    expect(canSeeMatchContacts(actor(Role.University, 'u', ORG))).toBe(false);
  });
});
