import { AppConfig, MatchingTuning } from '@app/config';
import { Achievement, Demand, IndustryChainService, RegistryReads } from '@app/registry';
import { Injectable, Logger } from '@nestjs/common';

import defaultWeights from '../data/match-weights.json';
import { IndexKind } from '../search-index/search-documents';
import { SearchIndexService } from '../search-index/search-index.service';
import { CandidateIndexService } from './candidate-index';
import { matchStrength, MIN_TEXT_RELEVANCE, storedSuggestions } from './confidence';
import {
  achievementText,
  CorpusModel,
  CorpusModelService,
  demandText,
  documentFeatures,
  featureKey,
} from './corpus-model';
import { CandidateEvidence, rankCandidates, RankingParameters, TextFeature } from './ranking';
import { AchievementFacts, DemandFacts, loadWeights, MatchWeights, SHOWN_TERMS } from './scoring';
import { Suggestion, SUGGESTIONS_PER_DEMAND } from './suggestion';
import { cosine, QueryVector, SparseVector } from './text';
import { bestPassage, phraseCoverage, phraseQuery, queryLikelihood } from './text-evidence';

/**
 * Text relevance = a weighted mean of the bigram cosine, title similarity, keyword coverage and retrieval
 * agreement, each divided by its best value among this query's candidates (weights in data/match-weights.json,
 * `textFeatures`, written by `cli fit-weights`). Each feature sees something the others miss: bigrams the whole
 * text, the title what the record is about, coverage whether the source's distinctive terms all appear, retrieval
 * agreement how many of the keyword queries found the candidate and how high.
 */
export const TEXT_FEATURE_WEIGHTS: Record<TextFeature, number> = { ...defaultWeights.textFeatures };

/**
 * Characters of the source's title and text embedded for the semantic query: what it is about comes first, and the
 * Chinese models such services serve read about 512 tokens (one a character), silently truncating or refusing more.
 */
export const SEMANTIC_QUERY_CHARS = 500;

/** The text of a match's semantic query: the title, then the text, cut at SEMANTIC_QUERY_CHARS characters. */
export function semanticQueryText(side: QuerySide): string {
  const text = [side.title.trim(), side.text.trim()].filter(Boolean).join('\n');
  return [...text].slice(0, SEMANTIC_QUERY_CHARS).join('').trim();
}

/**
 * The ranking parameters of a match: the semantic feature counts only when the match has semantic evidence (an
 * embedder was asked); otherwise its weight is 0, so keyword-only matching scores exactly as without the feature.
 */
export function withSemanticEvidence(p: RankingParameters, semantic: boolean): RankingParameters {
  if (semantic || !p.textWeights.semantic) return p;
  return { ...p, textWeights: { ...p.textWeights, semantic: 0 } };
}

/** Bigram cosine from which a best match counts as fully on topic (related postings measure 0.2–0.5). */
export const CONFIDENT_COSINE = 0.3;

export { MIN_TEXT_RELEVANCE } from './confidence';

/** A hit as Meilisearch returns it: the index document's public fields. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- documents of two shapes, read field by field
type HitDocument = Record<string, any>;

interface Candidate {
  id: string;
  doc: HitDocument;
  meiliScore: number;
  /** Σ over the queries that returned it of 1 / (60 + rank): reciprocal-rank agreement of the queries. */
  rrf: number;
  /** Its semantic ranking score in the semantic query (0 when that query did not return it or was not sent). */
  semantic: number;
}

type EvidenceFacts = Pick<CandidateEvidence, 'demand' | 'achievement' | 'demandId' | 'achievementId'>;

/** A text that asks for achievements the way a demand does (see MatchingEngine.forBrief). */
export interface MatchBrief {
  /** Carried as each suggestion's `demandId`. */
  id: string;
  title: string;
  text: string;
  industryChainIds: string[];
  /** Only achievements of these chains (like a demand's chainRequired). */
  chainRequired: boolean;
}

export interface QuerySide {
  title: string;
  text: string;
}

/**
 * Hits of single queries shared by the matches of one batch (a re-match of many demands): the same keyword under
 * the same filter returns the same hits, so a batch asks Meilisearch once per distinct query. Results are identical
 * to unbatched matching; only repeated work is skipped. Lives as long as the batch, never across index changes.
 */
