import { AppError, RecordKind, Workflow } from '@app/common';
import { EventType } from '@app/events';
import { EntityManager } from 'typeorm';

import { activityParties, canManageActivity, readsAllActivities } from './activity.access';
import { ACTIVITY_STATUS_LABELS, ActivityStatus as S } from './activity.domain';
import { Activity } from './activity.entity';

export type ActivityAction = 'hold' | 'follow-up' | 'cancel';

export const ACTIVITY_ACTIONS: ActivityAction[] = ['hold', 'follow-up', 'cancel'];

/**
 * planned → held (attendance recorded, match list frozen, follow-ups opened) → followed_up (every follow-up done);
 * planned → cancelled. 'owner' is the activity's organiser (see canManageActivity); 'staff' managers and admins.
 */
export const ACTIVITY_WORKFLOW: Workflow<S, ActivityAction> = {
  hold: { from: [S.Planned], to: S.Held, by: ['staff', 'owner'], label: '确认举办' },
  'follow-up': { from: [S.Held], to: S.FollowedUp, by: ['staff', 'owner'], label: '完成跟进' },
  cancel: { from: [S.Planned], to: S.Cancelled, by: ['staff', 'owner'], label: '取消活动' },
};

export const EVENT_OF_ACTIVITY_ACTION = {
  hold: 'activity.held',
  'follow-up': 'activity.followed_up',
  cancel: 'activity.cancelled',
} as const satisfies Record<ActivityAction, EventType>;

/** The fields whose change is an edit of the activity (diffed into `activity.updated`). */
export const ACTIVITY_CONTENT_FIELDS: (keyof Activity)[] = [
  'kind',
  'title',
  'scheduledAt',
  'place',
  'district',
  'organiserOrganisationId',
  'industryChainIds',
  'notes',
];

/**
 * An activity on the shared record workflow. Its parties are who manage it (staff, and the organiser as owner, see
 * activityParties); whoever may only read it (every organiser, a participating organisation) gets 403, anyone else
 * 404. What may still change in each status is decided field by field (the service's EDITABLE_FIELDS).
 */
export function activityRecord(
  participates: (manager: EntityManager, activityId: string, organisationId: string) => Promise<boolean>,
): RecordKind<Activity, S, ActivityAction> {
  return {
    label: '活动',
    statusLabels: ACTIVITY_STATUS_LABELS,
    workflow: ACTIVITY_WORKFLOW,
    editable: { owner: [S.Planned, S.Held, S.FollowedUp], staff: [S.Planned, S.Held, S.FollowedUp] },
    contentFields: ACTIVITY_CONTENT_FIELDS,
    partiesTo: async (manager, actor, activity) => {
      if (canManageActivity(actor, activity)) return activityParties(actor, activity);
      const reads =
        readsAllActivities(actor) ||
        (!!actor.organisationId && (await participates(manager, activity.id, actor.organisationId)));
      if (reads) throw AppError.forbidden('只有活动的组织方或技术经理人可以管理该活动');
      return [];
    },
    // Locked without its organiser organisation (a relation), so the row saves as it is.
    toRow: (activity) => activity,
  };
}
