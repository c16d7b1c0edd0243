import fs from 'node:fs';
import path from 'node:path';

import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';

import {
  chainIds,
  createManager,
  publishAchievement as publishAchievementAs,
  publishDemand as publishDemandAs,
  registerEnterprise,
} from './factories/registry.factory';
import { binaryBody, createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

type Item = {
  itemId: string;
  origin: 'engine' | 'manual';
  score: number;
  summary: string;
  matchedTerms: string[];
  position: number;
  note: string;
  matchId: string;
  demand: { id: string; title: string; organisationName: string };
  achievement: { id: string; title: string; organisationName: string };
  demandContact?: { name: string | null; phone: string | null; email: string | null };
  achievementContact?: { name: string | null; phone: string | null; email: string | null };
};

/** A Beijing calendar date as YYYY-MM-DD, shifted by `days`. */
function beijingDate(at: Date, days = 0): string {
  return new Date(at.getTime() + 8 * 3600 * 1000 + days * 86400 * 1000).toISOString().slice(0, 10);
}

describe('activities, match lists and follow-ups (e2e, real PostgreSQL + Redis + Meilisearch)', () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let organizer: string;
  let otherOrganizer: string;
  let chains: string[];
  let universityId: string;
  let otherUniversityId: string;
  let ent: Awaited<ReturnType<typeof registerEnterprise>>;
  let ent2: Awaited<ReturnType<typeof registerEnterprise>>;
  let outsider: Awaited<ReturnType<typeof registerEnterprise>>;
  let reducer: { id: string };
  let sensor: { id: string };
  let coating: { id: string };
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

  const publishAchievement = (institutionId: string, overrides: Record<string, unknown> = {}) =>
    publishAchievementAs(t.http, manager, institutionId, [chains[4]], overrides);

  const publishDemand = (auth: string, overrides: Record<string, unknown> = {}) =>
    publishDemandAs(t.http, auth, manager, [chains[4]], overrides);

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
    const uni2 = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '太湖材料科学研究院', district: '玉山镇' })
      .expect(201);
    otherUniversityId = uni2.body.id;
    reducer = await publishAchievement(universityId);
    sensor = await publishAchievement(universityId, {
      title: '柔性薄膜压力传感阵列及其制备方法',
      abstract:
        '以银纳米线与聚二甲基硅氧烷复合制备柔性压力传感阵列，灵敏度高、迟滞小，可贴附于机器人手爪实现触觉感知，已完成小批量试制。',
      keywords: ['柔性传感器', '触觉感知', '银纳米线'],
      patentNumbers: ['ZL 2022 1 0765432.1'],
      contactName: '赵老师',
      contactPhone: '13900000003',
      contactEmail: 'zhao@example.edu.cn',
    });
    coating = await publishAchievement(otherUniversityId, {
      title: '高耐蚀冷喷涂铝基复合涂层',
      abstract: '采用冷喷涂工艺制备铝基复合涂层，盐雾试验 3000 小时无红锈，适用于海工装备与新能源汽车电池托盘防护。',
      keywords: ['冷喷涂', '防腐涂层'],
      patentNumbers: [],
    });
    ent = await registerEnterprise(t.http, '昆山精毅精密机械有限公司');
    ent2 = await registerEnterprise(t.http, '昆山睿感智能装备有限公司');
    outsider = await registerEnterprise(t.http, '昆山无关贸易有限公司');
    demand = await publishDemand(ent.auth);
    demand2 = await publishDemand(ent2.auth, {
      title: '协作机器人手爪柔性触觉传感器开发',
      description:
        '我司生产协作机器人末端执行器，希望在手爪表面集成柔性触觉传感阵列，实现抓取力闭环控制，要求响应时间小于 10 毫秒、可弯折十万次以上。',
      keywords: ['触觉传感器', '柔性电子', '机器人手爪'],
      contactName: '孙工',
      contactPhone: '0512-57000009',
      contactEmail: 'sun@example.com',
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
        kind: 'bai_xiao_qun_ying',
        title: '2026 百校群英荟·智能制造专场',
        scheduledAt: '2026-05-20T09:30:00+08:00',
        place: '昆山市科技创新服务中心三楼报告厅',
        district: '玉山镇',
        industryChainIds: [chains[4]],
        participants: [
          { organisationId: ent.organisationId },
          { organisationId: ent2.organisationId },
          { organisationId: universityId },
        ],
        notes: '邀请高校专家现场答疑',
        ...overrides,
      })
      .expect(201);
    return res.body as { id: string; version: number; status: string; participants: Array<{ role: string }> };
  }

  const list = async (auth: string, id: string) =>
    (await t.http.get(`/activities/${id}/match-items`).set('Authorization', auth).expect(200)).body as {
      frozen: boolean;
      contactsVisible: boolean;
      items: Item[];
    };

  const eventsOf = async (id: string, type: string) =>
    (await t.http.get('/events').query({ entityId: id, type }).set('Authorization', admin).expect(200)).body
      .items as Array<{ type: string; before: Record<string, unknown> | null; after: Record<string, any> }>;

  it('runs an activity: plan → curate the list → hold (frozen, follow-ups, event) → follow up', async () => {
    // plan
    const activity = await createActivity(organizer);
    expect(activity).toMatchObject({ status: 'planned', kindLabel: '百校群英荟', statusLabel: '筹备中' });
    expect(activity.participants.map((p) => p.role).sort()).toEqual(['enterprise', 'enterprise', 'university']);
    expect(await eventsOf(activity.id, 'activity.created')).toHaveLength(1);

    // proposals: engine suggestions among participants (the coating of a non-participant university is left out)
    const proposals = (
      await t.http.get(`/activities/${activity.id}/proposals`).set('Authorization', organizer).expect(200)
    ).body as Array<{ matchId: string; demand: { id: string }; achievement: { id: string }; source: string }>;
    const pair = proposals.find((p) => p.demand.id === demand.id && p.achievement.id === reducer.id);
    expect(pair).toBeDefined();
    expect(proposals.map((p) => p.achievement.id)).not.toContain(coating.id);

    // curate: a stored match, a pair by hand (creates a manual match), a duplicate refused
    await t.http
      .post(`/activities/${activity.id}/match-items`)
      .set('Authorization', organizer)
      .send({ matchId: pair!.matchId, note: '第一轮路演' })
      .expect(201);
    await t.http
      .post(`/activities/${activity.id}/match-items`)
      .set('Authorization', organizer)
      .send({ demandId: demand2.id, achievementId: sensor.id, note: '企业点名要见团队' })
      .expect(201);
    await t.http
      .post(`/activities/${activity.id}/match-items`)
      .set('Authorization', organizer)
      .send({ demandId: demand.id, achievementId: sensor.id })
      .expect(201);
    const dup = await t.http
      .post(`/activities/${activity.id}/match-items`)
      .set('Authorization', organizer)
      .send({ matchId: pair!.matchId })
      .expect(409);
    expect(dup.body.message).toBe('该匹配已在对接清单中');
    // another organiser reads the activity but does not manage it
    await t.http.get(`/activities/${activity.id}`).set('Authorization', otherOrganizer).expect(200);
    await t.http
      .post(`/activities/${activity.id}/match-items`)
      .set('Authorization', otherOrganizer)
      .send({ demandId: demand2.id, achievementId: reducer.id })
      .expect(403);

    let current = await list(organizer, activity.id);
    expect(current.items.map((i) => [i.position, i.demand.id, i.achievement.id])).toEqual([
      [1, demand.id, reducer.id],
      [2, demand2.id, sensor.id],
      [3, demand.id, sensor.id],
    ]);
    // reorder, move, note, remove: positions stay 1..n
    const [a, b, c] = current.items.map((i) => i.itemId);
    await t.http
      .put(`/activities/${activity.id}/match-items/order`)
      .set('Authorization', organizer)
      .send({ itemIds: [b, c, a] })
      .expect(200);
    await t.http
      .patch(`/activities/${activity.id}/match-items/${a}`)
      .set('Authorization', organizer)
      .send({ position: 1, note: '压轴改为开场' })
      .expect(200);
    current = (
      await t.http.delete(`/activities/${activity.id}/match-items/${c}`).set('Authorization', organizer).expect(200)
    ).body;
    expect(current.items.map((i) => [i.itemId, i.position])).toEqual([
      [a, 1],
      [b, 2],
    ]);
    expect(current.items[0].note).toBe('压轴改为开场');
    await t.http
      .put(`/activities/${activity.id}/match-items/order`)
      .set('Authorization', organizer)
      .send({ itemIds: [a] })
      .expect(400);

    // contacts: managers see them, the organiser does not; a participant sees only its own pairs; others nothing
    expect(current.contactsVisible).toBe(false);
    expect(current.items[0].demandContact).toBeUndefined();
    expect(JSON.stringify(current)).not.toContain('13800000002');
    const staffView = await list(manager, activity.id);
    expect(staffView.contactsVisible).toBe(true);
    expect(staffView.items[0].demandContact).toEqual({
      name: '王工',
      phone: '0512-57000001',
      email: 'wang@example.com',
    });
    expect(staffView.items[0].achievementContact?.phone).toBe('13800000002');
    const ent2View = await list(ent2.auth, activity.id);
    expect(ent2View.items.map((i) => i.demand.id)).toEqual([demand2.id]);
    await t.http.get(`/activities/${activity.id}`).set('Authorization', outsider.auth).expect(404);
    const entList = await t.http.get('/activities').set('Authorization', ent.auth).expect(200);
    expect(entList.body.items.map((x: { id: string }) => x.id)).toEqual([activity.id]);
    await t.http.post('/activities').set('Authorization', ent.auth).send({}).expect(403);

    // hold: attendance recorded, list frozen, follow-ups opened, event carries what the indicator counts
    const heldAt = new Date(Date.now() - 3600 * 1000);
    const heldYear = Number(beijingDate(heldAt).slice(0, 4));
    const activitiesIndicator = async () => {
      await t.settle();
      const res = await t.http.get('/indicators').query({ year: heldYear }).set('Authorization', manager).expect(200);
      return (res.body.indicators as Array<{ key: string; actual: number }>).find((f) => f.key === 'activities')!
        .actual;
    };
    const countedBefore = await activitiesIndicator();
    const held = await t.http
      .post(`/activities/${activity.id}/hold`)
      .set('Authorization', organizer)
      .send({
        attendance: 86,
        heldAt: heldAt.toISOString(),
        attendedOrganisationIds: [ent.organisationId, ent2.organisationId, universityId],
      })
      .expect(200);
    expect(held.body).toMatchObject({ status: 'held', attendance: 86, statusLabel: '已举办' });
    expect(new Date(held.body.heldAt).getTime()).toBe(heldAt.getTime());
    expect(held.body.participants.filter((p: { attended: boolean }) => p.attended)).toHaveLength(3);
    const [heldEvent] = await eventsOf(activity.id, 'activity.held');
    expect(heldEvent.before).toEqual({ status: 'planned' });
    expect(heldEvent.after).toMatchObject({
      status: 'held',
      heldAt: heldAt.toISOString(),
      kind: 'bai_xiao_qun_ying',
      industryChainIds: [chains[4]],
      district: '玉山镇',
      attendance: 86,
      followUps: 2,
    });

    // held activities feed the events indicator (counted by the indicators lib from the row and its events)
    expect(await activitiesIndicator()).toBe(countedBefore + 1);

    const frozen = await t.http
      .post(`/activities/${activity.id}/match-items`)
      .set('Authorization', organizer)
      .send({ demandId: demand2.id, achievementId: reducer.id })
      .expect(409);
    expect(frozen.body).toMatchObject({ code: 'ACTIVITY_FROZEN', message: '活动已举办，对接清单已锁定，不能再修改' });
    for (const req of [
      t.http.delete(`/activities/${activity.id}/match-items/${a}`),
      t.http.patch(`/activities/${activity.id}/match-items/${a}`).send({ note: '改' }),
      t.http.put(`/activities/${activity.id}/match-items/order`).send({ itemIds: [b, a] }),
    ]) {
      expect((await req.set('Authorization', manager).expect(409)).body.code).toBe('ACTIVITY_FROZEN');
    }
    expect((await list(organizer, activity.id)).items.map((i) => i.itemId)).toEqual([a, b]);
    // only the notes may change once held
    await t.http
      .patch(`/activities/${activity.id}`)
      .set('Authorization', organizer)
      .send({ place: '线上' })
      .expect(409);
    await t.http
      .patch(`/activities/${activity.id}`)
      .set('Authorization', organizer)
      .send({ notes: '现场签约意向 1 项' })
      .expect(200);

    // follow-ups: one per presented pair, due 14 days after the Beijing date of the activity
    const fu = await t.http
      .get('/follow-ups')
      .query({ activityId: activity.id })
      .set('Authorization', organizer)
      .expect(200);
    expect(fu.body.total).toBe(2);
    expect(fu.body.items.map((f: { matchId: string }) => f.matchId).sort()).toEqual(
      current.items.map((i) => i.matchId).sort(),
    );
    for (const f of fu.body.items)
      expect(f).toMatchObject({ status: 'open', contacted: false, dueDate: beijingDate(heldAt, 14) });
    expect((await eventsOf(fu.body.items[0].id, 'follow_up.created')).length).toBe(1);

    // cannot be closed while items are open
    const open = await t.http
      .post(`/activities/${activity.id}/follow-up`)
      .set('Authorization', organizer)
      .send({})
      .expect(409);
    expect(open.body.code).toBe('FOLLOW_UPS_OPEN');

    // overdue: due date passed and not done, for managers only
    const [first, second] = fu.body.items as Array<{ id: string; version: number }>;
    await t.http
      .patch(`/follow-ups/${first.id}`)
      .set('Authorization', organizer)
      .send({
        contacted: true,
        nextStep: '安排企业赴校考察样机',
        dueDate: beijingDate(new Date(), -1),
        version: first.version,
      })
      .expect(200);
    const overdue = await t.http.get('/follow-ups/overdue').set('Authorization', manager).expect(200);
    expect(overdue.body.items.map((f: { id: string }) => f.id)).toEqual([first.id]);
    expect(overdue.body.items[0]).toMatchObject({ overdue: true, contacted: true, nextStep: '安排企业赴校考察样机' });
    await t.http.get('/follow-ups/overdue').set('Authorization', organizer).expect(403);
    // a participant sees its own pair's follow-up but may not change it
    const mine = await t.http.get('/follow-ups').set('Authorization', ent2.auth).expect(200);
    expect(mine.body.items.map((f: { match: { demand: { id: string } } }) => f.match.demand.id)).toEqual([demand2.id]);
    await t.http
      .patch(`/follow-ups/${mine.body.items[0].id}`)
      .set('Authorization', ent2.auth)
      .send({ contacted: true })
      .expect(403);

    for (const f of [first, second]) {
      await t.http.patch(`/follow-ups/${f.id}`).set('Authorization', manager).send({ status: 'done' }).expect(200);
    }
    expect((await eventsOf(first.id, 'follow_up.done')).length).toBe(1);
    expect((await t.http.get('/follow-ups/overdue').set('Authorization', manager).expect(200)).body.total).toBe(0);
    const done = await t.http
      .post(`/activities/${activity.id}/follow-up`)
      .set('Authorization', organizer)
      .send({})
      .expect(200);
    expect(done.body).toMatchObject({ status: 'followed_up', followUps: { total: 2, done: 2, overdue: 0 } });
    expect((await eventsOf(activity.id, 'activity.followed_up')).length).toBe(1);
  });

  it('exports the match list: xlsx per chain with contacts only for managers, csv with BOM, a PDF handout', async () => {
    const demand3 = await publishDemand(ent.auth, {
      title: '新能源汽车电池托盘防腐涂层开发',
      description:
        '我司为新能源汽车电池托盘供应商，现用电泳涂层在盐雾环境下两千小时后出现红锈，希望开发耐盐雾三千小时以上、附着力好且可批量施工的防腐涂层方案。',
      keywords: ['防腐涂层', '电池托盘', '盐雾'],
      industryChainIds: [chains[5]],
      contactName: '钱工',
      contactPhone: '0512-57000033',
      contactEmail: 'qian@example.com',
    });
    const activity = await createActivity(organizer, {
      kind: 'roadshow',
      title: '智能装备与新材料项目路演',
      industryChainIds: [chains[4], chains[5]],
      participants: [
        { organisationId: ent.organisationId },
        { organisationId: ent2.organisationId },
        { organisationId: universityId },
        { organisationId: otherUniversityId },
      ],
    });
    const add = (body: Record<string, unknown>) =>
      t.http.post(`/activities/${activity.id}/match-items`).set('Authorization', organizer).send(body).expect(201);
    await add({ demandId: demand.id, achievementId: reducer.id, note: '请带样机' });
    await add({ demandId: demand3.id, achievementId: coating.id, note: '=HYPERLINK("http://x")' });
    await add({ demandId: demand2.id, achievementId: sensor.id });
    const chainNames = (await t.http.get('/industry-chains').expect(200)).body as Array<{ id: string; name: string }>;
    const nameOf = (id: string) => chainNames.find((c) => c.id === id)!.name;

    async function exportAs(auth: string, format: string): Promise<Buffer> {
      const job = await t.http
        .post(`/activities/${activity.id}/exports`)
        .set('Authorization', auth)
        .send({ format })
        .expect(202);
      expect(job.body).toMatchObject({ kind: `activity.match-list.${format}`, status: 'queued' });
      await t.settle();
      const status = await t.http.get(`/exports/${job.body.id}`).set('Authorization', auth).expect(200);
      expect(status.body).toMatchObject({ status: 'done', progress: 1 });
      expect(status.body.filename).toMatch(new RegExp(`^对接清单-智能装备与新材料项目路演-\\d{8}\\.${format}$`));
      const res = await t.http
        .get(`/exports/${job.body.id}/download`)
        .set('Authorization', auth)
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
      return res.body as Buffer;
    }

    async function readSheets(content: Buffer) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(content as unknown as ArrayBuffer);
      return wb.worksheets.map((ws) => ({
        name: ws.name,
        frozen: ws.views[0],
        rows: (ws.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1).map((v) => v ?? '')),
        widths: ws.columns.map((c) => c.width ?? 0),
      }));
    }

    const baseHeaders = ['序号', '需求名称', '需求企业', '成果名称', '成果单位', '匹配度', '匹配理由'];
    const contactHeaders = ['需求联系人', '需求联系电话', '需求联系邮箱', '成果联系人', '成果联系电话', '成果联系邮箱'];

    // the organiser: one sheet per chain, Chinese headers under a title line, frozen, no contacts at all
    const organiserXlsx = await exportAs(organizer, 'xlsx');
    const sheets = await readSheets(organiserXlsx);
    expect(sheets.map((s) => s.name)).toEqual([nameOf(chains[4]), nameOf(chains[5])]);
    for (const sheet of sheets) {
      expect(sheet.rows[0][0]).toContain('智能装备与新材料项目路演 对接清单');
      expect(sheet.rows[0][0]).toContain('不含联系方式');
      expect(sheet.rows[1]).toEqual([...baseHeaders, '备注']);
      expect(sheet.frozen).toMatchObject({ state: 'frozen', ySplit: 2 });
      expect(Math.min(...sheet.widths)).toBeGreaterThanOrEqual(6);
    }
    expect(sheets[0].rows.slice(2).map((r) => r.slice(0, 5))).toEqual([
      [
        1,
        '协作机器人关节用高精度谐波减速器国产化',
        '昆山精毅精密机械有限公司',
        '基于双圆弧齿形修形的高精度谐波减速器',
        '江南精密工程大学',
      ],
      [
        3,
        '协作机器人手爪柔性触觉传感器开发',
        '昆山睿感智能装备有限公司',
        '柔性薄膜压力传感阵列及其制备方法',
        '江南精密工程大学',
      ],
    ]);
    expect(sheets[0].rows[2][5]).toMatch(/^\d+%$/);
    expect(String(sheets[0].rows[2][6])).not.toBe('');
    expect(sheets[0].rows[2][7]).toBe('请带样机');
    expect(sheets[1].rows.slice(2).map((r) => [r[0], r[1], r[3], r[7]])).toEqual([
      [2, '新能源汽车电池托盘防腐涂层开发', '高耐蚀冷喷涂铝基复合涂层', '=HYPERLINK("http://x")'],
    ]);
    expect(sheets[1].rows[2][5]).toMatch(/^(\d+%|人工推荐)$/);
    const organiserText = JSON.stringify(sheets);
    for (const secret of ['0512-57000001', '13800000002', 'wang@example.com', '王工', '陈老师']) {
      expect(organiserText).not.toContain(secret);
    }

    // a manager's file carries the contacts
    const managerXlsx = await exportAs(manager, 'xlsx');
    const managerSheets = await readSheets(managerXlsx);
    expect(managerSheets[0].rows[1]).toEqual([...baseHeaders, ...contactHeaders, '备注']);
    expect(managerSheets[0].rows[2].slice(7, 13)).toEqual([
      '王工',
      '0512-57000001',
      'wang@example.com',
      '陈老师',
      '13800000002',
      'chen@example.edu.cn',
    ]);
    expect(managerSheets[0].rows[0][0]).not.toContain('不含联系方式');

    // csv: UTF-8 with BOM, the chain as a column, formula-looking cells neutralised
    const csv = await exportAs(organizer, 'csv');
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('序号,产业链,需求名称,需求企业,成果名称,成果单位,匹配度,匹配理由,备注');
    expect(lines[2]).toContain(`2,${nameOf(chains[5])},新能源汽车电池托盘防腐涂层开发`);
    expect(lines[2]).toContain(`'=HYPERLINK(""http://x"")`);
    expect(csv.toString('utf8')).not.toContain('0512-57000001');

    // pdf handout: a PDF with the CJK font embedded (subset), for managers with contacts
    const pdf = await exportAs(manager, 'pdf');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/);
    expect(raw).toMatch(/\/FontFile3?/);
    expect(pdf.length).toBeLessThan(2_000_000);
    if (process.env.EXPORT_SAMPLES_DIR) {
      // Not an assertion: lets a person look at the files (README: Exports).
      fs.mkdirSync(process.env.EXPORT_SAMPLES_DIR, { recursive: true });
      fs.writeFileSync(path.join(process.env.EXPORT_SAMPLES_DIR, 'match-list.xlsx'), managerXlsx);
      fs.writeFileSync(path.join(process.env.EXPORT_SAMPLES_DIR, 'match-list-organiser.xlsx'), organiserXlsx);
      fs.writeFileSync(path.join(process.env.EXPORT_SAMPLES_DIR, 'handout.pdf'), pdf);
      fs.writeFileSync(path.join(process.env.EXPORT_SAMPLES_DIR, 'match-list.csv'), csv);
    }

    // participants do not export; a frozen list still exports
    await t.http
      .post(`/activities/${activity.id}/exports`)
      .set('Authorization', ent.auth)
      .send({ format: 'pdf' })
      .expect(403);
    await t.http
      .post(`/activities/${activity.id}/exports`)
      .set('Authorization', organizer)
      .send({ format: 'docx' })
      .expect(400);
  });

  it('keeps the engine’s score and reasons for a live proposal added by hand', async () => {
    const activity = await createActivity(organizer, {
      title: '实时推荐评分专场',
      participants: [{ organisationId: ent.organisationId }, { organisationId: universityId }],
    });
    // a fresh demand: the engine stores its suggestions; the pair with the reducer is then made unstored again
    const fresh = await publishDemand(ent.auth, { title: '谐波减速器柔轮疲劳寿命提升' });
    await t.settle();
    const db = t.app.get(DataSource);
    await db.query('DELETE FROM matches WHERE demand_id = $1 AND achievement_id = $2', [fresh.id, reducer.id]);
    await t.http
      .post(`/activities/${activity.id}/match-items`)
      .set('Authorization', organizer)
      .send({ demandId: fresh.id, achievementId: reducer.id, note: '现场提出' })
      .expect(201);
    const [item] = (await list(organizer, activity.id)).items;
    expect(item.origin).toBe('manual');
    expect(item.score).toBeGreaterThan(0);
    expect(item.summary).toMatch(/^人工推荐：现场提出；/);
    expect(item.matchedTerms.length).toBeGreaterThan(0);
  });

  it('proposes live pairs among participants, and serialises list changes with the hold', async () => {
    const activity = await createActivity(organizer, {
      title: '并发与实时推荐专场',
      participants: [{ organisationId: ent.organisationId }, { organisationId: universityId }],
    });
    const live = await t.http
      .get(`/activities/${activity.id}/proposals`)
      .query({ live: true, limit: 10 })
      .set('Authorization', organizer)
      .expect(200);
    expect(live.body.length).toBeGreaterThan(0);
    for (const p of live.body) {
      expect(p.demand.organisationName).toBe('昆山精毅精密机械有限公司');
      expect(p.achievement.organisationName).toBe('江南精密工程大学');
    }
    expect(live.body.map((p: { achievement: { id: string } }) => p.achievement.id)).toContain(reducer.id);
    await t.http.get(`/activities/${activity.id}/proposals`).set('Authorization', ent.auth).expect(403);

    const add = (demandId: string, achievementId: string) =>
      t.http
        .post(`/activities/${activity.id}/match-items`)
        .set('Authorization', organizer)
        .send({ demandId, achievementId });
    const statuses = await Promise.all([
      add(demand.id, reducer.id),
      add(demand2.id, reducer.id),
      t.http.post(`/activities/${activity.id}/hold`).set('Authorization', organizer).send({ attendance: 30 }),
      add(demand2.id, sensor.id),
      add(demand.id, coating.id),
    ]);
    expect(statuses[2].status).toBe(200);
    for (const res of [statuses[0], statuses[1], statuses[3], statuses[4]]) {
      expect([201, 409]).toContain(res.status);
      if (res.status === 409) expect(res.body.code).toBe('ACTIVITY_FROZEN');
    }
    const items = (await list(organizer, activity.id)).items;
    expect(items.length).toBe(statuses.filter((r) => r.status === 201).length);
    const fu = await t.http
      .get('/follow-ups')
      .query({ activityId: activity.id, pageSize: 100 })
      .set('Authorization', manager)
      .expect(200);
    expect(fu.body.items.map((f: { matchId: string }) => f.matchId).sort()).toEqual(items.map((i) => i.matchId).sort());
  });

  it('keeps a listed pair when the engine would drop the suggestion (achievement withdrawn), until unlisted', async () => {
    const gripper = await publishAchievement(universityId, {
      title: '机器人柔性手爪触觉传感皮肤',
      abstract:
        '以离子凝胶与柔性电极制备可拉伸触觉传感皮肤，贴附于机器人手爪实现抓取力与滑移检测，响应时间小于 5 毫秒，弯折十万次性能稳定。',
      keywords: ['触觉传感器', '柔性电子', '机器人手爪'],
      patentNumbers: [],
    });
    await t.settle();
    const suggested = await t.http.get(`/achievements/${gripper.id}/matches`).set('Authorization', manager).expect(200);
    const match = (suggested.body.items as Array<{ id: string; demand: { id: string } }>).find(
      (m) => m.demand.id === demand2.id,
    );
    expect(match).toBeDefined();
    const activity = await createActivity(organizer, { title: '触觉传感专题对接会' });
    const added = await t.http
      .post(`/activities/${activity.id}/match-items`)
      .set('Authorization', organizer)
      .send({ matchId: match!.id })
      .expect(201);
    const itemId = added.body.items[0].itemId;

    await t.http.post(`/achievements/${gripper.id}/withdraw`).set('Authorization', manager).expect(200);
    await t.settle();
    const kept = await list(manager, activity.id);
    expect(kept.items.map((i) => i.matchId)).toEqual([match!.id]);
    expect(kept.items[0].achievement).toMatchObject({ id: gripper.id, status: 'withdrawn' });

    const pinned = async () =>
      (await t.app.get(DataSource).query('SELECT pinned FROM matches WHERE id = $1', [match!.id]))[0]?.pinned;
    expect(await pinned()).toBe(true);
    await t.http.delete(`/activities/${activity.id}/match-items/${itemId}`).set('Authorization', organizer).expect(200);
    expect(await pinned()).toBe(false);
  });

  it('cancels a planned activity, refuses illegal transitions, filters the listing', async () => {
    const roadshow = await createActivity(manager, {
      kind: 'policy_training',
      title: '新材料项目路演（第二期）',
      scheduledAt: '2027-03-10T14:00:00+08:00',
      industryChainIds: [chains[5]],
      participants: [{ organisationId: otherUniversityId }],
    });
    const stale = await t.http
      .patch(`/activities/${roadshow.id}`)
      .set('Authorization', manager)
      .send({ title: '新材料项目路演（第二期·改）', version: roadshow.version + 5 })
      .expect(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    const edited = await t.http
      .patch(`/activities/${roadshow.id}`)
      .set('Authorization', manager)
      .send({ title: '新材料项目路演（第二期·改）', version: roadshow.version })
      .expect(200);
    expect(edited.body.version).toBeGreaterThan(roadshow.version);
    const [updated] = await eventsOf(roadshow.id, 'activity.updated');
    expect(updated.before).toEqual({ title: '新材料项目路演（第二期）' });
    // participants only: the version still moves, the event lists the sets
    const invited = await t.http
      .patch(`/activities/${roadshow.id}`)
      .set('Authorization', manager)
      .send({
        participants: [{ organisationId: otherUniversityId }, { organisationId: ent.organisationId }],
        version: edited.body.version,
      })
      .expect(200);
    expect(invited.body.version).toBe(edited.body.version + 1);
    expect(invited.body.participants).toHaveLength(2);
    const [reinvited] = await eventsOf(roadshow.id, 'activity.updated');
    expect(reinvited.before).toEqual({
      participants: [{ organisationId: otherUniversityId, role: 'university', attended: false }],
    });
    expect((reinvited.after!.participants as unknown[]).length).toBe(2);

    await t.http.post(`/activities/${roadshow.id}/follow-up`).set('Authorization', manager).send({}).expect(409);
    const future = await t.http
      .post(`/activities/${roadshow.id}/hold`)
      .set('Authorization', manager)
      .send({ attendance: 10, heldAt: '2099-01-01T00:00:00Z' })
      .expect(400);
    expect(future.body.details[0].field).toBe('heldAt');
    await t.http
      .post(`/activities/${roadshow.id}/cancel`)
      .set('Authorization', manager)
      .send({ reason: '场地临时调整，活动改期' })
      .expect(200);
    const illegal = await t.http
      .post(`/activities/${roadshow.id}/hold`)
      .set('Authorization', manager)
      .send({ attendance: 10 })
      .expect(409);
    expect(illegal.body).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    expect((await eventsOf(roadshow.id, 'activity.cancelled'))[0].after).toMatchObject({
      reason: '场地临时调整，活动改期',
    });

    const byKind = await t.http
      .get('/activities')
      .query({ kind: 'policy_training' })
      .set('Authorization', organizer)
      .expect(200);
    expect(byKind.body.items.map((x: { id: string }) => x.id)).toEqual([roadshow.id]);
    const byYear = await t.http.get('/activities').query({ year: 2027 }).set('Authorization', organizer).expect(200);
    expect(byYear.body.items.map((x: { id: string }) => x.id)).toEqual([roadshow.id]);
    const byChain = await t.http
      .get('/activities')
      .query({ chain: chains[5], status: 'cancelled' })
      .set('Authorization', manager)
      .expect(200);
    expect(byChain.body.total).toBe(1);
    await t.http
      .post('/activities')
      .set('Authorization', organizer)
      .send({ kind: 'party', title: '年会', scheduledAt: 'tomorrow', place: '' })
      .expect(400);
  });
});
