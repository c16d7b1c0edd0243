import { DomainEvent, EventConsumerRegistry } from '@app/events';
import { IndicatorFactsService } from '@app/indicators';
import { EnqueueOptions, JobName, JobPayloads, JobQueue } from '@app/queue';
import { DataSource } from 'typeorm';

import { MatchingReconciler } from '../libs/matching/src/reconcile/matching-reconciler';
import { SearchReconciler } from '../libs/matching/src/search-index/search-sync';
import {
  chainIds,
  createManager,
  demandBody,
  publishAchievement,
  registerEnterprise,
} from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

/**
 * Follow-up work only where something public changed: an edit of a draft (in no index) runs no index sync and no
 * match job, an edit of fields matching does not read runs no match job, and a matching run refreshes no indicator.
 * Real services throughout; the queue is only observed (every job still runs).
 */
describe('no useless work after a change (e2e, real PostgreSQL + Redis + Meilisearch)', () => {
  let t: TestApp;
  let db: DataSource;
  let jobs: Array<{ name: JobName; jobId: string }>;
  let applied: string[];
  let owner: string;
  let manager: string;
  let chains: string[];

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    const queue = t.app.get(JobQueue);
    const enqueue = queue.enqueue.bind(queue);
    jobs = [];
    jest
      .spyOn(queue, 'enqueue')
      .mockImplementation(async <N extends JobName>(name: N, data: JobPayloads[N], options: EnqueueOptions) => {
        jobs.push({ name, jobId: options.jobId });
        await enqueue(name, data, options);
      });
    const facts = t.app.get(IndicatorFactsService);
    const applyEvent = facts.applyEvent.bind(facts);
    applied = [];
    jest.spyOn(facts, 'applyEvent').mockImplementation(async (event) => {
      applied.push(event.type);
      await applyEvent(event);
    });
    const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin);
    owner = (await registerEnterprise(t.http)).auth;
    chains = await chainIds(t.http);
    const university = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '江南精密工程大学', district: '周市镇' })
      .expect(201);
    await publishAchievement(t.http, manager, university.body.id, [chains[2]]);
    await publishAchievement(t.http, manager, university.body.id, [chains[4]]);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
  });

  /**
   * Runs `change`, lets the platform settle, and returns how many jobs it caused, by name (distinct job ids: a
   * reconciler pass that re-offers a waiting job adds nothing).
   */
  async function jobsOf(change: () => Promise<unknown>): Promise<Partial<Record<JobName, number>>> {
    await t.settle();
    jobs.length = 0;
    applied.length = 0;
    await change();
    await t.settle();
    const counts: Partial<Record<JobName, number>> = {};
    for (const job of new Map(jobs.map((j) => [j.jobId, j])).values()) counts[job.name] = (counts[job.name] ?? 0) + 1;
    return counts;
  }

  async function edit(id: string, changes: Record<string, unknown>, auth = owner): Promise<void> {
    const current = await t.http.get(`/demands/${id}`).set('Authorization', auth).expect(200);
    await t.http
      .patch(`/demands/${id}`)
      .set('Authorization', auth)
      .send({ ...changes, version: current.body.version })
      .expect(200);
  }

  /** Nothing left for the safety nets: the skipped work is recorded as done, not merely not done. */
  async function nothingLags(): Promise<void> {
    expect(await t.app.get(SearchReconciler).reconcile()).toBe(0);
    expect(await t.app.get(MatchingReconciler).reconcile()).toBe(0);
  }

  it('an edit of a draft runs no index sync and no match job', async () => {
    const draft = await t.http
      .post('/demands')
      .set('Authorization', owner)
      .send(demandBody([chains[2]]))
      .expect(201);
    await t.settle();
    const counts = await jobsOf(() =>
      edit(draft.body.id, { title: '协作机器人关节用谐波减速器国产化（草稿修改）', contactPhone: '0512-57000002' }),
    );
    expect(counts).toEqual({ [JobName.ProcessDomainEvent]: 1 });
    const [row] = await db.query(`SELECT version, indexed_version, matched_version FROM demands WHERE id = $1`, [
      draft.body.id,
    ]);
    expect(row).toEqual({ version: 2, indexed_version: 2, matched_version: 2 });
    await nothingLags();
  });

  it('a published demand: contacts change no suggestion, the title does', async () => {
    const res = await t.http
      .post('/demands')
      .set('Authorization', owner)
      .send(demandBody([chains[2]]))
      .expect(201);
    const id = res.body.id as string;
    const published = await jobsOf(async () => {
      await t.http.post(`/demands/${id}/submit`).set('Authorization', owner).expect(200);
      await t.http.post(`/demands/${id}/publish`).set('Authorization', manager).expect(200);
    });
    expect(published[JobName.SyncSearchDocument]).toBe(2);
    expect(published[JobName.MatchDemand]).toBe(2);

    // (a manager edits a published demand) contacts are neither indexed nor matched: the document's updatedAt is synced, suggestions stay as they are
    const contacts = await jobsOf(() => edit(id, { contactName: '李工', contactPhone: '0512-57000003' }, manager));
    expect(contacts).toEqual({ [JobName.ProcessDomainEvent]: 1, [JobName.SyncSearchDocument]: 1 });
    await nothingLags();

    // the title is matched: sync, then matching
    const title = await jobsOf(() =>
      edit(id, { title: '协作机器人关节用高精度谐波减速器国产化及小批量试制' }, manager),
    );
    expect(title).toMatchObject({ [JobName.SyncSearchDocument]: 1, [JobName.MatchDemand]: 1 });
    await nothingLags();
    const found = await t.http.get('/search/demands').query({ q: '小批量试制' }).expect(200);
    expect(found.body.items.map((i: { id: string }) => i.id)).toContain(id);
  });

  it('a matching run (demand.matched) refreshes no indicator, and the facts stay right', async () => {
    expect(t.app.get(EventConsumerRegistry).for({ type: 'demand.matched' } as DomainEvent)).toEqual([]);
    const res = await t.http
      .post('/demands')
      .set('Authorization', owner)
      .send(demandBody([chains[4]]))
      .expect(201);
    const before = await db.query(`SELECT count(*)::int AS n FROM domain_events WHERE type = 'demand.matched'`);
    await jobsOf(async () => {
      await t.http.post(`/demands/${res.body.id}/submit`).set('Authorization', owner).expect(200);
      await t.http.post(`/demands/${res.body.id}/publish`).set('Authorization', manager).expect(200);
    });
    const after = await db.query(`SELECT count(*)::int AS n FROM domain_events WHERE type = 'demand.matched'`);
    expect(after[0].n).toBeGreaterThan(before[0].n); // the engine suggested the achievement of the same chain
    expect(applied).toEqual(expect.arrayContaining(['demand.submitted', 'demand.published']));
    expect(applied).not.toContain('demand.matched');
    expect(await t.app.get(IndicatorFactsService).verify()).toEqual([]);
  });
});
