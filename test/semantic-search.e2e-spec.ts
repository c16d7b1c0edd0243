import { AppConfig } from '@app/config';
import { SearchIndexService } from '@app/matching';
import { SearchService } from '@app/search';
import type { DocumentQuery, RestEmbedder } from 'meilisearch';

import { chainIds, createManager, publishAchievement } from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';
import { EmbeddingServer, startEmbeddingServer } from './utils/embedding-server';

const API_KEY = 'emb-test-key-2026';
const ENV = {
  EMBEDDING_MODEL: 'hash-bigram-v1',
  EMBEDDING_DIMENSIONS: '512',
  EMBEDDING_API_KEY: API_KEY,
  SEARCH_SEMANTIC_RATIO: '0.6',
};

/** Meilisearch 1.21 returns `_vectors` with `retrieveVectors`; the SDK's type for single documents lacks it. */
const WITH_VECTORS = { retrieveVectors: true } as DocumentQuery;

type VectorDoc = { _vectors?: Record<string, { embeddings: number[][] }> };

/**
 * Pluggable semantic vectors on the real Meilisearch: its `rest` embedder calls a local embedding service that
 * speaks the OpenAI-compatible protocol (and text-embeddings-inference's); vectors follow their documents, a model
 * change re-embeds with searches served by complete vectors throughout, and hybrid queries rank by meaning.
 */
