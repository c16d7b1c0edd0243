import { DemandStatus as S } from '../domain';
import { EditableStatuses, Workflow } from '../workflow';

export type DemandAction = 'submit' | 'return' | 'publish' | 'start' | 'solve' | 'close';

export const DEMAND_ACTIONS: DemandAction[] = ['submit', 'return', 'publish', 'start', 'solve', 'close'];

/** draft → submitted → published → in_progress → solved | closed; managers may return a submission for edits. */
export const DEMAND_WORKFLOW: Workflow<S, DemandAction> = {
  submit: { from: [S.Draft], to: S.Submitted, by: ['owner', 'staff'], label: '提交审核' },
  return: { from: [S.Submitted], to: S.Draft, by: ['staff'], label: '退回修改', reasonRequired: true },
  publish: { from: [S.Submitted], to: S.Published, by: ['staff'], label: '审核发布' },
  start: { from: [S.Published], to: S.InProgress, by: ['staff'], label: '开始对接' },
  solve: { from: [S.Published, S.InProgress], to: S.Solved, by: ['staff', 'owner'], label: '标记已解决' },
  close: {
    from: [S.Draft, S.Submitted, S.Published, S.InProgress],
    to: S.Closed,
    by: ['staff', 'owner'],
    label: '关闭',
  },
};

/** Statuses anyone may see (public listing, other enterprises). */
export const PUBLIC_DEMAND_STATUSES: S[] = [S.Published, S.InProgress, S.Solved];

/** Statuses in which the owner may still edit the content (a draft) and in which staff may (until closed). */
export const DEMAND_EDITABLE_STATUSES: EditableStatuses<S> = {
  owner: [S.Draft],
  staff: [S.Draft, S.Submitted, S.Published, S.InProgress],
};
