import { randomUUID } from 'node:crypto';

import { IndicatorFactsService } from '@app/indicators';
import { DataSource } from 'typeorm';

import { bidBody, challengeBody } from './factories/challenge.factory';
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

  let uni2Id: string;
  let uni1: string;
  let uni2: string;
  let db: DataSource;

  async function createUser(role: string, email: string, organisationId?: string): Promise<string> {
    const password = 'Expert2026';
    await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({
        email,
        password,
        name: email.startsWith('uni2') ? '刘海波' : '张立新',
        role,
        organisationId,
        temporaryPassword: false,
      })
      .expect(201);
    return login(t.http, email, password);
  }

  async function university(name: string): Promise<string> {
    const res = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name, district: '周市镇' })
      .expect(201);
    return res.body.id as string;
  }

  async function publishedCall(overrides: Record<string, unknown> = {}): Promise<string> {
    const res = await t.http
      .post('/challenges')
      .set('Authorization', manager)
      .send(challengeBody({ enterpriseOrganisationId: ent.organisationId, ...overrides }))
      .expect(201);
    await t.http.post(`/challenges/${res.body.id}/publish`).set('Authorization', manager).send({}).expect(200);
    return res.body.id as string;
  }

  const bidCount = async () => Number((await db.query('SELECT count(*)::int AS n FROM challenge_bids'))[0].n);

  const count = async () =>
    Number((await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM challenges'))[0].n);

  /**
   * The call's own steps, in order. The engine's invitation proposals (`challenge.invitations_proposed`) are recorded
   * when the publish event is processed, at a moment of their own: test/challenge-invitations.e2e-spec.ts covers them.
   */
  const eventTypes = async (entityId: string): Promise<string[]> => {
    const res = await t.http.get('/events').query({ entityId, pageSize: 100 }).set('Authorization', admin).expect(200);
    return (res.body.items as Array<{ type: string }>)
      .map((e) => e.type)
      .filter((type) => type !== 'challenge.invitations_proposed')
      .reverse();
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
    uni2Id = await university('太湖材料科学研究院');
    uni1 = await createUser('university', 'uni1@example.edu.cn', universityId);
    uni2 = await createUser('university', 'uni2@example.edu.cn', uni2Id);
    db = t.app.get(DataSource);
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
        [{ eligibility: undefined }, 'eligibility', /必填/],
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

  describe('bids (揭榜方案)', () => {
    let callId: string;
    let bid1: { id: string; version: number };
    let bid2: { id: string };

    beforeAll(async () => {
      callId = await publishedCall({ title: '新能源汽车电池托盘轻量化防腐涂层攻关' });
    });

    it('a university submits a bid before the deadline; a consortium bids with its members', async () => {
      const res = await t.http
        .post(`/challenges/${callId}/bids`)
        .set('Authorization', uni1)
        .send(bidBody())
        .expect(201);
      expect(res.body).toMatchObject({
        status: 'submitted',
        statusLabel: '已提交',
        bidderOrganisationId: universityId,
        bidderName: '江南精密工程大学',
        challengeTitle: '新能源汽车电池托盘轻量化防腐涂层攻关',
        requestedFunding: 480,
        allowedActions: ['edit', 'withdraw'],
      });
      bid1 = res.body;
      const second = await t.http
        .post(`/challenges/${callId}/bids`)
        .set('Authorization', uni1)
        .send(bidBody())
        .expect(409);
      expect(second.body.message).toBe('本单位已提交过该榜单的揭榜方案，请修改原方案');
      const joint = await t.http
        .post(`/challenges/${callId}/bids`)
        .set('Authorization', uni2)
        .send(
          bidBody({
            consortiumName: '昆山精密传动创新联合体',
            members: [{ organisationId: other.organisationId, role: '课题二承担单位：小批量试制与应用验证' }],
            requestedFunding: 500,
          }),
        )
        .expect(201);
      expect(joint.body.members).toEqual([
        {
          organisationId: other.organisationId,
          role: '课题二承担单位：小批量试制与应用验证',
          organisationName: '昆山无关贸易有限公司',
        },
      ]);
      bid2 = joint.body;
      const call = await t.http.get(`/challenges/${callId}`).set('Authorization', manager).expect(200);
      expect(call.body.bidCount).toBe(2);
      const pub = await t.http.get(`/challenges/public/${callId}`).expect(200);
      expect(pub.body).not.toHaveProperty('bidCount');
    });

    it('bidders see only their own bids; the enterprise and staff see all; the public none', async () => {
      await t.http.get(`/challenges/bids/${bid2.id}`).set('Authorization', uni1).expect(404);
      const own = await t.http.get(`/challenges/${callId}/bids`).set('Authorization', uni1).expect(200);
      expect(own.body.map((b: { id: string }) => b.id)).toEqual([bid1.id]);
      // A consortium member reads its consortium's bid, but only the lead edits it.
      const member = await t.http.get(`/challenges/bids/${bid2.id}`).set('Authorization', other.auth).expect(200);
      expect(member.body.allowedActions).toEqual([]);
      await t.http
        .patch(`/challenges/bids/${bid2.id}`)
        .set('Authorization', other.auth)
        .send({ requestedFunding: 1 })
        .expect(404);
      for (const auth of [ent.auth, manager]) {
        const all = await t.http.get(`/challenges/${callId}/bids`).set('Authorization', auth).expect(200);
        expect(all.body.map((b: { id: string }) => b.id)).toEqual([bid1.id, bid2.id]);
      }
      const outsider = await registerEnterprise(t.http, '昆山路人科技有限公司');
      const none = await t.http.get(`/challenges/${callId}/bids`).set('Authorization', outsider.auth).expect(200);
      expect(none.body).toEqual([]);
      await t.http.get(`/challenges/bids/${bid1.id}`).set('Authorization', outsider.auth).expect(404);
      await t.http.get(`/challenges/${callId}/bids`).expect(401);
      await t.http.get(`/challenges/bids/${bid1.id}`).expect(401);
    });

    it('我的揭榜 lists the bids an organisation leads or joins across calls; bidders only', async () => {
      type Row = { id: string; challengeTitle: string; allowedActions: string[] };
      const mine = await t.http.get('/challenges/bids').set('Authorization', uni1).expect(200);
      const ids = (mine.body as Row[]).map((b) => b.id);
      expect(ids).toContain(bid1.id);
      expect(ids).not.toContain(bid2.id);
      expect((mine.body as Row[]).find((b) => b.id === bid1.id)).toMatchObject({
        challengeTitle: '新能源汽车电池托盘轻量化防腐涂层攻关',
        allowedActions: ['edit', 'withdraw'],
      });
      const member = await t.http.get('/challenges/bids').set('Authorization', other.auth).expect(200);
      expect((member.body as Row[]).find((b) => b.id === bid2.id)?.allowedActions).toEqual([]);
      await t.http.get('/challenges/bids').set('Authorization', manager).expect(403);
      await t.http.get('/challenges/bids').expect(401);
    });

    it('checks eligibility with a clear Chinese message (409) and input per field (400), storing nothing', async () => {
      const before = await bidCount();
      const own = await t.http
        .post(`/challenges/${callId}/bids`)
        .set('Authorization', ent.auth)
        .send(bidBody())
        .expect(409);
      expect(own.body).toMatchObject({ code: 'NOT_ELIGIBLE', message: '出榜企业不能揭自己的榜' });
      await t.http.post(`/challenges/${callId}/bids`).set('Authorization', manager).send(bidBody()).expect(403);

      const uniOnly = await publishedCall({
        title: '高校专项：谐波齿形精密测量方法',
        eligibility: { institutionKinds: ['university'], region: null, consortiumAllowed: false },
      });
      const kind = await t.http
        .post(`/challenges/${uniOnly}/bids`)
        .set('Authorization', other.auth)
        .send(bidBody())
        .expect(409);
      expect(kind.body).toMatchObject({ code: 'NOT_ELIGIBLE', message: '该榜单仅接受高校院所作为牵头单位揭榜' });
      const joint = await t.http
        .post(`/challenges/${uniOnly}/bids`)
        .set('Authorization', uni1)
        .send(bidBody({ members: [{ organisationId: uni2Id, role: '课题二' }] }))
        .expect(409);
      expect(joint.body.message).toBe('该榜单不接受联合体揭榜，请以单一单位提交方案');

      const directed = await publishedCall({
        title: '伺服编码器信号处理芯片定向委托',
        mechanism: 'directed',
        directedInstitutionId: universityId,
      });
      const notNamed = await t.http
        .post(`/challenges/${directed}/bids`)
        .set('Authorization', uni2)
        .send(bidBody())
        .expect(409);
      expect(notNamed.body.message).toBe('该榜单为定向委托，仅受托单位可以提交方案');

      const cases: Array<[Record<string, unknown>, string]> = [
        [{ milestones: [{ title: '样机', dueDate: '2020-01-01', deliverable: '样机 3 台' }] }, 'milestones.0.dueDate'],
        [{ milestones: [] }, 'milestones'],
        [{ approach: '太短' }, 'approach'],
        [{ team: { members: [] } }, 'team.lead'],
        [{ requestedFunding: 'many' }, 'requestedFunding'],
      ];
      for (const [overrides, field] of cases) {
        const res = await t.http
          .post(`/challenges/${uniOnly}/bids`)
          .set('Authorization', uni2)
          .send(bidBody(overrides))
          .expect(400);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      const tooMuch = await t.http
        .post(`/challenges/${uniOnly}/bids`)
        .set('Authorization', uni2)
        .send(bidBody({ requestedFunding: 501 }))
        .expect(400);
      expect(tooMuch.body.details[0]).toMatchObject({
        field: 'requestedFunding',
        reason: '申请经费不能超过榜额（500 万元）',
      });
      expect(await bidCount()).toBe(before);
    });

    it('the lead edits until the deadline with versions; afterwards bids are frozen and refused', async () => {
      const stale = await t.http
        .patch(`/challenges/bids/${bid1.id}`)
        .set('Authorization', uni1)
        .send({ requestedFunding: 450, version: bid1.version + 3 })
        .expect(409);
      expect(stale.body.code).toBe('STALE_VERSION');
      const edited = await t.http
        .patch(`/challenges/bids/${bid1.id}`)
        .set('Authorization', uni1)
        .send({ requestedFunding: 450, version: bid1.version })
        .expect(200);
      expect(edited.body).toMatchObject({ requestedFunding: 450, version: bid1.version + 1 });

      await db.query(`UPDATE challenges SET bid_deadline = now() - interval '1 minute' WHERE id = $1`, [callId]);
      const before = await bidCount();
      const late = await t.http
        .post(`/challenges/${callId}/bids`)
        .set('Authorization', uni2)
        .send(bidBody())
        .expect(409);
      expect(late.body.code).toBe('BID_DEADLINE_PASSED');
      expect(late.body.message).toMatch(/^揭榜已截止（截止时间 .+），方案不能再提交、修改或撤回$/);
      const lateEdit = await t.http
        .patch(`/challenges/bids/${bid1.id}`)
        .set('Authorization', uni1)
        .send({ requestedFunding: 400 })
        .expect(409);
      expect(lateEdit.body.code).toBe('BID_DEADLINE_PASSED');
      await t.http.post(`/challenges/bids/${bid1.id}/withdraw`).set('Authorization', uni1).send({}).expect(409);
      const frozen = await t.http.get(`/challenges/bids/${bid1.id}`).set('Authorization', uni1).expect(200);
      expect(frozen.body).toMatchObject({ requestedFunding: 450, allowedActions: [] });
      expect(await bidCount()).toBe(before);
      expect(await eventTypes(bid1.id)).toEqual(['challenge_bid.submitted', 'challenge_bid.updated']);
    });

    it('a bid withdrawn before the deadline leaves room for a new one', async () => {
      const call = await publishedCall({ title: '精密减速器润滑脂国产化攻关' });
      const first = await t.http
        .post(`/challenges/${call}/bids`)
        .set('Authorization', uni2)
        .send(bidBody())
        .expect(201);
      const withdrawn = await t.http
        .post(`/challenges/bids/${first.body.id}/withdraw`)
        .set('Authorization', uni2)
        .send({ version: first.body.version })
        .expect(200);
      expect(withdrawn.body).toMatchObject({ status: 'withdrawn', statusLabel: '已撤回', allowedActions: [] });
      await t.http.post(`/challenges/${call}/bids`).set('Authorization', uni2).send(bidBody()).expect(201);
      await t.http.post(`/challenges/${call}/close`).set('Authorization', manager).send({}).expect(200);
      const closed = await t.http
        .post(`/challenges/${call}/bids`)
        .set('Authorization', uni1)
        .send(bidBody())
        .expect(409);
      expect(closed.body.code).toBe('BID_DEADLINE_PASSED');
    });
  });

  describe('expert review, award and projects', () => {
    let expertA: string;
    let expertAId: string;
    let expertB: string;
    let expertBId: string;
    let expertC: string;
    let expertCId: string;

    const sheet = (
      a: number,
      b: number,
      c: number,
      d: number,
      comment = '技术路线清晰，建议补充量产工艺验证计划。',
    ) => ({
      scores: [
        { criterion: '技术方案先进性', score: a },
        { criterion: '团队实力与业绩', score: b },
        { criterion: '产业化可行性', score: c },
        { criterion: '经费预算合理性', score: d },
      ],
      comment,
    });

    async function expert(email: string, role: string, organisationId?: string) {
      const auth = await createUser(role, email, organisationId);
      const me = await t.http.get('/auth/me').set('Authorization', auth).expect(200);
      // only users an admin flagged as experts join a review panel
      await t.http.patch(`/users/${me.body.id}`).set('Authorization', admin).send({ expert: true }).expect(200);
      return { auth, id: me.body.id as string };
    }

    const bid = async (callId: string, auth: string, overrides: Record<string, unknown> = {}) =>
      (await t.http.post(`/challenges/${callId}/bids`).set('Authorization', auth).send(bidBody(overrides)).expect(201))
        .body.id as string;

    const step = (callId: string, action: string, body: Record<string, unknown> = {}, status = 200) =>
      t.http.post(`/challenges/${callId}/${action}`).set('Authorization', manager).send(body).expect(status);

    beforeAll(async () => {
      const third = await university('东吴智能制造研究院');
      ({ auth: expertA, id: expertAId } = await expert('expert-a@example.edu.cn', 'university', third));
      // expert B works at 江南精密工程大学: every bid it leads or joins is a conflict by rule
      ({ auth: expertB, id: expertBId } = await expert('expert-b@example.edu.cn', 'university', universityId));
      ({ auth: expertC, id: expertCId } = await expert('expert-c@example.com', 'manager'));
    });

    it('a 揭榜挂帅 call from publication to an accepted project: two bids, two experts (one conflicted)', async () => {
      const callId = await publishedCall({ sourceDemandId: majorDemand.id, title: '谐波减速器国产化揭榜挂帅' });
      const bid1 = await bid(callId, uni1);
      const bid2 = await bid(callId, uni2);
      const panel = await t.http
        .put(`/challenges/${callId}/reviewers`)
        .set('Authorization', manager)
        .send({ userIds: [expertAId, expertBId] })
        .expect(200);
      expect(panel.body.panel.map((p: { name: string }) => p.name)).toEqual(['张立新', '张立新']);
      // 评审任务: an expert lists the calls they are assigned to; the chain filter narrows the public list
      const reviewing = await t.http
        .get('/challenges')
        .query({ reviewing: 'true' })
        .set('Authorization', expertA)
        .expect(200);
      expect(reviewing.body.items.map((c: { id: string }) => c.id)).toEqual([callId]);
      const none = await t.http.get('/challenges').query({ reviewing: 'true' }).set('Authorization', uni1).expect(200);
      expect(none.body.items).toEqual([]);
      const ofChain = await t.http.get('/challenges/public').query({ chain: chains[4], pageSize: 100 }).expect(200);
      expect(ofChain.body.items.map((c: { id: string }) => c.id)).toContain(callId);
      const otherChain = await t.http.get('/challenges/public').query({ chain: chains[0], pageSize: 100 }).expect(200);
      expect(otherChain.body.items.map((c: { id: string }) => c.id)).not.toContain(callId);
      await t.http.get('/challenges/public').query({ chain: 'abc' }).expect(400);
      // experts read bids only once the review has started
      await t.http.get(`/challenges/bids/${bid1}`).set('Authorization', expertA).expect(404);
      const early = await step(callId, 'start-review', {}, 409);
      expect(early.body.code).toBe('ILLEGAL_TRANSITION');
      await step(callId, 'close');
      const started = await step(callId, 'start-review');
      expect(started.body).toMatchObject({ status: 'under_review', statusLabel: '专家评审中' });
      expect(started.body.allowedActions).toEqual(['award', 'cancel']);
      const frozen = await t.http
        .put(`/challenges/${callId}/reviewers`)
        .set('Authorization', manager)
        .send({ userIds: [expertAId] })
        .expect(409);
      expect(frozen.body.code).toBe('NOT_EDITABLE');
      await t.http.get(`/challenges/bids/${bid1}`).set('Authorization', expertA).expect(200);

      // expert B's organisation leads bid 1: refused, nothing stored
      const conflicted = await t.http
        .put(`/challenges/bids/${bid1}/score`)
        .set('Authorization', expertB)
        .send(sheet(90, 90, 90, 90))
        .expect(409);
      expect(conflicted.body).toMatchObject({
        code: 'CONFLICT_OF_INTEREST',
        message: '您所在单位参与了该方案，需回避，不能评分',
      });
      const outOfRange = await t.http
        .put(`/challenges/bids/${bid1}/score`)
        .set('Authorization', expertA)
        .send(sheet(120, 80, 70, 60))
        .expect(400);
      expect(outOfRange.body.details.map((d: { field: string }) => d.field)).toContain('scores.0.score');
      const partial = await t.http
        .put(`/challenges/bids/${bid1}/score`)
        .set('Authorization', expertA)
        .send({ scores: [{ criterion: '技术方案先进性', score: 90 }] })
        .expect(400);
      expect(partial.body.details[0]).toMatchObject({
        field: 'scores',
        reason: '须对每项评审指标打分，缺少：团队实力与业绩、产业化可行性、经费预算合理性',
      });
      await t.http
        .put(`/challenges/bids/${bid1}/score`)
        .set('Authorization', uni1)
        .send(sheet(99, 99, 99, 99))
        .expect(404);
      expect(Number((await db.query('SELECT count(*)::int AS n FROM challenge_bid_scores'))[0].n)).toBe(0);

      const mine = await t.http
        .put(`/challenges/bids/${bid1}/score`)
        .set('Authorization', expertA)
        .send(sheet(90, 80, 70, 60))
        .expect(200);
      expect(mine.body.bids).toBeNull(); // an expert sees only their own sheet
      expect(mine.body.mine.bids.find((b: { bidId: string }) => b.bidId === bid1).score.weightedTotal).toBe(80);
      await t.http
        .put(`/challenges/bids/${bid2}/score`)
        .set('Authorization', expertA)
        .send(sheet(70, 70, 70, 70))
        .expect(200);

      const early2 = await step(callId, 'award', { bidIds: [bid1] }, 409);
      expect(early2.body).toMatchObject({ code: 'REVIEW_INCOMPLETE' });
      expect(early2.body.message).toContain('还有 1 份评分未提交');
      expect(early2.body.details.pending).toEqual([{ userId: expertBId, bidId: bid2 }]);
      await t.http
        .put(`/challenges/bids/${bid2}/score`)
        .set('Authorization', expertB)
        .send(sheet(80, 75, 70, 70))
        .expect(200);

      const review = await t.http.get(`/challenges/${callId}/review`).set('Authorization', ent.auth).expect(200);
      expect(review.body.complete).toBe(true);
      expect(
        review.body.bids.map((b: Record<string, unknown>) => [b.bidderName, b.mean, b.spread, b.rank, b.scoreCount]),
      ).toEqual([
        ['江南精密工程大学', 80, 0, 1, 1],
        ['太湖材料科学研究院', 72.75, 5.5, 2, 2], // (70 + 75.5) / 2
      ]);
      // the enterprise counts the conflicts per numbered expert; which expert, and with which bid, is for staff
      expect(review.body.conflicts).toBeNull();
      expect(review.body.panel.map((p: { conflicts: number }) => p.conflicts)).toEqual([0, 1]);
      const staffReview = await t.http.get(`/challenges/${callId}/review`).set('Authorization', manager).expect(200);
      expect(staffReview.body.conflicts).toEqual([{ userId: expertBId, bidId: bid1, declared: false }]);
      await t.http.get(`/challenges/${callId}/review`).set('Authorization', uni2).expect(404);

      const two = await step(callId, 'award', { bidIds: [bid1, bid2] }, 400);
      expect(two.body.details[0]).toMatchObject({ field: 'bidIds', reason: '揭榜挂帅与定向委托只能确定一个揭榜单位' });
      const awarded = await step(callId, 'award', { bidIds: [bid1] });
      expect(awarded.body).toMatchObject({ status: 'awarded', statusLabel: '已定榜', allowedActions: ['complete'] });
      const outcome = await t.http.get(`/challenges/${callId}/bids`).set('Authorization', manager).expect(200);
      expect(outcome.body.map((b: { statusLabel: string }) => b.statusLabel)).toEqual(['已揭榜', '未入选']);

      const projects = await t.http
        .get('/challenges/projects')
        .query({ challengeId: callId })
        .set('Authorization', manager)
        .expect(200);
      expect(projects.body).toHaveLength(1);
      const project = projects.body[0];
      expect(project).toMatchObject({
        status: 'running',
        statusLabel: '实施中',
        organisationName: '江南精密工程大学',
        programmeLineLabel: '揭榜挂帅重大科技成果转化项目',
        funding: 480,
        allowedActions: ['accept-milestone'],
      });
      expect(project.milestones.map((m: { statusLabel: string }) => m.statusLabel)).toEqual([
        '待验收',
        '待验收',
        '待验收',
      ]);
      await t.http.get(`/challenges/projects/${project.id}`).set('Authorization', uni1).expect(200);
      await t.http.get(`/challenges/projects/${project.id}`).set('Authorization', ent.auth).expect(200);
      await t.http.get(`/challenges/projects/${project.id}`).set('Authorization', uni2).expect(404);
      const unfinished = await step(callId, 'complete', {}, 409);
      expect(unfinished.body.message).toBe('还有 1 个攻关项目未验收，不能完成榜单');

      const measured = [
        { name: '回差', value: '8' },
        { name: '额定寿命', value: '12000' },
        { name: '小批量试制', value: '200' },
      ];
      const tooEarly = await t.http
        .post(`/challenges/projects/${project.id}/acceptance`)
        .set('Authorization', manager)
        .send({ passed: true, measured })
        .expect(409);
      expect(tooEarly.body.message).toBe('还有 3 个里程碑未验收，不能进行项目验收');
      for (const index of [0, 1, 2]) {
        await t.http
          .post(`/challenges/projects/${project.id}/milestones/${index}/accept`)
          .set('Authorization', manager)
          .send({ note: `第 ${index + 1} 阶段交付物已核验` })
          .expect(200);
      }
      const twice = await t.http
        .post(`/challenges/projects/${project.id}/milestones/0/accept`)
        .set('Authorization', manager)
        .send({})
        .expect(409);
      expect(twice.body.message).toBe('里程碑“完成样机设计与试制”已验收');
      await t.http
        .post(`/challenges/projects/${project.id}/milestones/0/accept`)
        .set('Authorization', uni1)
        .send({})
        .expect(403);
      const missing = await t.http
        .post(`/challenges/projects/${project.id}/acceptance`)
        .set('Authorization', manager)
        .send({ passed: true, measured: measured.slice(0, 2) })
        .expect(400);
      expect(missing.body.details[0]).toMatchObject({ field: 'measured', reason: '缺少验收指标的实测值：小批量试制' });
      const accepted = await t.http
        .post(`/challenges/projects/${project.id}/acceptance`)
        .set('Authorization', manager)
        .send({ passed: true, measured, note: '专家组现场验收，各项指标均达到榜单要求' })
        .expect(200);
      expect(accepted.body).toMatchObject({ status: 'accepted', statusLabel: '验收通过', allowedActions: [] });
      expect(accepted.body.acceptance.measured.map((m: { met: boolean }) => m.met)).toEqual([true, true, true]);
      const completed = await step(callId, 'complete');
      expect(completed.body).toMatchObject({ status: 'completed', statusLabel: '已完成' });
      expect(await eventTypes(callId)).toEqual([
        'challenge.created',
        'challenge.published',
        'challenge.reviewers_assigned',
        'challenge.closed',
        'challenge.review_started',
        'challenge.awarded',
        'challenge.completed',
      ]);
      expect(await eventTypes(project.id)).toEqual([
        'challenge_project.created',
        'challenge_project.milestone_accepted',
        'challenge_project.milestone_accepted',
        'challenge_project.milestone_accepted',
        'challenge_project.accepted',
      ]);
    });

    it('a 赛马制 call funds three teams; a declared conflict and an excused expert; mid-term eliminations', async () => {
      const callId = await publishedCall({ title: '柔性触觉传感器赛马制攻关', mechanism: 'horse_race', raceTeams: 3 });
      const bid1 = await bid(callId, uni1);
      const bid2 = await bid(callId, uni2);
      const bid3 = await bid(callId, other.auth);
      await t.http
        .put(`/challenges/${callId}/reviewers`)
        .set('Authorization', manager)
        .send({ userIds: [expertAId, expertBId, expertCId] })
        .expect(200);
      await step(callId, 'close');
      await step(callId, 'start-review');
      await t.http
        .post(`/challenges/bids/${bid3}/conflict`)
        .set('Authorization', expertA)
        .send({ reason: '本人近三年与该企业有横向合作项目' })
        .expect(200);
      const refused = await t.http
        .put(`/challenges/bids/${bid3}/score`)
        .set('Authorization', expertA)
        .send(sheet(80, 80, 80, 80))
        .expect(409);
      expect(refused.body.message).toBe('您已对该方案申报回避，不能评分');
      for (const [auth, bidId, x] of [
        [expertA, bid1, 85],
        [expertA, bid2, 80],
        [expertB, bid2, 78],
        [expertB, bid3, 75],
      ] as const) {
        await t.http
          .put(`/challenges/bids/${bidId}/score`)
          .set('Authorization', auth)
          .send(sheet(x, x, x, x))
          .expect(200);
      }
      const waiting = await step(callId, 'award', { bidIds: [bid1, bid2, bid3] }, 409);
      expect(waiting.body.details.pending).toHaveLength(3); // expert C scored nothing
      await t.http
        .post(`/challenges/${callId}/reviewers/${expertCId}/excuse`)
        .set('Authorization', manager)
        .send({ reason: '出差无法参加评审' })
        .expect(403);
      const excused = await t.http
        .post(`/challenges/${callId}/reviewers/${expertCId}/excuse`)
        .set('Authorization', admin)
        .send({ reason: '出差无法参加评审' })
        .expect(200);
      expect(excused.body.panel.find((p: { userId: string }) => p.userId === expertCId)).toMatchObject({
        excused: true,
        excuseReason: '出差无法参加评审',
      });
      await t.http
        .put(`/challenges/bids/${bid1}/score`)
        .set('Authorization', expertC)
        .send(sheet(60, 60, 60, 60))
        .expect(403);
      const tooMany = await step(callId, 'award', { bidIds: [bid1, bid2, bid3, randomUUID()] }, 400);
      expect(tooMany.body.details[0].reason).toBe('赛马制最多支持 3 支团队');
      await step(callId, 'award', { bidIds: [bid1, bid2, bid3] });
      const projects = await t.http
        .get('/challenges/projects')
        .query({ challengeId: callId })
        .set('Authorization', manager)
        .expect(200);
      expect(projects.body).toHaveLength(3);
      expect(projects.body[0].allowedActions).toEqual(['accept-milestone', 'eliminate']);
      const [p1, p2, p3] = [bid1, bid2, bid3].map(
        (b) => projects.body.find((p: { bidId: string }) => p.bidId === b).id,
      );
      const out = await t.http
        .post(`/challenges/projects/${p3}/eliminate`)
        .set('Authorization', manager)
        .send({ reason: '中期评估灵敏度未达到阶段目标' })
        .expect(200);
      expect(out.body).toMatchObject({
        status: 'eliminated',
        statusLabel: '中期淘汰',
        eliminationReason: '中期评估灵敏度未达到阶段目标',
      });
      await t.http
        .post(`/challenges/projects/${p2}/eliminate`)
        .set('Authorization', manager)
        .send({ reason: '终期比选落后' })
        .expect(200);
      const last = await t.http
        .post(`/challenges/projects/${p1}/eliminate`)
        .set('Authorization', manager)
        .send({ reason: '再淘汰' })
        .expect(409);
      expect(last.body.message).toBe('赛马制至少保留一支团队，不能淘汰最后一个在研项目');
    });

    it('a 定向委托 call: only the named institution bids, one expert, award, failed acceptance', async () => {
      const callId = await publishedCall({
        title: '伺服编码器芯片定向委托研发',
        mechanism: 'directed',
        directedInstitutionId: universityId,
      });
      const only = await bid(callId, uni1);
      await t.http
        .put(`/challenges/${callId}/reviewers`)
        .set('Authorization', manager)
        .send({ userIds: [expertAId] })
        .expect(200);
      await step(callId, 'close');
      await step(callId, 'start-review');
      await t.http
        .put(`/challenges/bids/${only}/score`)
        .set('Authorization', expertA)
        .send(sheet(88, 85, 80, 90))
        .expect(200);
      await step(callId, 'award', { bidIds: [only] });
      const [project] = (
        await t.http
          .get('/challenges/projects')
          .query({ challengeId: callId })
          .set('Authorization', manager)
          .expect(200)
      ).body;
      await t.http
        .post(`/challenges/projects/${project.id}/eliminate`)
        .set('Authorization', manager)
        .send({ reason: '不适用' })
        .expect(409);
      for (const index of [0, 1, 2]) {
        await t.http
          .post(`/challenges/projects/${project.id}/milestones/${index}/accept`)
          .set('Authorization', manager)
          .send({})
          .expect(200);
      }
      const failed = await t.http
        .post(`/challenges/projects/${project.id}/acceptance`)
        .set('Authorization', manager)
        .send({
          passed: false,
          measured: [
            { name: '回差', value: '14' },
            { name: '额定寿命', value: '8000' },
            { name: '小批量试制', value: '200' },
          ],
          note: '回差与寿命未达到榜单指标',
        })
        .expect(200);
      expect(failed.body).toMatchObject({ status: 'failed', statusLabel: '验收未通过' });
      expect(failed.body.acceptance.measured.map((m: { met: boolean }) => m.met)).toEqual([false, false, true]);
      await step(callId, 'complete');
    });

    it('rows 6, 7 and 10 of the plan count the awarded projects by programme line, and verify stays green', async () => {
      const year = Number(
        new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 4),
      );
      const figures = async () => {
        await t.settle();
        const res = await t.http.get('/indicators').query({ year }).set('Authorization', manager).expect(200);
        const all = res.body.indicators as Array<{ key: string; actual: number; source: string; countingRule: string }>;
        return new Map(all.map((f) => [f.key, f]));
      };
      let now = await figures();
      // the 揭榜挂帅 call's project, the 赛马制 team still running (two were eliminated) and the 定向委托 project
      expect(now.get('jiebang_projects')).toMatchObject({ actual: 3, source: 'observed' });
      expect(now.get('jiebang_projects')!.countingRule).toContain('按定榜日期计入年度');
      expect(now.get('key_rd_projects')!.actual).toBe(0);
      const records = await t.http
        .get('/indicators/jiebang_projects/records')
        .query({ year })
        .set('Authorization', manager)
        .expect(200);
      expect(JSON.stringify(records.body)).toContain('谐波减速器国产化揭榜挂帅');

      const callId = await publishedCall({
        title: '新型显示驱动芯片重点研发',
        programmeLine: 'key_rd',
        mechanism: 'directed',
        directedInstitutionId: universityId,
      });
      const only = await bid(callId, uni1);
      await t.http
        .put(`/challenges/${callId}/reviewers`)
        .set('Authorization', manager)
        .send({ userIds: [expertAId] })
        .expect(200);
      await step(callId, 'close');
      await step(callId, 'start-review');
      await t.http
        .put(`/challenges/bids/${only}/score`)
        .set('Authorization', expertA)
        .send(sheet(80, 80, 80, 80))
        .expect(200);
      await step(callId, 'award', { bidIds: [only] });
      now = await figures();
      expect(now.get('key_rd_projects')!.actual).toBe(1);
      expect(now.get('jiebang_projects')!.actual).toBe(3);
      const reported = await t.http
        .post('/indicators/jiebang_projects/reports')
        .set('Authorization', manager)
        .send({ year, value: 9, asOf: `${year}-06-30`, evidence: '手工统计' })
        .expect(400);
      expect(reported.body.code).toBe('INDICATOR_NOT_REPORTABLE');
      expect(await t.app.get(IndicatorFactsService).verify()).toEqual([]);
    });
  });

  describe('innovation consortia (创新联合体)', () => {
    it('staff register consortia; row 9 counts the active ones cumulatively by founding date', async () => {
      const year = Number(
        new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 4),
      );
      const consortia = async () => {
        await t.settle();
        const res = await t.http
          .get(`/indicators/innovation_consortia`)
          .query({ year })
          .set('Authorization', manager)
          .expect(200);
        return res.body.actual as number;
      };
      const before = await consortia();
      const body = {
        name: '昆山精密传动创新联合体',
        leadOrganisationId: ent.organisationId,
        members: [
          { organisationId: universityId, role: '课题一：柔轮材料与齿形设计' },
          { organisationId: uni2Id, role: '课题二：寿命试验与检测' },
          { organisationId: other.organisationId, role: '课题三：小批量试制与应用验证' },
        ],
        industryChainIds: [chains[4]],
        foundedOn: `${year}-03-18`,
        description: '围绕协作机器人关节部件，联合上下游企业与高校开展关键核心技术攻关',
      };
      await t.http.post('/challenges/consortia').set('Authorization', ent.auth).send(body).expect(403);
      const bad = await t.http
        .post('/challenges/consortia')
        .set('Authorization', manager)
        .send({ ...body, foundedOn: '2999-01-01', members: [] })
        .expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['foundedOn', 'members']);
      const leadAsMember = await t.http
        .post('/challenges/consortia')
        .set('Authorization', manager)
        .send({ ...body, members: [{ organisationId: ent.organisationId, role: '牵头' }] })
        .expect(400);
      expect(leadAsMember.body.details[0]).toMatchObject({ field: 'members', reason: '牵头企业不必列为成员单位' });
      const created = await t.http.post('/challenges/consortia').set('Authorization', manager).send(body).expect(201);
      expect(created.body).toMatchObject({
        status: 'active',
        statusLabel: '运行中',
        leadOrganisationName: '昆山精毅精密机械有限公司',
        allowedActions: ['edit', 'dissolve'],
      });
      expect(created.body.members.map((m: { organisationName: string }) => m.organisationName)).toEqual([
        '江南精密工程大学',
        '太湖材料科学研究院',
        '昆山无关贸易有限公司',
      ]);
      const dup = await t.http.post('/challenges/consortia').set('Authorization', manager).send(body).expect(409);
      expect(dup.body.message).toBe('已有名为“昆山精密传动创新联合体”的创新联合体');
      const second = await t.http
        .post('/challenges/consortia')
        .set('Authorization', manager)
        .send({ ...body, name: '昆山新型显示材料创新联合体', foundedOn: `${year - 1}-06-01` })
        .expect(201);
      expect(await consortia()).toBe(before + 2);
      const listed = await t.http.get('/challenges/consortia').set('Authorization', uni1).expect(200);
      expect(listed.body.total).toBe(2);
      expect(listed.body.items[0].allowedActions).toEqual([]);

      const early = await t.http
        .post(`/challenges/consortia/${second.body.id}/dissolve`)
        .set('Authorization', manager)
        .send({ reason: '成员协议到期', dissolvedOn: `${year - 2}-01-01` })
        .expect(400);
      expect(early.body.details[0]).toMatchObject({ field: 'dissolvedOn', reason: '解散日期不能早于成立日期' });
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
      const dissolved = await t.http
        .post(`/challenges/consortia/${second.body.id}/dissolve`)
        .set('Authorization', manager)
        .send({ reason: '攻关任务完成，成员协议到期', dissolvedOn: today, version: second.body.version })
        .expect(200);
      expect(dissolved.body).toMatchObject({ status: 'dissolved', statusLabel: '已解散', allowedActions: [] });
      await t.http
        .patch(`/challenges/consortia/${second.body.id}`)
        .set('Authorization', manager)
        .send({ description: '解散后再改' })
        .expect(409);
      expect(await consortia()).toBe(before + 1);
      expect(await eventTypes(second.body.id)).toEqual(['consortium.created', 'consortium.dissolved']);
      expect(await t.app.get(IndicatorFactsService).verify()).toEqual([]);
    });
  });
});
