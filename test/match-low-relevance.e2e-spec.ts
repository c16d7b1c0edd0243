import { parseServerTiming } from '@app/common';
import { matchStrength } from '@app/matching';

import {
  chainIds,
  createManager,
  publishAchievement as publishAchievementAs,
  publishDemand as publishDemandAs,
  registerEnterprise,
} from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

/** The show threshold this file runs with (MATCH_SHOW_THRESHOLD): between the exact answer and the loose ones. */
const THRESHOLD = 0.6;

interface Item {
  achievementId: string;
  achievement: { title: string };
  lowRelevance: boolean;
  origin: string;
  explanation: { factors: Record<string, { value: number }>; confidence?: number };
}

describe('honest "no strong match" (e2e, real PostgreSQL + Redis + Meilisearch)', () => {
  let t: TestApp;
  let manager: string;
  let chains: string[];
  let universityId: string;
  const previous = process.env.MATCH_SHOW_THRESHOLD;

  beforeAll(async () => {
    process.env.MATCH_SHOW_THRESHOLD = String(THRESHOLD);
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
    const catalogue: Array<Record<string, unknown>> = [
      {}, // the factory's harmonic reducer: the exact answer to the factory's demand
      {
        title: '协作机器人末端柔性力控夹爪',
        abstract:
          '面向协作机器人装配场景，开发基于串联弹性驱动的末端夹爪，夹持力分辨率 0.05 牛，可与主流协作机器人关节控制器直连。',
        keywords: ['协作机器人', '力控夹爪'],
      },
      {
        title: '精密转台用高刚度交叉滚子轴承',
        abstract: '优化交叉滚子轴承滚道曲率与预紧工艺，轴向跳动小于 2 微米，可用于数控转台与机器人关节，寿命提高 30%。',
        keywords: ['交叉滚子轴承', '数控转台'],
      },
      {
        title: '城市污水厂污泥低温干化装置',
        abstract: '利用热泵余热回收实现污泥低温干化，含水率由 80% 降至 30%，能耗较传统热干化降低 40%。',
        keywords: ['污泥干化', '热泵'],
      },
    ];
    for (const overrides of catalogue) {
      await publishAchievementAs(t.http, manager, universityId, [chains[4]], {
        patentNumbers: [],
        ...overrides,
      });
    }
    await t.settle();
  });

  afterAll(async () => {
    await t?.close();
    if (previous === undefined) delete process.env.MATCH_SHOW_THRESHOLD;
    else process.env.MATCH_SHOW_THRESHOLD = previous;
  });

  const list = async (demandId: string, auth: string, query = '') =>
    (await t.http.get(`/demands/${demandId}/matches${query}`).set('Authorization', auth).expect(200)).body as {
      items: Item[];
      lowRelevanceHidden: number;
      matched?: boolean;
    };

  it('shows the enterprise only suggestions above the threshold; staff see all, 低相关 marked', async () => {
    const ent = await registerEnterprise(t.http);
    const demand = await publishDemandAs(t.http, ent.auth, manager, [chains[4]]);
    await t.settle();

    const staff = await list(demand.id, manager);
    expect(staff.lowRelevanceHidden).toBe(0);
    expect(staff.matched).toBe(true);
    expect(staff.items[0].achievement.title).toBe('基于双圆弧齿形修形的高精度谐波减速器');
    for (const m of staff.items) expect(m.lowRelevance).toBe(matchStrength(m.explanation) < THRESHOLD);
    const low = staff.items.filter((m) => m.lowRelevance);
    const strong = staff.items.filter((m) => !m.lowRelevance);
    expect(low.length).toBeGreaterThan(0);
    expect(strong.length).toBeGreaterThan(0);

    const own = await list(demand.id, ent.auth);
    expect(own.items.map((m) => m.achievementId)).toEqual(strong.map((m) => m.achievementId));
    expect(own.lowRelevanceHidden).toBe(low.length);
    expect(own.matched).toBe(true);

    // live suggestions (staff only) carry the same mark
    const live = await list(demand.id, manager, '?live=true');
    for (const m of live.items) expect(m.lowRelevance).toBe(matchStrength(m.explanation) < THRESHOLD);
  });

  it('reports where a live match spent its time in the Server-Timing header', async () => {
    const ent = await registerEnterprise(t.http);
    const demand = await publishDemandAs(t.http, ent.auth, manager, [chains[4]]);
    await t.settle();
    const res = await t.http.get(`/demands/${demand.id}/matches?live=true`).set('Authorization', manager).expect(200);
    const phases = parseServerTiming(res.headers['server-timing']);
    for (const name of ['auth', 'demand', 'query', 'search', 'meili', 'bigram', 'features', 'rank', 'total']) {
      expect(phases.get(name)?.dur).toBeGreaterThanOrEqual(0);
    }
    // the candidates were vectorised or read from the cache, and the phases fit in the request's total
    expect(phases.get('features')?.desc).toMatch(/^\d+ of \d+ vectorised$/);
    expect(phases.get('search')!.dur).toBeLessThanOrEqual(phases.get('total')!.dur);
    expect(phases.get('meili')!.dur).toBeLessThanOrEqual(phases.get('search')!.dur + 0.01);
    // the stored list reports nothing
    const stored = await t.http.get(`/demands/${demand.id}/matches`).set('Authorization', manager).expect(200);
    expect(stored.headers['server-timing']).toBeUndefined();
  });

  it('keeps a 低相关 suggestion in the enterprise’s view once a manager has acted on it', async () => {
    const ent = await registerEnterprise(t.http);
    const demand = await publishDemandAs(t.http, ent.auth, manager, [chains[4]]);
    await t.settle();
    const low = (await list(demand.id, manager)).items.find((m) => m.lowRelevance) as Item & { id: string };
    expect((await list(demand.id, ent.auth)).items.map((m) => m.achievementId)).not.toContain(low.achievementId);
    await t.http.post(`/matches/${low.id}/confirm`).set('Authorization', manager).expect(200);
    const own = await list(demand.id, ent.auth);
    expect(own.items.map((m) => m.achievementId)).toContain(low.achievementId);
  });

  it('says so when nothing in the catalogue fits: no recommendation, the demand marked as matched', async () => {
    const ent = await registerEnterprise(t.http);
    const demand = await publishDemandAs(t.http, ent.auth, manager, [chains[4]], {
      title: '食用菌液体菌种深层发酵工艺优化',
      description:
        '我司从事杏鲍菇工厂化栽培，希望优化液体菌种深层发酵的培养基配方与通气条件，缩短菌种培养周期至 5 天以内，降低杂菌污染率。',
      keywords: ['液体菌种', '深层发酵', '杏鲍菇'],
      technicalIndicators: '培养周期≤5 天；污染率≤1%',
      expectedOutcome: '形成可在 5 吨发酵罐上稳定运行的工艺规程',
      requiredTrl: 6,
    });
    await t.settle();
    const own = await list(demand.id, ent.auth);
    expect(own.items).toEqual([]);
    expect(own.matched).toBe(true);
  });
});
