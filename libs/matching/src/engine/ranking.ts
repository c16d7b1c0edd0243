import { AchievementFacts, DemandFacts, MatchWeights, scorePair } from './scoring';
import { Suggestion } from './suggestion';

export type TextFeature =
  'bigram' | 'title' | 'coverage' | 'retrieval' | 'words' | 'passage' | 'likelihood' | 'phrase' | 'semantic';

/** What the engine measured about one candidate of a query, and the facts of the pair it would make. */
export interface CandidateEvidence {
  /** Bigram TF-IDF cosine between the query side and the candidate. */
  bigram: number;
  /** Bigram cosine between the query side and the candidate's title. */
  title: number;
  /** Share of the query's keywords (by weight) found in the candidate. */
  coverage: number;
  /** Reciprocal-rank agreement of the keyword queries that returned it. */
  retrieval: number;
  /**
   * Word TF-IDF cosine (jieba content words, the catalogue's word statistics): whole-word evidence next to the
   * bigrams, which also match across word boundaries. Missing in evidence kept before it existed (counts 0).
   */
  words?: number;
  /** Best bigram cosine of the query with one bounded window of the candidate (passage evidence). */
  passage?: number;
  /** Query likelihood (Dirichlet-smoothed bigram language model), as a likelihood ratio to the collection. */
  likelihood?: number;
  /** Share of the query's bigram weight in spans of ≥ 3 characters found verbatim in the candidate. */
  phrase?: number;
  /**
   * Similarity by meaning: the candidate's semantic ranking score in the match's semantic query (the configured
   * embedding model's similarity of the two texts, as Meilisearch reports it) above the best score that query left
   * out (see `semanticEvidence`), 0 when it did not return the candidate.
   * Only with an embedding service configured; missing otherwise (counts 0, and the engine weights it 0).
   */
  semantic?: number;
  /** Keywords found, shown in the explanation. */
  terms: string[];
  demand: DemandFacts;
  achievement: AchievementFacts;
  demandId: string;
  achievementId: string;
}

export interface RankingParameters {
  weights: MatchWeights;
  /** Weight of each text feature in the text relevance (each feature divided by its best value in the pool). */
  textWeights: Record<TextFeature, number>;
  /** Bigram cosine from which the best candidate counts as fully on topic. */
  confidentCosine: number;
  chainName: (id: string) => string;
}

/**
 * The engine's ranking, free of any data access: text relevance relative to the pool's best candidate, scaled by
 * how on-topic that best candidate is, plus the business factors; sorted by score, ties broken by the pair's ids
 * (plain code-unit order, independent of locale) so the same data always gives the same ranking.
 */
export function rankCandidates(evidence: CandidateEvidence[], p: RankingParameters, limit: number): Suggestion[] {
  const best = (key: TextFeature) => Math.max(1e-9, ...evidence.map((e) => e[key] ?? 0));
  const features = Object.keys(p.textWeights) as TextFeature[];
  const max = Object.fromEntries(['bigram', ...features].map((k) => [k, best(k as TextFeature)])) as Record<
    TextFeature,
    number
  >;
  const weightSum = features.reduce((s, k) => s + p.textWeights[k], 0);
  // Relative features rank the candidates of this query; the best candidate's absolute similarity says how
  // much that ranking is worth. Whole scores are scaled by it (in scorePair): the order within the query stays,
  // and scores compare across queries and directions (a weak best match no longer reads as 100%).
  const confidence = Math.min(1, max.bigram / p.confidentCosine);
  const scored = evidence.map((e) => {
    const relevance = features.reduce((s, k) => s + (p.textWeights[k] * (e[k] ?? 0)) / max[k], 0) / weightSum;
    const { score, explanation } = scorePair(
      {
        relevance,
        confidence,
        bigramCosine: e.bigram,
        titleSimilarity: e.title,
        coverage: e.coverage,
        matchedTerms: e.terms,
      },
      e.demand,
      e.achievement,
      p.weights,
      p.chainName,
    );
    return { demandId: e.demandId, achievementId: e.achievementId, score, explanation } satisfies Suggestion;
  });
  const key = (x: Suggestion) => `${x.achievementId}:${x.demandId}`;
  scored.sort((a, b) => b.score - a.score || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return scored.slice(0, limit);
}
