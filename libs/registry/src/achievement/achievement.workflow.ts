import { AchievementStatus as S } from '../domain';
import { EditableStatuses, Workflow } from '../workflow';

export type AchievementAction = 'submit' | 'recall' | 'return' | 'publish' | 'withdraw' | 'transfer';

export const ACHIEVEMENT_ACTIONS: AchievementAction[] = [
  'submit',
  'recall',
  'return',
  'publish',
  'withdraw',
  'transfer',
];

/**
 * draft → (submitted →) published → transferred | withdrawn; a withdrawn achievement may be published again.
 * The holder institution submits its drafts for review (提交审核) and may recall a submission to edit it again;
 * managers publish drafts they filed themselves directly, and return a submission that needs changes with a
 * reason the institution reads on the achievement (退回修改).
 */
export const ACHIEVEMENT_WORKFLOW: Workflow<S, AchievementAction> = {
  submit: { from: [S.Draft], to: S.Submitted, by: ['staff', 'owner'], label: '提交审核' },
  recall: { from: [S.Submitted], to: S.Draft, by: ['staff', 'owner'], label: '撤回提交' },
  return: { from: [S.Submitted], to: S.Draft, by: ['staff'], label: '退回修改', reasonRequired: true },
  publish: { from: [S.Draft, S.Submitted, S.Withdrawn], to: S.Published, by: ['staff'], label: '发布' },
  withdraw: { from: [S.Draft, S.Published], to: S.Withdrawn, by: ['staff', 'owner'], label: '撤回' },
  transfer: { from: [S.Published], to: S.Transferred, by: ['staff'], label: '标记已转化' },
};

export const PUBLIC_ACHIEVEMENT_STATUSES: S[] = [S.Published, S.Transferred];

/**
 * Statuses in which the holder institution (`owner`) and staff may change the content. A published achievement stays editable by its
 * institution (a patent granted, a new price, a corrected abstract: the quarterly re-import of 成果征集 files
 * depends on it); it stays published, and each change is an `achievement.updated` event with before/after for
 * the managers to review. A submission waits for review as it was sent (the institution recalls it to edit it);
 * withdrawn and transferred ones are the managers' to handle; a transferred achievement is a closed case for
 * staff too.
 */
export const ACHIEVEMENT_EDITABLE_STATUSES: EditableStatuses<S> = {
  owner: [S.Draft, S.Published],
  staff: [S.Draft, S.Submitted, S.Published, S.Withdrawn],
};
