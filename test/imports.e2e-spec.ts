import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { DataSource } from 'typeorm';

import { ACHIEVEMENT_HEADERS, achievementRows, streamXlsx } from './factories/import.factory';
import { achievementBody, chainIds, createManager, registerEnterprise } from './factories/registry.factory';
import { binaryBody, createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

const ROWS = Number(process.env.IMPORT_TEST_ROWS ?? 10000);
const UNIVERSITY = '苏州大学';

interface BatchView {
  id: string;
  status: string;
  progress: number;
  error: string | null;
  counts: Record<string, number>;
}

describe('bulk import of achievements and demands (e2e, real PostgreSQL + Redis + Meilisearch)', () => {
  let t: TestApp;
  let manager: string;
  let universityId: string;
  let db: DataSource;
  const count = async () => (await db.query(`SELECT count(*)::int AS n FROM achievements`))[0].n as number;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin);
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: UNIVERSITY, district: '独墅湖科教创新区' })
      .expect(201);
    universityId = uni.body.id;
  }, 120000);

  // Nothing leaks into the next test: every batch's jobs and all their follow-ups (index sync, matching,
  // indicator facts) have run before it starts.
  afterEach(() => t?.settle({ timeoutMs: Infinity }), 600000);

  afterAll(async () => {
    await t?.close();
  });

  function upload(file: Buffer, filename: string, fields: Record<string, string> = { kind: 'achievements' }) {
    let req = t.http.post('/imports').set('Authorization', manager);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req.attach('file', file, filename);
  }

  /**
   * Polls the batch until it reaches one of `states` (jobs run through real BullMQ). No deadline of its own: a slow
   * machine makes the test slower, not wrong; only Jest's timeout bounds the wait.
   */
  async function until(id: string, states: string[]): Promise<BatchView> {
    for (;;) {
      const res = await t.http.get(`/imports/${id}`).set('Authorization', manager).expect(200);
      if (states.includes(res.body.status)) {
        // a batch that failed where a test expected it to work says why in the test output
        if (res.body.status === 'failed') console.warn(`import batch ${id} failed: ${res.body.error}`);
        return res.body;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function previewed(file: Buffer, filename: string, fields?: Record<string, string>) {
    const res = await upload(file, filename, fields).expect(202);
    expect(res.body.status).toBe('uploaded');
    return until(res.body.id, ['previewed', 'failed']);
  }

  async function commit(id: string, body: Record<string, unknown> = {}) {
    await t.http.post(`/imports/${id}/commit`).set('Authorization', manager).send(body).expect(202);
    return until(id, ['committed', 'failed']);
  }

  it('serves templates with Chinese headers, examples and a 填写说明 sheet that import as they are', async () => {
    const res = await t.http
      .get('/imports/templates/achievements.xlsx')
      .set('Authorization', manager)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ArrayBuffer);
    const [data, help] = workbook.worksheets;
    expect(data.getRow(1).values).toEqual(
      expect.arrayContaining(['成果名称*', '所属单位*', '成果简介*', '专利号(用；分隔)']),
    );
    expect(data.getCell('B2').value).toBe('苏州大学');
    expect(help.name).toBe('填写说明');
    expect(JSON.stringify(help.getSheetValues())).toContain('技术转让、许可使用');
    expect(JSON.stringify(help.getSheetValues())).toContain('可选：新一代电子信息、集成电路');
    const batch = await previewed(res.body as Buffer, '成果导入模板.xlsx');
    // the example rows name 苏州大学 and 南京理工大学; only the first is registered here
    expect(batch.counts).toMatchObject({ total: 2, new: 1, invalid: 1 });
    const rows = await t.http
      .get(`/imports/${batch.id}/rows?outcome=invalid`)
      .set('Authorization', manager)
      .expect(200);
    expect(rows.body.items[0].reasons[0]).toEqual({
      column: '所属单位',
      reason: '“南京理工大学”未在平台登记为高校院所，请核对名称或先登记该单位',
    });
    const csv = await t.http.get('/imports/templates/demands.csv').set('Authorization', manager).expect(200);
    expect(csv.text.startsWith('\uFEFF需求名称*')).toBe(true);
  });

  it(`imports ${ROWS} rows from a streamed xlsx: exactly the valid rows, idempotently, updating by patent number`, async () => {
    const chains = await chainIds(t.http);
    // an achievement already on the platform whose patent number reappears in the file (row 11, i = 10)
    const generated = achievementRows(ROWS, UNIVERSITY);
    const patentRow = generated[9].cells;
    const existing = await t.http
      .post('/achievements')
      .set('Authorization', manager)
      .send(
        achievementBody(universityId, [chains[0]], {
          title: '平台已登记的同一专利成果（旧名称）',
          patentNumbers: [String(patentRow[7]).replace(/^CN/, 'ZL ')],
          askingPrice: 999,
        }),
      )
      .expect(201);
    const before = await count();
    const file = await streamXlsx(
      ACHIEVEMENT_HEADERS,
      generated.map((g) => g.cells),
    );
    const expected = {
      invalid: generated.filter((g) => g.expect === 'invalid').length,
      suspect: generated.filter((g) => g.expect === 'suspect').length,
    };

    let started = Date.now();
    const batch = await previewed(file, '苏州大学2026年第四季度成果征集.xlsx');
    const previewSeconds = (Date.now() - started) / 1000;
    expect(batch.status).toBe('previewed');
    expect(batch.counts).toMatchObject({
      total: ROWS,
      updated: 1,
      unchanged: 0,
      invalid: expected.invalid,
      duplicateSuspect: expected.suspect,
      new: ROWS - 1 - expected.invalid - expected.suspect,
    });
    expect(await count()).toBe(before); // a preview writes nothing

    const updated = await t.http
      .get(`/imports/${batch.id}/rows?outcome=updated`)
      .set('Authorization', manager)
      .expect(200);
    expect(updated.body.items[0]).toMatchObject({ rowNumber: 11, targetId: existing.body.id });
    expect(updated.body.items[0].changes.map((c: { field: string }) => c.field)).toEqual(
      expect.arrayContaining(['title', 'abstract', 'askingPrice']),
    );
    const invalid = await t.http
      .get(`/imports/${batch.id}/rows?outcome=invalid&pageSize=3`)
      .set('Authorization', manager)
      .expect(200);
    expect(invalid.body.items.map((r: { reasons: unknown[] }) => r.reasons[0])).toEqual([
      { column: '技术成熟度', reason: '必须是整数' },
      { column: '成果简介', reason: '长度不足（至少 20 字）' },
      expect.objectContaining({
        column: '所属产业链',
        reason: expect.stringContaining('产业链“量子宇宙产业链”不存在'),
      }),
    ]);
    const suspects = await t.http
      .get(`/imports/${batch.id}/rows?outcome=duplicate_suspect`)
      .set('Authorization', manager)
      .expect(200);
    if (expected.suspect)
      expect(suspects.body.items[0].reasons[0].reason).toMatch(/^与本文件第 \d+ 行内容高度相似（相似度 100%）/);

    started = Date.now();
    const done = await commit(batch.id);
    const commitSeconds = (Date.now() - started) / 1000;
    expect(done.counts).toMatchObject({ applied: ROWS - expected.invalid - expected.suspect, skipped: 0 });
    expect(await count()).toBe(before + ROWS - 1 - expected.invalid - expected.suspect);
    const record = await t.http.get(`/achievements/${existing.body.id}`).set('Authorization', manager).expect(200);
    expect(record.body).toMatchObject({ title: patentRow[0], askingPrice: patentRow[9] });
    const events: Array<{ type: string; n: number }> = await db.query(
      `SELECT type, count(*)::int AS n FROM domain_events WHERE type LIKE 'achievement.%' GROUP BY type ORDER BY type`,
    );
    expect(events).toEqual([
      { type: 'achievement.created', n: 1 + ROWS - 1 - expected.invalid - expected.suspect },
      { type: 'achievement.updated', n: 1 },
    ]);
    const imported = await db.query(`SELECT source_file, source_row FROM achievements WHERE source_row = 2`);
    expect(imported).toEqual([{ source_file: '苏州大学2026年第四季度成果征集.xlsx', source_row: 2 }]);

    console.log(
      `import throughput (${ROWS} rows, 2-core machine): preview ${previewSeconds.toFixed(1)} s = ` +
        `${Math.round(ROWS / previewSeconds)} rows/s; commit ${commitSeconds.toFixed(1)} s = ` +
        `${Math.round(done.counts.applied / commitSeconds)} rows/s`,
    );

    // the same file again: every importable row is unchanged, nothing is created
    const again = await previewed(file, '苏州大学2026年第四季度成果征集.xlsx');
    expect(again.counts).toMatchObject({
      total: ROWS,
      new: 0,
      updated: 0,
      unchanged: ROWS - expected.invalid - expected.suspect,
      invalid: expected.invalid,
      duplicateSuspect: expected.suspect,
    });
    const afterFirst = await count();
    const second = await commit(again.id);
    expect(second.counts.applied).toBe(0);
    expect(await count()).toBe(afterFirst);

    // the error report: the file's columns plus 行号 / 结果 / 原因, for the rows that need attention
    const report = await t.http
      .get(`/imports/${batch.id}/report`)
      .set('Authorization', manager)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(report.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect((sheet.getRow(1).values as unknown[]).slice(1, 6)).toEqual([
      '行号',
      '结果',
      '原因',
      '成果名称*',
      '所属单位*',
    ]);
    expect(sheet.rowCount).toBe(1 + expected.invalid + expected.suspect);
    expect(sheet.getRow(2).getCell(2).value).toBe('有误');
  }, 1200000);

  it('refuses broken files with a clear error and changes nothing', async () => {
    const before = await count();
    const batches = (await db.query(`SELECT count(*)::int AS n FROM import_batches`))[0].n;
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    const junk = await upload(random, '成果.xlsx').expect(400);
    expect(junk.body).toMatchObject({ code: 'IMPORT_FILE_INVALID', message: expect.stringMatching(/文件/) });

    const missing = await upload(Buffer.from('\uFEFF成果名称*,关键词\n一种新型谐波减速器,减速器\n'), '缺列.csv').expect(
      400,
    );
    expect(missing.body.code).toBe('IMPORT_MISSING_COLUMNS');
    expect(missing.body.message).toContain('缺少必填列：所属单位、成果简介');

    const huge = await upload(Buffer.alloc(21 * 1024 * 1024, 0x41), '超大文件.csv').expect(413);
    expect(huge.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('20 MB') });
    expect((await db.query(`SELECT count(*)::int AS n FROM import_batches`))[0].n).toBe(batches);

    // a truncated xlsx passes the magic bytes and may even show its header: the job fails it as a whole
    const whole = await streamXlsx(
      ACHIEVEMENT_HEADERS,
      achievementRows(300, UNIVERSITY, 7).map((g) => g.cells),
    );
    const truncated = whole.subarray(0, Math.floor(whole.length * 0.6));
    const res = await upload(truncated, '截断.xlsx');
    if (res.status === 202) {
      const failed = await until(res.body.id, ['failed', 'previewed']);
      expect(failed).toMatchObject({ status: 'failed', error: expect.stringContaining('xlsx 文件') });
      await t.http.post(`/imports/${res.body.id}/commit`).set('Authorization', manager).send({}).expect(409);
    } else {
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('IMPORT_FILE_INVALID');
    }
    expect(await count()).toBe(before);
  });

  it('imports a GBK csv saved by Excel on Chinese Windows, with Chinese enum labels and a formula refused', async () => {
    const lines = [
      '成果名称*,所属单位*,成果简介*,关键词(用；分隔),技术成熟度TRL(1-9),知识产权类型,转化方式(用；分隔),参考价格(万元)',
      `面向锂电池极片的激光清洗装备,${UNIVERSITY},采用纳秒脉冲光纤激光去除极片边缘涂层，清洗宽度 0.5 毫米可调，热影响区小于 20 微米，已在两条产线试用。,激光清洗；极片,7,发明专利,技术转让；许可使用,面议`,
      `高导热氮化铝陶瓷基板流延成型工艺,${UNIVERSITY},通过分散剂复配与低温共烧实现氮化铝基板热导率 180 W/(m·K)，翘曲度小于千分之二，适用于功率模块封装。,氮化铝；陶瓷基板,5,发明专利,合作开发,80`,
      `公式行的成果名称示例测试,${UNIVERSITY},=CONCATENATE("本成果","由公式生成")`,
      `面向锂电池极片的激光清洗装备,${UNIVERSITY},同名成果再次出现：纳秒脉冲光纤激光清洗极片涂层的第二种写法，不应重复导入。`,
    ];
    const gbk = iconv.encode(lines.join('\r\n'), 'gbk');
    const batch = await previewed(gbk, '成果清单（GBK）.csv');
    expect(batch.counts).toMatchObject({ total: 4, new: 2, invalid: 2 });
    const rows = await t.http.get(`/imports/${batch.id}/rows`).set('Authorization', manager).expect(200);
    expect(rows.body.items[0].data).toMatchObject({
      title: '面向锂电池极片的激光清洗装备',
      keywords: ['激光清洗', '极片'],
      ipType: 'invention_patent',
      transferModes: ['transfer', 'licence'],
      askingPrice: null,
    });
    expect(rows.body.items[2].reasons[0]).toMatchObject({
      column: '成果简介',
      reason: expect.stringContaining('公式'),
    });
    await commit(batch.id);
    const titles: Array<{ title: string }> = await db.query(
      `SELECT title FROM achievements WHERE source_file = '成果清单（GBK）.csv' ORDER BY source_row`,
    );
    expect(titles.map((r) => r.title)).toEqual(['面向锂电池极片的激光清洗装备', '高导热氮化铝陶瓷基板流延成型工艺']);
  });

  it('flags a renamed copy of a published record through the search engine; a manager may include it', async () => {
    const chains = await chainIds(t.http);
    const other = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '南京理工大学', district: '玄武区' })
      .expect(201);
    const original = achievementBody(other.body.id, [chains[4]], { patentNumbers: [] });
    const published = await t.http.post('/achievements').set('Authorization', manager).send(original).expect(201);
    await t.http.post(`/achievements/${published.body.id}/publish`).set('Authorization', manager).expect(200);
    await t.settle();
    const csv = Buffer.from(
      [
        '\uFEFF成果名称*,所属单位*,成果简介*,关键词(用；分隔)',
        `精密传动用新型谐波齿形设计与样机,${UNIVERSITY},${original.abstract},谐波减速器；齿形修形；柔轮`,
        `城市污水厂污泥低温干化成套装置,${UNIVERSITY},利用热泵余热回收实现污泥低温干化，含水率由 80% 降至 30%，能耗较传统热干化降低 40%。,污泥干化；热泵`,
      ].join('\r\n'),
    );
    const batch = await previewed(csv, '复核清单.csv');
    expect(batch.counts).toMatchObject({ total: 2, new: 1, duplicateSuspect: 1 });
    const suspect = (
      await t.http.get(`/imports/${batch.id}/rows?outcome=duplicate_suspect`).set('Authorization', manager).expect(200)
    ).body.items[0];
    expect(suspect).toMatchObject({ rowNumber: 2, targetId: published.body.id });
    expect(suspect.similarity).toBeGreaterThanOrEqual(0.8);
    expect(suspect.reasons[0].reason).toContain('与已有成果内容高度相似');
    await t.http
      .post(`/imports/${batch.id}/commit`)
      .set('Authorization', manager)
      .send({ includeRows: [3] })
      .expect(400);
    const done = await commit(batch.id, { includeRows: [2] });
    expect(done.counts.applied).toBe(2);
    const titles = await db.query(
      `SELECT title FROM achievements WHERE source_file = '复核清单.csv' ORDER BY source_row`,
    );
    expect(titles.map((r: { title: string }) => r.title)).toEqual([
      '精密传动用新型谐波齿形设计与样机',
      '城市污水厂污泥低温干化成套装置',
    ]);
  });

  it('imports demands of registered enterprises as drafts with source import', async () => {
    await registerEnterprise(t.http, '昆山华辰精密机械有限公司');
    const csv = Buffer.from(
      [
        '需求名称*,需求单位*,需求描述*,需求类型*,所属产业链*(用；分隔),合作方式(用；分隔),截止日期,预算下限(万元),预算上限(万元)',
        '协作机器人关节用高精度谐波减速器国产化,昆山华辰精密机械有限公司,我司年产协作机器人约两万台，关节谐波减速器依赖进口，交期长达六个月，希望联合高校开发国产谐波减速器。,重大需求,智能制造与机器人,合作开发；委托研发,2027/6/30,80,200',
        '数控机床主轴热误差在线补偿,昆山华辰精密机械有限公司,主轴温升导致加工尺寸漂移，希望开发基于温度场测量的热误差建模与在线补偿系统，提升精加工一致性。,产业链技术需求,高端装备制造,揭榜挂帅,2027-03-31,300,100',
      ].join('\n'),
    );
    const batch = await previewed(csv, '企业需求.csv', { kind: 'demands' });
    expect(batch.counts).toMatchObject({ total: 2, new: 1, invalid: 1 });
    const invalid = await t.http.get(`/imports/${batch.id}/rows?outcome=invalid`).set('Authorization', manager);
    expect(invalid.body.items[0].reasons).toEqual([{ column: '预算下限', reason: '预算下限不能高于上限' }]);
    await commit(batch.id);
    const demands = await db.query(`SELECT title, status, source, deadline::text, cooperation_modes FROM demands`);
    expect(demands).toEqual([
      {
        title: '协作机器人关节用高精度谐波减速器国产化',
        status: 'draft',
        source: 'import',
        deadline: '2027-06-30',
        cooperation_modes: ['joint_development', 'commissioned_rd'],
      },
    ]);
    const again = await previewed(csv, '企业需求.csv', { kind: 'demands' });
    expect(again.counts).toMatchObject({ total: 2, unchanged: 1, invalid: 1, new: 0 });
  });

  it('lets a university user import only its own achievements, and only staff import demands', async () => {
    const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({
        email: 'kjc@suda.example.edu.cn',
        password: 'Suda2026kjc',
        name: '科技处王老师',
        role: 'university',
        organisationId: universityId,
        temporaryPassword: false,
      })
      .expect(201);
    const university = await login(t.http, 'kjc@suda.example.edu.cn', 'Suda2026kjc');
    const csv = Buffer.from(
      [
        '成果名称*,所属单位*,成果简介*',
        `面向半导体封装的低温烧结银膏,${UNIVERSITY},纳米银颗粒表面包覆与低温烧结工艺，烧结温度 200 摄氏度，剪切强度 40 MPa，可替代高铅焊料。`,
        `钠离子电池硬碳负极材料,南京理工大学,以生物质为前驱体制备硬碳负极，首效 90%，可逆容量 320 mAh/g，成本低于石墨负极。`,
      ].join('\n'),
    );
    const res = await t.http
      .post('/imports')
      .set('Authorization', university)
      .field('kind', 'achievements')
      .attach('file', csv, '本校成果.csv')
      .expect(202);
    const batch = await until(res.body.id, ['previewed', 'failed']);
    expect(batch.counts).toMatchObject({ total: 2, new: 1, invalid: 1 });
    const invalid = await t.http.get(`/imports/${res.body.id}/rows?outcome=invalid`).set('Authorization', university);
    expect(invalid.body.items[0].reasons).toEqual([{ column: '所属单位', reason: '只能导入本单位的成果' }]);
    await t.http
      .post('/imports')
      .set('Authorization', university)
      .field('kind', 'demands')
      .attach('file', csv, '需求.csv')
      .expect(403);
    // in its own file a university decides on duplicate suspects itself, but only on suspects
    const notSuspect = await t.http
      .post(`/imports/${res.body.id}/commit`)
      .set('Authorization', university)
      .send({ includeRows: [3] })
      .expect(400);
    expect(notSuspect.body.details[0]).toMatchObject({ field: 'includeRows', reason: '只能包含疑似重复行' });
  });

  it('lets a re-import update a published achievement, and says why a transferred one cannot change', async () => {
    const chains = await chainIds(t.http);
    const university = await login(t.http, 'kjc@suda.example.edu.cn', 'Suda2026kjc');
    const create = async (title: string, abstract: string) => {
      const res = await t.http
        .post('/achievements')
        .set('Authorization', manager)
        .send(achievementBody(universityId, [chains[7]], { title, abstract, patentNumbers: [] }))
        .expect(201);
      await t.http.post(`/achievements/${res.body.id}/publish`).set('Authorization', manager).expect(200);
      return res.body.id as string;
    };
    const published = await create(
      '硫化物固态电解质薄膜连续涂布工艺',
      '采用干法涂布制备硫化物固态电解质薄膜，厚度 30 微米，室温离子电导率 2 mS/cm，已完成 10 米级连续涂布。',
    );
    const transferred = await create(
      '钠离子电池层状氧化物正极掺杂改性',
      '通过铜镁共掺杂抑制层状氧化物正极相变，循环 2000 次容量保持率 85%，已完成公斤级合成验证。',
    );
    await t.http.post(`/achievements/${transferred}/transfer`).set('Authorization', manager).expect(200);
    await t.settle();
    const before = (await t.http.get(`/achievements/${published}`).set('Authorization', manager)).body;

    const newAbstract =
      '采用干法涂布制备硫化物固态电解质薄膜，厚度降至 20 微米，室温离子电导率 3 mS/cm，已在昆山中试线完成百米级连续涂布。';
    const csv = Buffer.from(
      [
        '成果名称*,所属单位*,成果简介*',
        `硫化物固态电解质薄膜连续涂布工艺,${UNIVERSITY},${newAbstract}`,
        `钠离子电池层状氧化物正极掺杂改性,${UNIVERSITY},通过铜镁共掺杂抑制层状氧化物正极相变，循环 3000 次容量保持率 88%，已完成吨级合成验证。`,
      ].join('\n'),
    );
    const res = await t.http
      .post('/imports')
      .set('Authorization', university)
      .field('kind', 'achievements')
      .attach('file', csv, '本校成果（第二次报送）.csv')
      .expect(202);
    const batch = await until(res.body.id, ['previewed', 'failed']);
    expect(batch.counts).toMatchObject({ total: 2, updated: 1, invalid: 1 });
    const rows = await t.http.get(`/imports/${batch.id}/rows`).set('Authorization', university).expect(200);
    expect(rows.body.items[0]).toMatchObject({ rowNumber: 2, outcome: 'updated', targetId: published });
    expect(rows.body.items[1].reasons).toEqual([
      {
        column: '',
        reason:
          '成果“钠离子电池层状氧化物正极掺杂改性”已转化（已转让或许可），不能通过导入修改；如需更正请联系技术经理人',
      },
    ]);

    await t.http.post(`/imports/${batch.id}/commit`).set('Authorization', university).send({}).expect(202);
    const done = await until(batch.id, ['committed', 'failed']);
    expect(done.counts).toMatchObject({ applied: 1, skipped: 0 });
    const after = (await t.http.get(`/achievements/${published}`).set('Authorization', manager)).body;
    expect(after).toMatchObject({ status: 'published', abstract: newAbstract });
    expect(after.version).toBeGreaterThan(before.version);
    const events: Array<{ type: string; actor_role: string }> = await db.query(
      `SELECT type, actor_role FROM domain_events WHERE entity_id = $1 ORDER BY id`,
      [published],
    );
    expect(events.map((e) => e.type)).toEqual(['achievement.created', 'achievement.published', 'achievement.updated']);
    expect(events[2].actor_role).toBe('university');
    expect((await t.http.get(`/achievements/${transferred}`).set('Authorization', manager)).body.status).toBe(
      'transferred',
    );

    // the search engine serves the new text (index sync, then the reverse match, ran on the update)
    await t.settle();
    const found = await t.http.get('/search/achievements').query({ q: '百米级连续涂布' }).expect(200);
    expect(found.body.items.map((i: { id: string }) => i.id)).toContain(published);
  });

  it('exports 一校一档 as an xlsx with achievements, contacts, import history and activity', async () => {
    const res = await t.http
      .post(`/organisations/${universityId}/profile/export`)
      .set('Authorization', manager)
      .expect(202);
    await t.settle();
    const file = await t.http
      .get(`/exports/${res.body.id}/download`)
      .set('Authorization', manager)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      '单位概况',
      '科技成果',
      '精准匹配',
      '签约',
      '产学研活动',
      '联系人',
      '导入记录',
      '近期动态',
    ]);
    const achievements = workbook.getWorksheet('科技成果')!;
    const own = await db.query(`SELECT count(*)::int AS n FROM achievements WHERE institution_id = $1`, [universityId]);
    expect(achievements.rowCount).toBe(1 + own[0].n);
    const history = workbook.getWorksheet('导入记录')!;
    expect(JSON.stringify(history.getSheetValues())).toContain('苏州大学2026年第四季度成果征集.xlsx');
    expect(JSON.stringify(workbook.getWorksheet('近期动态')!.getSheetValues())).toContain('导入完成');
  });
});
