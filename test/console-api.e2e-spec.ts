import { randomUUID } from 'node:crypto';

import { DEMAND_QUALITY_RULES, DemandService } from '@app/registry';
import { DataSource } from 'typeorm';

import {
  chainIds,
  createManager,
  demandBody,
  publishAchievement,
  publishDemand,
  registerEnterprise,
} from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

/** The API the console's enterprise and technology-manager workspaces use, on real services. */
describe('console workspaces API (e2e, real PostgreSQL + Redis + Meilisearch)', () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let chains: string[];
  let universityId: string;
  let university: string;
  let organiser: string;
  let chainNames: Map<string, string>;

  const user = async (body: Record<string, unknown>) => {
    await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({ ...body, temporaryPassword: false })
      .expect(201);
    return login(t.http, body.email as string, body.password as string);
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin);
    chains = await chainIds(t.http);
    chainNames = new Map(
      ((await t.http.get('/industry-chains').expect(200)).body as Array<{ id: string; name: string }>).map((c) => [
        c.id,
        c.name,
      ]),
    );
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '苏州精密机电研究院', district: '周市镇' })
      .expect(201);
    universityId = uni.body.id;
    university = await user({
      email: 'keyan@example.edu.cn',
      password: 'Keyan2026',
      name: '周老师',
      role: 'university',
      organisationId: universityId,
    });
    organiser = await user({
      email: 'huodong@example.com',
      password: 'Huodong2026',
      name: '吴主任',
      role: 'organizer',
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('需求质量 and 退回修改 with 二次诊断', () => {
    const vague = {
      title: '机器人减速器技术合作',
      description: '我司希望与高校合作，开展减速器相关技术研究，提升产品水平，欢迎有意向的单位联系。',
      keywords: ['减速器'],
      technicalIndicators: '',
      expectedOutcome: '',
      requiredTrl: undefined,
      cooperationModes: [],
      deadline: undefined,
      budgetMin: undefined,
      budgetMax: undefined,
    };

    it('scores an unsaved draft with Chinese hints and stores nothing', async () => {
      const before = (await t.http.get('/demands').set('Authorization', manager).expect(200)).body.total;
      const ent = await registerEnterprise(t.http);
      const res = await t.http
        .post('/demands/quality')
        .set('Authorization', ent.auth)
        .send({ ...demandBody([chains[0]]), ...vague, description: '减速器' })
        .expect(200);
      expect(res.body.score).toBe(10); // only the chain is given
      expect(res.body.maxScore).toBe(100);
      const rules = res.body.hints.map((h: { rule: string }) => h.rule);
      expect(rules).toEqual(
        expect.arrayContaining(['quantified_indicators', 'description_length', 'maturity', 'deadline', 'budget']),
      );
      expect(res.body.hints[0].message).toMatch(/量化/);
      const full = await t.http
        .post('/demands/quality')
        .set('Authorization', ent.auth)
        .send(demandBody([chains[0]]))
        .expect(200);
      expect(full.body.score).toBeGreaterThan(res.body.score);
      expect((await t.http.get('/demands').set('Authorization', manager).expect(200)).body.total).toBe(before);

      const bad = await t.http
        .post('/demands/quality')
        .set('Authorization', ent.auth)
        .send({ requiredTrl: 12, cooperationModes: ['以物易物'] })
        .expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'cooperationModes',
        'requiredTrl',
      ]);
      await t.http.post('/demands/quality').set('Authorization', university).send({}).expect(403);
    });

    it('returns quality with the demand for owner and staff only, and sorts the review queue by it', async () => {
      const ent = await registerEnterprise(t.http);
      const good = await t.http
        .post('/demands')
        .set('Authorization', ent.auth)
        .send(demandBody([chains[1]]))
        .expect(201);
      const poor = await t.http
        .post('/demands')
        .set('Authorization', ent.auth)
        .send({ ...demandBody([chains[1]]), ...vague })
        .expect(201);
      expect(poor.body.quality.score).toBeLessThan(good.body.quality.score);
      expect(poor.body.qualityScore).toBe(poor.body.quality.score);
      expect(poor.body.quality.hints.map((h: { rule: string }) => h.rule)).toContain('quantified_indicators');
      for (const d of [good.body, poor.body]) {
        await t.http.post(`/demands/${d.id}/submit`).set('Authorization', ent.auth).expect(200);
      }

      const queue = await t.http
        .get('/demands')
        .query({ status: 'submitted', sort: 'quality', order: 'asc', ownerOrganisationId: ent.organisationId })
        .set('Authorization', manager)
        .expect(200);
      expect(queue.body.items.map((d: { id: string }) => d.id)).toEqual([poor.body.id, good.body.id]);
      const desc = await t.http
        .get('/demands')
        .query({ status: 'submitted', sort: 'quality', order: 'desc', ownerOrganisationId: ent.organisationId })
        .set('Authorization', manager)
        .expect(200);
      expect(desc.body.items.map((d: { id: string }) => d.id)).toEqual([good.body.id, poor.body.id]);

      // public readers see neither the score nor the hints (the budget rule would tell whether one was given)
      await t.http.post(`/demands/${good.body.id}/publish`).set('Authorization', manager).expect(200);
      const pub = await t.http.get(`/public/demands/${good.body.id}`).expect(200);
      expect(pub.body).not.toHaveProperty('quality');
      expect(pub.body).not.toHaveProperty('qualityScore');
      expect(pub.body).not.toHaveProperty('lastReturn');
      const other = await registerEnterprise(t.http);
      const seen = await t.http.get(`/demands/${good.body.id}`).set('Authorization', other.auth).expect(200);
      expect(seen.body).not.toHaveProperty('quality');
      const sorted = await t.http.get('/public/demands').query({ sort: 'quality' }).expect(400);
      expect(sorted.body.details[0].field).toBe('sort');
    });

    it('shows the return reason and 二次诊断 to the owner, and keeps the stored score in step with edits', async () => {
      const ent = await registerEnterprise(t.http);
      const created = await t.http
        .post('/demands')
        .set('Authorization', ent.auth)
        .send({ ...demandBody([chains[2]]), ...vague })
        .expect(201);
      const id = created.body.id;
      await t.http.post(`/demands/${id}/submit`).set('Authorization', ent.auth).expect(200);

      const noReason = await t.http
        .post(`/demands/${id}/return`)
        .set('Authorization', manager)
        .send({ diagnosis: '请量化指标' })
        .expect(400);
      expect(noReason.body.details[0].field).toBe('reason');
      const misplaced = await t.http
        .post(`/demands/${id}/publish`)
        .set('Authorization', manager)
        .send({ diagnosis: '请量化指标' })
        .expect(400);
      expect(misplaced.body.details[0].field).toBe('diagnosis');
      await t.http.get(`/demands/${id}`).set('Authorization', ent.auth).expect(200); // still submitted, nothing written

      const returned = await t.http
        .post(`/demands/${id}/return`)
        .set('Authorization', manager)
        .send({
          reason: '技术指标不明确，无法匹配成果',
          diagnosis: '“提升产品水平”请量化为回差、传动精度、寿命等指标，并说明年需求量',
        })
        .expect(200);
      expect(returned.body.status).toBe('draft');

      const own = await t.http.get(`/demands/${id}`).set('Authorization', ent.auth).expect(200);
      expect(own.body.lastReturn).toMatchObject({
        reason: '技术指标不明确，无法匹配成果',
        diagnosis: '“提升产品水平”请量化为回差、传动精度、寿命等指标，并说明年需求量',
        by: { name: '陈经理', role: 'manager', roleLabel: '技术经理人', userId: null },
      });
      expect(Date.parse(own.body.lastReturn.at)).toBeGreaterThan(Date.now() - 60000);
      const staff = await t.http.get(`/demands/${id}`).set('Authorization', manager).expect(200);
      expect(staff.body.lastReturn.by.userId).toEqual(expect.any(String));
      const listed = await t.http.get('/demands').set('Authorization', ent.auth).expect(200);
      expect(listed.body.items[0].lastReturn.diagnosis).toContain('量化');
      const other = await registerEnterprise(t.http);
      await t.http.get(`/demands/${id}`).set('Authorization', other.auth).expect(404);

      // the enterprise follows the hints: the stored score (what the queue sorts by) follows the content
      const edited = await t.http
        .patch(`/demands/${id}`)
        .set('Authorization', ent.auth)
        .send({
          technicalIndicators: '回差≤10 弧秒；额定寿命≥10000 h；传动效率≥85%',
          requiredTrl: 5,
          deadline: '2027-06-30',
          version: own.body.version,
        })
        .expect(200);
      expect(edited.body.quality.score).toBe(created.body.quality.score + 45);
      await t.http.post(`/demands/${id}/submit`).set('Authorization', ent.auth).expect(200);
      const queue = await t.http
        .get('/demands')
        .query({ status: 'submitted', ownerOrganisationId: ent.organisationId, sort: 'quality' })
        .set('Authorization', manager)
        .expect(200);
      expect(queue.body.items[0]).toMatchObject({ id, qualityScore: edited.body.quality.score });
      expect(queue.body.items[0].lastReturn.reason).toBe('技术指标不明确，无法匹配成果');

      const events = await t.http.get('/events').query({ entityId: id }).set('Authorization', admin).expect(200);
      const ret = events.body.items.find((e: { type: string }) => e.type === 'demand.returned');
      expect(ret.after.diagnosis).toContain('量化');
    });
  });

  it('rescores at start the demands scored with another version of the rules, without a new version', async () => {
    const ent = await registerEnterprise(t.http);
    const created = await t.http
      .post('/demands')
      .set('Authorization', ent.auth)
      .send(demandBody([chains[5]]))
      .expect(201);
    const db = t.app.get(DataSource);
    await db.query('UPDATE demands SET quality_score = 3, quality_rules_version = 0 WHERE id = $1', [created.body.id]);
    expect(await t.app.get(DemandService).refreshQualityScores()).toBeGreaterThanOrEqual(1);
    const [row] = await db.query('SELECT quality_score, quality_rules_version, version FROM demands WHERE id = $1', [
      created.body.id,
    ]);
    expect(row).toEqual({
      quality_score: created.body.quality.score,
      quality_rules_version: DEMAND_QUALITY_RULES.version,
      version: created.body.version,
    });
    expect(await t.app.get(DemandService).refreshQualityScores()).toBe(0);
  });

  describe('bulk publish', () => {
    const draft = async (title: string) =>
      (
        await t.http
          .post('/achievements')
          .set('Authorization', manager)
          .send({ ...achievement(), title })
          .expect(201)
      ).body as { id: string; version: number };
    const achievement = () => ({
      title: '',
      abstract: '基于机器视觉的锂电池极片表面缺陷在线检测系统，检测速度 80 m/min，漏检率低于 0.1%，已在两条产线试用。',
      institutionId: universityId,
      industryChainIds: [chains[3]],
      trl: 7,
      transferModes: ['licence'],
    });

    it('publishes each record on its own and reports the ones that could not be published', async () => {
      const a = await draft('锂电池极片缺陷在线视觉检测系统');
      const b = await draft('动力电池模组激光焊接质量监测方法');
      const done = await draft('电池隔膜微孔结构表征方法');
      await t.http.post(`/achievements/${done.id}/publish`).set('Authorization', manager).expect(200);
      const doneBefore = (await t.http.get(`/achievements/${done.id}`).set('Authorization', manager)).body;
      const missing = randomUUID();

      const res = await t.http
        .post('/achievements/bulk-publish')
        .set('Authorization', manager)
        .send({ ids: [a.id, done.id, missing, b.id] })
        .expect(200);
      expect(res.body).toMatchObject({ total: 4, succeeded: 2, failed: 2 });
      expect(res.body.results).toEqual([
        { id: a.id, ok: true, status: 'published' },
        { id: done.id, ok: false, code: 'ILLEGAL_TRANSITION', message: expect.stringContaining('已发布') },
        { id: missing, ok: false, code: 'NOT_FOUND', message: '成果不存在' },
        { id: b.id, ok: true, status: 'published' },
      ]);
      for (const id of [a.id, b.id]) {
        const row = await t.http.get(`/public/achievements/${id}`).expect(200);
        expect(row.body.status).toBe('published');
        const events = await t.http.get('/events').query({ entityId: id }).set('Authorization', admin).expect(200);
        expect(events.body.items.filter((e: { type: string }) => e.type === 'achievement.published')).toHaveLength(1);
      }
      const doneAfter = (await t.http.get(`/achievements/${done.id}`).set('Authorization', manager)).body;
      expect(doneAfter.version).toBe(doneBefore.version);
    });

    it('refuses bad lists with the field, and anyone but staff', async () => {
      const empty = await t.http.post('/achievements/bulk-publish').set('Authorization', manager).send({ ids: [] });
      expect(empty.status).toBe(400);
      expect(empty.body.details[0].field).toBe('ids');
      const tooMany = Array.from({ length: 201 }, () => randomUUID());
      const big = await t.http.post('/achievements/bulk-publish').set('Authorization', manager).send({ ids: tooMany });
      expect(big.status).toBe(400);
      expect(big.body.details[0]).toMatchObject({ field: 'ids', constraint: 'arrayMaxSize' });
      const id = randomUUID();
      const twice = await t.http
        .post('/achievements/bulk-publish')
        .set('Authorization', manager)
        .send({ ids: [id, id] })
        .expect(400);
      expect(twice.body.details[0]).toMatchObject({ field: 'ids', constraint: 'arrayUnique' });
      const c = await draft('固态电池硫化物电解质低成本制备工艺');
      await t.http
        .post('/achievements/bulk-publish')
        .set('Authorization', university)
        .send({ ids: [c.id] })
        .expect(403);
      const still = await t.http.get(`/achievements/${c.id}`).set('Authorization', manager).expect(200);
      expect(still.body.status).toBe('draft');
    });
  });

  describe('interest, history and facet names on real matches', () => {
    let owner: Awaited<ReturnType<typeof registerEnterprise>>;
    let demandId: string;
    let matchId: string;
    let secondMatchId: string;

    beforeAll(async () => {
      await publishAchievement(t.http, manager, universityId, [chains[4]]);
      await publishAchievement(t.http, manager, universityId, [chains[4]], {
        title: '协作机器人关节一体化模组',
        abstract: '集成谐波减速器、无框力矩电机与双编码器的关节模组，重复定位精度 ±0.02 mm，已用于六轴协作机器人样机。',
        keywords: ['关节模组', '谐波减速器', '协作机器人'],
        patentNumbers: ['ZL 2022 1 0654321.0'],
      });
      owner = await registerEnterprise(t.http);
      demandId = (await publishDemand(t.http, owner.auth, manager, [chains[4]])).id;
      await t.settle();
      const stored = await t.http.get(`/demands/${demandId}/matches`).set('Authorization', manager).expect(200);
      expect(stored.body.items.length).toBeGreaterThanOrEqual(2);
      [matchId, secondMatchId] = stored.body.items.map((m: { id: string }) => m.id);
    });

    it('records the owner’s 有意向 / 不合适 without touching the pipeline, and lets managers filter by it', async () => {
      const noReason = await t.http
        .post(`/matches/${matchId}/interest`)
        .set('Authorization', owner.auth)
        .send({ interest: 'not_interested' })
        .expect(400);
      expect(noReason.body.details[0].field).toBe('reason');
      const badValue = await t.http
        .post(`/matches/${matchId}/interest`)
        .set('Authorization', owner.auth)
        .send({ interest: 'maybe' })
        .expect(400);
      expect(badValue.body.details[0].field).toBe('interest');

      const other = await registerEnterprise(t.http);
      await t.http
        .post(`/matches/${matchId}/interest`)
        .set('Authorization', other.auth)
        .send({ interest: 'interested' })
        .expect(404);
      await t.http
        .post(`/matches/${matchId}/interest`)
        .set('Authorization', manager)
        .send({ interest: 'interested' })
        .expect(403);

      const yes = await t.http
        .post(`/matches/${matchId}/interest`)
        .set('Authorization', owner.auth)
        .send({ interest: 'interested', note: '希望尽快安排样机测试' })
        .expect(200);
      expect(yes.body).toMatchObject({
        id: matchId,
        interest: 'interested',
        interestLabel: '有意向',
        interestReason: null,
        status: 'suggested',
        statusLabel: '系统推荐',
      });
      const no = await t.http
        .post(`/matches/${secondMatchId}/interest`)
        .set('Authorization', owner.auth)
        .send({ interest: 'not_interested', reason: 'immature', note: '需要可直接量产的方案' })
        .expect(200);
      expect(no.body).toMatchObject({ interestLabel: '不合适', interestReasonLabel: '成果成熟度不够' });

      // not 精准匹配: the manager still confirms; the interest stays on the match for staff and the owner
      const match = await t.http.get(`/matches/${matchId}`).set('Authorization', manager).expect(200);
      expect(match.body).toMatchObject({ status: 'suggested', confirmedAt: null, interest: 'interested' });
      const own = await t.http.get(`/matches/${secondMatchId}`).set('Authorization', owner.auth).expect(200);
      expect(own.body).toMatchObject({ interest: 'not_interested', interestReason: 'immature' });
      const uni = await t.http.get(`/matches/${matchId}`).set('Authorization', university).expect(200);
      expect(uni.body).not.toHaveProperty('interest');
      expect(uni.body).not.toHaveProperty('interestNote');

      const interested = await t.http
        .get('/matches')
        .query({ interest: 'interested', demandId })
        .set('Authorization', manager)
        .expect(200);
      expect(interested.body.items.map((m: { id: string }) => m.id)).toEqual([matchId]);
      const declined = await t.http
        .get('/matches')
        .query({ interest: 'not_interested', demandId })
        .set('Authorization', manager)
        .expect(200);
      expect(declined.body.items.map((m: { id: string }) => m.id)).toEqual([secondMatchId]);
      await t.http.get('/matches').query({ interest: 'yes' }).set('Authorization', manager).expect(400);

      const events = await t.http.get('/events').query({ entityId: matchId }).set('Authorization', admin).expect(200);
      expect(events.body.items[0]).toMatchObject({
        type: 'match.interest_recorded',
        actorRole: 'enterprise',
        after: { interest: 'interested', status: 'suggested' },
      });

      // a recomputation keeps a pair the enterprise reacted to, like a decided one
      const current = (await t.http.get(`/demands/${demandId}`).set('Authorization', manager)).body;
      await t.http
        .patch(`/demands/${demandId}`)
        .set('Authorization', manager)
        .send({ title: '光伏组件封装胶膜耐候性提升', version: current.version })
        .expect(200);
      await t.settle();
      const after = await t.http.get(`/demands/${demandId}/matches`).set('Authorization', manager).expect(200);
      expect(after.body.items.map((m: { id: string }) => m.id)).toEqual(
        expect.arrayContaining([matchId, secondMatchId]),
      );
    });

    it('lists each step with actor, time, stage and note, shaped for whoever reads it', async () => {
      await t.http
        .post(`/matches/${matchId}/confirm`)
        .set('Authorization', manager)
        .send({ note: '技术路线吻合' })
        .expect(200);
      await t.http
        .post(`/matches/${matchId}/contact`)
        .set('Authorization', manager)
        .send({ note: '已电话联系王工 13912345678。企业预算 200 万元以内。双方约定下周到校考察样机。' })
        .expect(200);

      const staff = await t.http.get(`/matches/${matchId}/history`).set('Authorization', manager).expect(200);
      expect(staff.body).toMatchObject({ matchId, status: 'contacted', statusLabel: '已对接' });
      expect(staff.body.steps.map((s: { action: string }) => s.action)).toEqual([
        'suggested',
        'interest',
        'confirm',
        'contact',
      ]);
      const [suggested, interest, confirm, contact] = staff.body.steps;
      expect(suggested).toMatchObject({ stage: 'suggested', stageLabel: '系统推荐', actor: { name: '匹配引擎' } });
      expect(interest).toMatchObject({
        actionLabel: '企业反馈：有意向',
        stage: null,
        note: '希望尽快安排样机测试',
        actor: { name: '李明', role: 'enterprise', roleLabel: '企业用户', userId: owner.userId },
      });
      expect(confirm).toMatchObject({
        actionLabel: '确认精准匹配',
        stage: 'confirmed',
        stageLabel: '精准匹配',
        note: '技术路线吻合',
        actor: { name: '陈经理', roleLabel: '技术经理人', userId: expect.any(String) },
      });
      expect(contact.note).toContain('13912345678');
      expect(Date.parse(contact.at)).toBeGreaterThanOrEqual(Date.parse(confirm.at));

      const own = await t.http.get(`/matches/${matchId}/history`).set('Authorization', owner.auth).expect(200);
      const ownContact = own.body.steps.find((s: { action: string }) => s.action === 'contact');
      expect(ownContact.note).not.toContain('13912345678');
      expect(ownContact.note).toContain('联系方式仅平台技术经理人可见');
      expect(ownContact.note).toContain('预算 200 万元'); // the owner's own budget
      expect(ownContact.actor).toMatchObject({ name: '陈经理', userId: null });
      expect(own.body.steps.find((s: { action: string }) => s.action === 'interest').actor.userId).toBe(owner.userId);

      const uni = await t.http.get(`/matches/${matchId}/history`).set('Authorization', university).expect(200);
      expect(uni.body.steps.map((s: { action: string }) => s.action)).toEqual(['suggested', 'confirm', 'contact']);
      const uniContact = uni.body.steps.find((s: { action: string }) => s.action === 'contact');
      expect(uniContact.note).toContain('双方约定下周到校考察样机');
      const text = JSON.stringify(uni.body);
      expect(text).not.toMatch(/预算|13912345678|有意向/);
      expect(uni.body.steps.every((s: { actor: { userId: string | null } }) => s.actor.userId === null)).toBe(true);
      // the university's view of the match itself carries no budget wording either
      const uniMatch = await t.http.get(`/matches/${matchId}`).set('Authorization', university).expect(200);
      expect(JSON.stringify(uniMatch.body)).not.toMatch(/预算|13912345678/);
      const uniList = await t.http
        .get(`/achievements/${uniMatch.body.achievementId}/matches`)
        .set('Authorization', university)
        .expect(200);
      expect(JSON.stringify(uniList.body)).not.toMatch(/预算/);

      await t.http.get(`/matches/${matchId}/history`).set('Authorization', organiser).expect(404);
      const other = await registerEnterprise(t.http);
      await t.http.get(`/matches/${matchId}/history`).set('Authorization', other.auth).expect(404);
      await t.http.get(`/matches/${randomUUID()}/history`).set('Authorization', manager).expect(404);

      // rejected: the enterprise can no longer react
      await t.http
        .post(`/matches/${matchId}/reject`)
        .set('Authorization', manager)
        .send({ reason: 'price', note: '报价超出企业预算两倍' })
        .expect(200);
      await t.http
        .post(`/matches/${matchId}/interest`)
        .set('Authorization', owner.auth)
        .send({ interest: 'interested' })
        .expect(409);
      const rejected = await t.http.get(`/matches/${matchId}/history`).set('Authorization', university).expect(200);
      const last = rejected.body.steps.at(-1);
      expect(last).toMatchObject({ action: 'reject', stage: 'rejected', reason: 'price', reasonLabel: '价格不合适' });
      expect(JSON.stringify(rejected.body)).not.toMatch(/预算/);
      const staffRejected = await t.http.get(`/matches/${matchId}/history`).set('Authorization', manager).expect(200);
      expect(staffRejected.body.steps.at(-1)).toMatchObject({
        reasonLabel: '价格或预算不合适',
        note: '报价超出企业预算两倍',
      });
    });

    it('names every facet value in Chinese next to the old counts', async () => {
      const res = await t.http.get('/search/achievements').query({ q: '谐波减速器' }).expect(200);
      expect(res.body.facets.industryChainIds[chains[4]]).toBeGreaterThan(0); // old shape kept
      const chain = res.body.facetValues.industryChainIds.find((f: { value: string }) => f.value === chains[4]);
      expect(chain).toEqual({
        value: chains[4],
        label: chainNames.get(chains[4]),
        count: res.body.facets.industryChainIds[chains[4]],
      });
      expect(res.body.facetValues.stage).toEqual(
        expect.arrayContaining([expect.objectContaining({ value: 'pilot', label: '中试' })]),
      );
      expect(res.body.facetValues.transferModes.map((f: { label: string }) => f.label)).toEqual(
        expect.arrayContaining(['技术转让', '许可使用']),
      );
      expect(res.body.facetValues.ipType[0]).toMatchObject({ value: 'invention_patent', label: '发明专利' });
      const counts = res.body.facetValues.transferModes.map((f: { count: number }) => f.count);
      expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a));

      const demands = await t.http.get('/search/demands').query({ chain: chains[4] }).expect(200);
      expect(demands.body.total).toBeGreaterThan(0);
      expect(demands.body.facetValues.kind).toEqual([{ value: 'major', label: '重大需求', count: demands.body.total }]);
      expect(demands.body.facetValues.cooperationModes.map((f: { label: string }) => f.label)).toEqual(
        expect.arrayContaining(['合作开发', '委托研发']),
      );
      expect(demands.body.facetValues.region[0]).toMatchObject({ value: '昆山市周市镇', label: '昆山市周市镇' });
    });
  });

  it('describes every new endpoint with its request and response classes in the OpenAPI document', async () => {
    const doc = (await t.http.get('/docs/openapi.json').expect(200)).body;
    const ref = (name: string) => `#/components/schemas/${name}`;
    const op = (path: string, method: string) => doc.paths[path]?.[method];
    const body = (path: string, method: string) => op(path, method).requestBody.content['application/json'].schema.$ref;
    const ok = (path: string, method: string, status = '200') =>
      op(path, method).responses[status].content['application/json'].schema.$ref;
    expect(body('/demands/quality', 'post')).toBe(ref('DemandQualityDraftDto'));
    expect(ok('/demands/quality', 'post')).toBe(ref('DemandQualityDto'));
    expect(ok('/demands/{id}', 'get')).toBe(ref('DemandResponseDto'));
    expect(doc.components.schemas.DemandResponseDto.properties.lastReturn.allOf?.[0]?.$ref ?? '').toContain(
      'DemandReturnDto',
    );
    expect(doc.components.schemas.DemandTransitionDto.properties.diagnosis.description).toContain('二次诊断');
    expect(body('/matches/{id}/interest', 'post')).toBe(ref('MatchInterestDto'));
    expect(ok('/matches/{id}/interest', 'post')).toBe(ref('MatchInterestResultDto'));
    expect(ok('/matches/{id}/history', 'get')).toBe(ref('MatchHistoryDto'));
    expect(ok('/matches/{id}', 'get')).toBe(ref('MatchResponseDto'));
    expect(body('/auth/password', 'post')).toBe(ref('ChangePasswordDto'));
    expect(ok('/auth/password', 'post')).toBe(ref('SessionDto'));
    expect(body('/achievements/bulk-publish', 'post')).toBe(ref('BulkPublishAchievementsDto'));
    expect(ok('/achievements/bulk-publish', 'post')).toBe(ref('BulkPublishResultDto'));
    expect(ok('/search/achievements', 'get')).toBe(ref('AchievementSearchResultDto'));
    expect(doc.components.schemas.FacetValueDto.properties.label.description).toMatch(/中文名称/);
    expect(op('/matches', 'get').parameters.map((p: { name: string }) => p.name)).toContain('interest');
  });

  describe('change password', () => {
    it('checks the current password and the rules, then retires every older token', async () => {
      const ent = await registerEnterprise(t.http);
      const second = await login(t.http, ent.email, 'Kunshan2026'); // another browser
      await t.http
        .post('/auth/password')
        .send({ currentPassword: 'Kunshan2026', newPassword: 'Yushan2027' })
        .expect(401);

      const wrong = await t.http
        .post('/auth/password')
        .set('Authorization', ent.auth)
        .send({ currentPassword: 'Kunshan2025', newPassword: 'Yushan2027' })
        .expect(400);
      expect(wrong.body.details).toEqual([{ field: 'currentPassword', reason: '当前密码不正确' }]);
      const weak = await t.http
        .post('/auth/password')
        .set('Authorization', ent.auth)
        .send({ currentPassword: 'Kunshan2026', newPassword: 'abcdefgh' })
        .expect(400);
      expect(weak.body.details[0]).toMatchObject({ field: 'newPassword', constraint: 'matches' });
      const same = await t.http
        .post('/auth/password')
        .set('Authorization', ent.auth)
        .send({ currentPassword: 'Kunshan2026', newPassword: 'Kunshan2026' })
        .expect(400);
      expect(same.body.details[0].field).toBe('newPassword');
      await t.http.get('/auth/me').set('Authorization', ent.auth).expect(200); // nothing changed so far

      const changed = await t.http
        .post('/auth/password')
        .set('Authorization', ent.auth)
        .send({ currentPassword: 'Kunshan2026', newPassword: 'Yushan2027' })
        .expect(200);
      expect(changed.body).toMatchObject({ tokenType: 'Bearer', user: { id: ent.userId } });
      expect(changed.body.user).not.toHaveProperty('passwordHash');
      expect(changed.body.user).not.toHaveProperty('tokenVersion');
      expect(changed.body.user.passwordChangedAt).toEqual(expect.any(String));

      for (const old of [ent.auth, second]) {
        const res = await t.http.get('/auth/me').set('Authorization', old).expect(401);
        expect(res.body.code).toBe('UNAUTHENTICATED');
      }
      await t.http.get('/auth/me').set('Authorization', `Bearer ${changed.body.accessToken}`).expect(200);
      await t.http.post('/auth/login').send({ email: ent.email, password: 'Kunshan2026' }).expect(401);
      const fresh = await login(t.http, ent.email, 'Yushan2027');
      await t.http.get('/auth/me').set('Authorization', fresh).expect(200);

      const events = await t.http
        .get('/events')
        .query({ entityId: ent.userId })
        .set('Authorization', admin)
        .expect(200);
      const event = events.body.items.find((e: { type: string }) => e.type === 'user.password_changed');
      expect(event).toBeDefined();
      expect(JSON.stringify(event)).not.toMatch(/Yushan2027|argon2/);
    });
  });
});
