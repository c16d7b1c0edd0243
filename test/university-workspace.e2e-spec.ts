import ExcelJS from 'exceljs';

import {
  achievementBody,
  chainIds,
  createManager,
  publishDemand,
  registerEnterprise,
} from './factories/registry.factory';
import { binaryBody, createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

/**
 * What a university does in its workspace, through the HTTP API: submit its drafts for review and recall them,
 * decide on the near-duplicates of its own import file, and read its 一校一档 with the pairs, contracts and
 * activities of its achievements — never an enterprise's budget.
 */
describe('university workspace (e2e, real PostgreSQL + Redis + Meilisearch)', () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let chains: string[];
  let universityId: string;
  let university: string;
  let otherUniversity: string;

  const UNIVERSITY = '苏州科技大学';

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin);
    chains = await chainIds(t.http);
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: UNIVERSITY, district: '高新区' })
      .expect(201);
    universityId = uni.body.id;
    const other = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '江苏理工学院', district: '千灯镇' })
      .expect(201);
    for (const [email, organisationId] of [
      ['liu.xiaowen@example.edu.cn', universityId],
      ['zhou.lan@example.edu.cn', other.body.id],
    ]) {
      await t.http
        .post('/users')
        .set('Authorization', admin)
        .send({
          email,
          password: 'Campus2026',
          name: '刘晓雯',
          role: 'university',
          organisationId,
          temporaryPassword: false,
        })
        .expect(201);
    }
    university = await login(t.http, 'liu.xiaowen@example.edu.cn', 'Campus2026');
    otherUniversity = await login(t.http, 'zhou.lan@example.edu.cn', 'Campus2026');
  }, 120000);

  afterEach(() => t?.settle({ timeoutMs: Infinity }), 600000);

  afterAll(async () => {
    await t?.close();
  });

  const events = async (id: string) =>
    (
      await t.http
        .get('/events')
        .query({ entityType: 'achievement', entityId: id })
        .set('Authorization', admin)
        .expect(200)
    ).body.items.map((e: { type: string }) => e.type) as string[];

  it('submits a draft for review, recalls it to edit it again; a manager publishes a submission', async () => {
    const draft = await t.http
      .post('/achievements')
      .set('Authorization', university)
      .send(achievementBody(universityId, [chains[3]], { title: '面向光伏组件的钙钛矿叠层电池封装工艺' }))
      .expect(201);
    const id = draft.body.id as string;

    // someone else's university may not submit it (it is not theirs to see)
    await t.http.post(`/achievements/${id}/submit`).set('Authorization', otherUniversity).expect(404);

    const submitted = await t.http
      .post(`/achievements/${id}/submit`)
      .set('Authorization', university)
      .send({ version: draft.body.version })
      .expect(200);
    expect(submitted.body).toMatchObject({ status: 'submitted' });

    // under review it is not edited by its institution, not submitted twice, not public
    const edit = await t.http
      .patch(`/achievements/${id}`)
      .set('Authorization', university)
      .send({ askingPrice: 90, version: submitted.body.version })
      .expect(409);
    expect(edit.body.code).toBe('NOT_EDITABLE');
    await t.http.post(`/achievements/${id}/submit`).set('Authorization', university).expect(409);
    await t.http.get(`/public/achievements/${id}`).expect(404);
    // nor published by the university itself
    await t.http.post(`/achievements/${id}/publish`).set('Authorization', university).expect(403);

    // recalled: a draft again, edited, submitted again
    const recalled = await t.http.post(`/achievements/${id}/recall`).set('Authorization', university).expect(200);
    expect(recalled.body.status).toBe('draft');
    const edited = await t.http
      .patch(`/achievements/${id}`)
      .set('Authorization', university)
      .send({ askingPrice: 90, version: recalled.body.version })
      .expect(200);
    expect(edited.body.askingPrice).toBe(90);
    await t.http.post(`/achievements/${id}/submit`).set('Authorization', university).expect(200);

    // the manager finds it among the submissions and publishes it
    const queue = await t.http
      .get('/achievements')
      .query({ status: ['submitted'] })
      .set('Authorization', manager)
      .expect(200);
    expect(queue.body.items.map((a: { id: string }) => a.id)).toContain(id);
    const published = await t.http.post(`/achievements/${id}/publish`).set('Authorization', manager).expect(200);
    expect(published.body.status).toBe('published');
    await t.http.get(`/public/achievements/${id}`).expect(200);
    expect(await events(id)).toEqual(
      expect.arrayContaining([
        'achievement.created',
        'achievement.submitted',
        'achievement.recalled',
        'achievement.updated',
        'achievement.published',
      ]),
    );
  });

  it('a manager returns a submission with a reason (退回修改); the institution reads it and is notified', async () => {
    const draft = await t.http
      .post('/achievements')
      .set('Authorization', university)
      .send(achievementBody(universityId, [chains[2]], { title: '基于机器视觉的锂电极片缺陷在线检测系统' }))
      .expect(201);
    const id = draft.body.id as string;
    await t.http.post(`/achievements/${id}/submit`).set('Authorization', university).expect(200);

    // only staff return; the institution recalls its own submission instead
    const own = await t.http
      .post(`/achievements/${id}/return`)
      .set('Authorization', university)
      .send({ reason: '自己退回' })
      .expect(403);
    expect(own.body.code).toBe('FORBIDDEN');

    // the reason is required, and it is a string of at most 1000 characters
    for (const body of [{}, { reason: '   ' }, { reason: 42 }, { reason: '改'.repeat(1001) }]) {
      const bad = await t.http.post(`/achievements/${id}/return`).set('Authorization', manager).send(body).expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('reason');
    }

    const reason = '请补充授权专利号，并写明检测精度（如最小可检缺陷尺寸）与在线检测节拍';
    const returned = await t.http
      .post(`/achievements/${id}/return`)
      .set('Authorization', manager)
      .send({ reason })
      .expect(200);
    expect(returned.body).toMatchObject({ status: 'draft', lastReturn: { reason, by: { roleLabel: '技术经理人' } } });
    expect(returned.body.lastReturn.by.userId).toEqual(expect.any(String));
    // a draft is not returned again
    await t.http.post(`/achievements/${id}/return`).set('Authorization', manager).send({ reason }).expect(409);

    // the institution reads the reason (not the manager's user id) and edits its draft again
    const mine = await t.http.get(`/achievements/${id}`).set('Authorization', university).expect(200);
    expect(mine.body.lastReturn).toMatchObject({ reason, by: { userId: null, roleLabel: '技术经理人' } });
    await t.http
      .patch(`/achievements/${id}`)
      .set('Authorization', university)
      .send({ patentNumbers: ['CN202410123456.7'], version: mine.body.version })
      .expect(200);
    // nobody else does
    await t.http.get(`/achievements/${id}`).set('Authorization', otherUniversity).expect(404);

    expect(await events(id)).toEqual(expect.arrayContaining(['achievement.submitted', 'achievement.returned']));
    await t.settle({ timeoutMs: Infinity });
    const inbox = await t.http.get('/notifications').set('Authorization', university).expect(200);
    const note = inbox.body.items.find((n: { kind: string }) => n.kind === 'achievement_returned');
    expect(note).toMatchObject({
      kindLabel: '成果被退回修改',
      title: '成果「基于机器视觉的锂电极片缺陷在线检测系统」被退回修改',
      link: `/workspace/my-achievements?edit=${id}`,
    });
    expect(note.body).toContain(reason);
    const other = await t.http.get('/notifications').set('Authorization', otherUniversity).expect(200);
    expect(other.body.items.some((n: { kind: string }) => n.kind === 'achievement_returned')).toBe(false);
  });

  /** Polls a batch as the university until it reaches one of the states. */
  async function until(id: string, states: string[]) {
    for (;;) {
      const res = await t.http.get(`/imports/${id}`).set('Authorization', university).expect(200);
      if (states.includes(res.body.status)) return res.body;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it("lets a university import a near-duplicate of its own file when it chooses to, and refuses rows that aren't suspects", async () => {
    const existing = await t.http
      .post('/achievements')
      .set('Authorization', university)
      .send(
        achievementBody(universityId, [chains[6]], {
          title: '锂电池硅碳负极预锂化技术',
          abstract:
            '采用稳定化锂粉与电化学预锂化相结合的方法补偿硅碳负极首次不可逆容量损失，首效由 78% 提升至 91%，软包电池 1000 次循环容量保持率 85%，已完成中试线验证。',
          keywords: ['硅碳负极', '预锂化', '首次效率', '锂离子电池'],
          patentNumbers: [],
        }),
      )
      .expect(201);
    const csv =
      '\uFEFF成果名称*,成果简介*,关键词(用；分隔)\n' +
      // the same body under another title: a near-duplicate of the draft above
      '硅碳负极补锂工艺及其软包电池应用,采用稳定化锂粉与电化学预锂化相结合的方法补偿硅碳负极首次不可逆容量损失，首效由 78% 提升至 91%，软包电池 1000 次循环容量保持率 85%，已完成中试线验证。,硅碳负极；预锂化；首次效率；锂离子电池\n' +
      '低温等离子体降解工业VOCs装置,针对喷涂与印刷行业低浓度大风量挥发性有机物，采用介质阻挡放电与催化剂协同降解，去除率 92%，能耗 8 Wh/m³，已在昆山两家企业示范运行。,VOCs治理；低温等离子体；催化降解\n';
    const upload = await t.http
      .post('/imports')
      .set('Authorization', university)
      .field('kind', 'achievements')
      .attach('file', Buffer.from(csv, 'utf8'), '2026年第二季度成果征集.csv')
      .expect(202);
    const batch = await until(upload.body.id, ['previewed', 'failed']);
    expect(batch.counts).toMatchObject({ total: 2, new: 1, duplicateSuspect: 1 });
    const rows = await t.http.get(`/imports/${batch.id}/rows`).set('Authorization', university).expect(200);
    const suspect = rows.body.items.find((r: { outcome: string }) => r.outcome === 'duplicate_suspect');
    // the suspected record is the university's own draft: it may see it, so it is named by id
    expect(suspect).toMatchObject({ rowNumber: 2, targetId: existing.body.id });
    // the university is the one to decide, and the row says so
    expect(suspect.reasons[0].reason).toContain('疑似重复，请确认是否仍要导入（默认跳过）');

    // a row that is no suspect cannot be "included"; nothing is committed
    const wrong = await t.http
      .post(`/imports/${batch.id}/commit`)
      .set('Authorization', university)
      .send({ includeRows: [3] })
      .expect(400);
    expect(wrong.body.details[0]).toMatchObject({ field: 'includeRows', rows: [3] });
    // another university may not commit it (it does not even see it)
    await t.http.post(`/imports/${batch.id}/commit`).set('Authorization', otherUniversity).send({}).expect(404);

    await t.http
      .post(`/imports/${batch.id}/commit`)
      .set('Authorization', university)
      .send({ includeRows: [2] })
      .expect(202);
    const committed = await until(batch.id, ['committed', 'failed']);
    expect(committed.status).toBe('committed');
    expect(committed.counts).toMatchObject({ created: 2, applied: 2 });
    expect(committed.includedRows).toEqual([2]);
    const mine = await t.http
      .get('/achievements')
      .query({ q: '硅碳负极补锂工艺' })
      .set('Authorization', university)
      .expect(200);
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0]).toMatchObject({ status: 'draft', institutionId: universityId });
  });

  it("refuses to let a university include rows of a manager's file, even rows of its own institution", async () => {
    const csv =
      '\uFEFF成果名称*,所属单位*,成果简介*\n' +
      `高强韧铝合金半固态压铸工艺,${UNIVERSITY},面向新能源汽车一体化压铸件，通过半固态浆料制备与模具温控提高致密度，抗拉强度 320 MPa、延伸率 10%，废品率降低 40%。\n`;
    const upload = await t.http
      .post('/imports')
      .set('Authorization', manager)
      .field('kind', 'achievements')
      .attach('file', Buffer.from(csv, 'utf8'), '经理人汇总成果.csv')
      .expect(202);
    for (;;) {
      const res = await t.http.get(`/imports/${upload.body.id}`).set('Authorization', manager).expect(200);
      if (res.body.status === 'previewed') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // the university reads its rows of the manager's file, but the commit is the uploader's (or staff's)
    await t.http.get(`/imports/${upload.body.id}/rows`).set('Authorization', university).expect(200);
    const res = await t.http
      .post(`/imports/${upload.body.id}/commit`)
      .set('Authorization', university)
      .send({ includeRows: [2] })
      .expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('shows the university its 一校一档 with matches, contracts and activities, without any enterprise budget', async () => {
    const BUDGET_NOTE = '预算上限保密：年度研发经费约 860 万元';
    const ent = await registerEnterprise(t.http, '昆山晶和光电科技有限公司');
    const demand = await publishDemand(t.http, ent.auth, manager, [chains[1]], {
      title: '硅基 OLED 微显示驱动芯片低功耗设计',
      budgetMin: 613.57,
      budgetMax: 924.31,
      confidentialNotes: BUDGET_NOTE,
    });
    const achievement = await t.http
      .post('/achievements')
      .set('Authorization', manager)
      .send(
        achievementBody(universityId, [chains[1]], {
          title: '硅基OLED微显示像素驱动电路',
          abstract: '提出低漏电像素电路与列驱动电荷复用方案，1920×1080 分辨率下功耗降低 35%，已流片验证。',
          keywords: ['硅基OLED', '微显示', '驱动芯片', '低功耗'],
          patentNumbers: ['ZL 2024 1 0777888.1'],
          askingPrice: 150,
        }),
      )
      .expect(201);
    await t.http.post(`/achievements/${achievement.body.id}/publish`).set('Authorization', manager).expect(200);
    await t.settle();
    const pair = await t.http
      .post('/matches')
      .set('Authorization', manager)
      .send({ demandId: demand.id, achievementId: achievement.body.id, note: '企业预算充足，可重点推进' });
    const matchId = pair.status === 201 ? pair.body.id : pair.body.details.matchId;
    await t.http.post(`/matches/${matchId}/confirm`).set('Authorization', manager).expect(200);
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    await t.http
      .post(`/matches/${matchId}/contract`)
      .set('Authorization', manager)
      .send({ contractAmount: 120, contractedAt: today, contractMode: 'licence' })
      .expect(200);
    const activity = await t.http
      .post('/activities')
      .set('Authorization', manager)
      .send({
        kind: 'roadshow',
        title: '2026 新型显示产业链成果路演',
        scheduledAt: '2026-09-18T14:00:00+08:00',
        place: '昆山市科技创新服务中心路演厅',
        district: '玉山镇',
        industryChainIds: [chains[1]],
        participants: [{ organisationId: ent.organisationId }, { organisationId: universityId }],
      })
      .expect(201);
    await t.settle();

    const profile = await t.http.get(`/organisations/${universityId}/profile`).set('Authorization', university);
    expect(profile.status).toBe(200);
    expect(profile.body.stats).toMatchObject({ matches: 1, contracts: 1, activities: 1 });
    expect(profile.body.matches[0]).toMatchObject({
      id: matchId,
      status: 'contracted',
      statusLabel: '已签约',
      achievementTitle: '硅基OLED微显示像素驱动电路',
      demandTitle: '硅基 OLED 微显示驱动芯片低功耗设计',
      enterpriseName: '昆山晶和光电科技有限公司',
      contractAmount: 120,
      contractModeLabel: '许可使用',
    });
    expect(profile.body.contracts.map((c: { id: string }) => c.id)).toEqual([matchId]);
    expect(profile.body.activities[0]).toMatchObject({
      id: activity.body.id,
      title: '2026 新型显示产业链成果路演',
      kindLabel: '项目路演',
      statusLabel: expect.any(String),
    });
    expect(profile.body.activity.find((e: { type: string }) => e.type === 'achievement.published')).toMatchObject({
      label: '发布成果',
      object: '硅基OLED微显示像素驱动电路',
    });
    // the enterprise's budget and confidential notes appear nowhere, nor the price factor's budget wording
    const json = JSON.stringify(profile.body);
    for (const secret of ['613.57', '924.31', BUDGET_NOTE, '企业预算', 'budgetMin', 'confidentialNotes']) {
      expect(json).not.toContain(secret);
    }

    // the workbook: the same pairs, contract and activity, in sheets of their own, without the budget either
    const job = await t.http
      .post(`/organisations/${universityId}/profile/export`)
      .set('Authorization', university)
      .expect(202);
    await t.settle();
    const done = await t.http.get(`/exports/${job.body.id}`).set('Authorization', university).expect(200);
    expect(done.body).toMatchObject({ status: 'done', downloadUrl: `/exports/${job.body.id}/download` });
    const file = await t.http
      .get(done.body.downloadUrl)
      .set('Authorization', university)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        '单位概况',
        '科技成果',
        '精准匹配',
        '签约',
        '产学研活动',
        '联系人',
        '导入记录',
        '近期动态',
      ]),
    );
    const text = (name: string) => JSON.stringify(workbook.getWorksheet(name)!.getSheetValues());
    expect(text('精准匹配')).toContain('硅基 OLED 微显示驱动芯片低功耗设计');
    expect(text('精准匹配')).toContain('已签约');
    expect(text('签约')).toContain('许可使用');
    expect(text('签约')).toContain(today);
    expect(text('产学研活动')).toContain('2026 新型显示产业链成果路演');
    expect(text('单位概况')).toContain('1 对');
    const all = workbook.worksheets.map((s) => JSON.stringify(s.getSheetValues())).join('\n');
    for (const secret of ['613.57', '924.31', BUDGET_NOTE, '企业预算']) expect(all).not.toContain(secret);

    // the enterprise has no access to the university's file
    await t.http.get(`/organisations/${universityId}/profile`).set('Authorization', ent.auth).expect(404);
  });
});
