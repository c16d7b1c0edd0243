import { Workflow } from '@app/common';

import { FollowUpStatus as S } from '../activity/activity.domain';

export type FollowUpAction = 'done' | 'reopen';

/**
 * open (跟进中) → done (已完成), and back when more turns out to be needed. Fired by setting `status` in the item's
 * update; whoever manages the activity may do both.
 */
export const FOLLOW_UP_WORKFLOW: Workflow<S, FollowUpAction> = {
  done: { from: [S.Open], to: S.Done, by: ['staff', 'owner'], label: '标记完成' },
  reopen: { from: [S.Done], to: S.Open, by: ['staff', 'owner'], label: '重新跟进' },
};

/** The step a change of status fires. */
export const FOLLOW_UP_ACTION_TO: Record<S, FollowUpAction> = { [S.Done]: 'done', [S.Open]: 'reopen' };
