import {
  achievementBody,
  chainIds,
  createManager,
  publishDemand,
  registerEnterprise,
} from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

/**
 * The bureau's reads and administration over HTTP: the plan years, 未开始, the charts' series and funnel, the
 * review queue of reported figures, password resets and the audit log's vocabulary.
 */
describe('bureau dashboard and administration (e2e, real PostgreSQL + Redis + Meilisearch)', () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let chains: string[];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin, 'bureau-manager@example.com');
    chains = await chainIds(t.http);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('refuses years outside the plan with the plan’s years, and a year not yet begun is 未开始, not 滞后', async () => {
    for (const path of ['/indicators', '/indicators/pipeline', '/indicators/achievements/records']) {
      const res = await t.http.get(path).query({ year: 2031 }).set('Authorization', admin).expect(400);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: '2031 年不在三年行动方案的规划期内，请选择 2025—2027 年',
        details: [expect.objectContaining({ field: 'year' })],
      });
    }
    await t.http.get('/indicators').query({ year: 2024 }).set('Authorization', admin).expect(400);

    const future = await t.http
      .get('/indicators')
      .query({ year: 2027, asOf: '2026-11-30' })
      .set('Authorization', admin)
      .expect(200);
    const byKey = new Map(future.body.indicators.map((f: { key: string }) => [f.key, f]));
    expect(byKey.get('achievements')).toMatchObject({ target: 2000, actual: 0, status: '未开始', expected: 0 });
    expect(byKey.get('tech_managers')).toMatchObject({ status: '未开始' });
    expect(future.body.statusRule).toContain('未开始');

    const current = await t.http
      .get('/indicators')
      .query({ year: 2026, asOf: '2026-11-30' })
      .set('Authorization', admin)
      .expect(200);
    const achievements = current.body.indicators.find((f: { key: string }) => f.key === 'achievements');
    expect(achievements.status).toBe('滞后');
    // 6000 成果库 over 2025–2027: by 2026-11-30 the plan expects (1 + 334/365) / 3 of it
    expect(achievements.planTotal).toMatchObject({ target: 6000, status: '滞后' });
    expect(achievements.planTotal.expectedProgress).toBeCloseTo((1 + 334 / 365) / 3, 3);
  });

  it('answers the charts: monthly series with the expected line, and the pipeline funnel with its pairs', async () => {
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '苏州大学昆山研究院', district: '玉山镇' })
      .expect(201);
    const owner = await registerEnterprise(t.http, '昆山华辰精密机床有限公司');
    const demand = await publishDemand(t.http, owner.auth, manager, [chains[0], chains[1]], {
      title: '五轴数控机床热误差实时补偿',
    });
    const achievement = await t.http
      .post('/achievements')
      .set('Authorization', manager)
      .send(achievementBody(uni.body.id, [chains[0]], { title: '机床主轴热变形在线建模与补偿技术' }))
      .expect(201);
    await t.http.post(`/achievements/${achievement.body.id}/publish`).set('Authorization', manager).expect(200);
    await t.settle();

    const funnelBefore = await t.http.get('/indicators/pipeline').set('Authorization', admin).expect(200);
    const count = (body: { stages: Array<{ stage: string; count: number }> }, stage: string) =>
      body.stages.find((s) => s.stage === stage)!.count;
    expect(funnelBefore.body.stages.map((s: { label: string }) => s.label)).toEqual([
      '推荐',
      '确认',
      '已联系',
      '洽谈',
      '签约',
    ]);

    const existing = await t.http.get(`/demands/${demand.id}/matches`).set('Authorization', manager).expect(200);
    const found = existing.body.items.find(
      (m: { achievementId: string }) => m.achievementId === achievement.body.id,
    ) as { id: string } | undefined;
    const pairId =
      found?.id ??
      (
        await t.http
          .post('/matches')
          .set('Authorization', manager)
          .send({ demandId: demand.id, achievementId: achievement.body.id, note: '对接会现场配对' })
          .expect(201)
      ).body.id;
    await t.settle();
    const suggestedBefore = count(
      (await t.http.get('/indicators/pipeline').set('Authorization', admin)).body,
      'suggested',
    );
    await t.http.post(`/matches/${pairId}/confirm`).set('Authorization', manager).expect(200);
    await t.http.post(`/matches/${pairId}/contact`).set('Authorization', manager).send({}).expect(200);
    await t.settle();

    const funnel = await t.http.get('/indicators/pipeline').set('Authorization', admin).expect(200);
    expect(count(funnel.body, 'suggested')).toBe(suggestedBefore);
    expect(count(funnel.body, 'confirmed')).toBe(count(funnelBefore.body, 'confirmed') + 1);
    expect(count(funnel.body, 'contacted')).toBe(count(funnelBefore.body, 'contacted') + 1);
    expect(count(funnel.body, 'negotiating')).toBe(count(funnelBefore.body, 'negotiating'));
    expect(funnel.body.rule).toContain('被否决');

    const confirmed = await t.http
      .get('/indicators/pipeline/records')
      .query({ stage: 'confirmed' })
      .set('Authorization', admin)
      .expect(200);
    expect(confirmed.body.total).toBe(count(funnel.body, 'confirmed'));
    expect(confirmed.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: pairId,
          status: 'contacted',
          demandTitle: '五轴数控机床热误差实时补偿',
          achievementTitle: '机床主轴热变形在线建模与补偿技术',
        }),
      ]),
    );
    await t.http
      .get('/indicators/pipeline/records')
      .query({ stage: 'rejected' })
      .set('Authorization', admin)
      .expect(400);

    const series = await t.http
      .get('/indicators/series')
      .query({ keys: 'precise_matches,major_demands,chain_demands', year: 2026, asOf: '2026-11-30' })
      .set('Authorization', admin)
      .expect(200);
    const overview = await t.http
      .get('/indicators')
      .query({ year: 2026, asOf: '2026-11-30' })
      .set('Authorization', admin)
      .expect(200);
    for (const s of series.body.indicators as Array<{
      key: string;
      target: number;
      months: Array<{ month: string; value: number | null; expected: number | null }>;
    }>) {
      const figure = overview.body.indicators.find((f: { key: string }) => f.key === s.key);
      expect(s.months).toHaveLength(12);
      expect(s.months[10]).toMatchObject({ month: '2026-11', value: figure.actual });
      expect(s.months[11]).toMatchObject({ month: '2026-12', value: null, expected: s.target });
    }
    const pm = series.body.indicators.find((s: { key: string }) => s.key === 'precise_matches');
    // cumulative from 2025: 333 by the end of 2025, 667 by the end of 2026, linear in between
    expect(pm.months[0].expected).toBeCloseTo(333 + (667 - 333) * (31 / 365), 0);
    const reported = await t.http
      .get('/indicators/series')
      .query({ keys: 'key_labs' })
      .set('Authorization', admin)
      .expect(400);
    expect(reported.body.details[0].field).toBe('keys');
  });

  it('lists reported figures awaiting review apart, and takes them off once another admin decides', async () => {
    const report = await t.http
      .post('/indicators/application_scenarios/reports')
      .set('Authorization', admin)
      .send({ year: 2026, value: 2, asOf: '2026-10-31', evidence: '苏州市工信局应用场景示范项目名单（2026年第二批）' })
      .expect(201);
    const pending = await t.http
      .get('/indicator-reports')
      .query({ status: 'submitted' })
      .set('Authorization', admin)
      .expect(200);
    expect(pending.body.items).toEqual([
      expect.objectContaining({ id: report.body.id, indicatorName: '应用场景', statusLabel: '待审核' }),
    ]);
    // the author cannot approve; a second admin can
    await t.http.post(`/indicator-reports/${report.body.id}/approve`).set('Authorization', admin).expect(403);
    await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({
        email: 'second-admin@example.com',
        password: 'Admin2026x',
        name: '刘审核',
        role: 'admin',
        temporaryPassword: false,
      })
      .expect(201);
    const second = await login(t.http, 'second-admin@example.com', 'Admin2026x');
    await t.http.post(`/indicator-reports/${report.body.id}/approve`).set('Authorization', second).expect(200);
    const after = await t.http
      .get('/indicator-reports')
      .query({ status: 'submitted' })
      .set('Authorization', admin)
      .expect(200);
    expect(after.body.total).toBe(0);
    await t.http.get('/indicator-reports').query({ status: 'lost' }).set('Authorization', admin).expect(400);
  });

  it('resets a password: a temporary one that works once told, every earlier session ended', async () => {
    await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({
        email: 'organiser@example.com',
        password: 'Organiser2026',
        name: '王组织',
        role: 'organizer',
        temporaryPassword: false,
      })
      .expect(201);
    const organiser = await login(t.http, 'organiser@example.com', 'Organiser2026');
    const me = await t.http.get('/auth/me').set('Authorization', organiser).expect(200);

    const reset = await t.http.post(`/users/${me.body.id}/password-reset`).set('Authorization', manager).expect(200);
    expect(reset.body.temporaryPassword).toMatch(/^(?=.*[A-Za-z])(?=.*\d)[A-Za-z\d]{12}$/);
    expect(reset.body.user).not.toHaveProperty('passwordHash');
    await t.http.get('/auth/me').set('Authorization', organiser).expect(401);
    await t.http.post('/auth/login').send({ email: 'organiser@example.com', password: 'Organiser2026' }).expect(401);
    await login(t.http, 'organiser@example.com', reset.body.temporaryPassword);

    // a manager cannot reset an admin's password; nobody deactivates the account they are using
    const adminMe = await t.http.get('/auth/me').set('Authorization', admin).expect(200);
    await t.http.post(`/users/${adminMe.body.id}/password-reset`).set('Authorization', manager).expect(403);
    const self = await t.http
      .patch(`/users/${adminMe.body.id}`)
      .set('Authorization', admin)
      .send({ active: false })
      .expect(409);
    expect(self.body.message).toBe('不能停用自己正在使用的账号');

    const events = await t.http
      .get('/events')
      .query({ type: 'user.password_reset', entityId: me.body.id })
      .set('Authorization', admin)
      .expect(200);
    expect(events.body.items).toHaveLength(1);
    expect(JSON.stringify(events.body.items[0])).not.toContain(reset.body.temporaryPassword);
    const types = await t.http.get('/events/types').set('Authorization', admin).expect(200);
    expect(types.body).toEqual(expect.arrayContaining([{ type: 'user.password_reset', entityType: 'user' }]));
    await t.http.get('/events/types').set('Authorization', manager).expect(403);
  });
});
