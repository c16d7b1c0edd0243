import { EditableStatuses, Workflow } from '@app/common';

import { ChallengeStatus as S } from './challenge.domain';

export type ChallengeAction = 'publish' | 'close' | 'start-review' | 'award' | 'complete' | 'cancel';

export const CHALLENGE_ACTIONS: ChallengeAction[] = ['publish', 'close', 'start-review', 'award', 'complete', 'cancel'];

/**
 * draft → published (bids open until the deadline) → closed (bids frozen) → under_review (experts score) → awarded
 * (projects created) → completed (every project accepted or failed); cancelled (撤榜) from any step before the award.
 * Only platform staff run a call; the enterprise (owner) follows it.
 */
export const CHALLENGE_WORKFLOW: Workflow<S, ChallengeAction> = {
  publish: { from: [S.Draft], to: S.Published, by: ['staff'], label: '发布榜单' },
  close: { from: [S.Published], to: S.Closed, by: ['staff'], label: '截止揭榜' },
  'start-review': { from: [S.Closed], to: S.UnderReview, by: ['staff'], label: '开始评审' },
  award: { from: [S.UnderReview], to: S.Awarded, by: ['staff'], label: '定榜' },
  complete: { from: [S.Awarded], to: S.Completed, by: ['staff'], label: '完成榜单' },
  cancel: {
    from: [S.Draft, S.Published, S.Closed, S.UnderReview],
    to: S.Cancelled,
    by: ['staff'],
    label: '撤榜',
    reasonRequired: true,
  },
};

/** A call's content changes only while it is a draft (bidders answer the call as published). */
export const CHALLENGE_EDITABLE_STATUSES: EditableStatuses<S> = {
  owner: [],
  staff: [S.Draft],
};
