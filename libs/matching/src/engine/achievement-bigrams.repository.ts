import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** The table a rebuild loads (created and renamed inside the rebuild's transaction: nobody else ever sees it). */
const NEXT = 'achievement_bigrams_next';

/**
 * One writer at a time: a sync batch and a rebuild insert the same keys in different orders, which would
 * deadlock. Readers never wait (MVCC).
 */
const WRITER_LOCK = `SELECT pg_advisory_xact_lock(hashtext('achievement_bigrams'))`;

/** Rows of the table as three parallel arrays (one INSERT of unnest()). */
export interface BigramRows {
  ids: string[];
  bigrams: string[];
  weights: number[];
}

/** A PostgreSQL array literal of strings, every element quoted (so a token like `null` stays a string). */
export function arrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${/["\\]/.test(v) ? v.replace(/["\\]/g, '\\$&') : v}"`).join(',')}}`;
}

/**
 * Table `achievement_bigrams`, the candidate index (CandidateIndexService): each published achievement's strongest
 * character bigrams with their weights. Writes happen inside `write(...)`'s transaction, which holds the writer
 * lock; a rebuild loads a fresh table there and swaps it in.
 */
@Injectable()
export class AchievementBigramsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs work in one transaction that first takes the writer lock (see WRITER_LOCK). */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(WRITER_LOCK);
      return work(manager);
    });
  }

  /** Removes the rows of these achievements. */
  async deleteFor(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.query('DELETE FROM achievement_bigrams WHERE achievement_id = ANY($1::uuid[])', [ids]);
  }

  /**
   * Writes rows into the live table; the caller removed the achievements' earlier rows first (deleteFor, same
   * transaction): the table has no unique key to upsert on, its one bigram index orders postings by weight.
   */
  add(manager: EntityManager, rows: BigramRows): Promise<void> {
    return this.insert(manager, rows, 'achievement_bigrams');
  }

  /** Prepares a rebuild's transaction: more memory for its index builds. */
  async tuneForBulkLoad(manager: EntityManager): Promise<void> {
    await manager.query(`SET LOCAL maintenance_work_mem = '512MB'`); // index builds sort in memory
  }

  /**
   * Creates a rebuild's fresh table without indexes or constraints (bigrams compare byte-wise, collation "C", as in
   * the live table).
   */
  async createNext(manager: EntityManager): Promise<void> {
    await manager.query(
      `CREATE TABLE ${NEXT} (achievement_id uuid NOT NULL, bigram text COLLATE "C" NOT NULL, weight real NOT NULL)`,
    );
  }

  /** Writes rows into a rebuild's fresh table (no index yet). */
  loadNext(manager: EntityManager, rows: BigramRows): Promise<void> {
    return this.insert(manager, rows, NEXT);
  }

  /**
   * Gives the loaded table the live table's indexes and constraint (under the names the migration gave them) and
   * puts it in the live table's place. The foreign key is declared, not looked after here: PostgreSQL checks it
   * against the registry's table itself. Achievements are never deleted by the platform; should one be deleted
   * while the table was loaded, adding the key fails, the transaction rolls back and the live table stays as it was
   * until the next rebuild.
   */
  async swapIn(manager: EntityManager): Promise<void> {
    await manager.query(`CREATE INDEX "ix_${NEXT}_impact" ON ${NEXT} ("bigram", "weight" DESC, "achievement_id")`);
    await manager.query(`CREATE INDEX "ix_${NEXT}_achievement" ON ${NEXT} ("achievement_id")`);
    await manager.query(
      `ALTER TABLE ${NEXT} ADD CONSTRAINT "FK_${NEXT}_achievement" FOREIGN KEY ("achievement_id")
         REFERENCES "achievements"("id") ON DELETE CASCADE`,
    );
    await manager.query('DROP TABLE achievement_bigrams');
    await manager.query(`ALTER TABLE ${NEXT} RENAME TO achievement_bigrams`);
    await manager.query(`ALTER INDEX "ix_${NEXT}_impact" RENAME TO "ix_achievement_bigrams_impact"`);
    await manager.query(
      `ALTER TABLE achievement_bigrams RENAME CONSTRAINT "FK_${NEXT}_achievement" TO "FK_achievement_bigrams_achievement"`,
    );
    await manager.query(`ALTER INDEX "ix_${NEXT}_achievement" RENAME TO "ix_achievement_bigrams_achievement"`);
  }

  /**
   * Readies a freshly loaded table for reads (after a rebuild, outside its transaction): VACUUM marks its pages
   * all-visible, so the candidate query is an index-only scan of the impact index, and ANALYZE gives the planner its
   * statistics. Without the visibility map every posting read also fetches its heap row: measured on the 60 000
   * benchmark catalogue (3.84 M rows, a server without autovacuum), the same query took 418 / 653 ms (p50 / p95)
   * before and 49 / 99 ms after. Autovacuum would get there too, but only a minute or more later, and not at all
   * where it is off. A table of no dead rows vacuums in one pass over the heap (about a second here).
   */
  async prepareForReads(): Promise<void> {
    await this.dataSource.query('VACUUM (ANALYZE) achievement_bigrams');
  }

  /**
   * The k achievements with the largest sum of weight × query weight over the given bigrams, best first, each bigram
   * read only as far as its `postings` strongest postings (an index-only scan of the impact index, which holds each
   * bigram's postings in this order: ties in weight cut by id, so the cut is stable). `null` reads every posting.
   */
  top(
    terms: Array<[string, number]>,
    k: number,
    postings: number | null,
  ): Promise<Array<{ id: string; score: number }>> {
    return this.dataSource.query(
      `SELECT p.achievement_id AS id, sum(p.weight * q.w)::float8 AS score
         FROM unnest($1::text[], $2::real[]) AS q(bigram, w)
         CROSS JOIN LATERAL (
           SELECT b.achievement_id, b.weight FROM achievement_bigrams b
            WHERE b.bigram = q.bigram
            ORDER BY b.weight DESC, b.achievement_id
            LIMIT $4) p
        GROUP BY p.achievement_id
        ORDER BY score DESC, p.achievement_id
        LIMIT $3`,
      [terms.map(([t]) => t), terms.map(([, w]) => w), k, postings],
    );
  }

  /** The exact sums (every posting) of the given achievements over the given bigrams; absent: no shared bigram. */
  async scores(terms: Array<[string, number]>, ids: string[]): Promise<Map<string, number>> {
    const rows: Array<{ id: string; score: number }> = await this.dataSource.query(
      `SELECT b.achievement_id AS id, sum(b.weight * q.w)::float8 AS score
         FROM unnest($1::text[], $2::real[]) AS q(bigram, w)
         JOIN achievement_bigrams b ON b.bigram = q.bigram AND b.achievement_id = ANY($3::uuid[])
        GROUP BY b.achievement_id`,
      [terms.map(([t]) => t), terms.map(([, w]) => w), ids],
    );
    return new Map(rows.map((r) => [r.id, r.score]));
  }

  /**
   * Writes rows in one statement. The arrays go as literals built here (the driver's generic conversion quotes
   * and escapes element by element, which costs more than the INSERT itself); the values are the same text.
   */
  private async insert(manager: EntityManager, rows: BigramRows, table: string): Promise<void> {
    if (rows.ids.length === 0) return;
    await manager.query(
      `INSERT INTO ${table} (achievement_id, bigram, weight)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::real[])`,
      [arrayLiteral(rows.ids), arrayLiteral(rows.bigrams), `{${rows.weights.join(',')}}`],
    );
  }
}
