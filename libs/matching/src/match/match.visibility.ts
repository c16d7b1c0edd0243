import { Actor, isStaff } from '@app/common';

/**
 * Who reads a match, and therefore what they may see of it:
 * - staff (managers, admins): everything;
 * - owner: the demand's enterprise — its own budget, its interest, but no contacts and no staff user ids;
 * - institution: the achievement's university — no word about the enterprise's budget, no interest, no contacts,
 *   no user ids of other organisations.
 * Anyone else does not see the match at all (404).
 */
export type MatchReader = 'staff' | 'owner' | 'institution';

export function matchReaderOf(
  actor: Actor,
  parties: { demandOwnerId: string | null | undefined; institutionId: string | null | undefined },
): MatchReader | null {
  if (isStaff(actor)) return 'staff';
  if (actor.organisationId === null) return null;
  if (parties.demandOwnerId === actor.organisationId) return 'owner';
  if (parties.institutionId === actor.organisationId) return 'institution';
  return null;
}

/** Budget vocabulary: a sentence that mentions it is the enterprise's confidential business. */
const BUDGET_WORDS = /预算|经费|资金|出资|budget/i;
const HIDDEN_BUDGET = '［涉及企业保密信息，已隐去］';

const CONTACT_PATTERNS = [
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, // e-mail
  /(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?!\d)/g, // mobile
  /(?<!\d)\(?0\d{2,3}\)?[-\s]?\d{7,8}(?:[-转]\d{1,6})?(?!\d)/g, // landline with area code (0512-57000001)
  /(?:微信|微信号|QQ|qq)[:：\s]*[A-Za-z0-9_-]{5,}/g,
];
const HIDDEN_CONTACT = '［联系方式仅平台技术经理人可见］';

/** Contacts are for staff only: phone numbers, e-mails and messenger ids in free text are masked for others. */
export function maskContacts(text: string): string {
  return CONTACT_PATTERNS.reduce((t, p) => t.replace(p, HIDDEN_CONTACT), text);
}

/** Drops every sentence that talks about a budget (split at Chinese and Latin sentence marks). */
export function maskBudget(text: string): string {
  const parts = text.split(/(?<=[。；;！!？?\n])/);
  const kept = parts.map((s) => (BUDGET_WORDS.test(s) ? HIDDEN_BUDGET : s));
  // one marker for a run of hidden sentences
  return kept.join('').replace(new RegExp(`(?:${HIDDEN_BUDGET.replace(/[［］]/g, '\\$&')})+`, 'g'), HIDDEN_BUDGET);
}

export function mentionsBudget(text: string): boolean {
  return BUDGET_WORDS.test(text);
}

/** A free-text note as the reader may see it (null stays null). */
export function noteFor(reader: MatchReader, note: string | null | undefined): string | null {
  if (note === null || note === undefined) return null;
  if (reader === 'staff') return note;
  const masked = maskContacts(note);
  return reader === 'institution' ? maskBudget(masked) : masked;
}

const INTEREST_FIELDS = ['interest', 'interestReason', 'interestNote', 'interestAt', 'interestById'] as const;

interface ReadableMatch {
  confirmedById: string | null;
  decidedById: string | null;
  interestById?: string | null;
  rejectNote: string | null;
  interestNote?: string | null;
}

/**
 * A stored match as the reader may see it: staff user ids only for staff, notes without contacts for everyone but
 * staff; for the university, no interest fields and no budget wording in notes. The explanation's budget factor
 * is shaped by explainFor before this runs.
 */
export function matchFor<T extends ReadableMatch>(reader: MatchReader, view: T): T {
  if (reader === 'staff') return view;
  const out: T = {
    ...view,
    confirmedById: null,
    decidedById: null,
    rejectNote: noteFor(reader, view.rejectNote),
  };
  if (reader === 'owner') {
    // the interest was recorded by a user of the owner's own organisation: its id is no outsider's
    return { ...out, interestNote: noteFor(reader, view.interestNote) };
  }
  for (const f of INTEREST_FIELDS) delete (out as Record<string, unknown>)[f];
  // The explanation's budget factor is already shaped for this reader by explainFor (explanation-view.ts).
  return out;
}

/**
 * Honest "no strong match": an engine suggestion whose text strength (matchStrength, engine/confidence.ts) is below
 * the calibrated show threshold is 低相关. Staff still see it (marked); the demand's enterprise is not shown it as
 * a recommendation — unless a person has already acted on it (a stage past 系统推荐, or the enterprise's own
 * interest), which keeps it in view whatever its score.
 */
export function isLowRelevance(origin: 'engine' | 'manual', strength: number, threshold: number): boolean {
  return origin === 'engine' && strength < threshold;
}

/** Whether the demand's enterprise sees a stored pair in its list of recommendations. */
export function shownToOwner(m: { lowRelevance: boolean; status: string; interest?: string | null }): boolean {
  return !m.lowRelevance || m.status !== 'suggested' || Boolean(m.interest);
}
