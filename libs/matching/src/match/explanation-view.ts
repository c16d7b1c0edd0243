import { Actor, isStaff } from '@app/common';

import { FactorContribution, MatchExplanation } from './match.entity';

/**
 * Factors computed from a demand's confidential fields. The budget factor compares the achievement's public asking
 * price with the enterprise's budget: its note, value and contribution each tell on which side of the price the
 * budget lies, so anyone who sees the asking price could bound the budget.
 */
export const CONFIDENTIAL_FACTORS = ['budget'] as const;

/** What every other reader is told about a confidential factor. */
export const WITHHELD_FACTOR_NOTE = '价格因素已计入评分';

/** The value a withheld factor is shown with (the engine's "unknown" value): the shown score stays consistent. */
const NEUTRAL_VALUE = 0.5;

/**
 * May this reader see how the demand's budget shaped a pair's score? Staff (manager, admin) and the enterprise
 * that owns the demand. Files (match-list exports, handouts) travel further than their requester: they pass
 * `null`, which never may.
 */
export function mayReadBudget(actor: Actor | null, demandOwnerOrganisationId: string | null | undefined): boolean {
  if (!actor) return false;
  if (isStaff(actor)) return true;
  return !!actor.organisationId && actor.organisationId === demandOwnerOrganisationId;
}

export interface ExplainedScore {
  score: number;
  explanation: MatchExplanation;
}

/**
 * A pair's score and explanation as a reader may see them. For a reader who may not read the budget, every
 * confidential factor keeps its weight but shows the neutral value and the neutral note, its note disappears from
 * the summary, and the score is the one the pair would have with that factor neutral — so the budget can be read
 * neither from the words, nor from the factor's value, nor by subtracting the other contributions from the score.
 * Every path that shows a match (API bodies, activity proposals and match lists, exports, handouts) goes through
 * here.
 */
export function explainFor(
  full: boolean,
  score: number,
  explanation: MatchExplanation | null | undefined,
): ExplainedScore {
  const source: MatchExplanation = explanation ?? { matchedTerms: [], factors: {}, summary: '' };
  if (full) return { score, explanation: source };
  const factors: Record<string, FactorContribution> = { ...(source.factors ?? {}) };
  const hiddenNotes = new Set<string>();
  let shift = 0;
  const confidence = source.confidence ?? 1;
  // Explanations with `strength` carry business contributions already scaled by the confidence (see scorePair).
  const scaled = source.strength !== undefined ? confidence : 1;
  for (const name of CONFIDENTIAL_FACTORS) {
    const f = factors[name];
    if (!f) continue;
    if (f.note) hiddenNotes.add(f.note);
    shift += f.weight * (NEUTRAL_VALUE - f.value) * confidence;
    const neutral = round(f.weight * NEUTRAL_VALUE * scaled);
    factors[name] = { value: NEUTRAL_VALUE, weight: f.weight, contribution: neutral, note: WITHHELD_FACTOR_NOTE };
  }
  const summary = (source.summary ?? '')
    .split('；')
    .filter((part) => !hiddenNotes.has(part.trim()))
    .join('；');
  // Explanations with `strength` have contributions that add up to the score: the shown score is their sum with the
  // withheld factors neutral, so pairs that differ only in a withheld factor read exactly the same (adding a shift
  // to the rounded score could leave them a rounding step apart when the weights are not round numbers).
  const adjusted =
    source.strength !== undefined ? Object.values(factors).reduce((sum, f) => sum + f.contribution, 0) : score + shift;
  const shown = shift === 0 ? score : Math.min(1, Math.max(0, round(adjusted)));
  return { score: shown, explanation: { ...source, factors, summary } };
}

/** Only the summary, for lists and files: the same rule as explainFor. */
export function summaryFor(full: boolean, explanation: MatchExplanation | null | undefined): string {
  return explainFor(full, 0, explanation).explanation.summary;
}

const round = (x: number) => Math.round(x * 10000) / 10000;
