import { DataSource } from 'typeorm';

import { challengeBody } from './factories/challenge.factory';
import {
  chainIds,
  createManager,
  publishDemand as publishDemandAs,
  registerEnterprise,
} from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

type Enterprise = Awaited<ReturnType<typeof registerEnterprise>>;

describe('揭榜挂帅 challenge calls (e2e, real PostgreSQL + Redis + Meilisearch)', () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let chains: string[];
  let ent: Enterprise;
  let other: Enterprise;
  let majorDemand: { id: string };
  let universityId: string;

  const count = async () =>
    Number((await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM challenges'))[0].n);

  const eventTypes = async (entityId: string): Promise<string[]> => {
    const res = await t.http.get('/events').query({ entityId, pageSize: 100 }).set('Authorization', admin).expect(200);
    return (res.body.items as Array<{ type: string }>).map((e) => e.type).reverse();
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin);
    chains = await chainIds(t.http);
    ent = await registerEnterprise(t.http, '昆山精毅精密机械有限公司');
    other = await registerEnterprise(t.http, '昆山无关贸易有限公司');
    majorDemand = await publishDemandAs(t.http, ent.auth, manager, [chains[4]]);
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '江南精密工程大学', district: '周市镇' })
      .expect(201);
    universityId = uni.body.id;
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('calls (榜单)', () => {
    it('a manager turns a published major demand into a draft call of its enterprise', async () => {
      const res = await t.http
        .post('/challenges')
        .set('Authorization', manager)
        .send(challengeBody({ sourceDemandId: majorDemand.id }))
        .expect(201);
      expect(res.body).toMatchObject({
        status: 'draft',
        statusLabel: '草稿',
        mechanismLabel: '揭榜挂帅',
        programmeLineLabel: '揭榜挂帅重大科技成果转化项目',
        enterpriseOrganisationId: ent.organisationId,
        enterpriseName: '昆山精毅精密机械有限公司',
        sourceDemandId: majorDemand.id,
        industryChainIds: [chains[4]],
        fundingTotal: 500,
        enterpriseShare: 350,
        governmentShare: 150,
        managerName: '陈经理',
        open: false,
        allowedActions: ['edit', 'publish', 'cancel'],
      });
      expect(res.body.indicators).toHaveLength(3);
      expect(res.body.eligibilityLabels.institutionKinds).toEqual(['高校院所', '企业']);
      expect(await eventTypes(res.body.id)).toEqual(['challenge.created']);
    });

    it('refuses bad input with the field and a Chinese reason, and stores nothing', async () => {
      const before = await count();
      const cases: Array<[Record<string, unknown>, string, RegExp]> = [
        [
          {
            criteria: [
              { name: '技术方案先进性', weight: 60 },
              { name: '团队', weight: 30 },
            ],
          },
          'criteria',
          /权重之和必须为 100（当前为 90）/,
        ],
        [{ bidDeadline: '2020-01-01T17:00:00+08:00' }, 'bidDeadline', /不能早于当前时间/],
        [
          { indicators: [{ name: '回差', target: '≤10', method: '检测' }] },
          'indicators.0.unit',
          /必须是字符串|不能为空/,
        ],
        [{ indicators: [] }, 'indicators', /元素数量不足/],
        [{ mechanism: 'horse_race' }, 'raceTeams', /赛马制须填写/],
        [{ mechanism: 'directed' }, 'directedInstitutionId', /定向委托须指定受托单位/],
        [{ governmentShare: 100 }, 'fundingTotal', /榜额必须等于/],
        [{ mechanism: '比武招亲' }, 'mechanism', /取值不在允许范围内/],
        [{ criteria: [{ name: '先进性', weight: 101 }] }, 'criteria.0.weight', /数值超出上限/],
      ];
      for (const [overrides, field, reason] of cases) {
        const res = await t.http
          .post('/challenges')
          .set('Authorization', manager)
          .send(challengeBody({ enterpriseOrganisationId: ent.organisationId, ...overrides }))
          .expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        const details = res.body.details as Array<{ field: string; reason: string }>;
        expect(details.filter((d) => d.field === field && reason.test(d.reason))).not.toHaveLength(0);
      }
      // No enterprise and no demand; a chain demand is not a 重大需求.
      await t.http.post('/challenges').set('Authorization', manager).send(challengeBody()).expect(400);
      const chainDemand = await publishDemandAs(t.http, ent.auth, manager, [chains[4]], {
        kind: 'chain',
        title: '数控机床主轴热变形补偿算法',
      });
      const refused = await t.http
        .post('/challenges')
        .set('Authorization', manager)
        .send(challengeBody({ sourceDemandId: chainDemand.id }))
        .expect(409);
      expect(refused.body.message).toBe('只有已发布的重大需求可以转为榜单');
      expect(await count()).toBe(before);
    });

    it('only staff write calls; a draft exists only for staff and its enterprise', async () => {
      await t.http
        .post('/challenges')
        .set('Authorization', ent.auth)
        .send(challengeBody({ enterpriseOrganisationId: ent.organisationId }))
        .expect(403);
      const draft = await t.http
        .post('/challenges')
        .set('Authorization', manager)
        .send(challengeBody({ enterpriseOrganisationId: ent.organisationId, title: '精密主轴动态热误差补偿攻关' }))
        .expect(201);
      const own = await t.http.get(`/challenges/${draft.body.id}`).set('Authorization', ent.auth).expect(200);
      expect(own.body.allowedActions).toEqual([]);
      await t.http.get(`/challenges/${draft.body.id}`).set('Authorization', other.auth).expect(404);
      await t.http.get(`/challenges/public/${draft.body.id}`).expect(404);
      const list = await t.http.get('/challenges').set('Authorization', other.auth).expect(200);
      expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(draft.body.id);
      await t.http
        .patch(`/challenges/${draft.body.id}`)
        .set('Authorization', ent.auth)
        .send({ title: '企业自己改的标题' })
        .expect(403);
    });

    it('runs draft → published → closed with events, versions and 409 for illegal steps', async () => {
      const created = await t.http
        .post('/challenges')
        .set('Authorization', manager)
        .send(challengeBody({ sourceDemandId: majorDemand.id, title: '谐波减速器柔轮疲劳寿命提升攻关' }))
        .expect(201);
      const id = created.body.id as string;
      const stale = await t.http
        .patch(`/challenges/${id}`)
        .set('Authorization', manager)
        .send({ fundingTotal: 600, enterpriseShare: 450, version: created.body.version + 5 })
        .expect(409);
      expect(stale.body.code).toBe('STALE_VERSION');
      const badPatch = await t.http
        .patch(`/challenges/${id}`)
        .set('Authorization', manager)
        .send({ fundingTotal: 600 })
        .expect(400);
      expect(badPatch.body.details[0].field).toBe('fundingTotal');
      const edited = await t.http
        .patch(`/challenges/${id}`)
        .set('Authorization', manager)
        .send({ fundingTotal: 600, enterpriseShare: 450, version: created.body.version })
        .expect(200);
      expect(edited.body).toMatchObject({ fundingTotal: 600, enterpriseShare: 450, version: created.body.version + 1 });

      await t.http.post(`/challenges/${id}/close`).set('Authorization', manager).send({}).expect(409);
      const published = await t.http
        .post(`/challenges/${id}/publish`)
        .set('Authorization', manager)
        .send({})
        .expect(200);
      expect(published.body).toMatchObject({ status: 'published', statusLabel: '揭榜中', open: true });
      expect(published.body.allowedActions).toEqual(['close', 'cancel']);
      const again = await t.http.post(`/challenges/${id}/publish`).set('Authorization', manager).send({}).expect(409);
      expect(again.body).toMatchObject({
        code: 'ILLEGAL_TRANSITION',
        message: '当前状态“揭榜中”不能执行“发布榜单”操作',
      });
      const frozen = await t.http
        .patch(`/challenges/${id}`)
        .set('Authorization', manager)
        .send({ title: '发布后再改标题' })
        .expect(409);
      expect(frozen.body.code).toBe('NOT_EDITABLE');

      // Public: listed and readable without login, without internal bookkeeping.
      const pub = await t.http.get(`/challenges/public/${id}`).expect(200);
      expect(pub.body).toMatchObject({ title: '谐波减速器柔轮疲劳寿命提升攻关', fundingTotal: 600 });
      expect(pub.body).not.toHaveProperty('managerUserId');
      expect(pub.body).not.toHaveProperty('createdById');
      expect(pub.body).not.toHaveProperty('allowedActions');
      const list = await t.http.get('/challenges/public').query({ q: '柔轮疲劳' }).expect(200);
      expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
      await t.http.get(`/challenges/${id}`).set('Authorization', other.auth).expect(200);

      await t.http.post(`/challenges/${id}/close`).set('Authorization', ent.auth).send({}).expect(403);
      await t.http.post(`/challenges/${id}/close`).set('Authorization', manager).send({}).expect(200);
      const noReason = await t.http.post(`/challenges/${id}/cancel`).set('Authorization', manager).send({}).expect(400);
      expect(noReason.body.details[0].field).toBe('reason');
      const cancelled = await t.http
        .post(`/challenges/${id}/cancel`)
        .set('Authorization', manager)
        .send({ reason: '企业调整研发方向，撤回榜单' })
        .expect(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: '企业调整研发方向，撤回榜单' });
      expect(await eventTypes(id)).toEqual([
        'challenge.created',
        'challenge.updated',
        'challenge.published',
        'challenge.closed',
        'challenge.cancelled',
      ]);
    });

    it('publishing a call whose deadline has passed is refused (409)', async () => {
      const created = await t.http
        .post('/challenges')
        .set('Authorization', manager)
        .send(
          challengeBody({
            mechanism: 'directed',
            directedInstitutionId: universityId,
            enterpriseOrganisationId: ent.organisationId,
            title: '伺服电机编码器定向委托研发',
          }),
        )
        .expect(201);
      expect(created.body).toMatchObject({ mechanismLabel: '定向委托', directedInstitutionName: '江南精密工程大学' });
      await t.app
        .get(DataSource)
        .query(`UPDATE challenges SET bid_deadline = now() - interval '1 hour' WHERE id = $1`, [created.body.id]);
      const res = await t.http
        .post(`/challenges/${created.body.id}/publish`)
        .set('Authorization', manager)
        .send({})
        .expect(409);
      expect(res.body.message).toContain('揭榜截止时间已过');
    });
  });
});