export class QueryCache {
  private readonly entries = new Map<string, Promise<HitDocument[]>>();
  hits = 0;
  misses = 0;

  get size(): number {
    return this.entries.size;
  }

  /** @internal */ lookup(key: string): Promise<HitDocument[]> | undefined {
    const found = this.entries.get(key);
    if (found) this.hits++;
    else this.misses++;
    return found;
  }

  /** @internal */ store(key: string, value: Promise<HitDocument[]>): void {
    this.entries.set(key, value);
  }

  /** @internal */ forget(key: string): void {
    this.entries.delete(key);
  }
}

/** What one match saw before re-ranking (eval diagnostics); filled in when passed. */
export interface MatchTrace {
  candidateIds?: string[];
}

/** One match's suggestions with what it took to find them (returned per call: the engine keeps no state). */
export interface MatchResult {
  suggestions: Suggestion[];
  timings: MatchTimings;
  /** The pooled candidates before re-ranking (eval diagnostics). */
  candidateIds: string[];
}

export interface MatchTimings {
  /** The query side: corpus statistics, the query's bigram vector and its top keywords (before any request). */
  queryMs: number;
  /** All candidate retrieval: Meilisearch requests and the candidate index query (in parallel), documents read. */
  searchMs: number;
  /** Meilisearch requests only: the multi-search and the read of documents only the candidate index found. */
  meiliMs: number;
  /** The part of `meiliMs` that read the documents only the candidate index found. */
  documentsMs: number;
  /** The candidate index's PostgreSQL query (runs alongside the Meilisearch request). */
  bigramMs: number;
  /** Everything after retrieval: `featuresMs`, `rankMs` and waiting for data read alongside retrieval. */
  rerankMs: number;
  /** The candidates' features (vectorised unless cached) and their evidence against the query. */
  featuresMs: number;
  /** Scoring, ordering and explaining the evidence. */
  rankMs: number;
  queries: number;
  candidates: number;
  /** Candidates whose features were not cached and were computed by this match. */
  vectorised: number;
}

/**
 * Both directions through one code path: the source record becomes several Meilisearch queries (its title and
 * its most distinctive keywords, one per query, since Meilisearch reads only the first ten words), their hits
 * are pooled, and the pool is re-ranked by our own text similarity (character-bigram and word TF-IDF cosine with
 * the target catalogue's statistics) plus business factors with explicit weights.
 */
@Injectable()
export class MatchingEngine {
  private readonly logger = new Logger(MatchingEngine.name);
  weights: MatchWeights;
  /**
   * Candidate generation (how many keyword queries, how many hits each may bring, how many achievements the
   * whole-catalogue bigram index adds; see CandidateIndexService) and text-relevance weights, from AppConfig.
   *
   * Request boilerplate (需求, 希望, 解决, 技术…) is rare in achievements, so the achievements' idf alone rates it as
   * distinctive. A demand's bigrams are therefore also weighted by their idf share over the platform's own open
   * demands (`demandIdf`): what every demand says counts little. MATCH_DEMAND_IDF=0 turns it off.
   */
  private readonly tuning: MatchingTuning;
  private readonly textWeights: typeof TEXT_FEATURE_WEIGHTS;

  constructor(
    private readonly index: SearchIndexService,
    private readonly corpus: CorpusModelService,
    private readonly chains: IndustryChainService,
    private readonly registry: RegistryReads,
    private readonly candidateIndex: CandidateIndexService,
    private readonly config: AppConfig,
  ) {
    this.tuning = config.matching;
    this.weights = loadWeights(config.matching.weights);
    this.textWeights = { ...TEXT_FEATURE_WEIGHTS, ...config.matching.textWeights };
  }

  /** Suggestions worth storing: enough textual evidence that a manager should look at the pair. */
  static worthStoring(s: Suggestion): boolean {
    return matchStrength(s.explanation) >= MIN_TEXT_RELEVANCE;
  }

  /**
   * What a demand's own (forward) match stores of its ranked suggestions: the pairs worth storing plus its few best
   * with some shared vocabulary (see `storedSuggestions`); those under the show threshold are 低相关 (staff only).
   */
  static toStore(ranked: Suggestion[]): Suggestion[] {
    return storedSuggestions(ranked);
  }

