import calibration from '../data/match-calibration.json';

/**
 * Strength from which a pair counts as a recommendation candidate (stored from any direction, proposed, invited;
 * the calibration's reference): business factors alone do not make a match.
 */
export const MIN_TEXT_RELEVANCE = 0.15;

/**
 * A demand's own list also keeps its STORED_AT_LEAST best suggestions when they share some vocabulary with it
 * (strength ≥ MIN_STORED_STRENGTH), even under MIN_TEXT_RELEVANCE: on zhibei-dev 44 % of the judged-relevant pairs
 * of the top 20 fall under 0.15 and were never stored. They sit under the show threshold, so the enterprise is not
 * shown them; staff read them as 低相关 (see `storedSuggestions`).
 */
export const STORED_AT_LEAST = 5;
export const MIN_STORED_STRENGTH = 0.05;

/**
 * What a demand's forward match stores of its ranked suggestions (best first): every pair ≥ MIN_TEXT_RELEVANCE,
 * and the STORED_AT_LEAST best with strength ≥ MIN_STORED_STRENGTH.
 */
export function storedSuggestions<T extends { explanation: Parameters<typeof matchStrength>[0] }>(ranked: T[]): T[] {
  return ranked.filter((s, i) => {
    const strength = matchStrength(s.explanation);
    return strength >= MIN_TEXT_RELEVANCE || (i < STORED_AT_LEAST && strength >= MIN_STORED_STRENGTH);
  });
}

/**
 * How strongly a pair is supported by its text, in [0, 1]: the text relevance relative to the query's best
 * candidate times how on-topic that best candidate is (the absolute text relevance the explanation shows as
 * 文本相关度). Business factors (chain, modes, price…) never make a pair relevant on their own, so they stay out.
 */
export function matchStrength(
  explanation:
    { factors?: Record<string, { value: number }>; confidence?: number; strength?: number } | null | undefined,
): number {
  if (!explanation) return 0;
  if (explanation.strength !== undefined) return explanation.strength;
  // stored before `strength` existed: the text value was the relevance within the pool
  return (explanation.factors?.text?.value ?? 0) * (explanation.confidence ?? 1);
}

/**
 * The strength below which an engine suggestion is not shown to the enterprise as a recommendation (staff still
 * see it, marked 低相关). Calibrated by `cli calibrate` (data/match-calibration.json); MATCH_SHOW_THRESHOLD
 * (AppConfig.matching.showThreshold) overrides it.
 */
export function loadShowThreshold(override?: number): number {
  return override ?? (calibration as { showThreshold: number }).showThreshold;
}

/** One demand's top suggestions as the evaluation saw them: each one's strength and judged grade (0 unjudged). */
export interface JudgedList {
  demand: string;
  /** Judged-relevant achievements (grade ≥ 1) of the demand in the whole catalogue. */
  relevantInCatalogue: number;
  shown: Array<{ strength: number; grade: number }>;
}

export interface ShownFigures {
  threshold: number;
  demands: number;
  /** Suggestions shown (strength ≥ threshold) over all demands. */
  shown: number;
  /** Shown suggestions with grade ≥ 1. */
  shownRelevant: number;
  /** Stored suggestions (strength ≥ floor) with grade ≥ 1, shown or not. */
  relevantInLists: number;
  /** Share of the shown suggestions with grade ≥ 1. */
  shownPrecision: number;
  /** Share of the relevant stored suggestions that stay shown. */
  relevantKept: number;
  /** Demands whose list shows nothing: 「暂无高匹配度成果」. */
  noMatch: number;
  /** Of those, demands with no judged-relevant achievement in the catalogue at all (saying so is right). */
  noMatchTrulyNone: number;
  /** Demands with no judged-relevant achievement at all. */
  trulyNone: number;
}

/**
 * What the enterprise would see under a threshold, measured against the judgements. Only stored suggestions
 * (strength ≥ `floor`, MIN_TEXT_RELEVANCE) can ever be shown, so the relevant ones kept are counted among those.
 */
export function shownFigures(lists: JudgedList[], threshold: number, floor = MIN_TEXT_RELEVANCE): ShownFigures {
  let shown = 0;
  let shownRelevant = 0;
  let relevant = 0;
  let noMatch = 0;
  let noMatchTrulyNone = 0;
  for (const list of lists) {
    const kept = list.shown.filter((s) => s.strength >= Math.max(threshold, floor));
    shown += kept.length;
    shownRelevant += kept.filter((s) => s.grade >= 1).length;
    relevant += list.shown.filter((s) => s.grade >= 1 && s.strength >= floor).length;
    if (kept.length === 0) {
      noMatch++;
      if (list.relevantInCatalogue === 0) noMatchTrulyNone++;
    }
  }
  return {
    threshold,
    demands: lists.length,
    shown,
    shownRelevant,
    relevantInLists: relevant,
    shownPrecision: shown ? shownRelevant / shown : 0,
    relevantKept: relevant ? shownRelevant / relevant : 1,
    noMatch,
    noMatchTrulyNone,
    trulyNone: lists.filter((l) => l.relevantInCatalogue === 0).length,
  };
}

