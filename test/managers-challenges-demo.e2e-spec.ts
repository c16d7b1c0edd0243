import { AuthService } from '@app/auth';
import { ChallengesDemoLoader, DEMO_AWARDED_CALL_TITLE, DEMO_OPEN_CALL_TITLE } from '@app/challenges';
import { SYSTEM_ACTOR } from '@app/common';
import { ManagersDemoLoader } from '@app/managers';
import { DEMO_PASSWORD, DemoLoader } from '@app/registry';
import { DataSource } from 'typeorm';

import { createTestApp, login, TestApp } from './utils/app';

describe('demo technology managers and 揭榜挂帅 (e2e, real services)', () => {
  let t: TestApp;
  let db: DataSource;
  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 4));
  const count = async (sql: string) => Number((await db.query(sql))[0].n);

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    const auth = t.app.get(AuthService);
    await t.app.get(DemoLoader).load((input) => auth.createUser(SYSTEM_ACTOR, input));
  });

  afterAll(async () => {
    await t?.close();
  });

  it('loads profiles, agencies, assignments, service log, a camp, calls, a project and a consortium once', async () => {
    const auth = t.app.get(AuthService);
    const createUser = (input: Parameters<AuthService['createUser']>[1]) => auth.createUser(SYSTEM_ACTOR, input);
    const managers = t.app.get(ManagersDemoLoader);
    const challenges = t.app.get(ChallengesDemoLoader);
    expect(await managers.load(createUser)).toEqual({
      profiles: 4,
      agencies: 2,
      assignments: 2,
      serviceRecords: 5,
      camps: 1,
      ratings: 2,
      evaluation: String(year),
      skipped: false,
    });
    expect(await challenges.load()).toEqual({ calls: 2, bids: 2, projects: 1, consortia: 1, skipped: false });
    expect(await managers.load(createUser)).toMatchObject({ skipped: true });
    expect(await challenges.load()).toMatchObject({ skipped: true });
    await t.settle();

    expect(await count('SELECT count(*)::int AS n FROM manager_profiles')).toBe(4);
    expect(await count('SELECT count(*)::int AS n FROM transfer_agencies')).toBe(2);
    expect(await count("SELECT count(*)::int AS n FROM transfer_agencies WHERE status = 'filed'")).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM manager_assignments')).toBe(2);
    expect(await count('SELECT count(*)::int AS n FROM service_records')).toBe(5);
    expect(await count('SELECT count(*)::int AS n FROM training_camps')).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM challenges')).toBe(2);
    expect(await count('SELECT count(*)::int AS n FROM challenge_bids')).toBe(2);
    expect(await count('SELECT count(*)::int AS n FROM challenge_projects')).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM innovation_consortia')).toBe(1);

    const manager = await login(t.http, 'manager@zcz.local', DEMO_PASSWORD);
    const mine = await t.http.get('/managers/me').set('Authorization', manager).expect(200);
    expect(mine.body).toMatchObject({
      name: '陈思远',
      affiliationKindLabel: '技术转移服务机构',
      affiliationOrganisationName: '昆山智汇技术转移服务有限公司',
      certificateLevelLabel: '高级',
    });
    // 分级评估: this year's evaluation is published; 陈思远 reads her sheet, with 光彩显示's ratings (5 and 4)
    const sheet = await t.http.get(`/evaluations/${year}/mine`).set('Authorization', manager).expect(200);
    expect(sheet.body).toMatchObject({ subjectName: '陈思远', period: { status: 'published' } });
    const criterion = (code: string) =>
      (sheet.body.criteria as Array<{ code: string; raw: number | null }>).find((c) => c.code === code)!.raw;
    expect([criterion('serviceRecords'), criterion('enterpriseRating'), criterion('assessmentScore')]).toEqual([
      4, 4.5, 92,
    ]);
    const calls = await t.http.get('/challenges').set('Authorization', manager).expect(200);
    expect(
      calls.body.items.map((c: { title: string; statusLabel: string }) => [c.title, c.statusLabel]).sort(),
    ).toEqual(
      [
        [DEMO_OPEN_CALL_TITLE, '揭榜中'],
        [DEMO_AWARDED_CALL_TITLE, '已定榜'],
      ].sort(),
    );

    const res = await t.http.get('/indicators').query({ year }).set('Authorization', manager).expect(200);
    const actual = Object.fromEntries(
      (res.body.indicators as Array<{ key: string; actual: number }>).map((f) => [f.key, f.actual]),
    );
    expect(actual.tech_managers).toBeGreaterThanOrEqual(1);
    expect(actual.transfer_agencies).toBe(1);
    expect(actual.leading_enterprises_served).toBe(1);
    expect(actual.jiebang_projects).toBe(1);
    expect(actual.innovation_consortia).toBeGreaterThanOrEqual(1);
    expect(actual.key_universities).toBeGreaterThanOrEqual(1);
  });
});