  /** Demand → top-K published achievements. */
  async forDemand(
    demand: Demand,
    limit = SUGGESTIONS_PER_DEMAND,
    cache?: QueryCache,
    trace?: MatchTrace,
  ): Promise<Suggestion[]> {
    const result = await this.matchDemand(demand, limit, cache);
    if (trace) trace.candidateIds = result.candidateIds;
    return result.suggestions;
  }

  /** Achievement → top-K open demands (published or in progress; chain-restricted demands only within chain). */
  async forAchievement(achievement: Achievement, limit = SUGGESTIONS_PER_DEMAND): Promise<Suggestion[]> {
    return (await this.matchAchievement(achievement, limit)).suggestions;
  }

  /** Demand → top-K published achievements, with the match's timings and candidate pool. */
  async matchDemand(demand: Demand, limit = SUGGESTIONS_PER_DEMAND, cache?: QueryCache): Promise<MatchResult> {
    const { filter, side, facts, prefetch } = this.demandQuery(demand);
    return this.rank('achievements', side, filter, limit, facts, prefetch, cache);
  }

  /**
   * A brief written like a demand (a 揭榜挂帅 call: its title, problem, goals and chains) → top-K published
   * achievements, through the demand's own path and ranking. Facts the brief does not state (maturity, modes,
   * budget, region) stay unknown and score neutral.
   */
  async forBrief(brief: MatchBrief, limit = SUGGESTIONS_PER_DEMAND): Promise<Suggestion[]> {
    const { filter, side, facts, prefetch } = this.briefQuery(brief.id, brief.chainRequired, brief.industryChainIds, {
      title: brief.title,
      text: brief.text,
      facts: {
        chainIds: brief.industryChainIds,
        requiredTrl: null,
        requiredStage: null,
        modes: [],
        budgetMax: null,
        region: null,
      },
    });
    return (await this.rank('achievements', side, filter, limit, facts, prefetch)).suggestions;
  }

  /** How a demand asks for achievements: filter, query side, the pair's facts of a hit. */
  private demandQuery(demand: Demand) {
    return this.briefQuery(demand.id, demand.chainRequired, demand.industryChainIds, {
      title: demand.title,
      text: demandText(demand),
      facts: demandFacts(demand),
    });
  }

  private briefQuery(
    sourceId: string,
    chainRequired: boolean,
    chainIds: string[],
    source: { title: string; text: string; facts: DemandFacts },
  ) {
    const filter = ['status = "published"'];
    if (chainRequired && chainIds.length) {
      filter.push(`industryChainIds IN [${chainIds.map((id) => `"${id}"`).join(', ')}]`);
    }
    const side = { title: source.title, text: source.text };
    const demandSide = source.facts;
    // Read while Meilisearch searches: the region factor needs each candidate institution's district.
    const pendingDistricts = this.registry.institutionDistricts();
    pendingDistricts.catch(() => undefined);
    let districts = new Map<string, string | null>();
    const facts = (doc: HitDocument): EvidenceFacts => ({
      demand: demandSide,
      achievement: achievementFactsOfDoc(doc, districts),
      demandId: sourceId,
      achievementId: doc.id as string,
    });
    const prefetch = async () => {
      districts = await pendingDistricts;
    };
    return { filter, side, facts, prefetch };
  }

  /** Achievement → top-K open demands, with the match's timings and candidate pool. */
  async matchAchievement(achievement: Achievement, limit = SUGGESTIONS_PER_DEMAND): Promise<MatchResult> {
    const chainList = achievement.industryChainIds.map((id) => `"${id}"`).join(', ');
    const filter = [
      'status IN ["published", "in_progress"]',
      chainList ? `(chainRequired = false OR industryChainIds IN [${chainList}])` : 'chainRequired = false',
    ];
    const side = { title: achievement.title, text: achievementText(achievement) };
    const districts = await this.registry.institutionDistricts();
    const facts = achievementFactsOfDoc(
      { ...achievement, institutionId: achievement.institutionId, transferModes: achievement.transferModes },
      districts,
    );
    let budgets = new Map<string, number | null>();
    return this.rank(
      'demands',
      side,
      filter,
      limit,
      (doc) => ({
        demand: demandFactsOfDoc(doc, budgets.get(doc.id) ?? null),
        achievement: facts,
        demandId: doc.id as string,
        achievementId: achievement.id,
      }),
      async (ids) => {
        budgets = await this.registry.demandBudgets(ids);
      },
    );
  }

