import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { FactRule } from './fact-rules';

/** One counted thing as a rule derives it (and as indicator_facts stores it). */
export interface DerivedFact {
  subject_id: string;
  title: string;
  occurred_at: Date;
  chain_ids: string[];
  district: string | null;
  year: number;
}

/** The facts behind one observed figure: `key` within years [fromYear, toYear] that occurred before `before`. */
export interface FactWindowOf {
  key: string;
  fromYear: number | null;
  toYear: number;
  before: Date;
  /** First year of the plan period when the figure also shows a plan total (facts of planFrom..toYear). */
  planFrom: number | null;
  /** Reported history covers what happened before this instant: only facts from it on count (null: all). */
  after?: Date | null;
  /** The same for the plan total. */
  planAfter?: Date | null;
}

/** Counts of one observed figure: total, per chain (null: none), per district (null: not filled in), plan total. */
export interface FactCounts {
  total: number;
  byChain: Array<{ id: string | null; n: number }>;
  byDistrict: Array<{ id: string | null; n: number }>;
  planTotal: number;
}

export interface FactFilter {
  key: string;
  fromYear: number | null;
  toYear: number;
  before: Date;
  chainId?: string;
  /** null: facts without a district. */
  district?: string | null;
}

export interface FactRecordRow {
  subject_type: string;
  subject_id: string;
  title: string;
  occurred_at: Date;
  year: number;
  chain_ids: string[];
  district: string | null;
  recorded_at: Date;
}

const YEAR_OF = `extract(year FROM occurred_at AT TIME ZONE 'Asia/Shanghai')::int`;

/**
 * indicator_facts and the counting rules' SQL that derives it from the platform's records (the rules stay SQL,
 * owned here). Write methods take the transaction's EntityManager.
 */