export interface CalibrationRule {
  /** Share of the relevant suggestions that must stay shown. */
  minRelevantKept: number;
  /** Candidate thresholds are multiples of this step (a coarse grid: no threshold sits between two pairs). */
  step: number;
  /** The lowest threshold: below it nothing is stored anyway (MIN_TEXT_RELEVANCE). */
  from: number;
}

/**
 * The principle: the highest shown-precision among the thresholds that keep most — four in five — of the relevant
 * suggestions the engine stores; on a tie, the lower threshold (show more). Thresholds on a 0.01 grid.
 */
export const DEFAULT_CALIBRATION_RULE: CalibrationRule = { minRelevantKept: 0.8, step: 0.01, from: MIN_TEXT_RELEVANCE };

export function chooseThreshold(lists: JudgedList[], rule: CalibrationRule = DEFAULT_CALIBRATION_RULE): number {
  let best = { threshold: rule.from, precision: -1 };
  const steps = Math.round((1 - rule.from) / rule.step);
  for (let i = 0; i <= steps; i++) {
    const threshold = Math.round((rule.from + i * rule.step) * 1e6) / 1e6;
    const f = shownFigures(lists, threshold, rule.from);
    if (f.relevantKept < rule.minRelevantKept) break;
    if (f.shownPrecision > best.precision + 1e-12) best = { threshold, precision: f.shownPrecision };
  }
  return best.threshold;
}

/**
 * Deterministic k folds by demand: demands ordered by a hash of their id (FNV-1a with the seed), dealt in turn.
 * The same ids and seed always give the same folds.
 */
export function foldsOf(ids: string[], k: number, seed = 16): number[][] {
  const hash = (s: string) => {
    let h = (2166136261 ^ seed) >>> 0;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
    return h;
  };
  const order = ids.map((id, i) => ({ i, h: hash(id), id })).sort((a, b) => a.h - b.h || (a.id < b.id ? -1 : 1));
  const folds: number[][] = Array.from({ length: k }, () => []);
  order.forEach((x, n) => folds[n % k].push(x.i));
  return folds;
}

export interface CrossValidatedThreshold {
  /** Chosen on all demands: the value to keep in data/match-calibration.json. */
  threshold: number;
  /** The threshold chosen on each fold's training demands. */
  foldThresholds: number[];
  /** Held-out figures: each fold measured under the threshold chosen without it, pooled. */
  heldOut: ShownFigures;
  inSample: ShownFigures;
}

/** The threshold under k-fold cross-validation by demand: how well the rule does on demands it was not chosen on. */
export function crossValidateThreshold(
  lists: JudgedList[],
  k = 5,
  rule: CalibrationRule = DEFAULT_CALIBRATION_RULE,
): CrossValidatedThreshold {
  const folds = foldsOf(
    lists.map((l) => l.demand),
    k,
  );
  const foldThresholds: number[] = [];
  const pooled: ShownFigures[] = [];
  for (const fold of folds) {
    const held = new Set(fold);
    const train = lists.filter((_, i) => !held.has(i));
    const t = chooseThreshold(train, rule);
    foldThresholds.push(t);
    pooled.push(
      shownFigures(
        lists.filter((_, i) => held.has(i)),
        t,
      ),
    );
  }
  const threshold = chooseThreshold(lists, rule);
  return { threshold, foldThresholds, heldOut: pool(pooled), inSample: shownFigures(lists, threshold) };
}

/** Figures of disjoint parts added up (precision and kept share weighted by their counts). */
function pool(parts: ShownFigures[]): ShownFigures {
  const sum = (f: (p: ShownFigures) => number) => parts.reduce((s, p) => s + f(p), 0);
  const shown = sum((p) => p.shown);
  const shownRelevant = sum((p) => p.shownRelevant);
  const relevant = sum((p) => p.relevantInLists);
  return {
    threshold: NaN,
    demands: sum((p) => p.demands),
    shown,
    shownRelevant,
    relevantInLists: relevant,
    shownPrecision: shown ? shownRelevant / shown : 0,
    relevantKept: relevant ? shownRelevant / relevant : 1,
    noMatch: sum((p) => p.noMatch),
    noMatchTrulyNone: sum((p) => p.noMatchTrulyNone),
    trulyNone: sum((p) => p.trulyNone),
  };
}
