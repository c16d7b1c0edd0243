import {
  chainIds,
  createManager,
  publishAchievement as publishAchievementAs,
  publishDemand as publishDemandAs,
  registerEnterprise,
} from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

/** A calendar date `days` from today in Beijing time, `YYYY-MM-DD`. */
const beijingDate = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * 864e5));

/**
 * 签约: the contract step records its amount, date and mode on the match, and the two records follow it through
 * their own workflows (demand in progress or solved, achievement transferred on a transfer or licence), each
 * change an event of the same transaction.
 */
describe('contracting a matched pair (e2e, real PostgreSQL + Redis + Meilisearch)', () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let chains: string[];
  let universityId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin);
    chains = await chainIds(t.http);
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '苏州精密制造研究院', district: '周市镇' })
      .expect(201);
    universityId = uni.body.id;
  });

  afterAll(async () => {
    await t?.close();
  });

  /** The pair's match: the engine may have stored it already, else the manager pairs them by hand. */
  async function confirmedPair(demandId: string, achievementId: string): Promise<string> {
    await t.settle();
    const res = await t.http.post('/matches').set('Authorization', manager).send({ demandId, achievementId });
    const id = res.status === 201 ? res.body.id : res.body.details.matchId;
    await t.http.post(`/matches/${id}/confirm`).set('Authorization', manager).expect(200);
    return id;
  }

  const statusOf = async (kind: 'demands' | 'achievements', id: string) =>
    (await t.http.get(`/${kind}/${id}`).set('Authorization', manager).expect(200)).body.status as string;

  it('records amount, date and mode; the demand starts and a transferred achievement leaves the market', async () => {
    const ent = await registerEnterprise(t.http, '昆山汇川精密传动有限公司');
    const demand = await publishDemandAs(t.http, ent.auth, manager, [chains[4]], {
      title: '机器人关节谐波减速器柔轮国产化',
    });
    const achievement = await publishAchievementAs(t.http, manager, universityId, [chains[4]], {
      title: '谐波减速器柔轮残余应力控制工艺',
      patentNumbers: ['ZL 2024 1 0654321.0'],
    });
    const matchId = await confirmedPair(demand.id, achievement.id);

    // bad input: nothing is written
    const negative = await t.http
      .post(`/matches/${matchId}/contract`)
      .set('Authorization', manager)
      .send({ contractAmount: -5 })
      .expect(400);
    expect(negative.body.details).toEqual([
      expect.objectContaining({ field: 'contractAmount', reason: '数值低于下限' }),
    ]);
    const future = await t.http
      .post(`/matches/${matchId}/contract`)
      .set('Authorization', manager)
      .send({ contractedAt: beijingDate(3) })
      .expect(400);
    expect(future.body.details).toEqual([expect.objectContaining({ field: 'contractedAt', reason: '不能晚于今天' })]);
    const misplaced = await t.http
      .post(`/matches/${matchId}/contact`)
      .set('Authorization', manager)
      .send({ contractAmount: 80 })
      .expect(400);
    expect(misplaced.body.details).toEqual([{ field: 'contractAmount', reason: '仅签约时填写' }]);
    expect((await t.http.get(`/matches/${matchId}`).set('Authorization', manager)).body.status).toBe('confirmed');

    const signedOn = beijingDate(-3);
    const contracted = await t.http
      .post(`/matches/${matchId}/contract`)
      .set('Authorization', manager)
      .send({ contractAmount: 85.5, contractedAt: signedOn, contractMode: 'transfer', note: '路演现场签约' })
      .expect(200);
    expect(contracted.body).toMatchObject({
      status: 'contracted',
      statusLabel: '已签约',
      contractAmount: 85.5,
      contractMode: 'transfer',
      contractedAt: new Date(`${signedOn}T00:00:00+08:00`).toISOString(),
      demand: { id: demand.id, status: 'in_progress' },
      achievement: { id: achievement.id, status: 'transferred' },
    });
    expect(await statusOf('demands', demand.id)).toBe('in_progress');
    expect(await statusOf('achievements', achievement.id)).toBe('transferred');

    // each change is an event, recorded with the contract
    const events = async (entityId: string) =>
      (await t.http.get('/events').query({ entityId }).set('Authorization', admin).expect(200)).body.items as Array<{
        type: string;
        after: Record<string, unknown>;
        requestId: string | null;
      }>;
    const [contractEvent] = await events(matchId);
    expect(contractEvent).toMatchObject({
      type: 'match.contracted',
      after: { contractAmount: 85.5, contractMode: 'transfer', demandSolved: false },
    });
    expect((await events(demand.id))[0]).toMatchObject({ type: 'demand.started', after: { status: 'in_progress' } });
    expect((await events(achievement.id))[0]).toMatchObject({
      type: 'achievement.transferred',
      after: { status: 'transferred' },
    });
    await t.settle();

    // the 签约 figure counts the pair in the year of its contract date
    const year = Number(signedOn.slice(0, 4));
    const records = await t.http
      .get('/indicators/contracted_matches/records')
      .query({ year })
      .set('Authorization', admin)
      .expect(200);
    expect(JSON.stringify(records.body)).toContain('谐波减速器柔轮残余应力控制工艺');
  });

  it('solves the demand when the need is met; a joint development leaves the achievement on the market', async () => {
    const ent = await registerEnterprise(t.http, '昆山瑞泰新材料科技有限公司');
    const demand = await publishDemandAs(t.http, ent.auth, manager, [chains[7]], {
      title: '锂电池隔膜陶瓷涂覆浆料配方优化',
    });
    const achievement = await publishAchievementAs(t.http, manager, universityId, [chains[7]], {
      title: '勃姆石陶瓷涂覆隔膜浆料分散技术',
      patentNumbers: ['ZL 2024 1 0765432.1'],
    });
    const matchId = await confirmedPair(demand.id, achievement.id);
    const contracted = await t.http
      .post(`/matches/${matchId}/contract`)
      .set('Authorization', manager)
      .send({ contractMode: 'joint_development', demandSolved: true })
      .expect(200);
    expect(contracted.body).toMatchObject({
      status: 'contracted',
      contractAmount: null,
      contractMode: 'joint_development',
    });
    expect(new Date(contracted.body.contractedAt).getTime()).toBeGreaterThan(Date.now() - 60000);
    expect(await statusOf('demands', demand.id)).toBe('solved');
    expect(await statusOf('achievements', achievement.id)).toBe('published');
  });
});
