import {
  chooseThreshold,
  crossValidateThreshold,
  foldsOf,
  JudgedList,
  matchStrength,
  MIN_STORED_STRENGTH,
  MIN_TEXT_RELEVANCE,
  shownFigures,
  STORED_AT_LEAST,
  storedSuggestions,
} from '../engine/confidence';
import { isLowRelevance, shownToOwner } from '../match/match.visibility';

const list = (demand: string, relevantInCatalogue: number, shown: Array<[number, number]>): JudgedList => ({
  demand,
  relevantInCatalogue,
  shown: shown.map(([strength, grade]) => ({ strength, grade })),
});

describe('honest "no strong match"', () => {
  it("stores a demand's few best suggestions with shared vocabulary even under the recommendation floor", () => {
    const ranked = [0.42, 0.12, 0.09, 0.16, 0.06, 0.05, 0.14, 0.03, 0.15].map((strength, i) => ({
      achievementId: `电池热管理成果${i}`,
      explanation: { strength },
    }));
    const stored = storedSuggestions(ranked).map((s) => s.explanation.strength);
    // the five best when ≥ MIN_STORED_STRENGTH (0.03 is under it), then only pairs ≥ MIN_TEXT_RELEVANCE
    expect(stored).toEqual([0.42, 0.12, 0.09, 0.16, 0.06, 0.15]);
    expect(STORED_AT_LEAST).toBe(5);
    expect(MIN_STORED_STRENGTH).toBeLessThan(MIN_TEXT_RELEVANCE);
    expect(storedSuggestions([{ explanation: { strength: 0.02 } }])).toEqual([]);
  });

  it('measures a suggestion by its absolute text strength, not by business factors', () => {
    const text = { value: 0.8, weight: 0.75, contribution: 0.6, note: '文本相关度' };
    const chain = { value: 1, weight: 0.1, contribution: 0.1, note: '同属产业链：新能源' };
    expect(matchStrength({ factors: { text, chain }, confidence: 0.5 })).toBeCloseTo(0.4);
    expect(matchStrength({ factors: { chain } })).toBe(0);
    expect(matchStrength(null)).toBe(0);
  });

  it('counts what is shown, what stays hidden, and which empty lists are right', () => {
    const lists = [
      list('电池热管理', 2, [
        [0.6, 2],
        [0.4, 0],
        [0.2, 1],
      ]),
      list('废水处理', 0, [
        [0.25, 0],
        [0.18, 0],
      ]),
      list('伺服电机', 1, [[0.2, 0]]),
    ];
    const f = shownFigures(lists, 0.3);
    expect(f).toMatchObject({ shown: 2, shownRelevant: 1, relevantInLists: 2, noMatch: 2, noMatchTrulyNone: 1 });
    expect(f.shownPrecision).toBeCloseTo(0.5);
    expect(f.relevantKept).toBeCloseTo(0.5);
    expect(f.trulyNone).toBe(1);
  });

  it('chooses the most precise threshold that keeps the required share of relevant suggestions', () => {
    const lists = [
      list('a', 1, [
        [0.5, 1],
        [0.3, 0],
        [0.2, 0],
      ]),
      list('b', 1, [
        [0.45, 2],
        [0.25, 1],
      ]),
      list('c', 0, [[0.22, 0]]),
    ];
    // keeping every relevant one: up to 0.25; keeping two of three: up to 0.45
    expect(chooseThreshold(lists, { minRelevantKept: 1, step: 0.01, from: 0.15 })).toBe(0.23);
    expect(chooseThreshold(lists, { minRelevantKept: 0.6, step: 0.01, from: 0.15 })).toBe(0.31);
  });

  it('deals demands into the same folds every time, each demand in exactly one', () => {
    const ids = Array.from({ length: 23 }, (_, i) => `demand-${i}`);
    const a = foldsOf(ids, 5);
    expect(foldsOf(ids, 5)).toEqual(a);
    expect(a.flat().sort((x, y) => x - y)).toEqual(ids.map((_, i) => i));
    expect(Math.max(...a.map((f) => f.length)) - Math.min(...a.map((f) => f.length))).toBeLessThanOrEqual(1);
  });

  it('estimates the threshold on demands it was not chosen on', () => {
    const lists = Array.from({ length: 20 }, (_, i) =>
      list(`d${i}`, i % 2, [
        [0.3 + (i % 5) * 0.05, i % 2],
        [0.18, 0],
      ]),
    );
    const cv = crossValidateThreshold(lists, 5);
    expect(cv.foldThresholds).toHaveLength(5);
    expect(cv.heldOut.demands).toBe(20);
    expect(cv.heldOut.shownPrecision).toBeGreaterThan(0);
    expect(cv.inSample.threshold).toBe(cv.threshold);
  });

  it('hides only undecided engine suggestions below the threshold from the enterprise', () => {
    expect(isLowRelevance('engine', 0.2, 0.3)).toBe(true);
    expect(isLowRelevance('manual', 0.05, 0.3)).toBe(false);
    expect(isLowRelevance('engine', 0.3, 0.3)).toBe(false);
    expect(shownToOwner({ lowRelevance: true, status: 'suggested', interest: null })).toBe(false);
    expect(shownToOwner({ lowRelevance: true, status: 'confirmed', interest: null })).toBe(true);
    expect(shownToOwner({ lowRelevance: true, status: 'suggested', interest: 'interested' })).toBe(true);
    expect(shownToOwner({ lowRelevance: false, status: 'suggested' })).toBe(true);
  });
});
