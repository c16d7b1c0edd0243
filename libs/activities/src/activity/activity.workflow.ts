import { EventType } from '@app/events';
import { Workflow } from '@app/registry';

import { ActivityStatus as S } from './activity.domain';

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
