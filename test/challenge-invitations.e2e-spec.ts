import { NotificationScheduleService } from '@app/notifications';
import { JobName, JobQueue } from '@app/queue';
import { DataSource } from 'typeorm';

import { bidBody, challengeBody } from './factories/challenge.factory';
import { chainIds, createManager, publishAchievement, registerEnterprise } from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

interface Person {
  id: string;
  auth: string;
}

interface Proposal {
  institutionId: string;
  institutionName: string;
  rank: number;
  score: number;
  matchedTerms: string[];
  achievements: Array<{ achievementId: string; title: string; score: number; matchedTerms: string[]; summary: string }>;
  invited: boolean;
}

/**
 * 邀请揭榜 against the real platform: the engine proposes institutions from their published achievements when a call
 * is published, staff invite, each institution sees only its own invitations, calls are searchable while public,
 * and the institutions are told once — never anyone else, never twice.
 */
describe('揭榜挂帅 invitations, call search and their notifications (e2e, real services)', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: string;
  let manager: string;
  let chains: string[];
  let ent: Awaited<ReturnType<typeof registerEnterprise>>;
  let other: Awaited<ReturnType<typeof registerEnterprise>>;
  let precision: string; // 江南精密工程大学: two matching achievements
  let materials: string; // 太湖材料科学研究院: one matching achievement
  let biotech: string; // 昆山生物医药研究院: nothing about the call
  let precisionA: Person;
  let precisionB: Person;
  let materialsUser: Person;
  let biotechUser: Person;
  let callId: string;
  let harmonicAchievements: string[];

  const kinds = async (userId: string, kind: string) =>
    db.query<Array<{ title: string; body: string; event_key: string }>>(
      'SELECT title, body, event_key FROM notifications WHERE recipient_id = $1 AND kind = $2 ORDER BY created_at',
      [userId, kind],
    );
  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params))[0].n);

  async function createUser(email: string, name: string, organisationId: string): Promise<Person> {
    const password = 'Kunshan2026';
    const res = await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({ email, password, name, role: 'university', organisationId, temporaryPassword: false })
      .expect(201);
    return { id: res.body.id as string, auth: await login(t.http, email, password) };
  }

  async function institution(name: string): Promise<string> {
    const res = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name, district: '玉山镇' })
      .expect(201);
    return res.body.id as string;
  }

  async function call(overrides: Record<string, unknown> = {}, publish = true): Promise<string> {
    const res = await t.http
      .post('/challenges')
      .set('Authorization', manager)
      .send(
        challengeBody({ enterpriseOrganisationId: ent.organisationId, industryChainIds: [chains[4]], ...overrides }),
      )
      .expect(201);
    if (publish) {
      await t.http.post(`/challenges/${res.body.id}/publish`).set('Authorization', manager).send({}).expect(200);
    }
    return res.body.id as string;
  }

  const search = async (q: string) =>
    (await t.http.get('/search/challenges').query({ q }).expect(200)).body as {
      items: Array<{ id: string; title: string; status: string; statusLabel: string }>;
      total: number;
      facetList: Array<{ param: string; values: Array<{ value: string; label: string }> }>;
    };

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin, 'invite-manager@example.com');
    chains = await chainIds(t.http);
    ent = await registerEnterprise(t.http, '昆山精毅精密机械有限公司');
    other = await registerEnterprise(t.http, '昆山无关贸易有限公司');
    precision = await institution('江南精密工程大学');
    materials = await institution('太湖材料科学研究院');
    biotech = await institution('昆山生物医药研究院');
    precisionA = await createUser('zhang@jnpe.edu.cn', '张立新', precision);
    precisionB = await createUser('wang@jnpe.edu.cn', '王晓峰', precision);
    materialsUser = await createUser('liu@thms.ac.cn', '刘海波', materials);
    biotechUser = await createUser('zhou@ksbio.ac.cn', '周敏', biotech);
    harmonicAchievements = [
      (await publishAchievement(t.http, manager, precision, [chains[4]])).id,
      (
        await publishAchievement(t.http, manager, precision, [chains[4]], {
          title: '协作机器人关节谐波减速器柔轮疲劳寿命预测与回差补偿方法',
          abstract:
            '建立谐波减速器柔轮疲劳寿命预测模型与回差在线补偿算法，完成 10000 小时加速寿命试验验证，回差稳定在 10 弧秒以内，适用于协作机器人关节模组。',
          keywords: ['谐波减速器', '柔轮', '疲劳寿命', '回差'],
          applicationScenarios: '协作机器人关节模组、精密转台',
          patentNumbers: ['ZL 2024 1 0234567.8'],
        })
      ).id,
    ];
    await publishAchievement(t.http, manager, materials, [chains[4]], {
      title: '谐波减速器柔轮用高强度合金钢真空热处理工艺',
      abstract:
        '针对谐波减速器柔轮薄壁件疲劳开裂问题，开发高强度合金钢真空渗碳与深冷处理工艺，柔轮疲劳寿命提升 40%，可用于机器人关节谐波减速器批量制造。',
      keywords: ['谐波减速器', '柔轮', '热处理'],
      applicationScenarios: '机器人关节谐波减速器柔轮制造',
      patentNumbers: ['ZL 2023 1 0345678.9'],
    });
    await publishAchievement(t.http, manager, biotech, [chains[7]], {
      title: '重组人源化单克隆抗体高效纯化工艺',
      abstract:
        '建立蛋白 A 亲和层析与多模式离子交换联用的单克隆抗体纯化平台，宿主蛋白残留低于 10 ppm，收率达 85%，适用于抗体药物中试生产。',
      keywords: ['单克隆抗体', '纯化', '层析'],
      applicationScenarios: '抗体药物中试与产业化生产',
      transferModes: ['licence'],
      patentNumbers: ['ZL 2022 1 0456789.0'],
    });
    await t.settle();
  }, 180000);

  afterAll(async () => {
    await t?.close();
  });

  it('publishing a call has the engine propose institutions, grouped by holder, with the achievements as reasons', async () => {
    callId = await call();
    await t.settle();
    const res = await t.http.get(`/challenges/${callId}/proposals`).set('Authorization', manager).expect(200);
    const proposals = res.body as Proposal[];
    const ids = proposals.map((p) => p.institutionId);
    expect(new Set(ids).size).toBe(ids.length); // one proposal per institution
    expect(ids).toEqual(expect.arrayContaining([precision, materials]));
    expect(ids).not.toContain(biotech);
    expect(ids).not.toContain(ent.organisationId);
    const first = proposals.find((p) => p.institutionId === precision)!;
    expect(first).toMatchObject({ institutionName: '江南精密工程大学', invited: false });
    expect(first.achievements.map((a) => a.achievementId).sort()).toEqual([...harmonicAchievements].sort());
    expect(first.score).toBeGreaterThan(0);
    expect(first.matchedTerms.length).toBeGreaterThan(0);
    for (const a of first.achievements) {
      expect(a.title).toMatch(/谐波减速器/);
      expect(a.summary.length).toBeGreaterThan(0);
    }
    expect(proposals.map((p) => p.rank)).toEqual(proposals.map((_, i) => i + 1));
    expect(proposals[0].score).toBeGreaterThanOrEqual(proposals[proposals.length - 1].score);
    console.log(
      `[invitations] proposals: ${proposals.map((p) => `${p.institutionName} ${p.score} (${p.achievements.length} 项成果)`).join('; ')}`,
    );
    // Readable by staff only.
    await t.http.get(`/challenges/${callId}/proposals`).set('Authorization', precisionA.auth).expect(403);
    await t.http.get(`/challenges/${callId}/proposals`).set('Authorization', ent.auth).expect(403);
    await t.http.get(`/challenges/${callId}/proposals`).expect(401);
    expect(
      await count(
        "SELECT count(*)::int AS n FROM domain_events WHERE type = 'challenge.invitations_proposed' AND entity_id = $1",
        [callId],
      ),
    ).toBe(1);
  });

  it('tells the users of each matching institution once, with what the public call shows and no one else', async () => {
    for (const person of [precisionA, precisionB, materialsUser]) {
      const rows = await kinds(person.id, 'challenge_matched');
      expect(rows).toHaveLength(1);
      expect(rows[0].title).toBe('榜单发布：「协作机器人关节高精度谐波减速器攻关」与贵单位成果匹配');
      expect(rows[0].body).toContain('榜额 500 万元');
      // The public call shows the 榜额, never the enterprise's share or the government's.
      expect(rows[0].body).not.toMatch(/350|150 万元|企业出资|政府资助|预算/);
    }
    expect((await kinds(precisionA.id, 'challenge_matched'))[0].body).toContain('双圆弧齿形修形');
    expect(await kinds(materialsUser.id, 'challenge_matched').then((r) => r[0].body)).not.toContain('双圆弧');
    expect(await kinds(biotechUser.id, 'challenge_matched')).toHaveLength(0);
    expect(await count('SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1', [ent.userId])).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1', [other.userId])).toBe(0);

    // Recomputing (a second run, a second event) tells no one again.
    const again = await t.http
      .post(`/challenges/${callId}/proposals/recompute`)
      .set('Authorization', manager)
      .send({})
      .expect(200);
    expect((again.body as Proposal[]).map((p) => p.institutionId)).toContain(precision);
    await t.settle();
    expect(await kinds(precisionA.id, 'challenge_matched')).toHaveLength(1);
    expect(await count("SELECT count(*)::int AS n FROM notifications WHERE kind = 'challenge_matched'")).toBe(3);
  });

  it('staff invite proposed and hand-picked institutions; each invitation is a record with its event', async () => {
    const res = await t.http
      .post(`/challenges/${callId}/invitations`)
      .set('Authorization', manager)
      .send({ institutionIds: [precision, biotech], message: '贵单位在精密传动方向积累深厚，诚邀组织团队揭榜。' })
      .expect(201);
    expect(res.body.alreadyInvited).toEqual([]);
    const invited = res.body.invited as Array<{
      id: string;
      institutionId: string;
      source: string;
      sourceLabel: string;
    }>;
    expect(invited.map((i) => [i.institutionId, i.source, i.sourceLabel]).sort()).toEqual(
      [
        [precision, 'proposal', '系统推荐'],
        [biotech, 'manual', '经理人指定'],
      ].sort(),
    );
    for (const i of invited) {
      const events = await db.query('SELECT type FROM domain_events WHERE entity_id = $1', [i.id]);
      expect(events).toEqual([{ type: 'challenge_invitation.sent' }]);
    }
    const twice = await t.http
      .post(`/challenges/${callId}/invitations`)
      .set('Authorization', manager)
      .send({ institutionIds: [precision] })
      .expect(201);
    expect(twice.body).toEqual({ invited: [], alreadyInvited: [precision] });
    const proposals = (await t.http.get(`/challenges/${callId}/proposals`).set('Authorization', manager).expect(200))
      .body as Proposal[];
    expect(proposals.find((p) => p.institutionId === precision)!.invited).toBe(true);
    expect(proposals.find((p) => p.institutionId === materials)!.invited).toBe(false);
    await t.settle();
  });

  it('refuses bad input and ineligible institutions with a clear 4xx, storing nothing', async () => {
    const before = await count('SELECT count(*)::int AS n FROM challenge_invitations');
    const send = (id: string, body: unknown, auth = manager) =>
      t.http
        .post(`/challenges/${id}/invitations`)
        .set('Authorization', auth)
        .send(body as object);
    const empty = await send(callId, { institutionIds: [] }).expect(400);
    expect(empty.body.details[0]).toMatchObject({ field: 'institutionIds' });
    await send(callId, { institutionIds: ['不是编号'] }).expect(400);
    await send(callId, { institutionIds: [materials, materials] }).expect(400);
    const unknown = await send(callId, { institutionIds: [materials, '00000000-0000-4000-8000-000000000000'] }).expect(
      400,
    );
    expect(unknown.body.details[0]).toMatchObject({
      field: 'institutionIds',
      reason: '单位不存在或不是高校院所、企业',
    });
    const own = await send(callId, { institutionIds: [materials, ent.organisationId] }).expect(409);
    expect(own.body).toMatchObject({
      code: 'NOT_ELIGIBLE',
      message: '昆山精毅精密机械有限公司：出榜企业不能受邀揭自己的榜',
    });
    // The call's eligibility still applies: an enterprise-only call invites no university.
    const enterprisesOnly = await call({
      title: '谐波减速器柔轮精密冲压成形产线攻关',
      eligibility: { institutionKinds: ['enterprise'], region: '不限地区', consortiumAllowed: false, notes: null },
    });
    const refused = await send(enterprisesOnly, { institutionIds: [materials] }).expect(409);
    expect(refused.body.message).toBe('太湖材料科学研究院：该榜单仅接受企业作为牵头单位揭榜');
    await send(enterprisesOnly, { institutionIds: [other.organisationId] }).expect(201);
    await send(callId, { institutionIds: [materials] }, precisionA.auth).expect(403);
    const draft = await call({ title: '谐波减速器测试台架研制（草稿）' }, false);
    const notOpen = await send(draft, { institutionIds: [materials] }).expect(409);
    expect(notOpen.body.message).toBe('只有揭榜中的榜单可以发出揭榜邀请');
    expect(await count('SELECT count(*)::int AS n FROM challenge_invitations')).toBe(before + 1);
    await t.settle();
  });

  it('an institution sees only its own invitations; others see none', async () => {
    const list = async (auth: string) =>
      (await t.http.get(`/challenges/${callId}/invitations`).set('Authorization', auth).expect(200)).body as Array<{
        institutionId: string;
        message: string | null;
      }>;
    expect((await list(manager)).map((i) => i.institutionId).sort()).toEqual([precision, biotech].sort());
    expect((await list(precisionB.auth)).map((i) => i.institutionId)).toEqual([precision]);
    expect((await list(biotechUser.auth)).map((i) => i.institutionId)).toEqual([biotech]);
    expect(await list(materialsUser.auth)).toEqual([]);
    expect(await list(other.auth)).toEqual([]);
    const mine = await t.http.get('/challenges/invitations/mine').set('Authorization', precisionA.auth).expect(200);
    expect(mine.body).toHaveLength(1);
    expect(mine.body[0]).toMatchObject({
      institutionName: '江南精密工程大学',
      message: '贵单位在精密传动方向积累深厚，诚邀组织团队揭榜。',
      bidSubmitted: false,
      call: {
        id: callId,
        title: '协作机器人关节高精度谐波减速器攻关',
        statusLabel: '揭榜中',
        open: true,
        fundingTotal: 500,
      },
    });
    expect(mine.body[0].call).not.toHaveProperty('enterpriseShare');
    expect(
      (await t.http.get('/challenges/invitations/mine').set('Authorization', materialsUser.auth).expect(200)).body,
    ).toEqual([]);
    await t.http.get('/challenges/invitations/mine').expect(401);
    // Invited, it bids as any eligible institution; staff see that it did.
    await t.http
      .post(`/challenges/${callId}/bids`)
      .set('Authorization', biotechUser.auth)
      .send(bidBody({ requestedFunding: 300 }))
      .expect(201);
    const after = await t.http.get(`/challenges/${callId}/invitations`).set('Authorization', manager).expect(200);
    expect(
      Object.fromEntries(
        (after.body as Array<{ institutionId: string; bidSubmitted: boolean }>).map((i) => [
          i.institutionId,
          i.bidSubmitted,
        ]),
      ),
    ).toEqual({ [precision]: false, [biotech]: true });
  });

  it('tells each invited institution’s users once, never another party', async () => {
    for (const person of [precisionA, precisionB, biotechUser]) {
      const rows = await kinds(person.id, 'challenge_invited');
      expect(rows).toHaveLength(1);
      expect(rows[0].title).toBe('揭榜邀请：「协作机器人关节高精度谐波减速器攻关」诚邀贵单位揭榜');
      expect(rows[0].body).toContain('邀请说明：贵单位在精密传动方向积累深厚');
      expect(rows[0].body).not.toMatch(/350|企业出资|政府资助/);
    }
    expect(await kinds(materialsUser.id, 'challenge_invited')).toHaveLength(0);
    expect(
      await count(
        "SELECT count(*)::int AS n FROM notifications WHERE kind = 'challenge_invited' AND recipient_id = $1",
        [ent.userId],
      ),
    ).toBe(0);
    // the enterprise-only call's invited enterprise hears of its own invitation only
    expect(await kinds(other.userId, 'challenge_invited')).toHaveLength(1);
  });

  it('reminds invited institutions that have not bid, 3 days before the deadline, once per call and institution', async () => {
    const soon = await call({
      title: '协作机器人关节谐波减速器力矩传感一体化攻关',
      bidDeadline: new Date(Date.now() + 2 * 86400000 + 3600000).toISOString(),
    });
    await t.settle();
    await t.http
      .post(`/challenges/${soon}/invitations`)
      .set('Authorization', manager)
      .send({ institutionIds: [precision, materials] })
      .expect(201);
    await t.http
      .post(`/challenges/${soon}/bids`)
      .set('Authorization', materialsUser.auth)
      .send(bidBody({ requestedFunding: 200 }))
      .expect(201);
    await t.settle();
    const schedule = t.app.get(NotificationScheduleService);
    const first = await schedule.run(new Date(), { everyoneNow: true });
    expect(first.bidDeadlineReminders).toBe(2); // 江南精密工程大学's two users; 太湖 has bid
    for (const person of [precisionA, precisionB]) {
      const rows = await kinds(person.id, 'bid_deadline_reminder');
      expect(rows).toHaveLength(1);
      expect(rows[0].title).toMatch(/^揭榜截止提醒：「协作机器人关节谐波减速器力矩传感一体化攻关」还有 [23] 天截止$/);
      expect(rows[0].event_key).toBe(`bid-deadline:${soon}:${precision}`);
    }
    expect(await kinds(materialsUser.id, 'bid_deadline_reminder')).toHaveLength(0);
    expect(await kinds(biotechUser.id, 'bid_deadline_reminder')).toHaveLength(0); // the 30-day call is not due
    // The next ticks and the next day send nothing again.
    expect((await schedule.run(new Date(), { everyoneNow: true })).bidDeadlineReminders).toBe(0);
    expect((await schedule.run(new Date(Date.now() + 86400000), { everyoneNow: true })).bidDeadlineReminders).toBe(0);
    expect(await kinds(precisionA.id, 'bid_deadline_reminder')).toHaveLength(1);
  });

  it('finds public calls in search, never a draft, and drops a cancelled call', async () => {
    const draftTitle = '行星滚柱丝杠精密磨削工艺攻关';
    await call({ title: draftTitle }, false);
    const cancelled = await call({ title: '高功率密度轮毂电机散热结构攻关' });
    await t.settle();
    const found = await search('谐波减速器');
    expect(found.items.map((i) => i.id)).toContain(callId);
    const hit = found.items.find((i) => i.id === callId)!;
    expect(hit).toMatchObject({ status: 'published', statusLabel: '揭榜中' });
    expect(hit).not.toHaveProperty('enterpriseShare');
    expect(hit).not.toHaveProperty('managerUserId');
    expect(found.facetList.find((f) => f.param === 'status')!.values).toEqual(
      expect.arrayContaining([expect.objectContaining({ value: 'published', label: '揭榜中' })]),
    );
    expect((await search('行星滚柱丝杠')).total).toBe(0);
    expect((await search('轮毂电机')).items.map((i) => i.id)).toEqual([cancelled]);
    await t.http
      .post(`/challenges/${cancelled}/cancel`)
      .set('Authorization', manager)
      .send({ reason: '企业调整研发计划，撤榜' })
      .expect(200);
    await t.settle();
    expect((await search('轮毂电机')).total).toBe(0);
    const bad = await t.http.get('/search/challenges').query({ status: 'draft' }).expect(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'status' });
  });

  it('replaying every event adds no notification and no invitation', async () => {
    const before = await count('SELECT count(*)::int AS n FROM notifications');
    const invitations = await count('SELECT count(*)::int AS n FROM challenge_invitations');
    const events: Array<{ id: string }> = await db.query('SELECT id FROM domain_events ORDER BY id');
    const queue = t.app.get(JobQueue);
    for (const e of events) {
      await queue.enqueue(JobName.ProcessDomainEvent, { eventId: e.id }, { jobId: `replay-${e.id}` });
    }
    await t.settle();
    expect(await count('SELECT count(*)::int AS n FROM notifications')).toBe(before);
    expect(await count('SELECT count(*)::int AS n FROM challenge_invitations')).toBe(invitations);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM notifications GROUP BY event_key, recipient_id, kind HAVING count(*) > 1) d`,
      ),
    ).toBe(0);
    console.log(`[invitations] events replayed: ${events.length}, notifications: ${before} → ${before}`);
  });
});
