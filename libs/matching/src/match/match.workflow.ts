import { isStaff, RecordKind, Workflow } from '@app/common';
import { EventType } from '@app/events';

import { Match, MATCH_STATUS_LABELS, MatchStatus as S } from './match.entity';

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

/**
 * A match on the shared record workflow. Staff alone move a pair along the table; for anyone else it does not exist
 * there (404). A pair has no content to edit: the enterprise's 有意向 / 不合适 is a signal with its own rule
 * (MatchInterestService), not an edit.
 */
export const MATCH_RECORD: RecordKind<Match, S, MatchAction> = {
  label: '匹配',
  statusLabels: MATCH_STATUS_LABELS,
  workflow: MATCH_WORKFLOW,
  editable: { owner: [], staff: [] },
  contentFields: [],
  partiesTo: (_manager, actor) => (isStaff(actor) ? ['staff'] : []),
  // Locked without its records (they are the registry's).
  toRow: (match) => match,
};
