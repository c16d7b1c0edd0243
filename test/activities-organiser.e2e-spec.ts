import ExcelJS from 'exceljs';

import {
  chainIds,
  createManager,
  publishAchievement as publishAchievementAs,
  publishDemand as publishDemandAs,
  registerEnterprise,
} from './factories/registry.factory';
import { binaryBody, createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

/**
 * The organiser's workspace over the API: a 成果捕捉 activity, locking the list before the event, files without
 * budget or pipeline wording, no follow-up for pairs whose side stayed away, and a follow-up's 有合作意向 that only a
 * technology manager turns into 精准匹配 (the organiser cannot confirm).
 */
describe('organiser workspace: lock, follow-up outcome and manager confirmation (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let organizer: string;
  let otherOrganizer: string;
  let chains: string[];
  let universityId: string;
  let ent: Awaited<ReturnType<typeof registerEnterprise>>;
  let ent2: Awaited<ReturnType<typeof registerEnterprise>>;
  let reducer: { id: string };
  let sensor: { id: string };
  let demand: { id: string };
  let demand2: { id: string };

  async function createUser(role: string, email: string): Promise<string> {
    const password = 'Organizer2026';
    await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({ email, password, name: '顾文清', role, temporaryPassword: false })
      .expect(201);
    return login(t.http, email, password);
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin);
    organizer = await createUser('organizer', 'organizer@example.com');
    otherOrganizer = await createUser('organizer', 'organizer2@example.com');
    chains = await chainIds(t.http);
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '江南精密工程大学', district: '周市镇' })
      .expect(201);
    universityId = uni.body.id;
    reducer = await publishAchievementAs(t.http, manager, universityId, [chains[4]]);
    sensor = await publishAchievementAs(t.http, manager, universityId, [chains[4]], {
      title: '柔性薄膜压力传感阵列及其制备方法',
      abstract:
        '以银纳米线与聚二甲基硅氧烷复合制备柔性压力传感阵列，灵敏度高、迟滞小，可贴附于机器人手爪实现触觉感知，已完成小批量试制。',
      keywords: ['柔性传感器', '触觉感知', '银纳米线'],
      patentNumbers: ['ZL 2022 1 0765432.1'],
    });
    ent = await registerEnterprise(t.http, '昆山精毅精密机械有限公司');
    ent2 = await registerEnterprise(t.http, '昆山睿感智能装备有限公司');
    demand = await publishDemandAs(t.http, ent.auth, manager, [chains[4]]);
    demand2 = await publishDemandAs(t.http, ent2.auth, manager, [chains[4]], {
      title: '协作机器人手爪柔性触觉传感器开发',
      description:
        '我司生产协作机器人末端执行器，希望在手爪表面集成柔性触觉传感阵列，实现抓取力闭环控制，要求响应时间小于 10 毫秒、可弯折十万次以上。',
      keywords: ['触觉传感器', '柔性电子', '机器人手爪'],
      budgetMin: 150,
      budgetMax: 300,
    });
    await t.settle();
  });

  afterAll(async () => {
    await t?.close();
  });

  async function createActivity(auth: string, overrides: Record<string, unknown> = {}) {
    const res = await t.http
      .post('/activities')
      .set('Authorization', auth)
      .send({
        kind: 'roadshow',
        title: '2026 智能装备项目路演（第三期）',
        scheduledAt: '2026-05-20T09:30:00+08:00',
        place: '昆山市科技创新服务中心三楼报告厅',
        district: '玉山镇',
        industryChainIds: [chains[4]],
        participants: [
          { organisationId: ent.organisationId },
          { organisationId: ent2.organisationId },
          { organisationId: universityId },
        ],
        ...overrides,
      })
      .expect(201);
    return res.body as { id: string; version: number; kind: string; kindLabel: string };
  }

  const addPair = (activityId: string, demandId: string, achievementId: string, auth = organizer) =>
    t.http
      .post(`/activities/${activityId}/match-items`)
      .set('Authorization', auth)
      .send({ demandId, achievementId })
      .expect(201);

  const eventsOf = async (id: string, type: string) =>
    (await t.http.get('/events').query({ entityId: id, type }).set('Authorization', admin).expect(200)).body
      .items as Array<{ type: string; after: Record<string, unknown> }>;

  it('plans a 成果捕捉 activity', async () => {
    const scouting = await createActivity(organizer, {
      kind: 'achievement_scouting',
      title: '2026 第二季度成果捕捉专项',
    });
    expect(scouting).toMatchObject({ kind: 'achievement_scouting', kindLabel: '成果捕捉' });
    const res = await t.http
      .post('/activities')
      .set('Authorization', organizer)
      .send({ kind: 'fair', title: '不存在的活动类型', scheduledAt: '2026-05-20T09:30:00+08:00', place: '线上' })
      .expect(400);
    expect(res.body.details[0].field).toBe('kind');
  });

  it('locks the list before the event: changes refused until unlocked; only its organiser or staff lock', async () => {
    const activity = await createActivity(organizer);
    const added = await addPair(activity.id, demand.id, reducer.id);
    const itemId = added.body.items[0].itemId as string;

    await t.http.post(`/activities/${activity.id}/match-list/lock`).set('Authorization', otherOrganizer).expect(403);
    await t.http.post(`/activities/${activity.id}/match-list/lock`).set('Authorization', ent.auth).expect(403);
    const locked = await t.http
      .post(`/activities/${activity.id}/match-list/lock`)
      .set('Authorization', organizer)
      .expect(200);
    expect(locked.body).toMatchObject({ locked: true, frozen: true, activityStatus: 'planned' });
    expect(locked.body.lockedAt).toEqual(expect.any(String));
    const activityView = await t.http.get(`/activities/${activity.id}`).set('Authorization', organizer).expect(200);
    expect(activityView.body.matchListLockedAt).toBe(locked.body.lockedAt);
    // locking twice changes nothing and records one event
    await t.http.post(`/activities/${activity.id}/match-list/lock`).set('Authorization', organizer).expect(200);
    expect(await eventsOf(activity.id, 'activity.match_list_locked')).toHaveLength(1);

    for (const req of [
      t.http.post(`/activities/${activity.id}/match-items`).send({ demandId: demand2.id, achievementId: sensor.id }),
      t.http.patch(`/activities/${activity.id}/match-items/${itemId}`).send({ note: '改为第二个上台' }),
      t.http.delete(`/activities/${activity.id}/match-items/${itemId}`),
      t.http.put(`/activities/${activity.id}/match-items/order`).send({ itemIds: [itemId] }),
    ]) {
      const res = await req.set('Authorization', manager).expect(409);
      expect(res.body).toMatchObject({ code: 'ACTIVITY_FROZEN', message: '对接清单已锁定，请先解锁再修改' });
    }

    const unlocked = await t.http
      .post(`/activities/${activity.id}/match-list/unlock`)
      .set('Authorization', organizer)
      .expect(200);
    expect(unlocked.body).toMatchObject({ locked: false, frozen: false, lockedAt: null });
    expect(await eventsOf(activity.id, 'activity.match_list_unlocked')).toHaveLength(1);
    await addPair(activity.id, demand2.id, sensor.id);

    // once held the list is frozen for good: no lock or unlock any more
    await t.http.post(`/activities/${activity.id}/hold`).set('Authorization', organizer).send({ attendance: 40 });
    const late = await t.http
      .post(`/activities/${activity.id}/match-list/unlock`)
      .set('Authorization', organizer)
      .expect(409);
    expect(late.body.code).toBe('ACTIVITY_FROZEN');
  });

  it('hands out files without budget or pipeline wording', async () => {
    const activity = await createActivity(organizer, { title: '柔性传感专场对接会', kind: 'matchmaking' });
    await addPair(activity.id, demand2.id, sensor.id);
    await addPair(activity.id, demand.id, reducer.id);
    // one pair already confirmed by a manager: its stage must not show in the files either
    const items = (await t.http.get(`/activities/${activity.id}/match-items`).set('Authorization', organizer)).body
      .items as Array<{ matchId: string }>;
    await t.http.post(`/matches/${items[1].matchId}/confirm`).set('Authorization', manager).send({}).expect(200);
    await t.http.post(`/activities/${activity.id}/match-list/lock`).set('Authorization', organizer).expect(200);

    async function exportAs(format: string): Promise<Buffer> {
      const job = await t.http
        .post(`/activities/${activity.id}/exports`)
        .set('Authorization', organizer)
        .send({ format })
        .expect(202);
      await t.settle();
      const status = await t.http.get(`/exports/${job.body.id}`).set('Authorization', organizer).expect(200);
      expect(status.body).toMatchObject({
        status: 'done',
        progress: 1,
        downloadUrl: `/exports/${job.body.id}/download`,
      });
      return (
        await t.http
          .get(`/exports/${job.body.id}/download`)
          .set('Authorization', organizer)
          .buffer(true)
          .parse(binaryBody)
          .expect(200)
      ).body as Buffer;
    }

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportAs('xlsx')) as unknown as ArrayBuffer);
    const cells = JSON.stringify(wb.worksheets.map((ws) => ws.getSheetValues()));
    const csv = (await exportAs('csv')).toString('utf8');
    for (const text of [cells, csv]) {
      expect(text).toContain('协作机器人手爪柔性触觉传感器开发');
      for (const internal of ['匹配状态', '系统推荐', '精准匹配', '预算', '150', '300 万']) {
        expect(text).not.toContain(internal);
      }
    }
    const pdf = await exportAs('pdf');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('opens no follow-up for a pair whose side was marked absent', async () => {
    const activity = await createActivity(organizer, { title: '智能装备专场对接会（缺席）', kind: 'matchmaking' });
    await addPair(activity.id, demand.id, reducer.id);
    await addPair(activity.id, demand2.id, sensor.id);
    const held = await t.http
      .post(`/activities/${activity.id}/hold`)
      .set('Authorization', organizer)
      .send({ attendance: 52, attendedOrganisationIds: [ent.organisationId, universityId] })
      .expect(200);
    expect(held.body.followUps).toMatchObject({ total: 1 });
    const fu = await t.http
      .get('/follow-ups')
      .query({ activityId: activity.id })
      .set('Authorization', organizer)
      .expect(200);
    expect(fu.body.items.map((f: { match: { demand: { id: string } } }) => f.match.demand.id)).toEqual([demand.id]);
    // with every item done the activity closes: the absent pair is not waiting for anything
    await t.http.patch(`/follow-ups/${fu.body.items[0].id}`).set('Authorization', organizer).send({ status: 'done' });
    await t.http.post(`/activities/${activity.id}/follow-up`).set('Authorization', organizer).send({}).expect(200);
  });

  it('turns 有合作意向 into a confirmation the responsible manager gives; the organiser cannot confirm', async () => {
    const managerId = (await t.http.get('/auth/me').set('Authorization', manager).expect(200)).body.id as string;
    const current = await t.http.get(`/demands/${demand2.id}`).set('Authorization', manager).expect(200);
    const assigned = await t.http
      .patch(`/demands/${demand2.id}`)
      .set('Authorization', manager)
      .send({ assignedManagerId: managerId, version: current.body.version });
    expect(assigned.body).toMatchObject({ assignedManagerId: managerId });
    const activity = await createActivity(organizer, { title: '柔性电子项目路演' });
    const list = await addPair(activity.id, demand2.id, sensor.id);
    const matchId = list.body.items[0].matchId as string;
    await t.http.post(`/activities/${activity.id}/hold`).set('Authorization', organizer).send({ attendance: 30 });
    const [item] = (
      await t.http.get('/follow-ups').query({ activityId: activity.id }).set('Authorization', organizer).expect(200)
    ).body.items as Array<{ id: string; version: number }>;

    const bad = await t.http
      .patch(`/follow-ups/${item.id}`)
      .set('Authorization', organizer)
      .send({ outcome: 'signed' })
      .expect(400);
    expect(bad.body.details[0].field).toBe('outcome');

    const recorded = await t.http
      .patch(`/follow-ups/${item.id}`)
      .set('Authorization', organizer)
      .send({
        outcome: 'cooperation_intent',
        contacted: true,
        note: '企业已赴校考察样机，希望联合开发',
        version: item.version,
      })
      .expect(200);
    expect(recorded.body).toMatchObject({
      outcome: 'cooperation_intent',
      outcomeLabel: '有合作意向',
      awaitingConfirmation: true,
      match: { id: matchId, status: 'suggested' },
    });
    // the organiser sees no staff user id
    expect(recorded.body.match.demand.assignedManagerId).toBeNull();
    const [updated] = await eventsOf(item.id, 'follow_up.updated');
    expect(updated.after).toMatchObject({ outcome: 'cooperation_intent', matchId });

    // recording the outcome does not confirm; the organiser may not confirm by itself
    const confirmByOrganiser = await t.http
      .post(`/matches/${matchId}/confirm`)
      .set('Authorization', organizer)
      .send({})
      .expect(403);
    expect(confirmByOrganiser.body.code).toBeDefined();
    expect((await t.http.get(`/matches/${matchId}`).set('Authorization', manager)).body.status).toBe('suggested');

    // the manager's 待确认 list, with the responsible manager
    const awaiting = await t.http
      .get('/follow-ups')
      .query({ awaitingConfirmation: true })
      .set('Authorization', manager)
      .expect(200);
    expect(awaiting.body.items.map((f: { id: string }) => f.id)).toEqual([item.id]);
    expect(awaiting.body.items[0].match.demand.assignedManagerId).toBe(managerId);

    // one click: the normal confirm path; the pair leaves the list and counts as 精准匹配
    const confirmed = await t.http
      .post(`/matches/${matchId}/confirm`)
      .set('Authorization', manager)
      .send({})
      .expect(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', statusLabel: '精准匹配' });
    expect(await eventsOf(matchId, 'match.confirmed')).toHaveLength(1);
    const after = await t.http
      .get('/follow-ups')
      .query({ awaitingConfirmation: true })
      .set('Authorization', manager)
      .expect(200);
    expect(after.body.total).toBe(0);
    const view = await t.http.get(`/follow-ups/${item.id}`).set('Authorization', organizer).expect(200);
    expect(view.body).toMatchObject({
      awaitingConfirmation: false,
      outcomeLabel: '有合作意向',
      match: { status: 'confirmed' },
    });
  });
});