describe('smart search: semantic vectors through a rest embedder (e2e, real services)', () => {
  let t: TestApp;
  let server: EmbeddingServer;
  let index: SearchIndexService;
  let manager: string;
  let uid: string;
  const id: Record<string, string> = {};

  const meili = () => t.app.get(SearchService).client.index(uid);
  const vectorsOf = async (docId: string, embedder: string) =>
    ((await meili().getDocument(docId, WITH_VECTORS)) as VectorDoc)._vectors?.[embedder]?.embeddings ?? [];
  const embedders = async () => Object.keys((await meili().getEmbedders()) ?? {});

  beforeAll(async () => {
    server = await startEmbeddingServer({ port: 4243, dimensions: 512, apiKey: API_KEY });
    Object.assign(process.env, ENV, { EMBEDDING_URL: `${server.url}/v1/embeddings` });
    try {
      t = await createTestApp();
    } finally {
      // the configuration is read: other test files in this worker stay in keyword mode
      for (const k of [...Object.keys(ENV), 'EMBEDDING_URL']) delete process.env[k];
    }
    index = t.app.get(SearchIndexService);
    await index.embeddingsSettled();
    uid = index.uid('achievements');
    const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin);
    const chains = await chainIds(t.http);
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '苏州大学', district: '昆山高新区' })
      .expect(201);
    const add = async (key: string, title: string, abstract: string) =>
      (id[key] = (
        await publishAchievement(t.http, manager, uni.body.id, [chains[5]], { title, abstract, keywords: [] })
      ).id);
    await add('pack', '动力电池包液冷热管理系统', '液冷板与相变材料复合散热，电芯温差小于 3 ℃，抑制热失控蔓延。');
    await add('reducer', '协作机器人谐波减速器柔轮修形', '双圆弧齿形修形结合喷丸强化，柔轮疲劳寿命超过 1 万小时。');
    await add('pv', '光伏组件无水清洗机器人', '毛刷与静电除尘结合，越障能力强，适用于大型地面电站。');
    await add('spindle', '高速电主轴陶瓷轴承', '氮化硅陶瓷球混合轴承，极限转速 4 万转每分钟，温升低。');
    await t.settle();
  }, 180000);

  afterAll(async () => {
    await t?.close();
    await server?.close();
  });

  it('configures a rest embedder from AppConfig and /health says hybrid', async () => {
    const settings = (await meili().getEmbedders()) ?? {};
    const names = Object.keys(settings);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^sem_[0-9a-f]{12}$/);
    expect(settings[names[0]]).toMatchObject({
      source: 'rest',
      url: `${server.url}/v1/embeddings`,
      dimensions: 512,
      request: { model: 'hash-bigram-v1', input: ['{{text}}', '{{..}}'] },
      response: { data: [{ embedding: '{{embedding}}' }, '{{..}}'] },
    });
    expect(String((settings[names[0]] as RestEmbedder).documentTemplate)).toContain('{{doc.title}}');
    const health = await t.http.get('/health').expect(200);
    expect(health.body.backends.search).toMatchObject({
      status: 'up',
      search: 'hybrid',
      embeddingModel: 'hash-bigram-v1',
    });
    expect(server.unauthorised).toBe(0); // the API key goes with every call
  });

  it('writes vectors with their documents, replaces them on edit and removes them with the document', async () => {
    const [embedder] = await embedders();
    for (const key of ['pack', 'reducer', 'pv', 'spindle']) {
      const vectors = await vectorsOf(id[key], embedder);
      expect(vectors).toHaveLength(1);
      expect(vectors[0]).toHaveLength(512);
    }
    expect(await meili().getStats()).toMatchObject({ numberOfDocuments: 4, numberOfEmbeddedDocuments: 4 });

    const before = await vectorsOf(id.spindle, embedder);
    const current = (await t.http.get(`/achievements/${id.spindle}`).set('Authorization', manager).expect(200)).body;
    await t.http
      .patch(`/achievements/${id.spindle}`)
      .set('Authorization', manager)
      .send({ title: '磁悬浮高速电主轴', version: current.version })
      .expect(200);
    await t.http.post(`/achievements/${id.pv}/withdraw`).set('Authorization', manager).expect(200);
    await t.settle();

    expect(await vectorsOf(id.spindle, embedder)).not.toEqual(before);
    await expect(meili().getDocument(id.pv, WITH_VECTORS)).rejects.toThrow(/not found/);
    expect(await meili().getStats()).toMatchObject({ numberOfDocuments: 3, numberOfEmbeddedDocuments: 3 });
  });

  it('hybrid search with a semanticRatio (default from the configuration), keyword ranking at 0', async () => {
    const hybrid = await t.http.get('/search/achievements').query({ q: '电池液冷散热' }).expect(200);
    expect(hybrid.body).toMatchObject({ search: 'hybrid', semanticRatio: 0.6 });
    expect(hybrid.body.items[0].id).toBe(id.pack);

    const semantic = await t.http.get('/search/achievements').query({ q: '电芯温差', semanticRatio: '1' }).expect(200);
    expect(semantic.body).toMatchObject({ search: 'hybrid', semanticRatio: 1 });
    expect(semantic.body.items[0].id).toBe(id.pack);

    const keyword = await t.http.get('/search/achievements').query({ q: '谐波减速器', semanticRatio: '0' }).expect(200);
    expect(keyword.body).toMatchObject({ search: 'hybrid', semanticRatio: 0 });
    expect(keyword.body.items[0].id).toBe(id.reducer);

    // no text, nothing to embed: a plain filtered listing
    const listing = await t.http.get('/search/achievements').expect(200);
    expect(listing.body).toMatchObject({ search: 'keyword', total: 3 });
  });

  it('a model change re-embeds every document while searches keep complete vectors, then retires the old embedder', async () => {
    const config = t.app.get(AppConfig);
    const old = (await embedders())[0];
    Object.assign(config, { embedding: { ...config.embedding!, model: 'hash-bigram-v2' } });

    let done = false;
    const seen: string[] = [];
    const problems: string[] = [];
    let checks = 0;
    const watch = (async () => {
      while (!done) {
        const active = await index.activeEmbedder('achievements', { fresh: true });
        if (!active) problems.push('no embedder');
        else if (seen[seen.length - 1] !== active) seen.push(active);
        const docs = await meili().getDocuments<VectorDoc & { id: string }>({ retrieveVectors: true, limit: 100 });
        for (const d of docs.results) {
          if (!active || !(d._vectors?.[active]?.embeddings?.[0]?.length === 512)) {
            problems.push(`${d.id} has no vectors for ${active}`);
          }
        }
        const res = await t.http.get('/search/achievements').query({ q: '电池液冷散热', semanticRatio: '1' });
        if (res.status !== 200 || res.body.search !== 'hybrid' || res.body.items[0]?.id !== id.pack) {
          problems.push(`search ${res.status} ${res.body.search} ${res.body.items?.[0]?.id}`);
        }
        checks++;
      }
    })();
    const started = Date.now();
    await index.ensureIndexes(['achievements']);
    done = true;
    await watch;

    const now = await embedders();
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(old);
    expect(problems).toEqual([]);
    expect(checks).toBeGreaterThan(5);
    expect(seen).toEqual([old, now[0]]); // the old vectors served until the new ones were complete
    expect(server.calls.get('hash-bigram-v2')).toBeGreaterThanOrEqual(3);
    for (const key of ['pack', 'reducer', 'spindle']) expect(await vectorsOf(id[key], now[0])).toHaveLength(1);

    console.log(`model change: ${checks} checks in ${Date.now() - started} ms, embedders seen ${seen.join(' → ')}`);
  });

  it('also speaks text-embeddings-inference (/embed), and keyword mode removes the embedders', async () => {
    const config = t.app.get(AppConfig);
    Object.assign(config, { embedding: { ...config.embedding!, url: `${server.url}/embed`, api: 'tei' } });
    await index.ensureIndexes(['achievements']);
    const [tei] = await embedders();
    expect((await meili().getEmbedders())?.[tei]).toMatchObject({
      url: `${server.url}/embed`,
      request: { inputs: ['{{text}}', '{{..}}'] },
    });
    expect(server.calls.get(server.teiModel)).toBeGreaterThanOrEqual(3);
    const res = await t.http.get('/search/achievements').query({ q: '电池液冷散热' }).expect(200);
    expect(res.body.search).toBe('hybrid');
    expect(res.body.items[0].id).toBe(id.pack);

    const embedding = config.embedding!;
    Object.assign(config, { embedding: null });
    await index.ensureIndexes();
    expect(await embedders()).toEqual([]);
    expect(await meili().getStats()).toMatchObject({ numberOfDocuments: 3, numberOfEmbeddedDocuments: 0 });
    const keyword = await t.http.get('/search/achievements').query({ q: '电池' }).expect(200);
    expect(keyword.body.search).toBe('keyword');

    // the service back (e.g. it was down at boot): the reconciler adds what the indexes lack
    Object.assign(config, { embedding: { ...embedding, url: `${server.url}/v1/embeddings`, api: 'openai' } });
    await index.reconcileEmbedders(); // (the reconciler's own pass may have started on them already)
    await index.embeddingsSettled();
    expect(await embedders()).toHaveLength(1);
    expect(await meili().getStats()).toMatchObject({ numberOfDocuments: 3, numberOfEmbeddedDocuments: 3 });
    expect(await index.reconcileEmbedders()).toEqual([]);
  });
});
