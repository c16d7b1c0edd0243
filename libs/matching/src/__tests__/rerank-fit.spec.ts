import { CandidateEvidence, RankingParameters } from '../engine/ranking';
import { AchievementFacts, DemandFacts, loadWeights } from '../engine/scoring';
import type { EvalEvidence } from '../eval/eval-runner';
import {
  crossValidateWeights,
  evaluateEvidence,
  fitWeights,
  heldOutShownPrecision,
  judgedListsOf,
} from '../eval/rerank-fit';
import { KEYWORD_TEXT_WEIGHTS } from './ranking-fixtures';

const demand: DemandFacts = {
  chainIds: [],
  requiredTrl: null,
  requiredStage: null,
  modes: [],
  budgetMax: null,
  region: null,
};
const achievement: AchievementFacts = {
  chainIds: [],
  trl: null,
  stage: null,
  modes: [],
  askingPrice: null,
  institutionDistrict: null,
};
const params: RankingParameters = {
  weights: loadWeights({}),
  textWeights: KEYWORD_TEXT_WEIGHTS,
  confidentCosine: 0.3,
  chainName: (id) => id,
};

/**
 * A synthetic set where the title similarity tells the relevant candidate and the whole-text cosine and keyword
 * coverage mislead: fitting should weigh the title more, and cross-validation should see that on held-out demands.
 */
function syntheticSet(n: number): EvalEvidence[] {
  return Array.from({ length: n }, (_, i) => {
    const d = `需求-${i}`;
    const c = (id: string, bigram: number, title: number, coverage: number): CandidateEvidence => ({
      bigram,
      title,
      coverage,
      retrieval: 0,
      terms: [],
      demand,
      achievement,
      demandId: d,
      achievementId: `${d}-${id}`,
    });
    return {
      demand: d,
      evidence: [c('relevant', 0.3, 0.4, 0.5), c('decoy', 0.5, 0.05, 0.9), c('other', 0.1, 0.02, 0.1)],
      judged: [
        [`${d}-relevant`, 2],
        [`${d}-decoy`, 0],
      ],
    };
  });
}

describe('cross-validated re-ranking weights', () => {
  const set = syntheticSet(20);

  it('measures a parameter set on the demands with a relevant achievement', () => {
    const { mean, perDemand } = evaluateEvidence(
      [...set, { demand: 'none', evidence: [], judged: [['x', 0]] }],
      params,
    );
    expect(perDemand).toHaveLength(20);
    expect(mean.ndcg10).toBeGreaterThan(0);
  });

  it('fits the weight the data supports, deterministically, from a coarse grid', () => {
    const before = evaluateEvidence(set, params).mean.ndcg10;
    const fitted = fitWeights(set, params);
    expect(fitWeights(set, params)).toEqual(fitted);
    expect(fitted.textWeights.title).toBeGreaterThan(0.5);
    expect(fitted.textWeights.bigram).toBe(1);
    expect(evaluateEvidence(set, { ...params, ...fitted }).mean.ndcg10).toBeGreaterThan(before);
  });

  it('reports the held-out estimate next to the in-sample figure, fold by fold', () => {
    const cv = crossValidateWeights(set, params, 5);
    expect(cv.k).toBe(5);
    expect(cv.foldWeights).toHaveLength(5);
    expect(cv.inSample.ndcg10).toBeCloseTo(evaluateEvidence(set, params).mean.ndcg10);
    expect(cv.crossValidated.ndcg10).toBeGreaterThan(cv.inSample.ndcg10);
    expect(cv.fittedInSample.ndcg10).toBeGreaterThanOrEqual(cv.crossValidated.ndcg10);
  });

  it('fits only the text features it is given', () => {
    const fitted = fitWeights(set, params, 3, ['retrieval']);
    expect(fitted.textWeights.title).toBe(0.5);
    expect(
      crossValidateWeights(set, params, 5, ['retrieval']).foldWeights.every((w) => w.textWeights.title === 0.5),
    ).toBe(true);
  });

  it('lists what each demand would be shown, with strengths and grades, for the show threshold', () => {
    const lists = judgedListsOf([...set, { demand: 'none', evidence: [], judged: [['x', 0]] }], params);
    expect(lists).toHaveLength(21);
    expect(lists[0].relevantInCatalogue).toBe(1);
    expect(lists[0].shown).toHaveLength(3);
    expect(lists[0].shown.map((s) => s.grade).sort()).toEqual([0, 0, 2]);
    expect(lists[20]).toEqual({ demand: 'none', relevantInCatalogue: 0, shown: [] });
    const fitted = fitWeights(set, params);
    // the title-weighted fit puts the relevant candidate first: what is shown is at least as precise
    expect(heldOutShownPrecision(set, params, fitted)).toBeGreaterThanOrEqual(heldOutShownPrecision(set, params));
  });
});
