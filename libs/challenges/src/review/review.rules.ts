import { ReviewCriterion } from '../challenge/challenge.domain';

/** Σ score × weight / 100, rounded to two decimals: the weights sum to 100, so the total is on the 0–100 scale. */
export function weightedTotal(
  criteria: readonly ReviewCriterion[],
  scores: ReadonlyArray<{ criterion: string; score: number }>,
) {
  const byName = new Map(scores.map((s) => [s.criterion, s.score]));
  const sum = criteria.reduce((acc, c) => acc + (byName.get(c.name) ?? 0) * c.weight, 0);
  return Math.round(sum) / 100;
}

/** Criteria missing from, and names unknown to, a score sheet. */
export function scoreSheetErrors(
  criteria: readonly ReviewCriterion[],
  scores: ReadonlyArray<{ criterion: string }>,
): { missing: string[]; unknown: string[]; repeated: string[] } {
  const names = new Set(criteria.map((c) => c.name));
  const given = scores.map((s) => s.criterion);
  return {
    missing: criteria.map((c) => c.name).filter((n) => !given.includes(n)),
    unknown: given.filter((n) => !names.has(n)),
    repeated: given.filter((n, i) => given.indexOf(n) !== i),
  };
}

export interface ReviewInput {
  criteria: readonly ReviewCriterion[];
  /** Bids under review (submitted, not withdrawn), with their lead and member organisations. */
  bids: ReadonlyArray<{ id: string; organisations: string[] }>;
  reviewers: ReadonlyArray<{ userId: string; organisationId: string | null; excused: boolean }>;
  /** Declared conflicts. */
  conflicts: ReadonlyArray<{ bidId: string; userId: string }>;
  scores: ReadonlyArray<{
    bidId: string;
    reviewerUserId: string;
    weightedTotal: number;
    scores: ReadonlyArray<{ criterion: string; score: number }>;
  }>;
}

export interface BidReviewSummary {
  bidId: string;
  /** Mean of the experts' weighted totals (null without a score). */
  mean: number | null;
  min: number | null;
  max: number | null;
  /** max − min: how far the experts disagree. */
  spread: number | null;
  scoreCount: number;
  /** Experts expected to score it (assigned, not excused, not conflicted). */
  expected: number;
  /** Mean per criterion. */
  criteria: Array<{ name: string; weight: number; mean: number | null }>;
  /** 1 for the best mean; bids without a score come last, unranked. */
  rank: number | null;
}

export interface ReviewSummary {
  bids: BidReviewSummary[];
  /** Every (expert, bid) pair still to score. */
  pending: Array<{ userId: string; bidId: string }>;
  /** Pairs an expert may not score: their organisation bids, or a declared conflict. */
  conflicts: Array<{ userId: string; bidId: string; declared: boolean }>;
  complete: boolean;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Whether the expert may not score the bid, and why (`rule`: their organisation is a party; `declared`). */
export function conflictOf(
  reviewer: { userId: string; organisationId: string | null },
  bid: { id: string; organisations: string[] },
  declared: ReadonlyArray<{ bidId: string; userId: string }>,
): 'rule' | 'declared' | null {
  if (reviewer.organisationId && bid.organisations.includes(reviewer.organisationId)) return 'rule';
  if (declared.some((c) => c.bidId === bid.id && c.userId === reviewer.userId)) return 'declared';
  return null;
}

/**
 * The state of a call's review: each bid's aggregate (mean of weighted totals, spread, per-criterion means, rank),
 * the pairs still to score and whether the review is complete (every assigned, not excused expert has scored every
 * bid they have no conflict with). Scores of excused or conflicted experts do not count. Pure.
 */
export function summariseReview(input: ReviewInput): ReviewSummary {
  const active = input.reviewers.filter((r) => !r.excused);
  const pending: ReviewSummary['pending'] = [];
  const conflicts: ReviewSummary['conflicts'] = [];
  const bids = input.bids.map((bid) => {
    const counted: Array<ReviewInput['scores'][number]> = [];
    let expected = 0;
    for (const reviewer of input.reviewers) {
      const conflict = conflictOf(reviewer, bid, input.conflicts);
      if (conflict) {
        conflicts.push({ userId: reviewer.userId, bidId: bid.id, declared: conflict === 'declared' });
        continue;
      }
      if (!active.includes(reviewer)) continue;
      expected++;
      const score = input.scores.find((s) => s.bidId === bid.id && s.reviewerUserId === reviewer.userId);
      if (score) counted.push(score);
      else pending.push({ userId: reviewer.userId, bidId: bid.id });
    }
    const totals = counted.map((s) => s.weightedTotal);
    const mean = totals.length ? round2(totals.reduce((a, b) => a + b, 0) / totals.length) : null;
    const min = totals.length ? Math.min(...totals) : null;
    const max = totals.length ? Math.max(...totals) : null;
    return {
      bidId: bid.id,
      mean,
      min,
      max,
      spread: min === null || max === null ? null : round2(max - min),
      scoreCount: counted.length,
      expected,
      criteria: input.criteria.map((c) => {
        const values = counted
          .map((s) => s.scores.find((x) => x.criterion === c.name)?.score)
          .filter((v): v is number => v !== undefined);
        return {
          name: c.name,
          weight: c.weight,
          mean: values.length ? round2(values.reduce((a, b) => a + b, 0) / values.length) : null,
        };
      }),
      rank: null as number | null,
    };
  });
  const ranked = bids.filter((b) => b.mean !== null).sort((a, b) => b.mean! - a.mean!);
  // Equal means share a rank (1, 1, 3).
  ranked.forEach((b, i) => (b.rank = i > 0 && ranked[i - 1].mean === b.mean ? ranked[i - 1].rank : i + 1));
  const order = [...ranked, ...bids.filter((b) => b.mean === null)];
  return { bids: order, pending, conflicts, complete: pending.length === 0 };
}
