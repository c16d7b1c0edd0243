import { AppConfig } from '@app/config';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { INDEXED_ACHIEVEMENT_STATUSES } from '../search-index/search-documents';
import { achievementText, CorpusModelService } from './corpus-model';
import { charBigrams, SparseVector, TfIdfModel } from './text';

const ACHIEVEMENT_TEXT_SQL = `SELECT id, title, abstract, keywords, application_scenarios AS "applicationScenarios"
  FROM achievements`;

/** The table a rebuild loads (created and renamed inside the rebuild's transaction: nobody else ever sees it). */
const NEXT = 'achievement_bigrams_next';
/** Achievements read and vectorised per round trip of a rebuild. */
const REBUILD_PAGE = 2000;

/**
 * One writer at a time: a sync batch and a rebuild insert the same keys in different orders, which would
 * deadlock. Readers never wait (MVCC).
 */
const WRITER_LOCK = `SELECT pg_advisory_xact_lock(hashtext('achievement_bigrams'))`;

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

type AchievementTextRow = Parameters<typeof achievementText>[0] & { id: string };

/** Rows of the table as three parallel arrays (one INSERT of unnest()). */
interface BigramRows {
  ids: string[];
  bigrams: string[];
  weights: number[];
}

function addRows(rows: BigramRows, id: string, vector: SparseVector, perDocument: number): void {
  for (const [bigram, weight] of topEntries(vector, perDocument)) {
    rows.ids.push(id);
    rows.bigrams.push(bigram);
    rows.weights.push(weight);
  }
}

