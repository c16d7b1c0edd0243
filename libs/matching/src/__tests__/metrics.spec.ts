import { averageMetrics, rankingMetrics } from '../eval/metrics';

describe('ranking metrics', () => {
  const judged = new Map([
    ['a', 2],
    ['b', 1],
    ['c', 0],
  ]);

  it('scores the ideal ranking 1 and counts unjudged results as 0', () => {
    expect(rankingMetrics(['a', 'b', 'x'], judged)).toEqual({ ndcg10: 1, recall10: 1, mrr: 1, p5: 0.4 });
  });

  it('follows gain 2^g − 1 with a log2 discount', () => {
    const m = rankingMetrics(['x', 'b', 'a'], judged);
    const dcg = 1 / Math.log2(3) + 3 / Math.log2(4);
    const idcg = 3 / Math.log2(2) + 1 / Math.log2(3);
    expect(m.ndcg10).toBeCloseTo(dcg / idcg, 10);
    expect(m.mrr).toBeCloseTo(1 / 2, 10);
  });

  it('looks only at the top 10', () => {
    const ranked = [...Array.from({ length: 10 }, (_, i) => `u${i}`), 'a'];
    expect(rankingMetrics(ranked, judged)).toEqual({ ndcg10: 0, recall10: 0, mrr: 0, p5: 0 });
  });

  it('averages per demand', () => {
    expect(
      averageMetrics([
        { ndcg10: 1, recall10: 1, mrr: 1, p5: 1 },
        { ndcg10: 0, recall10: 0.5, mrr: 0, p5: 0.2 },
      ]),
    ).toEqual({ ndcg10: 0.5, recall10: 0.75, mrr: 0.5, p5: 0.6 });
  });
});
