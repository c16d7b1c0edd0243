import { EventType } from '@app/events';
import { Workflow } from '@app/registry';

import { MatchStatus as S } from './match.entity';

export type MatchAction = 'confirm' | 'contact' | 'negotiate' | 'contract' | 'reject' | 'reopen';

export const MATCH_ACTIONS: MatchAction[] = ['confirm', 'contact', 'negotiate', 'contract', 'reject', 'reopen'];

/**
 * suggested → confirmed (精准匹配) → contacted → negotiating → contracted (签约) | rejected.
 * A manager may skip ahead (a confirmed pair that signs at the roadshow) but never back, except reopening a
 * rejection as a fresh suggestion.
 */
export const MATCH_WORKFLOW: Workflow<S, MatchAction> = {
  confirm: { from: [S.Suggested], to: S.Confirmed, by: ['staff'], label: '确认精准匹配' },
  contact: { from: [S.Confirmed], to: S.Contacted, by: ['staff'], label: '标记已对接' },
  negotiate: { from: [S.Confirmed, S.Contacted], to: S.Negotiating, by: ['staff'], label: '进入洽谈' },
  contract: { from: [S.Confirmed, S.Contacted, S.Negotiating], to: S.Contracted, by: ['staff'], label: '标记签约' },
  reject: {
    from: [S.Suggested, S.Confirmed, S.Contacted, S.Negotiating],
    to: S.Rejected,
    by: ['staff'],
    label: '否决',
    reasonRequired: true,
  },
  reopen: { from: [S.Rejected], to: S.Suggested, by: ['staff'], label: '重新推荐' },
};

export const EVENT_OF_MATCH_ACTION = {
  confirm: 'match.confirmed',
  contact: 'match.contacted',
  negotiate: 'match.negotiating',
  contract: 'match.contracted',
  reject: 'match.rejected',
  reopen: 'match.reopened',
} as const satisfies Record<MatchAction, EventType>;
