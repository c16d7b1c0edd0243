import { crossValidateThreshold, foldsOf, JudgedList, matchStrength } from '../engine/confidence';
import { rankCandidates, RankingParameters, TextFeature } from '../engine/ranking';
import { FactorName } from '../engine/scoring';
import type { EvalEvidence } from './eval-runner';
import { averageMetrics, RankingMetrics, rankingMetrics } from './metrics';

/**
 * The re-ranking's features, as `rankCandidates` combines them (all measured by the engine per candidate):
 * - text relevance, a weighted mean of four text features each divided by its best value in the pool:
 *   `bigram` character-bigram TF-IDF cosine (the demand's bigrams discounted by their frequency across demands:
 *   request boilerplate), `title` the cosine with the candidate's title, `coverage` the share (by idf weight) of
 *   the demand's distinctive keywords found in the candidate, `retrieval` the reciprocal-rank agreement of the
 *   keyword queries that found it, `words` the word TF-IDF cosine (jieba content words: whole-word evidence next
 *   to the bigrams);
 * - business factors next to text relevance: `chain` (industry chain / classification agreement), `mode`
 *   (cooperation modes), `maturity`, `budget`, `region`.
 *
 * What is fitted: only what a judged set can tell apart. The bigram weight is the unit of the text features (their
 * scale does not change the order); the text factor is the unit of the business factors. Maturity, budget and
 * region are constant on sets that carry no such facts (zhibei-dev has no required maturity, budget or district),
 * so their weights stay as they are. Keyword coverage is held at 0.5 too: every fit that lowered it on zhibei-dev
 * took CSL under its floor (CSL's queries are keyword lists, where coverage is the strongest evidence), so a lower
 * value would fit one market's phrasing, not matching in general.
 */
export const FITTED_TEXT_FEATURES: TextFeature[] = ['title', 'retrieval', 'words'];
export const FITTED_FACTORS: FactorName[] = ['chain', 'mode'];

/** Values tried per weight: a coarse grid, so that a fit cannot chase single demands with tiny steps. */
export const TEXT_GRID = [0, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2];
export const FACTOR_GRID = [0, 0.02, 0.04, 0.06, 0.1, 0.15, 0.2, 0.3];

/** A step is taken only if it raises mean nDCG@10 by at least this much (noise on ~80 training demands). */
export const MIN_GAIN = 0.002;

export interface FitWeights {
  weights: RankingParameters['weights'];
  textWeights: RankingParameters['textWeights'];
}

/** Per-demand metrics of a parameter set over the demands with a relevant achievement. */
export function evaluateEvidence(
  items: EvalEvidence[],
  params: RankingParameters,
): { mean: RankingMetrics; perDemand: RankingMetrics[] } {
  const perDemand = items
    .filter((x) => x.judged.some(([, g]) => g >= 1))
    .map((x) => {
      const ranked = rankCandidates(x.evidence, params, 10).map((s) => s.achievementId);
      return rankingMetrics(ranked, new Map(x.judged));
    });
  return { mean: averageMetrics(perDemand), perDemand };
}

function withWeights(base: RankingParameters, w: FitWeights): RankingParameters {
  return { ...base, weights: w.weights, textWeights: w.textWeights };
}

/**
 * Coordinate ascent on mean nDCG@10 over the grids, from the given weights, in a fixed order (deterministic):
 * each pass tries every grid value of every fitted weight and keeps a change only when it gains ≥ MIN_GAIN.
 */
