import { Actor, AppError, RecordStore, RecordWorkflow, Role } from '@app/common';
import { applyTransition } from '@app/registry';
import { EntityManager } from 'typeorm';

import {
  activityParties,
  canManageActivity,
  canSeeMatchContacts,
  readsAllActivities,
} from '../activity/activity.access';
import { ACTIVITY_STATUS_LABELS, ActivityStatus } from '../activity/activity.domain';
import { Activity } from '../activity/activity.entity';
import { ACTIVITY_WORKFLOW, ActivityAction, activityRecord } from '../activity/activity.workflow';

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

/** The activities table in memory: a saved row gets the next version, as @VersionColumn does. */
class MemoryActivities implements RecordStore<Activity> {
  readonly target = Activity;
  readonly rows = new Map<string, Activity>();

  async lockForUpdate(_manager: EntityManager, id: string): Promise<Activity | null> {
    const row = this.rows.get(id);
    return row ? Object.assign(new Activity(), row) : null;
  }

  async save(_manager: EntityManager, row: Activity): Promise<Activity> {
    const saved = Object.assign(new Activity(), row, { version: row.version + 1 });
    this.rows.set(row.id, saved);
    return Object.assign(new Activity(), saved);
  }
}

describe('an activity on the record workflow', () => {
  const manager = {} as EntityManager;
  const PARTICIPANT = '33333333-3333-4333-8333-333333333333';
  let store: MemoryActivities;
  let workflow: RecordWorkflow<Activity, ActivityStatus, ActivityAction>;

  beforeEach(() => {
    store = new MemoryActivities();
    store.rows.set(
      'a1',
      Object.assign(new Activity(), {
        id: 'a1',
        version: 2,
        status: ActivityStatus.Planned,
        organiserUserId: 'u-organiser',
        organiserOrganisationId: ORG,
      }),
    );
    workflow = new RecordWorkflow(
      activityRecord(async (_m, activityId, organisationId) => activityId === 'a1' && organisationId === PARTICIPANT),
      store,
    );
  });

  const attempt = (who: Actor, version = 2) =>
    workflow.transition(manager, who, 'a1', 'cancel', version, { record: async () => undefined }).then(
      (to) => to,
      (err: AppError) => err.getStatus(),
    );

  it('lets staff and the organiser cancel a planned activity at the version they read', async () => {
    expect(await attempt(actor(Role.Organizer, 'u-organiser'))).toBe(ActivityStatus.Cancelled);
    expect(store.rows.get('a1')).toMatchObject({ status: ActivityStatus.Cancelled, version: 3 });
    store.rows.get('a1')!.status = ActivityStatus.Planned;
    expect(await attempt(actor(Role.Manager), 3)).toBe(ActivityStatus.Cancelled);
  });

  it('answers 403 to those who only read it, 404 to everyone else, 409 to a stale version', async () => {
    expect(await attempt(actor(Role.Organizer, 'u-other', OTHER_ORG))).toBe(403);
    expect(await attempt(actor(Role.Enterprise, 'u-ent', PARTICIPANT))).toBe(403);
    expect(await attempt(actor(Role.University, 'u-uni', OTHER_ORG))).toBe(404);
    expect(await attempt(actor(Role.Manager), 1)).toBe(409);
    expect(store.rows.get('a1')).toMatchObject({ status: ActivityStatus.Planned, version: 2 });
  });
});
