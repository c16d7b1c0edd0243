import defaultWeights from '../data/match-weights.json';
import {
  SEMANTIC_QUERY_CHARS,
  semanticEvidence,
  semanticQueryText,
  TEXT_FEATURE_WEIGHTS,
  withSemanticEvidence,
} from '../engine/matching-engine';
import { CandidateEvidence, rankCandidates, RankingParameters } from '../engine/ranking';
import { AchievementFacts, DemandFacts, loadWeights } from '../engine/scoring';

const demand: DemandFacts = {
  chainIds: ['chain-energy'],
  requiredTrl: null,
  requiredStage: null,
  modes: [],
  budgetMax: null,
  region: null,
};
const achievement: AchievementFacts = {
  chainIds: ['chain-energy'],
  trl: null,
  stage: null,
  modes: [],
  askingPrice: null,
  institutionDistrict: null,
};
const candidate = (id: string, over: Partial<CandidateEvidence>): CandidateEvidence => ({
  bigram: 0.2,
  title: 0.1,
  coverage: 0.3,
  retrieval: 1 / 61,
  terms: [],
  demand,
  achievement,
  demandId: 'd-电池热管理',
  achievementId: id,
  ...over,
});
const params = (semantic: number): RankingParameters => ({
  weights: loadWeights({}),
  textWeights: { ...TEXT_FEATURE_WEIGHTS, semantic },
  confidentCosine: 0.3,
  chainName: (id) => id,
});

describe('semantic evidence in matching (pure parts)', () => {
  it('weighs the model’s similarity like the bigram cosine by default', () => {
    expect(defaultWeights.textFeatures.semantic).toBe(defaultWeights.textFeatures.bigram);
    expect(TEXT_FEATURE_WEIGHTS.semantic).toBe(1);
  });

  it('embeds the title and the text, cut at a length embedding services accept', () => {
    expect(semanticQueryText({ title: ' 动力电池热管理 ', text: '电芯温差大，快充时易热失控。' })).toBe(
      '动力电池热管理\n电芯温差大，快充时易热失控。',
    );
    const long = semanticQueryText({ title: '储能电站消防', text: '锂电池舱早期预警与抑制。'.repeat(100) });
    expect([...long]).toHaveLength(SEMANTIC_QUERY_CHARS);
    expect(long.startsWith('储能电站消防\n锂电池舱')).toBe(true);
    expect(semanticQueryText({ title: '', text: '' })).toBe('');
  });

  it('scores the semantic hits above the best one left out, tie-safe at the cut', () => {
    const hit = (id: string, score: number) => ({ id, _rankingScore: score });
    // four kept of five: scores above the fifth's (what was not returned is at most that similar)
    const cut = semanticEvidence([hit('a', 0.9), hit('b', 0.8), hit('c', 0.7), hit('d', 0.6), hit('e', 0.55)], 4);
    expect(cut.map((x) => [x.hit.id, Number(x.score.toFixed(3))])).toEqual([
      ['a', 0.35],
      ['b', 0.25],
      ['c', 0.15],
      ['d', 0.05],
    ]);
    // a tie straddling the cut leaves the whole group out; the bound is then the group's score
    const tie = semanticEvidence([hit('a', 0.9), hit('b', 0.7), hit('c', 0.7), hit('d', 0.5)], 2);
    expect(tie.map((x) => [x.hit.id, Number(x.score.toFixed(3))])).toEqual([['a', 0.2]]);
    // every match returned: the scores as they are
    expect(semanticEvidence([hit('a', 0.66), hit('b', 0.45)], 4).map((x) => x.score)).toEqual([0.66, 0.45]);
  });

  it('without semantic evidence the feature weighs 0, so keyword-only scores are those of the engine without it', () => {
    const pool = [
      candidate('a-液冷板', { bigram: 0.35, title: 0.3, coverage: 0.8 }),
      candidate('a-相变材料', { bigram: 0.2, title: 0.05, coverage: 0.4 }),
      candidate('a-外延片', { bigram: 0.05, title: 0, coverage: 0.1 }),
    ];
    const without = rankCandidates(pool, params(0), 10);
    expect(withSemanticEvidence(params(1), false).textWeights.semantic).toBe(0);
    expect(rankCandidates(pool, withSemanticEvidence(params(1), false), 10)).toEqual(without);
    // weighted without evidence, every score would drop (the weight sum grows): that is what is avoided
    const diluted = rankCandidates(pool, params(1), 10);
    expect(diluted[0].score).toBeLessThan(without[0].score);
    // with evidence the weight stays
    expect(withSemanticEvidence(params(1), true).textWeights.semantic).toBe(1);
  });

  it('lifts a candidate the model finds close in meaning above one that only shares words', () => {
    const pool = [
      // shares the request's words (电池, 温度) but is about something else
      candidate('a-电池回收', { bigram: 0.3, title: 0.2, coverage: 0.5, semantic: 0.5 }),
      // says the same partly in other words (电芯 温差 散热)
      candidate('a-液冷散热', { bigram: 0.27, title: 0.18, coverage: 0.45, semantic: 0.92 }),
    ];
    expect(rankCandidates(pool, params(0), 10)[0].achievementId).toBe('a-电池回收');
    const ranked = rankCandidates(pool, withSemanticEvidence(params(1), true), 10);
    expect(ranked[0].achievementId).toBe('a-液冷散热');
    expect(rankCandidates(pool, withSemanticEvidence(params(1), true), 10)).toEqual(ranked);
  });
});
