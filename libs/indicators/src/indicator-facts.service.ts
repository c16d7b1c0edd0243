import { DomainEvent } from '@app/events';
import { Injectable } from '@nestjs/common';

import { FACT_RULES, FactRule } from './fact-rules';
import { DerivedFact, IndicatorFactsRepository } from './indicator-facts.repository';

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

/**
 * Keeps indicator_facts equal to what the counting rules derive from the records. Incremental: a domain event
 * re-derives the facts of the subjects it touched (state-based, so replaying an event changes nothing).
 * Recompute: every fact from scratch. Verify: recompute into memory and compare with the table.
 */
@Injectable()
export class IndicatorFactsService {
  constructor(private readonly facts: IndicatorFactsRepository) {}

  /** Re-derives the facts an event may have changed. Idempotent; safe to run twice or out of order. */
  async applyEvent(event: Pick<DomainEvent, 'type' | 'entityType' | 'entityId'>): Promise<void> {
    const rules = rulesAffectedBy(event);
    if (!rules.length) return;
    await this.facts.transaction(async (tx) => {
      for (const rule of rules) {
        const how = rule.affectedBy[event.entityType]!;
        const subjects = how === 'self' ? [event.entityId] : await this.facts.affectedSubjects(tx, how, event.entityId);
        if (subjects.length) await this.facts.refresh(tx, rule, subjects);
      }
    });
  }

  /** Rebuilds every fact of every rule (or one) from the records, in one transaction. */
  async recompute(keys?: string[]): Promise<{ indicatorKey: string; facts: number }[]> {
    const rules = FACT_RULES.filter((r) => !keys || keys.includes(r.key));
    return this.facts.transaction(async (tx) => {
      const counts: { indicatorKey: string; facts: number }[] = [];
      for (const rule of rules) {
        await this.facts.refresh(tx, rule, null);
        counts.push({ indicatorKey: rule.key, facts: await this.facts.count(tx, rule.key) });
      }
      return counts;
    });
  }

  /** Differences between the incremental state and a fresh derivation; empty when they agree. */
  async verify(): Promise<FactDifference[]> {
    const differences: FactDifference[] = [];
    for (const rule of FACT_RULES) {
      const derived = await this.facts.derive(rule, null);
      const stored = await this.facts.stored(rule.key);
      differences.push(...compareFacts(rule.key, derived, stored));
    }
    return differences;
  }
}

/** What differs between the facts a rule derives and the ones stored, by subject and year. */
export function compareFacts(indicatorKey: string, derived: DerivedFact[], stored: DerivedFact[]): FactDifference[] {
  const differences: FactDifference[] = [];
  const keyOf = (f: { subject_id: string; year: number }) => `${f.subject_id}/${f.year}`;
  const want = new Map(derived.map((f) => [keyOf(f), f]));
  const have = new Map(stored.map((f) => [keyOf(f), f]));
  for (const [k, f] of want) {
    const s = have.get(k);
    if (!s) differences.push({ indicatorKey, subjectId: f.subject_id, year: f.year, problem: 'missing' });
    else if (
      s.title !== f.title ||
      new Date(s.occurred_at).getTime() !== new Date(f.occurred_at).getTime() ||
      (s.district ?? '') !== (f.district ?? '') ||
      [...s.chain_ids].sort().join() !== [...f.chain_ids].sort().join()
    ) {
      differences.push({
        indicatorKey,
        subjectId: f.subject_id,
        year: f.year,
        problem: 'different',
        detail: `stored ${new Date(s.occurred_at).toISOString()} ${s.district ?? '-'}, derived ${new Date(f.occurred_at).toISOString()} ${f.district ?? '-'}`,
      });
    }
  }
  for (const [k, s] of have) {
    if (!want.has(k)) differences.push({ indicatorKey, subjectId: s.subject_id, year: s.year, problem: 'extra' });
  }
  return differences;
}
