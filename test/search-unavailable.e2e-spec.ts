import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { MeilisearchServer, startMeilisearch } from '@app/embedded';

import { achievementBody, chainIds, publishDemand, registerEnterprise } from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

/** While Meilisearch is down, search-dependent endpoints answer 503 SEARCH_UNAVAILABLE; the rest keeps working. */
describe('search unavailable (e2e)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zcz-unavailable-'));
  const masterKey = randomBytes(24).toString('hex');
  let meili: MeilisearchServer;
  let t: TestApp;
  let admin: string;
  let demandId: string;
  let achievementId: string;
  const saved = { url: process.env.MEILI_URL, key: process.env.MEILI_MASTER_KEY };

  beforeAll(async () => {
    meili = await startMeilisearch({ dbPath: join(dir, 'data.ms'), masterKey });
    process.env.MEILI_URL = meili.url;
    process.env.MEILI_MASTER_KEY = masterKey;
    t = await createTestApp();
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    const chains = await chainIds(t.http);
    const ent = await registerEnterprise(t.http);
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', admin)
      .send({ kind: 'university', name: '停机测试大学' })
      .expect(201);
    achievementId = (
      await t.http
        .post('/achievements')
        .set('Authorization', admin)
        .send(achievementBody(uni.body.id, [chains[0]]))
        .expect(201)
    ).body.id;
    demandId = (await publishDemand(t.http, ent.auth, admin, [chains[0]])).id;
    await t.settle();
    await meili.stop();
  });

  afterAll(async () => {
    await t?.close();
    await meili?.stop().catch(() => undefined);
    process.env.MEILI_URL = saved.url;
    process.env.MEILI_MASTER_KEY = saved.key;
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 with a Chinese message for search and live matching', async () => {
    for (const url of [
      '/search/achievements?q=谐波减速器',
      '/search/demands?q=谐波减速器',
      `/demands/${demandId}/matches?live=true`,
      `/achievements/${achievementId}/matches?live=true`,
    ]) {
      const res = await t.http.get(url).set('Authorization', admin);
      expect({ url, status: res.status, code: res.body.code }).toEqual({
        url,
        status: 503,
        code: 'SEARCH_UNAVAILABLE',
      });
      expect(res.body.message).toBe('搜索服务暂时不可用，请稍后再试');
      expect(res.headers['retry-after']).toBe('30');
    }
    // what PostgreSQL alone answers keeps working
    await t.http.get(`/demands/${demandId}/matches`).set('Authorization', admin).expect(200);
    await t.http.get('/public/demands').query({ q: '减速器' }).expect(200);
  }, 60000);
});
