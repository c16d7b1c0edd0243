/** Ranking metrics of the evaluation sets (see the dataset README): per demand, then averaged. */
export interface RankingMetrics {
  ndcg10: number;
  recall10: number;
  mrr: number;
  p5: number;
}

/**
 * nDCG@10 with gain 2^grade − 1 (ideal ranking from all judged grades), recall@10 of grade ≥ 1, MRR of the first
 * grade ≥ 1 within the top 10, P@5. Unjudged results count as grade 0.
 */
export function rankingMetrics(ranked: string[], judged: Map<string, number>): RankingMetrics {
  const top = ranked.slice(0, 10);
  const grade = (id: string) => judged.get(id) ?? 0;
  const dcg = top.reduce((s, id, i) => s + (2 ** grade(id) - 1) / Math.log2(i + 2), 0);
  const ideal = [...judged.values()].sort((a, b) => b - a).slice(0, 10);
  const idcg = ideal.reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
  const relevant = [...judged.values()].filter((g) => g >= 1).length;
  const found = top.filter((id) => grade(id) >= 1).length;
  const first = top.findIndex((id) => grade(id) >= 1);
  return {
    ndcg10: idcg ? dcg / idcg : 0,
    recall10: relevant ? found / relevant : 0,
    mrr: first >= 0 ? 1 / (first + 1) : 0,
    p5: top.slice(0, 5).filter((id) => grade(id) >= 1).length / 5,
  };
}

export function averageMetrics(all: RankingMetrics[]): RankingMetrics {
  const n = all.length || 1;
  const sum = (k: keyof RankingMetrics) => all.reduce((s, m) => s + m[k], 0) / n;
  return { ndcg10: sum('ndcg10'), recall10: sum('recall10'), mrr: sum('mrr'), p5: sum('p5') };
}
