import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { MeilisearchServer, startMeilisearch } from '@app/embedded';
import { SearchIndexService, SearchReconciler } from '@app/matching';
import { DataSource } from 'typeorm';

import { achievementBody, chainIds } from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

/**
 * A Meilisearch outage during edits loses nothing: the edits commit in PostgreSQL, the sync jobs fail and retry,
 * and once Meilisearch is back the worker (and the reconciler) bring index and database into agreement.
 */
describe('search index through a Meilisearch outage (e2e)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zcz-outage-'));
  const masterKey = randomBytes(24).toString('hex');
  let meili: MeilisearchServer;
  let t: TestApp;
  let manager: string;
  let chains: string[];
  let universityId: string;
  const saved = {
    url: process.env.MEILI_URL,
    key: process.env.MEILI_MASTER_KEY,
    every: process.env.RECONCILE_INTERVAL_MS,
  };

  beforeAll(async () => {
    meili = await startMeilisearch({ dbPath: join(dir, 'data.ms'), masterKey });
    process.env.MEILI_URL = meili.url;
    process.env.MEILI_MASTER_KEY = masterKey;
    process.env.RECONCILE_INTERVAL_MS = '1000';
    t = await createTestApp();
    manager = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    chains = await chainIds(t.http);
    universityId = (
      await t.http
        .post('/organisations')
        .set('Authorization', manager)
        .send({ kind: 'university', name: '断网测试大学' })
        .expect(201)
    ).body.id;
  });

  afterAll(async () => {
    await t?.close();
    await meili?.stop();
    process.env.MEILI_URL = saved.url;
    process.env.MEILI_MASTER_KEY = saved.key;
    if (saved.every === undefined) delete process.env.RECONCILE_INTERVAL_MS;
    else process.env.RECONCILE_INTERVAL_MS = saved.every;
    rmSync(dir, { recursive: true, force: true });
  });

  async function create(title: string): Promise<string> {
    const res = await t.http
      .post('/achievements')
      .set('Authorization', manager)
      .send(achievementBody(universityId, [chains[1]], { title, patentNumbers: [] }))
      .expect(201);
    await t.http.post(`/achievements/${res.body.id}/publish`).set('Authorization', manager).expect(200);
    return res.body.id;
  }

  async function indexedIds(index: SearchIndexService): Promise<string[]> {
    const docs = await index.index('achievements').getDocuments({ limit: 1000, fields: ['id'] });
    return docs.results.map((d) => d.id as string).sort();
  }

  async function publishedIds(): Promise<string[]> {
    const rows: Array<{ id: string }> = await t.app
      .get(DataSource)
      .query(`SELECT id FROM achievements WHERE status = 'published' ORDER BY id`);
    return rows.map((r) => r.id).sort();
  }

  it('catches up after Meilisearch returns, and index and database agree', async () => {
    const index = t.app.get(SearchIndexService);
    const before = await create('断网前发布的高导热氮化铝陶瓷基板');
    const withdrawn = await create('断网前发布、断网中撤回的成果');
    await t.settle();
    expect(await indexedIds(index)).toEqual([before, withdrawn].sort());

    await meili.stop();
    // edits while the search engine is away: they must all commit
    const during = await create('断网期间发布的碳化硅功率模块银烧结工艺');
    await t.http.post(`/achievements/${withdrawn}/withdraw`).set('Authorization', manager).expect(200);
    const current = (await t.http.get(`/achievements/${before}`).set('Authorization', manager)).body;
    await t.http
      .patch(`/achievements/${before}`)
      .set('Authorization', manager)
      .send({ title: '断网期间改名的高导热氮化铝陶瓷基板', version: current.version })
      .expect(200);
    const health = await t.http.get('/health').expect(503);
    expect(health.body.backends.search.status).toBe('down');

    const lagging = await index.lagging('achievements');
    expect(lagging.sort()).toEqual([before, withdrawn, during].sort());

    meili = await startMeilisearch({ dbPath: join(dir, 'data.ms'), masterKey, port: Number(new URL(meili.url).port) });
    const deadline = Date.now() + 60000;
    while ((await index.lagging('achievements')).length > 0) {
      if (Date.now() > deadline) throw new Error('index did not catch up within 60 s');
      await t.app
        .get(SearchReconciler)
        .reconcile()
        .catch(() => undefined);
      await new Promise((r) => setTimeout(r, 500));
    }
    await t.settle();
    expect(await indexedIds(index)).toEqual(await publishedIds());
    expect(await indexedIds(index)).toEqual([before, during].sort());
    const renamed = await index.index('achievements').getDocument(before);
    expect(renamed.title).toBe('断网期间改名的高导热氮化铝陶瓷基板');
  }, 120000);
});
