import { DomainEvent } from '@app/events';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { FACT_RULES, FactRule } from './fact-rules';

interface DerivedFact {
  subject_id: string;
  title: string;
  occurred_at: Date;
  chain_ids: string[];
  district: string | null;
}

export interface FactDifference {
  indicatorKey: string;
  subjectId: string;
  year: number;
  problem: 'missing' | 'extra' | 'different';
  detail?: string;
}

/** The rules an event may change: those that declare its type (and know how to find its subjects). */
export function rulesAffectedBy(event: Pick<DomainEvent, 'type' | 'entityType'>): FactRule[] {
  return FACT_RULES.filter((r) => r.events.includes(event.type) && r.affectedBy[event.entityType] !== undefined);
}

const YEAR_OF = `extract(year FROM occurred_at AT TIME ZONE 'Asia/Shanghai')::int`;

/**
 * Keeps indicator_facts equal to what the counting rules derive from the records. Incremental: a domain event
 * re-derives the facts of the subjects it touched (state-based, so replaying an event changes nothing).
 * Recompute: every fact from scratch. Verify: recompute into memory and compare with the table.
 */
@Injectable()
export class IndicatorFactsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Re-derives the facts an event may have changed. Idempotent; safe to run twice or out of order. */
  async applyEvent(event: Pick<DomainEvent, 'type' | 'entityType' | 'entityId'>): Promise<void> {
    const rules = rulesAffectedBy(event);
    if (!rules.length) return;
    await this.dataSource.transaction(async (manager) => {
      for (const rule of rules) {
        const how = rule.affectedBy[event.entityType]!;
        const subjects =
          how === 'self'
            ? [event.entityId]
            : ((await manager.query(how, [event.entityId])) as Array<{ id: string | null }>)
                .map((r) => r.id)
                .filter((id): id is string => !!id);
        if (subjects.length) await this.refresh(manager, rule, subjects);
      }
    });
  }

  /** Rebuilds every fact of every rule (or one) from the records, in one transaction. */
  async recompute(keys?: string[]): Promise<{ indicatorKey: string; facts: number }[]> {
    const rules = FACT_RULES.filter((r) => !keys || keys.includes(r.key));
    return this.dataSource.transaction(async (manager) => {
      const counts: { indicatorKey: string; facts: number }[] = [];
      for (const rule of rules) {
        await this.refresh(manager, rule, null);
        const [{ n }] = await manager.query('SELECT count(*)::int AS n FROM indicator_facts WHERE indicator_key = $1', [
          rule.key,
        ]);
        counts.push({ indicatorKey: rule.key, facts: n });
      }
      return counts;
    });
  }

  /** Differences between the incremental state and a fresh derivation; empty when they agree. */
  async verify(): Promise<FactDifference[]> {
    const differences: FactDifference[] = [];
    for (const rule of FACT_RULES) {
      const derived = await this.derive(this.dataSource.manager, rule, null);
      const stored: Array<DerivedFact & { year: number }> = await this.dataSource.query(
        `SELECT subject_id, title, occurred_at, chain_ids, district, year FROM indicator_facts WHERE indicator_key = $1`,
        [rule.key],
      );
      const keyOf = (f: { subject_id: string; year: number }) => `${f.subject_id}/${f.year}`;
      const want = new Map(derived.map((f) => [keyOf(f), f]));
      const have = new Map(stored.map((f) => [keyOf(f), f]));
      for (const [k, f] of want) {
        const s = have.get(k);
        if (!s) differences.push({ indicatorKey: rule.key, subjectId: f.subject_id, year: f.year, problem: 'missing' });
        else if (
          s.title !== f.title ||
          new Date(s.occurred_at).getTime() !== new Date(f.occurred_at).getTime() ||
          (s.district ?? '') !== (f.district ?? '') ||
          [...s.chain_ids].sort().join() !== [...f.chain_ids].sort().join()
        ) {
          differences.push({
            indicatorKey: rule.key,
            subjectId: f.subject_id,
            year: f.year,
            problem: 'different',
            detail: `stored ${new Date(s.occurred_at).toISOString()} ${s.district ?? '-'}, derived ${new Date(f.occurred_at).toISOString()} ${f.district ?? '-'}`,
          });
        }
      }
      for (const [k, s] of have) {
        if (!want.has(k))
          differences.push({ indicatorKey: rule.key, subjectId: s.subject_id, year: s.year, problem: 'extra' });
      }
    }
    return differences;
  }

  private async derive(
    manager: EntityManager,
    rule: FactRule,
    subjects: string[] | null,
  ): Promise<Array<DerivedFact & { year: number }>> {
    return manager.query(`SELECT f.*, ${YEAR_OF} AS year FROM (${rule.sql}) f`, [subjects]);
  }

  /**
   * Makes the stored facts of these subjects (all when null) equal the derived ones: upsert what is derived,
   * delete what no longer is. Serialised per rule and subject so concurrent events cannot interleave.
   */
  private async refresh(manager: EntityManager, rule: FactRule, subjects: string[] | null): Promise<void> {
    if (subjects) {
      // one round trip, locks taken in a fixed order (no deadlock between two events sharing subjects)
      await manager.query(
        `SELECT pg_advisory_xact_lock(hashtext(k)) FROM (SELECT unnest($1::text[]) AS k ORDER BY 1) locks`,
        [[...new Set(subjects)].map((id) => `indicator:${rule.key}:${id}`)],
      );
    } else {
      await manager.query('LOCK TABLE indicator_facts IN SHARE ROW EXCLUSIVE MODE');
    }
    await manager.query(
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
}
