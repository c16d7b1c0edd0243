import { EditableStatuses, Workflow } from '@app/common';

import { FinancingNeedStatus as S } from './finance.domain';

export type FinancingNeedAction = 'publish' | 'withdraw' | 'accept' | 'close';

export const FINANCING_NEED_ACTIONS: FinancingNeedAction[] = ['publish', 'withdraw', 'accept', 'close'];

/**
 * draft → published (banks answer) → matched (the enterprise accepted one offer) → closed (放款 / 未成 recorded);
 * withdrawn (撤回) before a match. The enterprise runs its need; staff may publish, withdraw and record the outcome
 * for it, but only the enterprise chooses its bank.
 */
export const FINANCING_NEED_WORKFLOW: Workflow<S, FinancingNeedAction> = {
  publish: { from: [S.Draft], to: S.Published, by: ['owner', 'staff'], label: '发布融资需求' },
  withdraw: {
    from: [S.Draft, S.Published],
    to: S.Withdrawn,
    by: ['owner', 'staff'],
    label: '撤回融资需求',
    reasonRequired: true,
  },
  accept: { from: [S.Published], to: S.Matched, by: ['owner'], label: '选定银行方案' },
  close: { from: [S.Matched], to: S.Closed, by: ['owner', 'staff'], label: '登记融资结果' },
};

/** Content is not edited after creation (banks answer the need as published); a draft is withdrawn and re-posted. */
export const FINANCING_NEED_EDITABLE_STATUSES: EditableStatuses<S> = { owner: [], staff: [] };
