import { AppConfig } from '@app/config';
import { CorpusRepository } from '@app/registry';
import { Injectable, Logger } from '@nestjs/common';

import { AchievementBigramsRepository, BigramRows } from './achievement-bigrams.repository';
import { achievementText, CorpusModelService } from './corpus-model';
import { charBigrams, SparseVector, TfIdfModel } from './text';

export { AchievementBigramsRepository, arrayLiteral } from './achievement-bigrams.repository';

/** Achievements read and vectorised per round trip of a rebuild. */
const REBUILD_PAGE = 2000;

export interface RebuildTimings {
  achievements: number;
  rows: number;
  /** Term statistics of the catalogue (CorpusModelService). */
  statisticsMs: number;
  /** Reading texts and computing each achievement's strongest bigrams. */
  vectorsMs: number;
  /** Writing the rows. */
  writeMs: number;
  /** Building the table's indexes and constraints, swapping it in, committing. */
  finishMs: number;
  totalMs: number;
}

const heaviestFirst = (a: [string, number], b: [string, number]) =>
  b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * The strongest entries of a vector, heaviest first (ties by the term, so the cut is stable). Only the entries at
 * or above the k-th largest weight are sorted (found with a numeric sort): the same list as sorting them all.
 */
export function topEntries(v: SparseVector, k: number): Array<[string, number]> {
  if (k <= 0) return [];
  if (v.size <= k) return [...v].sort(heaviestFirst);
  const weights = Float64Array.from(v.values()).sort();
  const cut = weights[weights.length - k];
  return [...v]
    .filter(([, w]) => w >= cut)
    .sort(heaviestFirst)
    .slice(0, k);
}

function addRows(rows: BigramRows, id: string, vector: SparseVector, perDocument: number): void {
  for (const [bigram, weight] of topEntries(vector, perDocument)) {
    rows.ids.push(id);
    rows.bigrams.push(bigram);
    rows.weights.push(weight);
  }
}

/**
 * Candidate retrieval over the WHOLE catalogue on the re-ranker's own statistics: an inverted index of each
 * published achievement's strongest character bigrams (TF-IDF weights of its L2-normalised vector) in PostgreSQL,
 * table `achievement_bigrams`. A demand's strongest bigrams select the top-K achievements by (truncated) cosine, so
 * an achievement that shares the demand's vocabulary is never lost because no single keyword query ranked it in
 * its first hits. Kept per record version by the search sync job, rebuilt with `cli reindex`.
 */
@Injectable()
export class CandidateIndexService {
  private readonly logger = new Logger(CandidateIndexService.name);
  /** Where the last rebuild spent its time (the benchmark prints it). */
  lastRebuild?: RebuildTimings;

