import { CorpusModelService, MatchingEngine, MatchTrace, SearchIndexService } from '@app/matching';
import { Demand } from '@app/registry';
import { DataSource } from 'typeorm';

import {
  chainIds,
  createManager,
  publishAchievement as publishAchievementAs,
  publishDemand as publishDemandAs,
  registerEnterprise,
} from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

/** Variants of one topic: whole groups share their text, so scores tie and only a stable key orders them. */
const GROUPS = [
  {
    title: '谐波减速器柔轮齿形修形技术',
    abstract:
      '针对协作机器人关节谐波减速器柔轮疲劳断裂问题，提出双圆弧齿形修形与喷丸强化工艺，回差小于 10 弧秒，寿命超过 1 万小时。',
  },
  {
    title: '精密行星减速器低回差装配工艺',
    abstract:
      '面向机器人关节与数控转台，采用选配与预紧结构降低行星减速器回差至 1 弧分以内，传动效率 95%，适合小批量试制。',
  },
  {
    title: '机器人关节模组一体化设计',
    abstract:
      '将谐波减速器、力矩电机、双编码器与制动器集成于中空关节模组，减重 30%，定位精度 ±0.01°，可用于协作机器人与医疗机器人。',
  },
];

describe('matching: same data, same ranking; unique ranks per demand (e2e, real services)', () => {
  let t: TestApp;
  let manager: string;
  let chains: string[];
  let universityId: string;
  let demandId: string;
  const achievementIds: string[] = [];

  const ranksOf = async (id: string) =>
    (
      await t.app
        .get(DataSource)
        .query(
          `SELECT achievement_id, rank, score FROM matches WHERE demand_id = $1 AND origin = 'engine' ORDER BY rank`,
          [id],
        )
    ).map((r: { achievement_id: string; rank: number; score: number }) => r);

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin);
    chains = await chainIds(t.http);
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '昆山精密传动研究院', district: '周市镇' })
      .expect(201);
    universityId = uni.body.id;
    const ent = await registerEnterprise(t.http);
    // The demand comes first: every achievement then reaches it by reverse matching, one at a time.
    demandId = (await publishDemandAs(t.http, ent.auth, manager, [chains[4]])).id;
    await t.settle();
    for (let i = 0; i < 24; i++) {
      const g = GROUPS[i % GROUPS.length];
      const a = await publishAchievementAs(t.http, manager, universityId, [chains[4]], {
        title: g.title,
        abstract: g.abstract,
        keywords: [],
        patentNumbers: [],
        applicationScenarios: '',
      });
      achievementIds.push(a.id);
    }
    await t.settle();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('keeps a demand’s stored ranks unique and consecutive after reverse matches, a re-match and a withdrawal', async () => {
    const consecutive = async () => {
      const rows = await ranksOf(demandId);
      expect(rows.length).toBeGreaterThan(5);
      expect(rows.map((r: { rank: number }) => r.rank)).toEqual(rows.map((_: unknown, i: number) => i + 1));
      const scores = rows.map((r: { score: number }) => r.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      return rows;
    };
    // 24 reverse matches stored this demand's pairs one achievement at a time
    const afterReverse = await consecutive();

    // a forward re-match (the demand edited) rewrites the list, then a further reverse match interleaves
    const read = await t.http.get(`/demands/${demandId}`).set('Authorization', manager).expect(200);
    await t.http
      .patch(`/demands/${demandId}`)
      .set('Authorization', manager)
      .send({ expectedOutcome: '完成关节样机并通过 3000 小时加速寿命试验', version: read.body.version })
      .expect(200);
    await t.settle();
    await consecutive();
    await publishAchievementAs(t.http, manager, universityId, [chains[4]], {
      title: '协作机器人谐波减速器国产化样机',
      keywords: [],
      patentNumbers: [],
    });
    await t.settle();
    await consecutive();

    // a withdrawn achievement leaves no gap
    const withdrawn = afterReverse[0].achievement_id;
    await t.http.post(`/achievements/${withdrawn}/withdraw`).set('Authorization', manager).expect(200);
    await t.settle();
    const rows = await consecutive();
    expect(rows.map((r: { achievement_id: string }) => r.achievement_id)).not.toContain(withdrawn);
  });

  it('ranks the same data the same way after the index is rebuilt in another order, every candidate in the pool', async () => {
    const engine = t.app.get(MatchingEngine);
    const demand = await t.app.get(DataSource).getRepository(Demand).findOneByOrFail({ id: demandId });
    const trace: MatchTrace = {};
    const full = async () =>
      (await engine.forDemand(demand, 1000, undefined, trace)).map((s) => `${s.achievementId} ${s.score}`);

    t.app.get(CorpusModelService).invalidate(); // statistics of the data as it is now, not up to 5 s old
    const first = await full();
    const pool = new Set(trace.candidateIds);
    // every published achievement of the topic enters the pool, not only the first hits of each keyword query
    const published: string[] = (
      await t.app.get(DataSource).query(`SELECT id FROM achievements WHERE status = 'published'`)
    ).map((r: { id: string }) => r.id);
    expect(published.length).toBeGreaterThan(20);
    expect(published.filter((id) => !pool.has(id))).toEqual([]);
    // tied scores are ordered by a stable key
    const tied = first.map((x) => x.split(' ')).filter(([, s], i, all) => all.some(([, o], j) => j !== i && o === s));
    expect(tied.length).toBeGreaterThan(1);

    // documents re-enter the index in id order (not publication order); statistics are rebuilt
    await t.app.get(SearchIndexService).reindex('achievements');
    t.app.get(CorpusModelService).invalidate();
    expect(await full()).toEqual(first);
    expect(await full()).toEqual(first);
  });
});
