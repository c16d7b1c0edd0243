import { AchievementStatus as S } from '../domain';
import { Workflow } from '../workflow';

export type AchievementAction = 'publish' | 'withdraw' | 'transfer';

export const ACHIEVEMENT_ACTIONS: AchievementAction[] = ['publish', 'withdraw', 'transfer'];

/** draft → published → transferred | withdrawn; a withdrawn achievement may be published again. */
export const ACHIEVEMENT_WORKFLOW: Workflow<S, AchievementAction> = {
  publish: { from: [S.Draft, S.Withdrawn], to: S.Published, by: ['staff'], label: '发布' },
  withdraw: { from: [S.Draft, S.Published], to: S.Withdrawn, by: ['staff', 'owner'], label: '撤回' },
  transfer: { from: [S.Published], to: S.Transferred, by: ['staff'], label: '标记已转化' },
};

export const PUBLIC_ACHIEVEMENT_STATUSES: S[] = [S.Published, S.Transferred];