  constructor(
    private readonly bigrams: AchievementBigramsRepository,
    private readonly texts: CorpusRepository,
    private readonly corpus: CorpusModelService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Makes the rows of these achievements agree with PostgreSQL: published ones re-weighted, others removed. A sync
   * that meets a running rebuild waits for it (one writer at a time, see AchievementBigramsRepository.transaction).
   */
  async sync(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const rows = await this.texts.indexedAchievements(ids);
    const model = await this.corpus.get('achievements');
    await this.bigrams.transaction(async (manager) => {
      await this.bigrams.deleteFor(manager, ids);
      const batch: BigramRows = { ids: [], bigrams: [], weights: [] };
      for (const row of rows)
        addRows(batch, row.id, model.bigrams.vector(achievementText(row)), this.config.matching.bigramsPerDocument);
      await this.bigrams.add(manager, batch);
    });
  }

  /**
   * Rebuilds the whole table from PostgreSQL with fresh statistics as a bulk load, in one transaction:
   * - one read of the catalogue gives the bigram statistics (the re-ranker's own: same rows, same text, same
   *   tokenizer as CorpusModelService, which its word statistics are not needed for) and keeps the texts;
   * - each achievement's strongest bigrams go into a fresh table without indexes or constraints, many rows per
   *   statement;
   * - its indexes are built once from the loaded data (bigrams compare byte-wise, collation "C", as in the live
   *   table), and it replaces the live table at commit; then it is vacuumed (index-only reads) and analysed.
   * Readers keep the old rows until then; only the final swap makes them wait (for a moment), and it holds off
   * writes to achievements while the foreign key is checked in one pass. Returns the number of achievements indexed.
   */
  async rebuild(onProgress?: (done: number) => void): Promise<number> {
    const started = Date.now();
    const t = { statisticsMs: 0, vectorsMs: 0, writeMs: 0, finishMs: 0, rows: 0 };
    let done = 0;
    await this.bigrams.transaction(async (manager) => {
      await this.bigrams.tuneForBulkLoad(manager);
      const model = new TfIdfModel(charBigrams);
      const ids: string[] = [];
      const texts: string[] = [];
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const rows = await this.texts.page('achievements', after, manager);
        if (rows.length === 0) break;
        after = rows[rows.length - 1].id;
        for (const row of rows) {
          const text = achievementText(row);
          model.add(text);
          ids.push(row.id);
          texts.push(text);
        }
        await new Promise((r) => setImmediate(r)); // let the event loop breathe between pages
      }
      t.statisticsMs = Date.now() - started;

      await this.bigrams.createNext(manager);
      // PostgreSQL writes one page while the next is vectorised here (two processes, two cores)
      let writing: Promise<void> = Promise.resolve();
      for (let from = 0; from < ids.length; from += REBUILD_PAGE) {
        let t0 = Date.now();
        const batch: BigramRows = { ids: [], bigrams: [], weights: [] };
        for (let i = from; i < Math.min(ids.length, from + REBUILD_PAGE); i++) {
          addRows(batch, ids[i], model.vector(texts[i]), this.config.matching.bigramsPerDocument);
          texts[i] = ''; // done with it
        }
        t.vectorsMs += Date.now() - t0;
        t0 = Date.now();
        await writing;
        t.writeMs += Date.now() - t0;
        writing = this.bigrams.loadNext(manager, batch);
        writing.catch(() => undefined); // awaited on the next round; not an unhandled rejection meanwhile
        t.rows += batch.ids.length;
        done = Math.min(ids.length, from + REBUILD_PAGE);
        onProgress?.(done);
        await new Promise((r) => setImmediate(r));
      }
      let t0 = Date.now();
      await writing;
      t.writeMs += Date.now() - t0;
      t0 = Date.now();
      await this.bigrams.swapIn(manager);
      t.finishMs = Date.now() - t0;
    });
    const t0 = Date.now();
    await this.bigrams.prepareForReads(); // visibility map (index-only reads) and the planner's statistics
    t.finishMs += Date.now() - t0;
    this.lastRebuild = { ...t, achievements: done, totalMs: Date.now() - started };
    this.logger.log(`Candidate index: ${done} achievements, ${t.rows} rows in ${Date.now() - started} ms`);
    return done;
  }

  /**
   * The k published achievements most similar to a query vector, best first (ties by id), each query bigram read
   * as far as its `postings` strongest postings (`null`: all of them, the exact sum).
   */
  async top(
    query: SparseVector,
    k: number,
    postings: number | null = this.config.matching.postingsPerBigram,
  ): Promise<Array<{ id: string; score: number }>> {
    const terms = topEntries(query, this.config.matching.queryBigrams);
    if (terms.length === 0 || k <= 0) return [];
    return this.bigrams.top(terms, k, postings);
  }

  /** The exact (untruncated) index scores of the given achievements for a query vector. */
  async exactScores(query: SparseVector, ids: string[]): Promise<Map<string, number>> {
    const terms = topEntries(query, this.config.matching.queryBigrams);
    if (terms.length === 0 || ids.length === 0) return new Map();
    return this.bigrams.scores(terms, ids);
  }
}