/** A PostgreSQL array literal of strings, every element quoted (so a token like `null` stays a string). */
export function arrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${/["\\]/.test(v) ? v.replace(/["\\]/g, '\\$&') : v}"`).join(',')}}`;
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
    const rows: AchievementTextRow[] = await this.dataSource.query(
      `${ACHIEVEMENT_TEXT_SQL} WHERE id = ANY($1::uuid[]) AND status = ANY($2)`,
      [ids, INDEXED_ACHIEVEMENT_STATUSES],
    );
    const model = await this.corpus.get('achievements');
    await this.dataSource.transaction(async (manager) => {
      await manager.query(WRITER_LOCK);
      await manager.query('DELETE FROM achievement_bigrams WHERE achievement_id = ANY($1::uuid[])', [ids]);
      const batch: BigramRows = { ids: [], bigrams: [], weights: [] };
      for (const row of rows)
        addRows(batch, row.id, model.bigrams.vector(achievementText(row)), this.config.matching.bigramsPerDocument);
      await this.write(manager, batch);
    });
  }

  /**
   * Rebuilds the whole table from PostgreSQL with fresh statistics as a bulk load, in one transaction:
   * - one read of the catalogue gives the bigram statistics (the re-ranker's own: same rows, same text, same
   *   tokenizer as CorpusModelService, which its word statistics are not needed for) and keeps the texts;
   * - each achievement's strongest bigrams go into a fresh table without indexes or constraints, many rows per
   *   statement;
   * - its indexes are built once from the loaded data (bigrams compare byte-wise, collation "C", as in the live
   *   table), and it replaces the live table at commit.
   * Readers keep the old rows until then; only the final swap makes them wait (for a moment), and it holds off
   * writes to achievements while the foreign key is checked in one pass. Returns the number of achievements indexed.
   */
  async rebuild(onProgress?: (done: number) => void): Promise<number> {
    const started = Date.now();
    const t = { statisticsMs: 0, vectorsMs: 0, writeMs: 0, finishMs: 0, rows: 0 };
    let done = 0;
    await this.dataSource.transaction(async (manager) => {
      await manager.query(WRITER_LOCK);
      await manager.query(`SET LOCAL maintenance_work_mem = '512MB'`); // index builds sort in memory
      const model = new TfIdfModel(charBigrams);
      const ids: string[] = [];
      const texts: string[] = [];
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const rows: AchievementTextRow[] = await manager.query(
          `${ACHIEVEMENT_TEXT_SQL} WHERE status = ANY($1) AND id > $2 ORDER BY id LIMIT 5000`,
          [INDEXED_ACHIEVEMENT_STATUSES, after],
        );
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

      await manager.query(
        `CREATE TABLE ${NEXT} (achievement_id uuid NOT NULL, bigram text COLLATE "C" NOT NULL, weight real NOT NULL)`,
      );
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
        writing = this.write(manager, batch, NEXT);
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
      await this.swapIn(manager, ids);
      t.finishMs = Date.now() - t0;
    });
    const t0 = Date.now();
    await this.dataSource.query('ANALYZE achievement_bigrams'); // the planner's statistics of the fresh table
    t.finishMs += Date.now() - t0;
    this.lastRebuild = { ...t, achievements: done, totalMs: Date.now() - started };
    this.logger.log(`Candidate index: ${done} achievements, ${t.rows} rows in ${Date.now() - started} ms`);
    return done;
  }

  /**
   * Gives the loaded table the live table's indexes and constraints (under the names the migration gave them) and
   * puts it in the live table's place. Rows of achievements deleted while it was loaded (looked up by the ids it
   * loaded, not by a scan of the rows) are dropped first, under the lock the foreign key takes anyway, so the check
   * cannot fail.
   */
  private async swapIn(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.query(
      `ALTER TABLE ${NEXT} ADD CONSTRAINT "PK_${NEXT}" PRIMARY KEY ("bigram", "achievement_id") INCLUDE ("weight")`,
    );
    await manager.query(`CREATE INDEX "ix_${NEXT}_achievement" ON ${NEXT} ("achievement_id")`);
    await manager.query('LOCK TABLE achievements IN SHARE ROW EXCLUSIVE MODE');
    await manager.query(
      `DELETE FROM ${NEXT} WHERE achievement_id IN (
         SELECT g.id FROM unnest($1::uuid[]) AS g(id) WHERE NOT EXISTS (SELECT 1 FROM achievements a WHERE a.id = g.id))`,
      [arrayLiteral(ids)],
    );
    await manager.query(
      `ALTER TABLE ${NEXT} ADD CONSTRAINT "FK_${NEXT}_achievement" FOREIGN KEY ("achievement_id")
         REFERENCES "achievements"("id") ON DELETE CASCADE`,
    );
    await manager.query('DROP TABLE achievement_bigrams');
    await manager.query(`ALTER TABLE ${NEXT} RENAME TO achievement_bigrams`);
    await manager.query(`ALTER TABLE achievement_bigrams RENAME CONSTRAINT "PK_${NEXT}" TO "PK_achievement_bigrams"`);
    await manager.query(
      `ALTER TABLE achievement_bigrams RENAME CONSTRAINT "FK_${NEXT}_achievement" TO "FK_achievement_bigrams_achievement"`,
    );
    await manager.query(`ALTER INDEX "ix_${NEXT}_achievement" RENAME TO "ix_achievement_bigrams_achievement"`);
  }

  /**
   * Writes rows in one statement. The arrays go as literals built here (the driver's generic conversion quotes
   * and escapes element by element, which costs more than the INSERT itself); the values are the same text.
   * Into the live table an achievement's earlier rows are replaced; a rebuild's fresh table has no key yet.
   */
  private async write(manager: EntityManager, rows: BigramRows, table = 'achievement_bigrams'): Promise<void> {
    if (rows.ids.length === 0) return;
    const upsert =
      table === 'achievement_bigrams'
        ? 'ON CONFLICT (bigram, achievement_id) DO UPDATE SET weight = EXCLUDED.weight'
        : '';
    await manager.query(
      `INSERT INTO ${table} (achievement_id, bigram, weight)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::real[]) ${upsert}`,
      [arrayLiteral(rows.ids), arrayLiteral(rows.bigrams), `{${rows.weights.join(',')}}`],
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
