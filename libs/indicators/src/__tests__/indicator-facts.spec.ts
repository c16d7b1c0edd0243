import { EntityManager } from 'typeorm';

import { FACT_RULES, FactRule } from '../fact-rules';
import { DerivedFact, IndicatorFactsRepository } from '../indicator-facts.repository';
import { IndicatorFactsService } from '../indicator-facts.service';

const DEMAND = '11111111-1111-4111-8111-111111111111';
const OTHER_DEMAND = '22222222-2222-4222-8222-222222222222';
const ORGANISATION = '33333333-3333-4333-8333-333333333333';

const fact = (subject: string, title: string, occurred: string, district: string | null = '周市镇'): DerivedFact => ({
  subject_id: subject,
  title,
  occurred_at: new Date(occurred),
  chain_ids: [],
  district,
  year: Number(occurred.slice(0, 4)),
});

/**
 * The facts table and the records behind it, in memory: `records` is what each rule derives from the records
 * right now, `table` what indicator_facts holds; `affected` answers a rule's affectedBy query for an entity.
 */
class InMemoryFacts {
  records = new Map<string, DerivedFact[]>();
  table = new Map<string, DerivedFact[]>();
  affected = new Map<string, string[]>();
  refreshed: Array<{ key: string; subjects: string[] | null }> = [];
  transactions = 0;

  async transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    this.transactions++;
    return work({} as EntityManager);
  }

  async affectedSubjects(_tx: EntityManager, sql: string, entityId: string): Promise<string[]> {
    return this.affected.get(`${sql}|${entityId}`) ?? [];
  }

  async derive(rule: FactRule, subjects: string[] | null): Promise<DerivedFact[]> {
    return (this.records.get(rule.key) ?? []).filter((f) => !subjects || subjects.includes(f.subject_id));
  }

  async stored(key: string): Promise<DerivedFact[]> {
    return this.table.get(key) ?? [];
  }

  async count(_tx: EntityManager, key: string): Promise<number> {
    return (this.table.get(key) ?? []).length;
  }

  async refresh(_tx: EntityManager, rule: FactRule, subjects: string[] | null): Promise<void> {
    this.refreshed.push({ key: rule.key, subjects });
    const kept = (this.table.get(rule.key) ?? []).filter((f) => subjects && !subjects.includes(f.subject_id));
    const derived = await this.derive(rule, subjects);
    this.table.set(rule.key, [...kept, ...derived.map((f) => ({ ...f }))]);
  }
}

function setup() {
  const store = new InMemoryFacts();
  const service = new IndicatorFactsService(store as unknown as IndicatorFactsRepository);
  return { store, service };
}