export function fitWeights(
  items: EvalEvidence[],
  base: RankingParameters,
  maxPasses = 3,
  textFeatures: TextFeature[] = FITTED_TEXT_FEATURES,
): FitWeights {
  let current: FitWeights = { weights: { ...base.weights }, textWeights: { ...base.textWeights } };
  let score = evaluateEvidence(items, withWeights(base, current)).mean.ndcg10;
  for (let pass = 0; pass < maxPasses; pass++) {
    let moved = false;
    const axes: Array<{
      grid: number[];
      set: (w: FitWeights, v: number) => FitWeights;
      get: (w: FitWeights) => number;
    }> = [
      ...textFeatures.map((k) => ({
        grid: TEXT_GRID,
        get: (w: FitWeights) => w.textWeights[k],
        set: (w: FitWeights, v: number) => ({ ...w, textWeights: { ...w.textWeights, [k]: v } }),
      })),
      ...FITTED_FACTORS.map((k) => ({
        grid: FACTOR_GRID,
        get: (w: FitWeights) => w.weights[k],
        set: (w: FitWeights, v: number) => ({ ...w, weights: { ...w.weights, [k]: v } }),
      })),
    ];
    for (const axis of axes) {
      let best = { w: current, score };
      for (const v of axis.grid) {
        if (v === axis.get(current)) continue;
        const candidate = axis.set(current, v);
        const s = evaluateEvidence(items, withWeights(base, candidate)).mean.ndcg10;
        if (s >= best.score + MIN_GAIN && (best.w === current || s > best.score)) best = { w: candidate, score: s };
      }
      if (best.w !== current) {
        current = best.w;
        score = best.score;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return current;
}

export interface CrossValidation {
  k: number;
  /** Current weights on all demands. */
  inSample: RankingMetrics;
  /** The fitting procedure's held-out estimate: each fold ranked with weights fitted on the other folds. */
  crossValidated: RankingMetrics;
  /** Weights fitted on all demands, and their in-sample figure (optimistic by construction). */
  fitted: FitWeights;
  fittedInSample: RankingMetrics;
  foldWeights: FitWeights[];
}

/** k-fold cross-validation by demand (deterministic folds) of `fitWeights`. */
export function crossValidateWeights(
  items: EvalEvidence[],
  base: RankingParameters,
  k = 5,
  textFeatures: TextFeature[] = FITTED_TEXT_FEATURES,
): CrossValidation {
  const judged = items.filter((x) => x.judged.some(([, g]) => g >= 1));
  const folds = foldsOf(
    judged.map((x) => x.demand),
    k,
  );
  const heldOut: RankingMetrics[] = [];
  const foldWeights: FitWeights[] = [];
  for (const fold of folds) {
    const held = new Set(fold);
    const fitted = fitWeights(
      judged.filter((_, i) => !held.has(i)),
      base,
      3,
      textFeatures,
    );
    foldWeights.push(fitted);
    heldOut.push(
      ...evaluateEvidence(
        judged.filter((_, i) => held.has(i)),
        withWeights(base, fitted),
      ).perDemand,
    );
  }
  const fitted = fitWeights(judged, base, 3, textFeatures);
  return {
    k,
    inSample: evaluateEvidence(judged, base).mean,
    crossValidated: averageMetrics(heldOut),
    fitted,
    fittedInSample: evaluateEvidence(judged, withWeights(base, fitted)).mean,
    foldWeights,
  };
}

/**
 * What the enterprise would be shown under a parameter set: every demand's top 10 (those without a relevant
 * achievement too) with strength and grade, as `cli eval` lists them for the show threshold.
 */
export function judgedListsOf(items: EvalEvidence[], params: RankingParameters): JudgedList[] {
  return items.map((x) => {
    const grades = new Map(x.judged);
    return {
      demand: x.demand,
      relevantInCatalogue: x.judged.filter(([, g]) => g >= 1).length,
      shown: rankCandidates(x.evidence, params, 10).map((s) => ({
        strength: matchStrength(s.explanation),
        grade: grades.get(s.achievementId) ?? 0,
      })),
    };
  });
}

/** Held-out shown-precision of a weight set: the show threshold chosen under k-fold cross-validation on its lists. */
export function heldOutShownPrecision(items: EvalEvidence[], base: RankingParameters, w?: FitWeights, k = 5): number {
  return crossValidateThreshold(judgedListsOf(items, w ? withWeights(base, w) : base), k).heldOut.shownPrecision;
}
