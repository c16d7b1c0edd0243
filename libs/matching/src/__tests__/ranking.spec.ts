import { CandidateEvidence, rankCandidates, RankingParameters } from '../engine/ranking';
import { AchievementFacts, DemandFacts, loadWeights } from '../engine/scoring';
import { KEYWORD_TEXT_WEIGHTS } from './ranking-fixtures';

const demand: DemandFacts = {
  chainIds: ['chain-robot'],
  requiredTrl: 5,
  requiredStage: null,
  modes: ['transfer'],
  budgetMax: 200,
  region: '昆山市周市镇',
};
const achievement = (over: Partial<AchievementFacts> = {}): AchievementFacts => ({
  chainIds: ['chain-robot'],
  trl: 6,
  stage: null,
  modes: ['transfer'],
  askingPrice: 120,
  institutionDistrict: '周市镇',
  ...over,
});
const candidate = (id: string, over: Partial<CandidateEvidence> = {}): CandidateEvidence => ({
  bigram: 0.3,
  title: 0.2,
  coverage: 0.5,
  retrieval: 1 / 61,
  terms: ['减速器'],
  demand,
  achievement: achievement(),
  demandId: 'd-1',
  achievementId: id,
  ...over,
});
const params: RankingParameters = {
  weights: loadWeights({}),
  textWeights: KEYWORD_TEXT_WEIGHTS,
  confidentCosine: 0.3,
  chainName: (id) => ({ 'chain-robot': '机器人及智能制造' })[id] ?? id,
};

describe('rankCandidates (the engine ranking, no data access)', () => {
  it('orders by score, the textually closest and best-fitting candidate first', () => {
    const ranked = rankCandidates(
      [
        candidate('a-weak', { bigram: 0.05, title: 0.01, coverage: 0.1, terms: [] }),
        candidate('a-best', { bigram: 0.4, title: 0.35, coverage: 0.9, retrieval: 2 / 61 }),
        candidate('a-off-chain', { achievement: achievement({ chainIds: ['chain-other'], modes: [] }) }),
      ],
      params,
      10,
    );
    expect(ranked.map((s) => s.achievementId)).toEqual(['a-best', 'a-off-chain', 'a-weak']);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1].score).toBeGreaterThan(ranked[i].score);
    expect(ranked[0].explanation.factors.text?.note).toContain('减速器');
  });

  it('is deterministic: the same pool in any order gives the same ranking, ties broken by the ids', () => {
    const pool = ['a-3', 'a-1', 'a-2', 'a-0'].map((id) => candidate(id));
    const ranked = rankCandidates(pool, params, 10);
    expect(ranked.map((s) => s.achievementId)).toEqual(['a-0', 'a-1', 'a-2', 'a-3']);
    expect(new Set(ranked.map((s) => s.score)).size).toBe(1);
    const reversed = rankCandidates([...pool].reverse(), params, 10);
    expect(reversed).toEqual(ranked);
  });

  it('ranks each pair once, cut at the limit', () => {
    const pool = Array.from({ length: 30 }, (_, i) =>
      candidate(`a-${String(i).padStart(2, '0')}`, { bigram: 0.01 * (i % 7), coverage: 0.03 * (i % 5) }),
    );
    const ranked = rankCandidates(pool, params, 20);
    expect(ranked).toHaveLength(20);
    expect(new Set(ranked.map((s) => `${s.demandId}:${s.achievementId}`)).size).toBe(20);
    // the kept 20 are the best 20 of the whole pool
    const all = rankCandidates(pool, params, 100);
    expect(ranked).toEqual(all.slice(0, 20));
  });

  it('ties on score break in plain code-unit order of the pair ids, independent of locale', () => {
    const ranked = rankCandidates(
      [candidate('b'), candidate('B'), candidate('a', { demandId: 'd-2' }), candidate('a')],
      params,
      10,
    );
    expect(ranked.map((s) => `${s.achievementId}:${s.demandId}`)).toEqual(['B:d-1', 'a:d-1', 'a:d-2', 'b:d-1']);
  });

  it('scales whole scores by how on-topic the best candidate is, keeping the order', () => {
    const strong = rankCandidates([candidate('a-1', { bigram: 0.3 }), candidate('a-2', { bigram: 0.15 })], params, 10);
    const weak = rankCandidates([candidate('a-1', { bigram: 0.06 }), candidate('a-2', { bigram: 0.03 })], params, 10);
    expect(weak.map((s) => s.achievementId)).toEqual(strong.map((s) => s.achievementId));
    expect(weak[0].score).toBeLessThan(strong[0].score);
    expect(weak[0].explanation.confidence).toBeCloseTo(0.2);
    expect(strong[0].explanation.confidence).toBe(1);
  });

  it('an empty pool ranks nothing', () => {
    expect(rankCandidates([], params, 10)).toEqual([]);
  });
});