  /**
   * What the candidate index's postings cut keeps of a demand's exact top candidates (benchmark diagnostics): the
   * exact (untruncated) summed score of the truncated query's top k over that of the exact top k, and the share of
   * the exact top k's ids the truncated query also returns.
   */
  async indexCutFidelity(
    demand: Demand,
    postings = this.tuning.postingsPerBigram,
  ): Promise<{ score: number; ids: number; ms: number }> {
    const model = await this.corpus.get('achievements');
    const { side } = this.demandQuery(demand);
    const query = retrievable(model, await this.queryVector('achievements', model, side));
    const k = this.tuning.bigramCandidates;
    const started = performance.now();
    const cut = await this.candidateIndex.top(query, k, postings);
    const ms = performance.now() - started;
    const exact = await this.candidateIndex.top(query, k, null);
    if (!exact.length) return { score: 1, ids: 1, ms };
    const kept = new Set(cut.map((r) => r.id));
    const exactOfCut = await this.candidateIndex.exactScores(
      query,
      cut.map((r) => r.id),
    );
    const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
    const total = sum(exact.map((r) => r.score));
    return {
      score: total > 0 ? sum([...exactOfCut.values()]) / total : 1,
      ids: exact.filter((r) => kept.has(r.id)).length / exact.length,
      ms,
    };
  }

  /** The pooled candidates of a query side, before re-ranking (eval diagnostics, benchmarks). */
  async candidatesOf(kind: IndexKind, side: QuerySide, filter: string[]): Promise<Candidate[]> {
    const model = await this.corpus.get(kind);
    const keywords = model.words.keywords(side.text, this.tuning.keywordQueries);
    const qBigram = await this.queryVector(kind, model, side);
    const embedder = await this.semanticEmbedder(kind);
    return (await this.search(kind, side, filter, model, qBigram, keywords, undefined, embedder)).candidates;
  }

  /**
   * A demand's candidates with the evidence the ranking reads (features and facts), before any weight is applied:
   * what `cli fit-weights` and `cli eval --cv` compute once per demand and then re-rank in memory.
   */
  async demandEvidence(demand: Demand): Promise<{ evidence: CandidateEvidence[]; candidateIds: string[] }> {
    const { filter, side, facts, prefetch } = this.demandQuery(demand);
    const gathered = await this.gather('achievements', side, filter, facts, prefetch);
    return { evidence: gathered.evidence, candidateIds: gathered.candidates.map((c) => c.id) };
  }

  /**
   * The ranking parameters in force (weights from data and AppConfig). The semantic feature is weighted only with
   * semantic evidence: by default when the achievements index has an embedder now (see `semanticEmbedder`).
   */
  async rankingParameters(semantic?: boolean): Promise<RankingParameters> {
    const refs = await this.chains.refs();
    const parameters: RankingParameters = {
      weights: this.weights,
      textWeights: this.textWeights,
      confidentCosine: CONFIDENT_COSINE,
      chainName: (id) => refs.get(id)?.name ?? id,
    };
    return withSemanticEvidence(parameters, semantic ?? (await this.semanticEmbedder('achievements')) !== null);
  }

  /** Which text evidence forward matching uses now (what `cli eval` ran with). */
  async textEvidence(): Promise<string> {
    const embedder = await this.semanticEmbedder('achievements');
    return embedder ? `keyword + semantic: ${this.config.embedding?.model} (${embedder})` : 'keyword only';
  }

  /**
   * The embedder a match's semantic query uses, or null (keyword evidence only, and no request to find out): an
   * embedding service configured, the semantic feature weighted and candidates asked of it, and the index has an
   * embedder (not yet while the service was down at boot).
   */
  async semanticEmbedder(kind: IndexKind): Promise<string | null> {
    if (!this.config.embedding || !this.tuning.semanticCandidates || !(this.textWeights.semantic > 0)) return null;
    return this.index.activeEmbedder(kind).catch(() => null);
  }

