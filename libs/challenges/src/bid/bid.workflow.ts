import { EditableStatuses, Workflow } from '@app/common';

import { BidStatus as S } from '../challenge/challenge.domain';

export type BidAction = 'withdraw';

/**
 * A bid is submitted when created; its lead may withdraw it until the deadline. The award moves it to awarded /
 * not_awarded (written by the call's award, not a step of its own).
 */
export const BID_WORKFLOW: Workflow<S, BidAction> = {
  withdraw: { from: [S.Submitted], to: S.Withdrawn, by: ['owner'], label: '撤回方案' },
};

/** Only the lead edits, and only while the bid is submitted (the deadline is checked besides). */
export const BID_EDITABLE_STATUSES: EditableStatuses<S> = { owner: [S.Submitted], staff: [] };
