import { AppConfig } from '@app/config';
import { CorpusModelService, MatchingEngine, SearchIndexService } from '@app/matching';
import { Demand } from '@app/registry';
import { SearchService } from '@app/search';
import { DataSource } from 'typeorm';

import {
  chainIds,
  createManager,
  publishAchievement,
  publishDemand,
  registerEnterprise,
} from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';
import { EmbeddingServer, startEmbeddingServer } from './utils/embedding-server';

const ENV = { EMBEDDING_MODEL: 'hash-bigram-v1', EMBEDDING_DIMENSIONS: '256' };

type MultiSearchQuery = {
  q: string;
  limit: number;
  filter: string[];
  hybrid?: { embedder: string; semanticRatio: number };
};

/**
 * Semantic evidence in demand → achievement matching, on the real Meilisearch with its `rest` embedder calling a
 * local embedding service (test/utils/embedding-server.ts: the real protocol, a deterministic model). With the
 * embedder, a live match adds one semantic query to its multi-search; what only that query finds enters the pool
 * and every candidate carries the model's similarity as the `semantic` feature. Without it, the requests are the
 * keyword-only ones.
 */
describe('matching: semantic evidence from a configured embedding model (e2e, real services)', () => {
  let t: TestApp;
  let server: EmbeddingServer;
  let engine: MatchingEngine;
  let demand: Demand;
  const id: Record<string, string> = {};

  /** The multi-search bodies the engine sent for this demand while `run` ran (background jobs' requests left out). */
  const multiSearches = async (run: () => Promise<unknown>): Promise<MultiSearchQuery[][]> => {
    const spy = jest.spyOn(t.app.get(SearchService).fast, 'post');
    try {
      await run();
      return spy.mock.calls
        .filter(([path]) => path === '/multi-search')
        .map(([, body]) => (body as { queries: MultiSearchQuery[] }).queries)
        .filter((queries) => queries[0]?.q === demand.title);
    } finally {
      spy.mockRestore();
    }
  };

  beforeAll(async () => {
    server = await startEmbeddingServer({ dimensions: 256 });
    Object.assign(process.env, ENV, { EMBEDDING_URL: `${server.url}/v1/embeddings` });
    try {
      t = await createTestApp();
    } finally {
      // the configuration is read: other test files in this worker stay in keyword mode
      for (const k of [...Object.keys(ENV), 'EMBEDDING_URL']) delete process.env[k];
    }
    await t.app.get(SearchIndexService).embeddingsSettled();
    engine = t.app.get(MatchingEngine);
    const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    const manager = await createManager(t.http, admin);
    const chains = await chainIds(t.http);
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '江苏大学', district: '昆山开发区' })
      .expect(201);
    const add = async (key: string, title: string, abstract: string) =>
      (id[key] = (
        await publishAchievement(t.http, manager, uni.body.id, [chains[5]], {
          title,
          abstract,
          keywords: [],
          patentNumbers: [],
          applicationScenarios: '',
        })
      ).id);
    await add('pack', '动力电池包液冷热管理系统', '液冷板与相变材料复合散热，电芯温差小于 3 ℃，抑制热失控蔓延。');
    await add('cell', '锂电池电芯快充析锂检测方法', '基于弛豫电压曲线识别快充过程中的析锂，提前预警电池安全风险。');
    await add('reducer', '协作机器人谐波减速器柔轮修形', '双圆弧齿形修形结合喷丸强化，柔轮疲劳寿命超过 1 万小时。');
    // shares not one character pair with the demand: no keyword query or bigram index can find it
    await add('tea', '茶园嫩芽仿生采摘手爪', '柔顺夹指识别一芽二叶，日采摘量为人工五倍。');
    const ent = await registerEnterprise(t.http);
    const { id: demandId } = await publishDemand(t.http, ent.auth, manager, [chains[5]], {
      title: '动力电池热管理与热失控预警',
      description: '我司储能电池包在快充时电芯温差大，需要液冷散热方案和热失控早期预警技术，降低安全风险。',
      keywords: ['电池热管理', '液冷', '热失控'],
      technicalIndicators: '电芯温差≤3 ℃',
      expectedOutcome: '完成样机验证',
      cooperationModes: ['joint_development'],
    });
    await t.settle();
    demand = await t.app.get(DataSource).getRepository(Demand).findOneByOrFail({ id: demandId });
    t.app.get(CorpusModelService).invalidate();
  }, 180000);

  afterAll(async () => {
    await t?.close();
    await server?.close();
  });

  it('a live match asks by meaning too: one semantic query, its hits in the pool, the model’s similarity as evidence', async () => {
    const embedder = await t.app.get(SearchIndexService).activeEmbedder('achievements', { fresh: true });
    expect(embedder).toMatch(/^sem_/);
    let result: Awaited<ReturnType<MatchingEngine['matchDemand']>> | undefined;
    const [sent, ...more] = await multiSearches(async () => (result = await engine.matchDemand(demand)));
    expect(more).toEqual([]); // one multi-search request
    const semantic = sent.filter((q) => q.hybrid);
    expect(semantic).toHaveLength(1);
    expect(semantic[0]).toMatchObject({
      hybrid: { embedder, semanticRatio: 1 },
      limit: 101,
      filter: ['status = "published"'],
    });
    expect(semantic[0].q.startsWith(`${demand.title}\n`)).toBe(true);
    expect(semantic[0].q).toContain('液冷散热方案');
    expect(result!.timings.queries).toBe(sent.length);

    // the achievement sharing no words with the demand is in the pool only through the semantic query
    expect(result!.candidateIds).toContain(id.tea);
    const { evidence } = await engine.demandEvidence(demand);
    const of = (key: string) => evidence.find((e) => e.achievementId === id[key])!;
    expect(of('tea')).toMatchObject({ bigram: 0, retrieval: 0 });
    expect(of('tea').semantic).toBeGreaterThan(0);
    // the model (here: hashed character pairs) finds the battery records closer than the others
    expect(of('pack').semantic).toBeGreaterThan(of('reducer').semantic!);
    expect(of('pack').semantic).toBeGreaterThan(of('tea').semantic!);
    expect(Math.max(...evidence.map((e) => e.semantic ?? 0))).toBe(of('pack').semantic);
    console.log(
      `semantic scores: ${['pack', 'cell', 'reducer', 'tea'].map((k) => `${k} ${of(k).semantic!.toFixed(3)}`).join(', ')}`,
    );

    // weighted as in force, shown as a suggestion, and ranked the same way twice
    const parameters = await engine.rankingParameters();
    expect(parameters.textWeights.semantic).toBe(1);
    expect(await engine.textEvidence()).toBe(`keyword + semantic: hash-bigram-v1 (${embedder})`);
    const all = async () => (await engine.forDemand(demand, 1000)).map((s) => `${s.achievementId} ${s.score}`);
    const first = await all();
    expect(first[0].split(' ')[0]).toBe(id.pack);
    expect(first.some((s) => s.startsWith(id.tea))).toBe(true);
    expect(await all()).toEqual(first);
    expect(await all()).toEqual(first);
  });

  it('without an embedding service the match sends the keyword queries only, exactly as before', async () => {
    const withModel = (await multiSearches(() => engine.matchDemand(demand)))[0];
    const config = t.app.get(AppConfig);
    const embedding = config.embedding;
    Object.assign(config, { embedding: null });
    try {
      let candidateIds: string[] = [];
      const [keywordOnly, ...more] = await multiSearches(async () => {
        candidateIds = (await engine.matchDemand(demand)).candidateIds;
      });
      expect(more).toEqual([]);
      expect(keywordOnly.some((q) => q.hybrid)).toBe(false);
      expect(keywordOnly).toEqual(withModel.filter((q) => !q.hybrid));
      expect(candidateIds).not.toContain(id.tea);
      const { evidence } = await engine.demandEvidence(demand);
      expect(evidence.some((e) => 'semantic' in e)).toBe(false);
      expect((await engine.rankingParameters()).textWeights.semantic).toBe(0);
      expect(await engine.textEvidence()).toBe('keyword only');
      const ranked = await engine.forDemand(demand);
      expect(ranked[0].achievementId).toBe(id.pack);
    } finally {
      Object.assign(config, { embedding });
    }
  });
});