  private async rank(
    kind: IndexKind,
    side: QuerySide,
    filter: string[],
    limit: number,
    facts: (doc: HitDocument) => EvidenceFacts,
    prefetch?: (ids: string[]) => Promise<void>,
    cache?: QueryCache,
  ): Promise<MatchResult> {
    // The chains' names (a PostgreSQL read) are read while the candidates are gathered, not after.
    const parameters = this.rankingParameters(true);
    parameters.catch(() => undefined);
    const gathered = await this.gather(kind, side, filter, facts, prefetch, cache);
    const { evidence, candidates, t1 } = gathered;
    const ranking = withSemanticEvidence(await parameters, gathered.semantic);
    const ranked = performance.now();
    const suggestions = rankCandidates(evidence, ranking, limit);
    const done = performance.now();
    return {
      suggestions,
      candidateIds: candidates.map((c) => c.id),
      timings: {
        queryMs: gathered.queryMs,
        searchMs: t1 - gathered.t0,
        meiliMs: gathered.meiliMs,
        documentsMs: gathered.documentsMs,
        bigramMs: gathered.bigramMs,
        rerankMs: done - t1,
        featuresMs: gathered.featuresMs,
        rankMs: done - ranked,
        queries: gathered.queries,
        candidates: candidates.length,
        vectorised: gathered.vectorised,
      },
    };
  }

  private async gather(
    kind: IndexKind,
    side: QuerySide,
    filter: string[],
    facts: (doc: HitDocument) => EvidenceFacts,
    prefetch?: (ids: string[]) => Promise<void>,
    cache?: QueryCache,
  ) {
    const started = performance.now();
    const embedder = this.semanticEmbedder(kind);
    embedder.catch(() => undefined);
    const model = await this.corpus.get(kind);
    const qBigram = await this.queryVector(kind, model, side);
    // Features beyond the bigram cosine are measured only when they are weighted (jieba segmentation, passages
    // and counts cost time per uncached candidate).
    const weighted = (k: TextFeature) => (this.textWeights[k] ?? 0) > 0;
    const needs = { words: weighted('words'), passages: weighted('passage'), counts: weighted('likelihood') };
    const queryText = `${side.title}\n${side.text}`;
    const qWords = needs.words ? model.words.vector(queryText) : undefined;
    const scale = needs.counts || weighted('phrase') ? await this.queryScale(kind) : undefined;
    const qCounts = needs.counts ? queryTermWeights(model, queryText, scale) : undefined;
    const qPhrase = weighted('phrase')
      ? phraseQuery(queryText, (b) => model.bigrams.idf(b) * (scale ? scale(b) : 1))
      : undefined;
    const collection = {
      probability: (t: string) => model.bigrams.collectionProbability(t),
      meanLength: model.bigrams.meanLength,
    };
    // Segmented once: the keyword queries and the coverage feature read the same top keywords.
    const keywords = model.words.keywords(side.text, this.tuning.keywordQueries);
    const t0 = performance.now();
    const { candidates, meiliMs, documentsMs, bigramMs, semantic } = await this.search(
      kind,
      side,
      filter,
      model,
      qBigram,
      keywords,
      cache,
      await embedder,
    );
    const t1 = performance.now();
    if (prefetch) await prefetch(candidates.map((c) => c.id));
    const featuresStarted = performance.now();
    const keywordMass = keywords.reduce((s, k) => s + k.weight, 0) || 1;
    const query = new QueryVector(qBigram, model.bigrams);
    let vectorised = 0;
    const evidence = candidates.map((c): CandidateEvidence => {
      const text = kind === 'achievements' ? achievementText(c.doc as never) : demandText(c.doc as never);
      const key = featureKey(c.id, c.doc.updatedAt);
      if (!model.features.has(key)) vectorised++;
      const doc = documentFeatures(model, key, String(c.doc.title ?? ''), text, this.tuning.featureCacheSize, needs);
      const found = keywords.filter((k) => doc.text.includes(k.term));
      return {
        bigram: query.cosine(doc.bigrams),
        title: query.cosine(doc.title),
        coverage: found.reduce((s, k) => s + k.weight, 0) / keywordMass,
        retrieval: c.rrf,
        words: qWords && doc.words ? cosine(qWords, doc.words) : 0,
        passage: doc.passages ? bestPassage(qBigram, doc.passages) : 0,
        likelihood: qCounts && doc.counts ? queryLikelihood(qCounts, doc.counts, collection) : 0,
        phrase: qPhrase ? phraseCoverage(qPhrase, doc.text) : 0,
        ...(semantic ? { semantic: c.semantic } : {}),
        // more than shown: fragments of longer terms are merged away in the explanation (scorePair)
        terms: found.slice(0, 2 * SHOWN_TERMS).map((k) => k.term),
        ...facts(c.doc),
      };
    });
    const featuresMs = performance.now() - featuresStarted;
    const queries = 1 + Math.min(this.tuning.keywordQueries, keywords.length) + (semantic ? 1 : 0);
    return {
      semantic,
      evidence,
      candidates,
      t0,
      t1,
      queryMs: t0 - started,
      meiliMs,
      documentsMs,
      bigramMs,
      featuresMs,
      vectorised,
      queries,
    };
  }