describe('IndicatorFactsService (fact derivation, facts table in memory)', () => {
  it('a demand event re-derives exactly the rules a demand affects, for that demand only', async () => {
    const { store, service } = setup();
    store.records.set('major_demands', [
      fact(DEMAND, '高端装备精密减速器国产化', '2026-03-02T02:00:00Z'),
      fact(OTHER_DEMAND, '车规级功率模块封装散热', '2026-04-01T02:00:00Z'),
    ]);
    await service.applyEvent({ type: 'demand.published', entityType: 'demand', entityId: DEMAND });
    const demandRules = FACT_RULES.filter((r) => r.affectedBy.demand === 'self').map((r) => r.key);
    expect(demandRules).toEqual(expect.arrayContaining(['major_demands', 'chain_demands']));
    expect(store.refreshed).toEqual(demandRules.map((key) => ({ key, subjects: [DEMAND] })));
    expect(store.transactions).toBe(1);
    // only the demand the event touched is counted; the other one waits for its own event or a recompute
    expect((await store.stored('major_demands')).map((f) => f.subject_id)).toEqual([DEMAND]);
  });

  it('an organisation event finds the subjects through each rule and skips rules with none', async () => {
    const { store, service } = setup();
    const achievementsRule = FACT_RULES.find((r) => r.key === 'achievements')!;
    store.affected.set(`${achievementsRule.affectedBy.organisation}|${ORGANISATION}`, [DEMAND, OTHER_DEMAND]);
    await service.applyEvent({ type: 'organisation.updated', entityType: 'organisation', entityId: ORGANISATION });
    const refreshed = new Map(store.refreshed.map((r) => [r.key, r.subjects]));
    expect(refreshed.get('achievements')).toEqual([DEMAND, OTHER_DEMAND]);
    // rules whose subject is the organisation itself run for it
    for (const rule of FACT_RULES.filter((r) => r.affectedBy.organisation === 'self'))
      expect(refreshed.get(rule.key)).toEqual([ORGANISATION]);
    // a rule whose query finds no subject is not refreshed at all
    expect(refreshed.has('major_demands')).toBe(false);
  });

  it('an event of a kind no rule counts opens no transaction', async () => {
    const { store, service } = setup();
    await service.applyEvent({ type: 'indicator_report.submitted', entityType: 'indicator_report', entityId: DEMAND });
    expect(store.transactions).toBe(0);
    expect(store.refreshed).toEqual([]);
  });

  it('replaying an event changes nothing (state-based, idempotent)', async () => {
    const { store, service } = setup();
    store.records.set('major_demands', [fact(DEMAND, '高端装备精密减速器国产化', '2026-03-02T02:00:00Z')]);
    await service.applyEvent({ type: 'demand.published', entityType: 'demand', entityId: DEMAND });
    const once = structuredClone(store.table);
    await service.applyEvent({ type: 'demand.published', entityType: 'demand', entityId: DEMAND });
    expect(store.table).toEqual(once);
    // a withdrawal: the rule derives nothing any more, so the fact goes
    store.records.set('major_demands', []);
    await service.applyEvent({ type: 'demand.published', entityType: 'demand', entityId: DEMAND });
    expect(await store.stored('major_demands')).toEqual([]);
  });

  it('recompute rebuilds the chosen rules from scratch and reports their counts', async () => {
    const { store, service } = setup();
    store.records.set('major_demands', [
      fact(DEMAND, '高端装备精密减速器国产化', '2026-03-02T02:00:00Z'),
      fact(OTHER_DEMAND, '车规级功率模块封装散热', '2026-04-01T02:00:00Z'),
    ]);
    store.table.set('major_demands', [fact(ORGANISATION, '已删除的需求', '2025-05-01T02:00:00Z')]);
    const counts = await service.recompute(['major_demands', 'chain_demands']);
    expect(counts).toEqual([
      { indicatorKey: 'major_demands', facts: 2 },
      { indicatorKey: 'chain_demands', facts: 0 },
    ]);
    expect(store.refreshed).toEqual([
      { key: 'major_demands', subjects: null },
      { key: 'chain_demands', subjects: null },
    ]);
    expect(store.transactions).toBe(1);
  });

  it('verify names what is missing, extra or different, and nothing once recomputed', async () => {
    const { store, service } = setup();
    store.records.set('major_demands', [
      fact(DEMAND, '高端装备精密减速器国产化', '2026-03-02T02:00:00Z'),
      fact(OTHER_DEMAND, '车规级功率模块封装散热', '2026-04-01T02:00:00Z'),
    ]);
    store.table.set('major_demands', [
      fact(DEMAND, '高端装备精密减速器国产化', '2026-03-02T02:00:00Z', '玉山镇'),
      fact(ORGANISATION, '已删除的需求', '2025-05-01T02:00:00Z'),
    ]);
    const differences = await service.verify();
    expect(differences.map(({ subjectId, year, problem }) => ({ subjectId, year, problem }))).toEqual([
      { subjectId: DEMAND, year: 2026, problem: 'different' },
      { subjectId: OTHER_DEMAND, year: 2026, problem: 'missing' },
      { subjectId: ORGANISATION, year: 2025, problem: 'extra' },
    ]);
    expect(differences[0].detail).toContain('玉山镇');
    await service.recompute();
    expect(await service.verify()).toEqual([]);
  });
});
