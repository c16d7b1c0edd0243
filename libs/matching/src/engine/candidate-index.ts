import { AppConfig } from '@app/config';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { INDEXED_ACHIEVEMENT_STATUSES } from '../search-index/search-documents';
import { achievementText, CorpusModelService } from './corpus-model';
import { SparseVector } from './text';

const ACHIEVEMENT_TEXT_SQL = `SELECT id, title, abstract, keywords, application_scenarios AS "applicationScenarios"
  FROM achievements`;

/**
 * One writer at a time: a sync batch and a rebuild insert the same keys in different orders, which would
 * deadlock. Readers never wait (MVCC).
 */
const WRITER_LOCK = `SELECT pg_advisory_xact_lock(hashtext('achievement_bigrams'))`;

/** The strongest entries of a vector, heaviest first (ties by the term, so the cut is stable). */
export function topEntries(v: SparseVector, k: number): Array<[string, number]> {
  return [...v].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, k);
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

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly corpus: CorpusModelService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Makes the rows of these achievements agree with PostgreSQL: published ones re-weighted, others removed. A sync
   * that meets a running rebuild waits for it (one writer at a time, see WRITER_LOCK).
   */
  async sync(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const rows = await this.dataSource.query(
      `${ACHIEVEMENT_TEXT_SQL} WHERE id = ANY($1::uuid[]) AND status = ANY($2)`,
      [ids, INDEXED_ACHIEVEMENT_STATUSES],
    );
    const model = await this.corpus.get('achievements');
    await this.dataSource.transaction(async (manager) => {
      await manager.query(WRITER_LOCK);
      await manager.query('DELETE FROM achievement_bigrams WHERE achievement_id = ANY($1::uuid[])', [ids]);
      await this.insert(manager, rows, (text) => model.bigrams.vector(text));
    });
  }

  /**
   * Rebuilds the whole table from PostgreSQL with fresh statistics, in one transaction (readers keep the old
   * rows until it commits). Returns the number of achievements indexed.
   */
  async rebuild(onProgress?: (done: number) => void): Promise<number> {
    const started = Date.now();
    const model = await this.corpus.rebuild('achievements');
    let done = 0;
    await this.dataSource.transaction(async (manager) => {
      await manager.query(WRITER_LOCK);
      await manager.query('DELETE FROM achievement_bigrams');
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const rows = await manager.query(
          `${ACHIEVEMENT_TEXT_SQL} WHERE status = ANY($1) AND id > $2 ORDER BY id LIMIT 500`,
          [INDEXED_ACHIEVEMENT_STATUSES, after],
        );
        if (rows.length === 0) break;
        after = rows[rows.length - 1].id;
        await this.insert(manager, rows, (text) => model.bigrams.vector(text));
        done += rows.length;
        onProgress?.(done);
        await new Promise((r) => setImmediate(r)); // let the event loop breathe between pages
      }
    });
    this.logger.log(`Candidate index: ${done} achievements in ${Date.now() - started} ms`);
    return done;
  }

  private async insert(
    manager: EntityManager,
    rows: Array<Parameters<typeof achievementText>[0] & { id: string }>,
    vector: (text: string) => SparseVector,
  ): Promise<void> {
    const ids: string[] = [];
    const bigrams: string[] = [];
    const weights: number[] = [];
    for (const row of rows) {
      for (const [bigram, weight] of topEntries(
        vector(achievementText(row)),
        this.config.matching.bigramsPerDocument,
      )) {
        ids.push(row.id);
        bigrams.push(bigram);
        weights.push(weight);
      }
    }
    if (ids.length === 0) return;
    await manager.query(
      `INSERT INTO achievement_bigrams (achievement_id, bigram, weight)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::real[])
       ON CONFLICT (bigram, achievement_id) DO UPDATE SET weight = EXCLUDED.weight`,
      [ids, bigrams, weights],
    );
  }

  /** The k published achievements most similar to a query vector, best first (ties by id). */
  async top(query: SparseVector, k: number): Promise<Array<{ id: string; score: number }>> {
    const terms = topEntries(query, this.config.matching.queryBigrams);
    if (terms.length === 0 || k <= 0) return [];
    const rows: Array<{ id: string; score: number }> = await this.dataSource.query(
      `SELECT b.achievement_id AS id, sum(b.weight * q.w)::float8 AS score
         FROM unnest($1::text[], $2::real[]) AS q(bigram, w)
         JOIN achievement_bigrams b ON b.bigram = q.bigram
        GROUP BY b.achievement_id
        ORDER BY score DESC, b.achievement_id
        LIMIT $3`,
      [terms.map(([t]) => t), terms.map(([, w]) => w), k],
    );
    return rows;
  }
}
