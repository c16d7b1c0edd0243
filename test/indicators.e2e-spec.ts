import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { DomainEvent } from '@app/events';
import { IndicatorFactsService } from '@app/indicators';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';

import {
  achievementBody,
  chainIds,
  createManager,
  demandBody,
  publishDemand as publishDemandAs,
  registerEnterprise,
} from './factories/registry.factory';
import { binaryBody, createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

interface Figure {
  key: string;
  target: number | null;
  actual: number;
  progress: number | null;
  expectedProgress: number | null;
  status: string | null;
  countingRule: string;
  planTotal?: { target: number; actual: number };
  breakdown?: { byChain: Array<{ name: string; count: number }>; byDistrict: Array<{ name: string; count: number }> };
  pendingReports?: number;
}

const YEAR = 2026;

/** `npm run cli -- …` as an operator runs it, against this test's database and search namespace. */
function cli(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', 'apps/cli/src/main.ts', ...args],
      {
        cwd: join(__dirname, '..'),
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          DATABASE_URL: process.env.DATABASE_URL,
          MEILI_URL: process.env.MEILI_URL,
          MEILI_MASTER_KEY: process.env.MEILI_MASTER_KEY,
          MEILI_INDEX_PREFIX: process.env.MEILI_INDEX_PREFIX,
          LOG_LEVEL: 'error',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('indicators fill themselves (e2e, real PostgreSQL + Redis + Meilisearch)', () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let chains: string[];
  let universityId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin, 'indicators-manager@example.com');
    chains = await chainIds(t.http);
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '苏州精密制造研究院', district: '玉山镇' })
      .expect(201);
    universityId = uni.body.id;
    await t.settle();
  });

  afterAll(async () => {
    await t?.close();
  });

  async function figures(year = YEAR): Promise<Map<string, Figure>> {
    await t.settle();
    const res = await t.http.get('/indicators').query({ year }).set('Authorization', manager).expect(200);
    return new Map((res.body.indicators as Figure[]).map((f) => [f.key, f]));
  }

  const actuals = async (year = YEAR) =>
    Object.fromEntries([...(await figures(year)).entries()].map(([k, f]) => [k, f.actual]));

  const publishDemand = async (auth: string, overrides: Record<string, unknown>) =>
    (await publishDemandAs(t.http, auth, manager, [chains[0]], overrides)).id;

  async function achievement(overrides: Record<string, unknown> = {}) {
    const res = await t.http
      .post('/achievements')
      .set('Authorization', manager)
      .send(achievementBody(universityId, [chains[0]], overrides))
      .expect(201);
    return res.body.id as string;
  }

  it('lists all 19 plan rows and the text targets, with targets, rules and status', async () => {
    const all = await figures();
    expect([...all.values()].filter((f) => (f as unknown as { seq: number | null }).seq !== null)).toHaveLength(19);
    expect(all.get('major_demands')).toMatchObject({ target: 30, planTotal: { target: 100 } });
    expect(all.get('precise_matches')).toMatchObject({ target: 667 }); // 1000 by 2027, two thirds by 2026
    expect(all.get('tech_managers')!.countingRule).toContain('停用后扣除');
    expect(all.get('key_labs')!.countingRule).toContain('审核');
    expect(all.get('national_awards')).toMatchObject({ target: null, planTotal: { target: 1 } });
    expect(['达标', '正常', '滞后']).toContain(all.get('major_demands')!.status);
  });

  it('moves the right indicators by exactly the right amounts; withdrawal reverses; replay and recompute change nothing', async () => {
    const before = await actuals();
    const before2025 = await actuals(2025);

    // an enterprise with titles granted in different years, a leading enterprise, a service agency
    const ent = await registerEnterprise(t.http, '昆山龙腾精密传动科技有限公司');
    const org = (await t.http.get(`/organisations/${ent.organisationId}`).set('Authorization', manager)).body;
    await t.http
      .patch(`/organisations/${ent.organisationId}`)
      .set('Authorization', manager)
      .send({
        version: org.version,
        tierFlags: [
          { flag: 'tech_sme', grantedOn: '2025-05-20' },
          { flag: 'gazelle', grantedOn: `${YEAR}-03-01` },
          { flag: 'leading', grantedOn: '2024-01-10' },
        ],
      })
      .expect(200);
    await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'agency', name: '昆山工研院技术转移中心', district: '开发区' })
      .expect(201);
    await createManager(t.http, admin, 'second-manager@example.com');

    const major = await publishDemand(ent.auth, { kind: 'major', title: '新能源汽车电驱谐波减速器国产化' });
    await publishDemand(ent.auth, { kind: 'chain', title: '精密减速器回差在线检测' });
    const draft = await t.http
      .post('/demands')
      .set('Authorization', ent.auth)
      .send(demandBody([chains[0]], { kind: 'major', title: '仅草稿的需求不计入' }))
      .expect(201);
    expect(draft.body.status).toBe('draft');

    const a1 = await achievement({ title: '高精度谐波减速器齿形修形技术' });
    await t.http.post(`/achievements/${a1}/publish`).set('Authorization', manager).expect(200);
    await achievement({ title: '未发布成果不计入' });

    let now = await actuals();
    expect(now.major_demands - before.major_demands).toBe(1);
    expect(now.chain_demands - before.chain_demands).toBe(1);
    expect(now.achievements - before.achievements).toBe(1);
    expect(now.gazelles - before.gazelles).toBe(1);
    expect(now.tech_smes - before.tech_smes).toBe(0); // granted in 2025, counted there
    expect((await actuals(2025)).tech_smes - before2025.tech_smes).toBe(1);
    // an agency organisation and a manager account alone no longer count: filed agencies and active manager
    // profiles do (test/managers.e2e-spec.ts)
    expect(now.transfer_agencies - before.transfer_agencies).toBe(0);
    expect(now.tech_managers - before.tech_managers).toBe(0);

    // withdraw → −1, publish again → +1 (counted once, on its first publication date)
    await t.http.post(`/achievements/${a1}/withdraw`).set('Authorization', manager).expect(200);
    expect((await actuals()).achievements - before.achievements).toBe(0);
    await t.http.post(`/achievements/${a1}/publish`).set('Authorization', manager).expect(200);
    expect((await actuals()).achievements - before.achievements).toBe(1);

    // confirm a pair → 精准匹配 +1; a confirmed pair alone no longer makes a university a close partner or a
    // leading enterprise served in depth (assignments and service records do: test/managers.e2e-spec.ts)
    // the engine has usually suggested the pair already; otherwise the manager pairs them by hand
    const suggested = await t.http.get(`/demands/${major}/matches`).set('Authorization', manager).expect(200);
    const found = suggested.body.items.find((m: { achievement: { id: string } }) => m.achievement.id === a1);
    const pair = found
      ? { body: found }
      : await t.http
          .post('/matches')
          .set('Authorization', manager)
          .send({ demandId: major, achievementId: a1, note: '路演现场对接' })
          .expect(201);
    await t.http.post(`/matches/${pair.body.id}/confirm`).set('Authorization', manager).expect(200);
    now = await actuals();
    expect(now.precise_matches - before.precise_matches).toBe(1);
    expect(now.key_universities - before.key_universities).toBe(0);
    expect(now.leading_enterprises_served - before.leading_enterprises_served).toBe(0);
    // rejected → no longer counted; reopened and confirmed again → counted once more, not twice
    await t.http
      .post(`/matches/${pair.body.id}/reject`)
      .set('Authorization', manager)
      .send({ reason: 'price', note: '报价超出预算' })
      .expect(200);
    expect((await actuals()).precise_matches - before.precise_matches).toBe(0);
    await t.http.post(`/matches/${pair.body.id}/reopen`).set('Authorization', manager).expect(200);
    await t.http.post(`/matches/${pair.body.id}/confirm`).set('Authorization', manager).expect(200);
    for (const step of ['contact', 'negotiate', 'contract']) {
      await t.http.post(`/matches/${pair.body.id}/${step}`).set('Authorization', manager).send({}).expect(200);
    }
    now = await actuals();
    expect(now.precise_matches - before.precise_matches).toBe(1);
    expect(now.contracted_matches - before.contracted_matches).toBe(1);

    // the breakdown places the demand in its chain and its owner's district
    const all = await figures();
    const majorFigure = all.get('major_demands')!;
    expect(majorFigure.breakdown!.byDistrict).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: '周市镇' })]),
    );
    expect(majorFigure.breakdown!.byChain.reduce((s, c) => s + c.count, 0)).toBeGreaterThanOrEqual(1);

    // drill-down lists the records behind the figure, and the monthly series adds up to it
    const records = await t.http
      .get('/indicators/major_demands/records')
      .query({ year: YEAR, pageSize: 100 })
      .set('Authorization', manager)
      .expect(200);
    expect(records.body.items.map((r: { subjectId: string }) => r.subjectId)).toContain(major);
    expect(records.body.total).toBe(majorFigure.actual);
    const series = await t.http
      .get('/indicators/major_demands/series')
      .query({ year: YEAR })
      .set('Authorization', manager)
      .expect(200);
    const added = series.body.months.reduce((s: number, m: { added: number | null }) => s + (m.added ?? 0), 0);
    expect(added).toBe(majorFigure.actual);

    // held activities count in the year they are held; planned and cancelled ones do not
    const activity = async (kind: string, title: string) =>
      (
        await t.http
          .post('/activities')
          .set('Authorization', manager)
          .send({
            kind,
            title,
            scheduledAt: `${YEAR}-10-15T09:00:00+08:00`,
            place: '昆山市科技创新服务中心',
            district: '玉山镇',
            industryChainIds: [chains[0]],
          })
          .expect(201)
      ).body as { id: string; version: number };
    const fair = await activity('bai_xiao_qun_ying', '百校群英荟·精密传动专场');
    const training = await activity('policy_training', '科技成果转化政策宣讲会');
    const cancelled = await activity('roadshow', '项目路演（取消）');
    await t.http
      .post(`/activities/${fair.id}/hold`)
      .set('Authorization', manager)
      .send({ attendance: 86, heldAt: `${YEAR}-10-15T16:00:00+08:00` })
      .expect(200);
    await t.http
      .post(`/activities/${training.id}/hold`)
      .set('Authorization', manager)
      .send({ attendance: 120 })
      .expect(200);
    await t.http
      .post(`/activities/${cancelled.id}/cancel`)
      .set('Authorization', manager)
      .send({ reason: '场地调整' })
      .expect(200);
    now = await actuals();
    expect(now.activities - before.activities).toBe(1);
    expect(now.policy_trainings - before.policy_trainings).toBe(1);
    const fairs = await t.http
      .get('/indicators/activities/records')
      .query({ year: YEAR })
      .set('Authorization', manager)
      .expect(200);
    expect(fairs.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ subjectId: fair.id, district: '玉山镇' })]),
    );

    // renaming the demand carries through to the pair's record
    const current = (await t.http.get(`/demands/${major}`).set('Authorization', manager)).body;
    await t.http
      .patch(`/demands/${major}`)
      .set('Authorization', manager)
      .send({ title: '新能源汽车电驱精密减速器国产化替代', version: current.version })
      .expect(200);
    await t.settle();
    const pairRecords = await t.http
      .get('/indicators/precise_matches/records')
      .query({ year: YEAR, pageSize: 100 })
      .set('Authorization', manager)
      .expect(200);
    expect(pairRecords.body.items.map((r: { title: string }) => r.title)).toContain(
      '新能源汽车电驱精密减速器国产化替代 ↔ 高精度谐波减速器齿形修形技术',
    );

    // closing (withdrawing) the demand reverses it
    await t.http.post(`/demands/${major}/close`).set('Authorization', ent.auth).send({ reason: '需求已自行解决' });
    now = await actuals();
    expect(now.major_demands - before.major_demands).toBe(0);

    // replaying every event changes nothing; verify agrees; a full recompute changes nothing
    const snapshot = await actuals();
    const dataSource = t.app.get(DataSource);
    const facts = t.app.get(IndicatorFactsService);
    const events = await dataSource.getRepository(DomainEvent).find({ order: { id: 'ASC' } });
    for (const e of events) await facts.applyEvent(e);
    expect(await actuals()).toEqual(snapshot);
    expect(await facts.verify()).toEqual([]);
    await facts.recompute();
    expect(await actuals()).toEqual(snapshot);

    // a lost event is caught by verify (the CLI exits 1), and recompute repairs it (the CLI exits 0)
    await dataSource.query(`DELETE FROM indicator_facts WHERE indicator_key = 'achievements' AND subject_id = $1`, [
      a1,
    ]);
    const differences = await facts.verify();
    expect(differences).toEqual([
      expect.objectContaining({ indicatorKey: 'achievements', subjectId: a1, problem: 'missing' }),
    ]);
    const broken = await cli(['indicators', 'verify']);
    expect(broken).toMatchObject({ code: 1 });
    expect(broken.output).toContain(`achievements ${a1} ${YEAR}: missing`);
    expect(await cli(['indicators', 'recompute'])).toMatchObject({ code: 0 });
    expect(await cli(['indicators', 'verify'])).toMatchObject({ code: 0 });
    expect(await facts.verify()).toEqual([]);
    expect(await actuals()).toEqual(snapshot);
  });

  it('keeps reported figures apart: counted only once reviewed by another admin, with evidence', async () => {
    const observed = await t.http
      .post('/indicators/major_demands/reports')
      .set('Authorization', manager)
      .send({ year: YEAR, value: 99, asOf: `${YEAR}-06-30`, evidence: '手工统计' })
      .expect(400);
    expect(observed.body.code).toBe('INDICATOR_NOT_REPORTABLE');
    const bad = await t.http
      .post('/indicators/key_labs/reports')
      .set('Authorization', manager)
      .send({ year: YEAR, value: -1, asOf: 'yesterday' })
      .expect(400);
    expect([...new Set(bad.body.details.map((d: { field: string }) => d.field))].sort()).toEqual([
      'asOf',
      'evidence',
      'value',
    ]);

    const report = await t.http
      .post('/indicators/key_labs/reports')
      .set('Authorization', manager)
      .send({ year: YEAR, value: 1, asOf: `${YEAR}-09-30`, evidence: '省科技厅认定文件（苏科技〔2026〕88号）' })
      .expect(201);
    await t.http
      .post(`/indicator-reports/${report.body.id}/evidence`)
      .set('Authorization', manager)
      .attach('file', Buffer.from('%PDF-1.4 认定文件扫描件'), '认定文件.pdf')
      .expect(200);
    let labs = (await figures()).get('key_labs')!;
    expect(labs).toMatchObject({ actual: 0, pendingReports: 1 });

    await t.http.post(`/indicator-reports/${report.body.id}/approve`).set('Authorization', manager).expect(403);
    await t.http.post(`/indicator-reports/${report.body.id}/approve`).set('Authorization', admin).expect(200);
    labs = (await figures()).get('key_labs')!;
    expect(labs).toMatchObject({ actual: 1, pendingReports: 0, status: '达标' });
    const listed = await t.http
      .get('/indicators/key_labs/records')
      .query({ year: YEAR })
      .set('Authorization', manager)
      .expect(200);
    expect(listed.body.items[0]).toMatchObject({
      status: 'approved',
      evidenceUrl: expect.stringMatching(/^\/files\//),
    });
    const file = await t.http.get(listed.body.items[0].evidenceUrl).set('Authorization', admin).expect(200);
    expect(file.headers['content-disposition']).toContain(encodeURIComponent('认定文件.pdf'));
  });

  it('lets an admin correct a target, recorded as an event', async () => {
    const res = await t.http
      .patch(`/indicators/major_demands/targets/${YEAR}`)
      .set('Authorization', admin)
      .send({ value: 35 })
      .expect(200);
    expect(res.body.value).toBe(35);
    const stale = await t.http
      .patch(`/indicators/major_demands/targets/${YEAR}`)
      .set('Authorization', admin)
      .send({ value: 36, version: res.body.version + 5 })
      .expect(409);
    expect(stale.body).toMatchObject({
      code: 'STALE_VERSION',
      message: '目标已被他人修改，请刷新后重试',
      details: { currentVersion: res.body.version },
    });
    await t.http
      .patch(`/indicators/major_demands/targets/${YEAR}`)
      .set('Authorization', manager)
      .send({ value: 1 })
      .expect(403);
    await t.http
      .patch('/indicators/major_demands/targets/2031')
      .set('Authorization', admin)
      .send({ value: 1 })
      .expect(400);
    expect((await figures()).get('major_demands')!.target).toBe(35);
    const events = await t.http
      .get('/events')
      .query({ type: 'indicator.target_changed' })
      .set('Authorization', admin)
      .expect(200);
    expect(events.body.items[0]).toMatchObject({ before: { value: 30 }, after: { value: 35, year: YEAR } });
  });

  it('exports the plan table with the year’s figures as xlsx and csv through a job', async () => {
    const requested = await t.http
      .post('/indicators/report-exports')
      .set('Authorization', manager)
      .send({ year: YEAR, format: 'xlsx' })
      .expect(202);
    expect(requested.body.status).toBe('queued');
    await t.settle();
    const job = await t.http.get(`/exports/${requested.body.id}`).set('Authorization', manager).expect(200);
    expect(job.body).toMatchObject({ status: 'done', progress: 1 });
    const file = await t.http
      .get(job.body.downloadUrl)
      .set('Authorization', manager)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.body as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.getRow(2).values).toEqual(
      expect.arrayContaining([
        '序号',
        '重点任务',
        '目标名称',
        '2025年',
        '2026年',
        '2027年',
        '单位',
        '责任单位',
        '备注',
      ]),
    );
    const names = Array.from({ length: sheet.rowCount - 2 }, (_, i) => sheet.getRow(i + 3).getCell(3).value);
    expect(names).toEqual(expect.arrayContaining(['重大需求', '技术经理人', '应用场景']));
    expect(sheet.getRow(3).getCell(1).value).toBe('1');

    const other = await registerEnterprise(t.http);
    await t.http.get(`/exports/${requested.body.id}`).set('Authorization', other.auth).expect(404);
    await t.http.post('/indicators/report-exports').set('Authorization', other.auth).send({ year: YEAR }).expect(403);

    const csv = await t.http
      .post('/indicators/report-exports')
      .set('Authorization', manager)
      .send({ year: YEAR, format: 'csv' })
      .expect(202);
    await t.settle();
    const csvFile = await t.http.get(`/exports/${csv.body.id}/download`).set('Authorization', manager).expect(200);
    expect(csvFile.text.charCodeAt(0)).toBe(0xfeff);
    expect(csvFile.text).toContain('重大需求');
  });
});
