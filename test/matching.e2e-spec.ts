import {
  CorpusModelService,
  MatchingEngine,
  MatchService,
  MatchStatus,
  RematchService,
  SearchIndexService,
  SUGGESTIONS_PER_DEMAND,
} from '@app/matching';
import { RegistryReads } from '@app/registry';
import { DataSource } from 'typeorm';

import {
  chainIds,
  createManager,
  publishAchievement as publishAchievementAs,
  publishDemand as publishDemandAs,
  registerEnterprise,
} from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

const quiet = (t: TestApp) => t.settle();

describe('matching pipeline (e2e, real PostgreSQL + Redis + Meilisearch)', () => {
  let t: TestApp;
  let manager: string;
  let chains: string[];
  let universityId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin);
    chains = await chainIds(t.http);
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '江南精密工程大学', district: '周市镇' })
      .expect(201);
    universityId = uni.body.id;
    // a catalogue with one good answer and a few unrelated achievements
    const unrelated = [
      [
        '高效低成本钙钛矿太阳电池封装技术',
        '针对钙钛矿组件湿热稳定性差的问题，开发原子层沉积阻隔膜与边缘封装胶，组件湿热 1000 小时后效率保持 95% 以上。',
      ],
      [
        '猪蓝耳病快速检测试纸条',
        '基于胶体金免疫层析，15 分钟内完成猪繁殖与呼吸综合征病毒检测，灵敏度与 PCR 符合率 96%，适合养殖场现场使用。',
      ],
      [
        '城市污水厂污泥低温干化装置',
        '利用热泵余热回收实现污泥低温干化，含水率由 80% 降至 30%，能耗较传统热干化降低 40%，占地小、无异味外溢。',
      ],
    ];
    for (const [title, abstract] of unrelated) {
      await publishAchievement({
        title,
        abstract,
        keywords: [],
        patentNumbers: [],
        applicationScenarios: '',
        team: '',
      });
    }
    await quiet(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  const publishAchievement = (overrides: Record<string, unknown> = {}) =>
    publishAchievementAs(t.http, manager, universityId, [chains[4]], overrides);

  const publishDemand = (auth: string, overrides: Record<string, unknown> = {}) =>
    publishDemandAs(t.http, auth, manager, [chains[4]], overrides);

  const storedMatches = async (demandId: string) =>
    (await t.http.get(`/demands/${demandId}/matches`).set('Authorization', manager).expect(200)).body.items as Array<{
      id: string;
      achievement: { id: string; title: string };
      status: string;
      score: number;
      explanation: { matchedTerms: string[]; factors: Record<string, { contribution: number; note: string }> };
      version: number;
    }>;

  it('suggests achievements for a published demand with no manual step, explained', async () => {
    const reducer = await publishAchievement();
    const ent = await registerEnterprise(t.http);
    const demand = await publishDemand(ent.auth);
    await quiet(t);

    const items = await storedMatches(demand.id);
    expect(items.length).toBeGreaterThan(0);
    expect(items[0].achievement.id).toBe(reducer.id);
    expect(items[0].status).toBe(MatchStatus.Suggested);
    expect(items[0].explanation.matchedTerms).toEqual(expect.arrayContaining(['谐波减速器']));
    expect(Object.keys(items[0].explanation.factors).sort()).toEqual(
      ['budget', 'chain', 'maturity', 'mode', 'region', 'text'].sort(),
    );
    expect(items[0].explanation.factors.chain.note).toContain('同属产业链');
    // the enterprise sees its own demand's suggestions, the budget number never appears in an explanation
    const own = await t.http.get(`/demands/${demand.id}/matches`).set('Authorization', ent.auth).expect(200);
    expect(JSON.stringify(own.body)).not.toMatch(/200\s*万|budgetMax/);
    const other = await registerEnterprise(t.http);
    await t.http.get(`/demands/${demand.id}/matches`).set('Authorization', other.auth).expect(404);
  });

  it('puts an achievement published later into the open demand’s suggestions, and removes it when withdrawn', async () => {
    const ent = await registerEnterprise(t.http);
    const demand = await publishDemand(ent.auth, {
      title: '半导体封装用低介电常数环氧塑封料开发',
      description:
        '我司为功率器件封装厂，现用环氧塑封料介电常数偏高、吸湿率大，回流焊后出现分层。希望开发介电常数低于 3.5、吸湿率低于 0.2% 的低介电环氧塑封料，满足车规级可靠性。',
      keywords: ['环氧塑封料', '低介电', '功率器件封装'],
    });
    await quiet(t);
    expect((await storedMatches(demand.id)).map((m) => m.achievement.title)).not.toContain(
      '低介电常数环氧塑封料及其制备方法',
    );

    const late = await publishAchievement({
      title: '低介电常数环氧塑封料及其制备方法',
      abstract:
        '采用含氟环氧树脂与中空二氧化硅填料复配，塑封料介电常数 3.2、吸湿率 0.15%，通过 MSL1 级湿敏等级与车规级温度循环考核，适用于功率器件与先进封装。',
      keywords: ['环氧塑封料', '低介电', '先进封装'],
      patentNumbers: ['CN202410765432.1'],
    });
    await quiet(t);
    const after = await storedMatches(demand.id);
    expect(after.map((m) => m.achievement.id)).toContain(late.id);

    const index = t.app.get(SearchIndexService);
    expect(await index.index('achievements').getDocument(late.id)).toMatchObject({ id: late.id });

    await t.http.post(`/achievements/${late.id}/withdraw`).set('Authorization', manager).expect(200);
    await quiet(t);
    expect((await storedMatches(demand.id)).map((m) => m.achievement.id)).not.toContain(late.id);
    await expect(index.index('achievements').getDocument(late.id)).rejects.toThrow();
  });

  it('keeps confidential fields out of the index', async () => {
    const ent = await registerEnterprise(t.http);
    const demand = await publishDemand(ent.auth, {
      contactPhone: '0512-57009999',
      confidentialNotes: '绝密：年采购额 8000 万元',
    });
    await quiet(t);
    const doc = await t.app.get(SearchIndexService).index('demands').getDocument(demand.id);
    for (const field of [
      'budgetMin',
      'budgetMax',
      'contactName',
      'contactPhone',
      'contactEmail',
      'confidentialNotes',
      'ownerOrganisationId',
    ]) {
      expect(doc).not.toHaveProperty(field);
    }
    expect(JSON.stringify(doc)).not.toMatch(/57009999|绝密|8000/);
    const search = await t.http.get('/search/demands').query({ q: '绝密' }).expect(200);
    expect(search.body.total).toBe(0);
  });

  it('runs the pipeline with actor and time, keeps decisions through recomputation, counts a pair once', async () => {
    const ent = await registerEnterprise(t.http);
    const demand = await publishDemand(ent.auth, { title: '协作机器人谐波减速器寿命提升' });
    await quiet(t);
    const [first] = await storedMatches(demand.id);
    const reject = await t.http.post(`/matches/${first.id}/reject`).set('Authorization', manager).send({}).expect(400);
    expect(reject.body.details[0].field).toBe('reason');

    // pairing by hand what the engine already stored is a conflict that names the existing record
    const duplicate = await t.http
      .post('/matches')
      .set('Authorization', manager)
      .send({ demandId: demand.id, achievementId: first.achievement.id })
      .expect(409);
    expect(duplicate.body.details).toEqual({ matchId: first.id });

    const confirmed = await t.http.post(`/matches/${first.id}/confirm`).set('Authorization', manager).expect(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', statusLabel: '精准匹配' });
    expect(confirmed.body.confirmedAt).toEqual(expect.any(String));
    await t.http.post(`/matches/${first.id}/confirm`).set('Authorization', manager).expect(409);
    await t.http
      .post(`/matches/${first.id}/contact`)
      .set('Authorization', manager)
      .send({ note: '已电话沟通' })
      .expect(200);
    await t.http.post(`/matches/${first.id}/confirm`).set('Authorization', ent.auth).expect(403);

    // an edit recomputes suggestions: the decided pair keeps its status, no pair is duplicated
    const current = (await t.http.get(`/demands/${demand.id}`).set('Authorization', manager)).body;
    await t.http
      .patch(`/demands/${demand.id}`)
      .set('Authorization', manager)
      .send({ technicalIndicators: '回差≤8 弧秒；寿命≥15000 h', version: current.version })
      .expect(200);
    await quiet(t);
    const again = await storedMatches(demand.id);
    const pair = again.filter((m) => m.achievement.id === first.achievement.id);
    expect(pair).toHaveLength(1);
    expect(pair[0].status).toBe('contacted');
    const ids = again.map((m) => m.achievement.id);
    expect(new Set(ids).size).toBe(ids.length);

    await t.http
      .post(`/matches/${first.id}/reject`)
      .set('Authorization', manager)
      .send({ reason: 'price', note: '报价超出预算两倍' })
      .expect(200);
    const reopened = await t.http.post(`/matches/${first.id}/reopen`).set('Authorization', manager).expect(200);
    await t.http.post(`/matches/${first.id}/confirm`).set('Authorization', manager).expect(200);
    expect(reopened.body.confirmedAt).toBe(confirmed.body.confirmedAt); // the first confirmation is what counts

    const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    const events = await t.http.get('/events').query({ entityId: first.id, pageSize: 50 }).set('Authorization', admin);
    const types = events.body.items.map((e: { type: string }) => e.type).reverse();
    expect(types).toEqual([
      'match.confirmed',
      'match.contacted',
      'match.rejected',
      'match.reopened',
      'match.confirmed',
    ]);
    expect(events.body.items.every((e: { actorId: string }) => e.actorId)).toBe(true);
    const confirmations = events.body.items.filter(
      (e: { type: string; after: { firstConfirmation: boolean } }) =>
        e.type === 'match.confirmed' && e.after.firstConfirmation,
    );
    expect(confirmations).toHaveLength(1);
  });

  it('re-matches in batch to the same suggestions as the per-demand job, keeping decisions', async () => {
    const ent = await registerEnterprise(t.http);
    const a = await publishDemand(ent.auth, { title: '谐波减速器齿形修形与寿命测试' });
    const b = await publishDemand(ent.auth, { title: '精密减速器回差检测设备' });
    await quiet(t);
    // The per-demand job of each, run again on the data as it now stands: the jobs above ran while the set of
    // published demands (whose statistics the ranking reads) was still changing, one before the other.
    t.app.get(CorpusModelService).invalidate();
    for (const id of [a.id, b.id]) {
      const demand = await t.app.get(RegistryReads).demand(id);
      const suggestions = await t.app.get(MatchingEngine).forDemand(demand!, SUGGESTIONS_PER_DEMAND);
      await t.app.get(MatchService).storeDemandSuggestions(id, MatchingEngine.toStore(suggestions));
    }
    await quiet(t);
    const before = await Promise.all([a.id, b.id].map(storedMatches));
    const decided = before[0][0];
    await t.http.post(`/matches/${decided.id}/confirm`).set('Authorization', manager).expect(200);

    const report = await t.app.get(RematchService).rematchDemands({ ids: [a.id, b.id] });
    expect(report.demands).toBe(2);
    expect(report.queriesShared).toBeGreaterThan(0); // the two demands share keyword queries
    const after = await Promise.all([a.id, b.id].map(storedMatches));
    const pairs = (items: (typeof before)[0]) => items.map((m) => [m.achievement.id, m.score]).sort();
    expect(pairs(after[0])).toEqual(pairs(before[0]));
    expect(pairs(after[1])).toEqual(pairs(before[1]));
    expect(after[0].find((m) => m.id === decided.id)?.status).toBe('confirmed');
  });

  it('a batch re-match records the version it matched, as the per-demand job does', async () => {
    const ent = await registerEnterprise(t.http);
    const d = await publishDemand(ent.auth, { title: '机器人关节模组力矩控制' });
    await quiet(t);
    const db = t.app.get(DataSource);
    // as if its match job had been lost
    await db.query(`UPDATE demands SET matched_version = NULL WHERE id = $1`, [d.id]);
    await t.app.get(RematchService).rematchDemands({ ids: [d.id] });
    const [row] = await db.query(`SELECT version, matched_version FROM demands WHERE id = $1`, [d.id]);
    expect(row.matched_version).toBe(row.version);
  });

  it('searches the catalogue with filters, facets and highlights', async () => {
    const res = await t.http.get('/search/achievements').query({ q: '谐波减速器', chain: chains[4] }).expect(200);
    expect(res.body.total).toBeGreaterThan(0);
    expect(res.body.items[0]._formatted.title).toContain('<em>');
    expect(res.body.facets.industryChainIds[chains[4]]).toBeGreaterThan(0);
    expect(res.body.items[0]).not.toHaveProperty('contactPhone');
    const live = await t.http
      .get(`/achievements/${res.body.items[0].id}/matches`)
      .query({ live: true })
      .set('Authorization', manager);
    expect(live.status).toBe(200);
    expect(live.body.live).toBe(true);
  });
});
