import { cosine, normalise, SparseVector, TfIdfModel } from './text';

/**
 * Classical text evidence beside the whole-document bigram cosine, each a pure function of the query side, the
 * candidate's text and the catalogue's statistics (measured for the re-ranking; see README, Matching):
 * - passage evidence (Callan 1994): the best cosine between the query and one window of consecutive sentences of
 *   the candidate, so that a focused match inside a long patent-style description is not diluted by the rest;
 * - query likelihood with Dirichlet smoothing (Zhai & Lafferty 2001) over character bigrams;
 * - phrase evidence: the idf-weighted share of the query covered by spans of ≥ 3 characters that occur verbatim
 *   in the candidate.
 */

/** Sentences per passage: windows of this many consecutive sentences, sliding by one (Callan's sentence windows). */
export const PASSAGE_SENTENCES = 3;

/**
 * A text's passages: every run of PASSAGE_SENTENCES consecutive sentences (split at 。！？； and line ends); the
 * whole text as one passage when it has no more sentences than that.
 */
export function passageWindows(text: string, size = PASSAGE_SENTENCES): string[] {
  const sentences = normalise(text)
    .split(/[。！？；;!?\n]+/)
    .map((x) => x.trim())
    .filter(Boolean);
  if (sentences.length <= size) return sentences.length ? [sentences.join('。')] : [];
  const out: string[] = [];
  for (let i = 0; i + size <= sentences.length; i++) out.push(sentences.slice(i, i + size).join('。'));
  return out;
}

/** The passages' TF-IDF vectors under the catalogue's bigram statistics (L2-normalised each). */
export function passageVectors(model: TfIdfModel, text: string): SparseVector[] {
  const windows = passageWindows(text);
  // one passage: the whole text (same bigrams as the document vector; the separators carry none)
  return windows.length <= 1 ? [model.vector(text)] : windows.map((w) => model.vector(w));
}

/** Best cosine of the query against any one passage (0 without passages). */
export function bestPassage(query: SparseVector, passages: SparseVector[]): number {
  let best = 0;
  for (const p of passages) best = Math.max(best, cosine(query, p));
  return best;
}

/** Term counts and length of a document, for language-model scoring. */
export interface TermCounts {
  counts: Map<string, number>;
  length: number;
}

export function termCounts(model: TfIdfModel, text: string): TermCounts {
  const counts = model.termFrequencies(text);
  let length = 0;
  for (const c of counts.values()) length += c;
  return { counts, length };
}

/** Collection statistics a language model needs: each term's share of all tokens, and the mean document length. */
export interface CollectionStats {
  probability: (term: string) => number;
  meanLength: number;
}

/**
 * Query likelihood under a Dirichlet-smoothed document model, as a positive score: the weighted geometric mean
 * over the query's terms of p(t|d) / p(t|C) — exp of the (weighted) log-likelihood ratio against the collection,
 * divided by the query's weight. Monotone in the query log-likelihood for a fixed query, so it ranks the same; it
 * is 1 for a document that says nothing about the query beyond what the collection says. μ defaults to the mean
 * document length (the usual choice when nothing is tuned). Terms the collection has never seen are skipped
 * (they cannot tell documents apart).
 */
export function queryLikelihood(
  query: Map<string, number>,
  doc: TermCounts,
  collection: CollectionStats,
  mu = collection.meanLength,
): number {
  let logRatio = 0;
  let mass = 0;
  for (const [term, weight] of query) {
    const pc = collection.probability(term);
    if (!(pc > 0) || !(weight > 0)) continue;
    const pd = ((doc.counts.get(term) ?? 0) + mu * pc) / (doc.length + mu);
    logRatio += weight * Math.log(pd / pc);
    mass += weight;
  }
  return mass > 0 ? Math.exp(logRatio / mass) : 0;
}

/** A query's character runs prepared for phrase matching: each bigram's weight, in text order per run. */
export interface PhraseQuery {
  runs: Array<{ text: string; weights: number[] }>;
  mass: number;
}

/**
 * The query's CJK runs and the weight of each of their bigrams (idf, times `scale` when given: the request
 * boilerplate discount). ASCII words are left out: they are whole tokens, which the keyword coverage already reads.
 */
export function phraseQuery(text: string, weight: (bigram: string) => number): PhraseQuery {
  const runs: PhraseQuery['runs'] = [];
  let mass = 0;
  for (const run of normalise(text).match(/[\u3400-\u9fff\uf900-\ufaff]{2,}/g) ?? []) {
    const weights: number[] = [];
    for (let i = 0; i + 1 < run.length; i++) {
      const w = Math.max(0, weight(run.slice(i, i + 2)));
      weights.push(w);
      mass += w;
    }
    runs.push({ text: run, weights });
  }
  return { runs, mass };
}

/** Shortest span that counts as a phrase, in characters (two consecutive bigrams). */
export const MIN_PHRASE_CHARS = 3;

/**
 * Phrase evidence: the share of the query's bigram weight that lies in spans of ≥ MIN_PHRASE_CHARS characters
 * occurring verbatim in the document, taking at each position of the query the longest such span (greedy, left to
 * right, spans do not overlap). Bigrams matched only on their own (two characters) count nothing: they are what the
 * bigram cosine already measures.
 */
export function phraseCoverage(
  query: PhraseQuery,
  docText: string,
  docBigrams?: ReadonlySet<string> | SparseVector,
): number {
  if (query.mass <= 0) return 0;
  const text = normalise(docText);
  let covered = 0;
  for (const { text: run, weights } of query.runs) {
    let i = 0;
    while (i + MIN_PHRASE_CHARS <= run.length) {
      // cheap pre-check: both first bigrams must occur in the document at all
      if (docBigrams && !(docBigrams.has(run.slice(i, i + 2)) && docBigrams.has(run.slice(i + 1, i + 3)))) {
        i++;
        continue;
      }
      let end = i + MIN_PHRASE_CHARS;
      if (!text.includes(run.slice(i, end))) {
        i++;
        continue;
      }
      while (end < run.length && text.includes(run.slice(i, end + 1))) end++;
      for (let b = i; b < end - 1; b++) covered += weights[b];
      i = end - 1; // the span's last character may start the next span (bigrams never counted twice)
    }
  }
  return covered / query.mass;
}