@Injectable()
export class IndicatorFactsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Ids of the subjects an event's entity touches, by the rule's `affectedBy` SQL. */
  async affectedSubjects(tx: EntityManager, sql: string, entityId: string): Promise<string[]> {
    const rows = (await tx.query(sql, [entityId])) as Array<{ id: string | null }>;
    return rows.map((r) => r.id).filter((id): id is string => !!id);
  }

  /** What the rule derives from the records now, for these subjects (all when null). */
  derive(
    rule: FactRule,
    subjects: string[] | null,
    tx: EntityManager = this.dataSource.manager,
  ): Promise<DerivedFact[]> {
    return tx.query(`SELECT f.*, ${YEAR_OF} AS year FROM (${rule.sql}) f`, [subjects]);
  }

  stored(key: string): Promise<DerivedFact[]> {
    return this.dataSource.query(
      `SELECT subject_id, title, occurred_at, chain_ids, district, year FROM indicator_facts WHERE indicator_key = $1`,
      [key],
    );
  }

  async count(tx: EntityManager, key: string): Promise<number> {
    const [{ n }] = await tx.query('SELECT count(*)::int AS n FROM indicator_facts WHERE indicator_key = $1', [key]);
    return n;
  }

  /**
   * Makes the stored facts of these subjects (all when null) equal the derived ones: upsert what is derived,
   * delete what no longer is. Serialised per rule and subject so concurrent events cannot interleave.
   */
  async refresh(tx: EntityManager, rule: FactRule, subjects: string[] | null): Promise<void> {
    if (subjects) {
      // one round trip, locks taken in a fixed order (no deadlock between two events sharing subjects)
      await tx.query(
        `SELECT pg_advisory_xact_lock(hashtext(k)) FROM (SELECT unnest($1::text[]) AS k ORDER BY 1) locks`,
        [[...new Set(subjects)].map((id) => `indicator:${rule.key}:${id}`)],
      );
    } else {
      await tx.query('LOCK TABLE indicator_facts IN SHARE ROW EXCLUSIVE MODE');
    }
    await tx.query(
      `WITH derived AS (SELECT f.*, ${YEAR_OF} AS year FROM (${rule.sql}) f),
            upserted AS (
              INSERT INTO indicator_facts
                     (indicator_key, subject_type, subject_id, title, occurred_at, year, chain_ids, district)
              SELECT $2, $3, subject_id, title, occurred_at, year, coalesce(chain_ids, '{}'), district FROM derived
              ON CONFLICT (indicator_key, subject_id, year) DO UPDATE
                 SET title = EXCLUDED.title, occurred_at = EXCLUDED.occurred_at, chain_ids = EXCLUDED.chain_ids,
                     district = EXCLUDED.district,
                     recorded_at = CASE WHEN indicator_facts.occurred_at IS DISTINCT FROM EXCLUDED.occurred_at
                                        THEN now() ELSE indicator_facts.recorded_at END
              RETURNING 1)
       DELETE FROM indicator_facts x
        WHERE x.indicator_key = $2 AND ($1::uuid[] IS NULL OR x.subject_id = ANY($1::uuid[]))
          AND NOT EXISTS (SELECT 1 FROM derived d WHERE d.subject_id = x.subject_id AND d.year = x.year)`,
      [subjects, rule.key, rule.subjectType],
    );
  }

  /**
   * Every observed figure's counts in one grouped statement: total, per chain, per district and plan total of
   * each window. Keys without facts are absent (count 0).
   */
  async countsByWindow(windows: FactWindowOf[]): Promise<Map<string, FactCounts>> {
    const rows: Array<{ dim: 'total' | 'chain' | 'district' | 'plan'; key: string; id: string | null; n: number }> =
      await this.dataSource.query(
        `WITH w AS (
           SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::timestamptz[], $5::int[],
                                $6::timestamptz[], $7::timestamptz[])
                      AS w(key, from_year, to_year, before, plan_from, after, plan_after)),
         f AS (
           SELECT x.indicator_key, x.chain_ids, x.district FROM indicator_facts x JOIN w ON x.indicator_key = w.key
            WHERE (w.from_year IS NULL OR x.year >= w.from_year) AND x.year <= w.to_year AND x.occurred_at < w.before
              AND (w.after IS NULL OR x.occurred_at >= w.after))
         SELECT 'total' AS dim, indicator_key AS key, NULL::text AS id, count(*)::int AS n FROM f GROUP BY 2
         UNION ALL
         SELECT 'chain', f.indicator_key, c.id::text, count(*)::int
           FROM f CROSS JOIN LATERAL unnest(CASE WHEN cardinality(f.chain_ids) = 0 THEN ARRAY[NULL::uuid]
                                                 ELSE f.chain_ids END) AS c(id)
          GROUP BY 2, 3
         UNION ALL
         SELECT 'district', indicator_key, district, count(*)::int FROM f GROUP BY 2, 3
         UNION ALL
         SELECT 'plan', x.indicator_key, NULL, count(*)::int FROM indicator_facts x JOIN w ON x.indicator_key = w.key
          WHERE w.plan_from IS NOT NULL AND x.year BETWEEN w.plan_from AND w.to_year AND x.occurred_at < w.before
            AND (w.plan_after IS NULL OR x.occurred_at >= w.plan_after)
          GROUP BY 2
         ORDER BY 2, 1, 4 DESC, 3`,
        [
          windows.map((w) => w.key),
          windows.map((w) => w.fromYear),
          windows.map((w) => w.toYear),
          windows.map((w) => w.before),
          windows.map((w) => w.planFrom),
          windows.map((w) => w.after ?? null),
          windows.map((w) => w.planAfter ?? null),
        ],
      );
    const counts = new Map<string, FactCounts>();
    for (const w of windows) counts.set(w.key, { total: 0, byChain: [], byDistrict: [], planTotal: 0 });
    for (const r of rows) {
      const c = counts.get(r.key)!;
      if (r.dim === 'total') c.total = r.n;
      else if (r.dim === 'plan') c.planTotal = r.n;
      else if (r.dim === 'chain') c.byChain.push({ id: r.id, n: r.n });
      else c.byDistrict.push({ id: r.id, n: r.n });
    }
    return counts;
  }

  /** One page of the facts behind a figure, newest first, with the total. */
  async page(filter: FactFilter, offset: number, limit: number): Promise<{ rows: FactRecordRow[]; total: number }> {
    const params: unknown[] = [filter.key, filter.fromYear, filter.toYear, filter.before];
    let where = `indicator_key = $1 AND ($2::int IS NULL OR year >= $2) AND year <= $3 AND occurred_at < $4`;
    if (filter.chainId) {
      params.push(filter.chainId);
      where += ` AND $${params.length}::uuid = ANY(chain_ids)`;
    }
    if (filter.district !== undefined) {
      params.push(filter.district);
      where += ` AND district IS NOT DISTINCT FROM $${params.length}`;
    }
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM indicator_facts WHERE ${where}`,
      params,
    );
    const rows: FactRecordRow[] = await this.dataSource.query(
      `SELECT subject_type, subject_id, title, occurred_at, year, chain_ids, district, recorded_at
         FROM indicator_facts WHERE ${where}
        ORDER BY occurred_at DESC, subject_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { rows, total };
  }

  /** Facts of `key` in years [fromYear, year) — the level a cumulative series starts the year from. */
  async countBeforeYear(key: string, fromYear: number | null, year: number): Promise<number> {
    const [{ base }] = await this.dataSource.query(
      `SELECT count(*)::int AS base FROM indicator_facts
        WHERE indicator_key = $1 AND ($2::int IS NULL OR year >= $2) AND year < $3`,
      [key, fromYear, year],
    );
    return base;
  }

  /** Facts of `key` in `year` before `before`, per Beijing month ('YYYY-MM'). */
  async countByMonth(key: string, year: number, before: Date): Promise<Map<string, number>> {
    const rows: Array<{ month: string; n: number }> = await this.dataSource.query(
      `SELECT to_char(occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, count(*)::int AS n
         FROM indicator_facts WHERE indicator_key = $1 AND year = $2 AND occurred_at < $3 GROUP BY 1`,
      [key, year, before],
    );
    return new Map(rows.map((r) => [r.month, r.n]));
  }

  /** For several keys at once: facts before `year` (from `fromYear`) and per Beijing month of `year`, two statements. */
  async monthlyMany(
    windows: Array<{ key: string; fromYear: number | null }>,
    year: number,
    before: Date,
  ): Promise<{ base: Map<string, number>; months: Map<string, Map<string, number>> }> {
    const keys = windows.map((w) => w.key);
    const froms = windows.map((w) => w.fromYear);
    const baseRows: Array<{ key: string; n: number }> = await this.dataSource.query(
      `SELECT w.key, count(f.id)::int AS n
         FROM unnest($1::text[], $2::int[]) AS w(key, from_year)
         LEFT JOIN indicator_facts f ON f.indicator_key = w.key AND (w.from_year IS NULL OR f.year >= w.from_year)
                                    AND f.year < $3
        GROUP BY w.key`,
      [keys, froms, year],
    );
    const monthRows: Array<{ key: string; month: string; n: number }> = await this.dataSource.query(
      `SELECT indicator_key AS key, to_char(occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month,
              count(*)::int AS n
         FROM indicator_facts WHERE indicator_key = ANY($1::text[]) AND year = $2 AND occurred_at < $3
        GROUP BY 1, 2`,
      [keys, year, before],
    );
    const months = new Map<string, Map<string, number>>(keys.map((k) => [k, new Map()]));
    for (const r of monthRows) months.get(r.key)!.set(r.month, r.n);
    return { base: new Map(baseRows.map((r) => [r.key, r.n])), months };
  }
}
