import { AuthService } from '@app/auth';
import { ChallengesDemoLoader, DEMO_CALLS } from '@app/challenges';
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
    expect(await challenges.load()).toEqual({
      calls: 7,
      bids: 8,
      scores: 4,
      invitations: 11,
      projects: 2,
      consortia: 2,
      skipped: false,
    });
    expect(await managers.load(createUser)).toMatchObject({ skipped: true });
    expect(await challenges.load()).toMatchObject({ skipped: true });
    await t.settle();

    expect(await count('SELECT count(*)::int AS n FROM manager_profiles')).toBe(4);
    expect(await count('SELECT count(*)::int AS n FROM transfer_agencies')).toBe(2);
    expect(await count("SELECT count(*)::int AS n FROM transfer_agencies WHERE status = 'filed'")).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM manager_assignments')).toBe(2);
    expect(await count('SELECT count(*)::int AS n FROM service_records')).toBe(5);
    expect(await count('SELECT count(*)::int AS n FROM training_camps')).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM challenges')).toBe(7);
    expect(await count('SELECT count(*)::int AS n FROM challenge_bids')).toBe(8);
    expect(await count('SELECT count(*)::int AS n FROM challenge_bid_scores')).toBe(4);
    expect(await count('SELECT count(*)::int AS n FROM challenge_invitations')).toBe(11);
    expect(await count('SELECT count(*)::int AS n FROM challenge_projects')).toBe(2);
    expect(await count('SELECT count(*)::int AS n FROM innovation_consortia')).toBe(2);

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
    // a call in every status of the workflow
    expect(calls.body.items.map((c: { title: string; status: string }) => [c.title, c.status]).sort()).toEqual(
      DEMO_CALLS.map((c) => [c.title, c.target]).sort(),
    );
    expect(new Set(DEMO_CALLS.map((c) => c.target)).size).toBe(7);
    // dates agree with each status: a call past 征集 (closed, under review, awarded, completed) shows no deadline
    // still to come, its bidding ended when it closed, and each later step comes after the one before
    const loadedAt = Date.now();
    const at = (v: string | null) => (v ? new Date(v).getTime() : null);
    type CallDates = Record<'status' | 'bidDeadline', string> &
      Record<'publishedAt' | 'closedAt' | 'reviewStartedAt' | 'awardedAt' | 'completedAt', string | null>;
    for (const c of calls.body.items as CallDates[]) {
      if (['draft', 'published', 'cancelled'].includes(c.status)) continue;
      const steps = [c.publishedAt, c.closedAt, c.reviewStartedAt, c.awardedAt, c.completedAt].map(at);
      const reached = steps.filter((s): s is number => s !== null);
      expect(at(c.bidDeadline)).toBeLessThanOrEqual(loadedAt);
      expect(at(c.bidDeadline)).toBe(at(c.closedAt));
      expect(reached).toEqual([...reached].sort((a, b) => a - b));
      expect(Math.max(...reached)).toBeLessThanOrEqual(loadedAt);
    }
    const completed = (calls.body.items as CallDates[]).find((c) => c.status === 'completed')!;
    expect(at(completed.completedAt)).toBeGreaterThanOrEqual(at(completed.bidDeadline)!);
    // the demo university's users find their invitations and the notifications about them in their inbox
    const university = await login(t.http, 'university1@zcz.local', DEMO_PASSWORD);
    const invitations = await t.http.get('/challenges/invitations/mine').set('Authorization', university).expect(200);
    expect(invitations.body.length).toBeGreaterThanOrEqual(3);
    const inbox = await t.http.get('/notifications?pageSize=100').set('Authorization', university).expect(200);
    const invited = (inbox.body.items as Array<{ kind: string; title: string }>).filter(
      (n) => n.kind === 'challenge_invited',
    );
    expect(invited.length).toBe(invitations.body.length);
    expect(invited.map((n) => n.title)).toContain(`揭榜邀请：「${DEMO_CALLS[0].title}」诚邀贵单位揭榜`);

    const res = await t.http.get('/indicators').query({ year }).set('Authorization', manager).expect(200);
    const actual = Object.fromEntries(
      (res.body.indicators as Array<{ key: string; actual: number }>).map((f) => [f.key, f.actual]),
    );
    expect(actual.tech_managers).toBeGreaterThanOrEqual(1);
    expect(actual.transfer_agencies).toBe(1);
    expect(actual.leading_enterprises_served).toBe(1);
    expect(actual.jiebang_projects).toBe(1); // the 定向委托 call's project is a 优秀项目 (row 6)
    expect(actual.innovation_consortia).toBeGreaterThanOrEqual(1);
    expect(actual.key_universities).toBeGreaterThanOrEqual(1);
  }, 240000);
});