  /**
   * One multi-search request: the title, then each top keyword alone; hits pooled in query order. With a batch
   * cache, only the queries no earlier match of the batch has asked are sent. With an embedder, the same request
   * also asks for the source's nearest neighbours by meaning (one semantic query of its title and text); should the
   * embedder fail (service down, embedder being replaced), the request is sent again without it and the match has
   * keyword evidence only (`semantic: false`).
   */
  private async search(
    kind: IndexKind,
    side: QuerySide,
    filter: string[],
    model: CorpusModel,
    qBigram: SparseVector,
    topKeywords: Array<{ term: string }>,
    cache?: QueryCache,
    embedder: string | null = null,
  ): Promise<{ candidates: Candidate[]; meiliMs: number; documentsMs: number; bigramMs: number; semantic: boolean }> {
    const keywords = topKeywords.map((k) => k.term);
    const uid = this.index.uid(kind);
    // One hit more than kept, to see whether a group of equal scores straddles the cut.
    const base = {
      indexUid: uid,
      filter,
      limit: this.tuning.hitsPerQuery + 1,
      showRankingScore: true,
      locales: ['cmn' as const],
    };
    const queries = [side.title, ...keywords].map((q) => ({ ...base, q, matchingStrategy: 'last' as const }));
    const results: Array<Promise<HitDocument[]>> = [];
    const toSend: typeof queries = [];
    const sentKeys: string[] = [];
    const pending: Array<(hits: HitDocument[]) => void> = [];
    const failures: Array<(error: unknown) => void> = [];
    for (const query of queries) {
      const key = JSON.stringify([uid, filter, query.q]);
      const cached = cache?.lookup(key);
      if (cached) {
        results.push(cached);
        continue;
      }
      const result = new Promise<HitDocument[]>((resolve, reject) => {
        pending.push(resolve);
        failures.push(reject);
      });
      cache?.store(key, result);
      result.catch(() => undefined);
      results.push(result);
      toSend.push(query);
      sentKeys.push(key);
    }
    // Forward matching also asks the whole-catalogue bigram index, alongside Meilisearch.
    const bigramStarted = performance.now();
    let bigramMs = 0;
    const fromBigrams =
      kind === 'achievements' && this.tuning.bigramCandidates > 0
        ? this.candidateIndex.top(retrievable(model, qBigram), this.tuning.bigramCandidates).finally(() => {
            bigramMs = performance.now() - bigramStarted;
          })
        : Promise.resolve([]);
    fromBigrams.catch(() => undefined);
    // The documents of bigram-index hits, read under the same filter (a restricted demand still sees only its
    // chain's published achievements). When the index answers before the keyword queries, its hits are read at
    // once, alongside them, rather than after them: the pool is the same, only the wait is shorter.
    let searched = false;
    let documentsMs = 0;
    // Time with a Meilisearch request in flight (requests that overlap count once).
    const spans: Array<[number, number]> = [];
    const fetchDocuments = async (ids: string[]): Promise<Map<string, HitDocument>> => {
      if (!ids.length) return new Map();
      const sent = performance.now();
      const res = await this.index.search.fast.post<{ results: HitDocument[] }>(`/indexes/${uid}/documents/fetch`, {
        ids,
        filter,
        limit: ids.length,
      });
      spans.push([sent, performance.now()]);
      documentsMs += performance.now() - sent;
      return new Map(res.results.map((doc) => [doc.id as string, doc]));
    };
    const early = fromBigrams.then((ranked) => (searched ? null : fetchDocuments(ranked.map((r) => r.id))));
    early.catch(() => undefined);
    // Never cached: no two sources share a title and text.
    const semanticText = embedder ? semanticQueryText(side) : '';
    const semanticQuery =
      embedder && semanticText
        ? {
            indexUid: uid,
            q: semanticText,
            filter,
            limit: this.tuning.semanticCandidates + 1,
            showRankingScore: true,
            hybrid: { embedder, semanticRatio: 1 },
          }
        : null;
    let semanticHits: HitDocument[] | null = null;
    const multiSearch = async (queries: object[]) => {
      if (!queries.length) return [];
      const sent = performance.now();
      const res = await this.index.search.fast.post<{ results: Array<{ hits: HitDocument[] }> }>('/multi-search', {
        queries,
      });
      spans.push([sent, performance.now()]);
      return res.results;
    };
    if (toSend.length || semanticQuery) {
      try {
        let results: Array<{ hits: HitDocument[] }>;
        try {
          results = await multiSearch(semanticQuery ? [...toSend, semanticQuery] : toSend);
          if (semanticQuery) semanticHits = results[toSend.length].hits;
        } catch (error) {
          if (!semanticQuery) throw error;
          // the keyword queries alone, as without an embedder; the next match reads the index's embedders afresh
          this.logger.warn(`Semantic query on ${uid} failed, matching by keywords: ${(error as Error).message}`);
          await this.index.activeEmbedder(kind, { fresh: true }).catch(() => null);
          results = await multiSearch(toSend);
        }
        searched = true;
        toSend.forEach((_, i) => pending[i](results[i].hits));
      } catch (error) {
        // A failed request leaves no rejected entry behind for the rest of the batch.
        sentKeys.forEach((key) => cache?.forget(key));
        failures.forEach((fail) => fail(error));
        throw error;
      }
    }
    const pool = new Map<string, Candidate>();
    for (const hits of await Promise.all(results)) {
      tieSafe(hits, this.tuning.hitsPerQuery).forEach(({ hit, rank }) => {
        const id = hit.id as string;
        const existing = pool.get(id);
        const score = (hit._rankingScore as number | undefined) ?? 0;
        if (!existing) pool.set(id, { id, doc: hit, meiliScore: score, rrf: 1 / (60 + rank), semantic: 0 });
        else {
          existing.meiliScore = Math.max(existing.meiliScore, score);
          existing.rrf += 1 / (60 + rank);
        }
      });
    }
    searched = true;
    // Semantic hits join the pool after the keyword queries' hits, in the order of their scores (tie-safe at the cut
    // like theirs). Their score is the `semantic` feature; they add no retrieval agreement (that stays the keyword
    // queries' measure, the same with or without a model).
    if (semanticHits) {
      for (const { hit, score } of semanticEvidence(semanticHits, this.tuning.semanticCandidates)) {
        const id = hit.id as string;
        const existing = pool.get(id);
        if (existing) existing.semantic = score;
        else pool.set(id, { id, doc: hit, meiliScore: 0, rrf: 0, semantic: score });
      }
    }
    // Bigram-index hits join the pool, after the queries' hits and in the index's order. They add no retrieval
    // agreement: the index's weights carry the statistics of the moment each record was written, so they decide
    // who is considered, never the score (same data, same ranking, however the index was filled).
    const ranked = await fromBigrams;
    const missing = ranked.map((r) => r.id).filter((id) => !pool.has(id));
    const prefetched = await early; // null when the queries answered first
    if (missing.length) {
      const fetched = prefetched ?? (await fetchDocuments(missing));
      for (const id of missing) {
        const doc = fetched.get(id);
        if (doc) pool.set(id, { id, doc, meiliScore: 0, rrf: 0, semantic: 0 });
      }
    }
    return {
      candidates: [...pool.values()],
      meiliMs: unionMs(spans),
      documentsMs,
      bigramMs,
      semantic: semanticHits !== null,
    };
  }

  /**
   * The query's bigram vector. The title counts twice: it says what the record is about; the body adds context.
   * A demand's vector (forward matching) also discounts what all demands say (see `tuning`).
   */
  private async queryVector(kind: IndexKind, model: CorpusModel, side: QuerySide): Promise<SparseVector> {
    return model.bigrams.vector(`${side.title}\n${side.text}`, await this.queryScale(kind));
  }

  /** The request-boilerplate discount of a demand's bigrams (forward matching only; see `tuning`). */
  private async queryScale(kind: IndexKind): Promise<((token: string) => number) | undefined> {
    if (kind !== 'achievements' || !this.tuning.demandIdf) return undefined;
    const demands = await this.corpus.get('demands');
    if (demands.documents === 0) return undefined;
    return (token) => demands.bigrams.idfShare(token);
  }
}

/**
 * A query's hits as far as their order is decided by their scores: hits of equal score share the best rank of
 * their group, and a group of equal scores that the cut would split is left out whole. Meilisearch orders equal
 * scores by insertion order, so without this the pool and the ranking would depend on how the index was filled.
 */
export function tieSafe(hits: HitDocument[], keep: number): Array<{ hit: HitDocument; rank: number }> {
  const score = (i: number) => (hits[i]._rankingScore as number | undefined) ?? 0;
  let end = Math.min(keep, hits.length);
  if (hits.length > keep && end > 0) {
    const cut = score(keep - 1);
    if (score(keep) === cut) while (end > 0 && score(end - 1) === cut) end--;
  }
  const out: Array<{ hit: HitDocument; rank: number }> = [];
  for (let i = 0; i < end; i++) {
    out.push({ hit: hits[i], rank: i > 0 && score(i) === score(i - 1) ? out[i - 1].rank : i });
  }
  return out;
}

/**
 * The semantic query's hits kept (tie-safe) with their `semantic` evidence: each one's semantic ranking score above
 * the best score the query left out (0 when it returned every match). What it left out is at most that similar, so
 * the candidates it did not return get 0 without a cliff between the last hit and them; and a model whose scores
 * all lie high (unrelated texts still score about half) no longer adds nearly the same to every candidate.
 */
export function semanticEvidence(hits: HitDocument[], keep: number): Array<{ hit: HitDocument; score: number }> {
  const kept = tieSafe(hits, keep);
  const score = (hit: HitDocument | undefined) => (hit?._rankingScore as number | undefined) ?? 0;
  const floor = kept.length < hits.length ? score(hits[kept.length]) : 0;
  return kept.map(({ hit }) => ({ hit, score: Math.max(0, score(hit) - floor) }));
}

/** A query's bigram counts, each times the boilerplate discount when there is one (query-likelihood weights). */
function queryTermWeights(model: CorpusModel, text: string, scale?: (token: string) => number): Map<string, number> {
  const counts = model.bigrams.termFrequencies(text);
  if (scale) for (const [t, c] of counts) counts.set(t, c * scale(t));
  return counts;
}

/** The length of the union of time spans (ms): overlapping spans count once. */
export function unionMs(spans: Array<[number, number]>): number {
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of [...spans].sort((x, y) => x[0] - y[0])) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

/** The query bigrams the catalogue has at all: one found in no achievement retrieves nothing. */
function retrievable(model: CorpusModel, v: SparseVector): SparseVector {
  return new Map([...v].filter(([term]) => model.bigrams.df.has(term)));
}

export function demandFacts(d: Demand): DemandFacts {
  return {
    chainIds: d.industryChainIds,
    requiredTrl: d.requiredTrl,
    requiredStage: d.requiredStage,
    modes: d.cooperationModes,
    budgetMax: d.budgetMax,
    region: d.region,
  };
}

function demandFactsOfDoc(doc: HitDocument, budgetMax: number | null): DemandFacts {
  return {
    chainIds: doc.industryChainIds ?? [],
    requiredTrl: doc.requiredTrl ?? null,
    requiredStage: doc.requiredStage ?? null,
    modes: doc.cooperationModes ?? [],
    budgetMax,
    region: doc.region ?? null,
  };
}

function achievementFactsOfDoc(doc: HitDocument, districts: Map<string, string | null>): AchievementFacts {
  return {
    chainIds: doc.industryChainIds ?? [],
    trl: doc.trl ?? null,
    stage: doc.stage ?? null,
    modes: doc.transferModes ?? [],
    askingPrice: doc.askingPrice ?? null,
    institutionDistrict: districts.get(doc.institutionId) ?? null,
  };
}
