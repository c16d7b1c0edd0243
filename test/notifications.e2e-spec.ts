import { JobName, JobQueue } from '@app/queue';
import { DataSource } from 'typeorm';

import {
  chainIds,
  createManager,
  demandBody,
  publishAchievement,
  registerEnterprise,
} from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

interface Row {
  recipient_id: string;
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
}

/** Every notification rule against the real platform: who is told, what they read, and that nothing comes twice. */
describe('notifications (e2e, real PostgreSQL + Redis + Meilisearch)', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: string;
  let manager: string;
  let managerId: string;
  let chains: string[];
  let ent: Awaited<ReturnType<typeof registerEnterprise>>;
  let other: Awaited<ReturnType<typeof registerEnterprise>>;
  let universityId: string;
  let professor: { id: string; auth: string };
  let secondAdmin: { id: string; auth: string };
  let demandId: string;
  let matchId: string;

  const rows = async (where = 'true', params: unknown[] = []): Promise<Row[]> =>
    db.query(
      `SELECT recipient_id, kind, title, body, data FROM notifications WHERE ${where} ORDER BY created_at`,
      params,
    );
  const of = async (userId: string, kind?: string) =>
    rows(kind ? 'recipient_id = $1 AND kind = $2' : 'recipient_id = $1', kind ? [userId, kind] : [userId]);

  async function createUser(role: string, email: string, organisationId?: string) {
    const password = 'Kunshan2026';
    const res = await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({
        email,
        password,
        name: role === 'admin' ? '周管理员' : '赵教授',
        role,
        organisationId,
        temporaryPassword: false,
      })
      .expect(201);
    return { id: res.body.id as string, auth: await login(t.http, email, password) };
  }

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin, 'notify-manager@example.com');
    managerId = (await t.http.get('/auth/me').set('Authorization', manager).expect(200)).body.id;
    chains = await chainIds(t.http);
    ent = await registerEnterprise(t.http, '昆山精工谐波传动有限公司');
    other = await registerEnterprise(t.http, '昆山另一家机械有限公司');
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '苏州精密传动研究院', district: '玉山镇' })
      .expect(201);
    universityId = uni.body.id;
    professor = await createUser('university', 'professor@example.edu.cn', universityId);
    secondAdmin = await createUser('admin', 'admin2@example.com');
    await t.settle();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('a returned demand tells its enterprise why; publishing tells it too; no one else hears of it', async () => {
    const res = await t.http
      .post('/demands')
      .set('Authorization', ent.auth)
      .send(demandBody([chains[0]], { title: '协作机器人关节谐波减速器国产化（预算 200 万元）' }))
      .expect(201);
    demandId = res.body.id;
    await t.http.post(`/demands/${demandId}/submit`).set('Authorization', ent.auth).expect(200);
    await t.http
      .post(`/demands/${demandId}/return`)
      .set('Authorization', manager)
      .send({ reason: '技术指标不够具体，请补充回差与寿命的测试条件', diagnosis: '建议写明负载工况' })
      .expect(200);
    await t.settle();
    const returned = await of(ent.userId, 'demand_returned');
    expect(returned).toHaveLength(1);
    expect(returned[0].title).toContain('被退回修改');
    expect(returned[0].body).toContain('技术指标不够具体，请补充回差与寿命的测试条件');
    expect(returned[0].body).toContain('建议写明负载工况');

    await t.http.post(`/demands/${demandId}/submit`).set('Authorization', ent.auth).expect(200);
    await t.http.post(`/demands/${demandId}/publish`).set('Authorization', manager).expect(200);
    await t.settle();
    expect(await of(ent.userId, 'demand_published')).toHaveLength(1);
    // the other enterprise, the university and staff hear nothing about this demand's review
    expect(await of(other.userId)).toEqual([]);
    expect(await of(professor.id)).toEqual([]);
    expect((await of(managerId)).filter((r) => r.kind.startsWith('demand_'))).toEqual([]);
  });

  it('有意向 tells the managers; a stage move tells each party only what it may read', async () => {
    const achievement = await publishAchievement(t.http, manager, universityId, [chains[0]]);
    await t.settle();
    const created = await t.http
      .post('/matches')
      .set('Authorization', manager)
      .send({ demandId, achievementId: achievement.id, note: '路演现场对接' });
    matchId = created.status === 201 ? created.body.id : created.body.details.matchId;
    expect(matchId).toBeTruthy();
    const current = await t.http.get(`/matches/${matchId}`).set('Authorization', ent.auth).expect(200);
    await t.http
      .post(`/matches/${matchId}/interest`)
      .set('Authorization', ent.auth)
      .send({ interest: 'interested', note: '希望尽快安排与研究团队面谈', version: current.body.version })
      .expect(200);
    await t.settle();
    const interest = await of(managerId, 'match_interest');
    expect(interest).toHaveLength(1);
    expect(interest[0].title).toContain('昆山精工谐波传动有限公司');
    expect(interest[0].body).toContain('希望尽快安排与研究团队面谈');

    const before = await t.http.get(`/matches/${matchId}`).set('Authorization', manager).expect(200);
    await t.http
      .post(`/matches/${matchId}/confirm`)
      .set('Authorization', manager)
      .send({ version: before.body.version, note: '企业预算 200 万元，可接受分期付款。请联系王工 13800000001' })
      .expect(200);
    await t.settle();

    const toEnterprise = await of(ent.userId, 'match_stage');
    expect(toEnterprise).toHaveLength(1);
    expect(toEnterprise[0].body).toContain('精准匹配');
    expect(toEnterprise[0].body).toContain('预算 200 万元'); // its own budget
    expect(toEnterprise[0].body).not.toContain('13800000001'); // contacts are for staff

    const toUniversity = await of(professor.id, 'match_stage');
    expect(toUniversity).toHaveLength(1);
    const seen = JSON.stringify(toUniversity[0]);
    expect(seen).not.toMatch(/预算|经费|资金|出资|200 万/);
    expect(seen).not.toContain('13800000001');
    expect(toUniversity[0].body).toContain('精准匹配');

    // the manager who confirmed is not told about their own step; the other enterprise never hears of the match
    expect(await of(managerId, 'match_stage')).toEqual([]);
    expect(await of(other.userId)).toEqual([]);
  });

  it('an indicator report waits for the other admins; an export tells its requester', async () => {
    await t.http
      .post('/indicators/key_labs/reports')
      .set('Authorization', admin)
      .send({ year: 2026, value: 1, asOf: '2026-09-30', evidence: '省科技厅认定文件（苏科技〔2026〕88号）' })
      .expect(201);
    const requested = await t.http
      .post('/indicators/report-exports')
      .set('Authorization', manager)
      .send({ year: 2026, format: 'csv' })
      .expect(202);
    await t.settle();
    const adminId = (await t.http.get('/auth/me').set('Authorization', admin).expect(200)).body.id;
    const pending = await of(secondAdmin.id, 'indicator_report_pending');
    expect(pending).toHaveLength(1);
    expect(pending[0].body).toContain('2026 年');
    expect(await of(adminId, 'indicator_report_pending')).toEqual([]);

    const job = await of(managerId, 'job_finished');
    expect(job).toHaveLength(1);
    expect(job[0].title).toContain('导出已完成');
    expect(JSON.stringify(job[0])).toContain('可下载');
    expect(requested.body.id).toBeTruthy();
  });

  it('the inbox API pages, counts unread and marks read — only the signed-in user’s own', async () => {
    const inbox = await t.http.get('/notifications?pageSize=1').set('Authorization', ent.auth).expect(200);
    expect(inbox.body).toMatchObject({ total: 3, page: 1, pageSize: 1, unread: 3 });
    expect(inbox.body.items).toHaveLength(1);
    expect(inbox.body.items[0]).toMatchObject({ kind: 'match_stage', read: false, kindLabel: '对接阶段变化' });
    const firstId = inbox.body.items[0].id;

    // someone else's id changes nothing
    const foreign = await t.http
      .post('/notifications/read')
      .set('Authorization', other.auth)
      .send({ ids: [firstId] })
      .expect(200);
    expect(foreign.body.updated).toBe(0);

    const read = await t.http
      .post('/notifications/read')
      .set('Authorization', ent.auth)
      .send({ ids: [firstId] });
    expect(read.body).toEqual({ updated: 1, unread: 2 });
    const unreadOnly = await t.http.get('/notifications?unread=true').set('Authorization', ent.auth).expect(200);
    expect(unreadOnly.body.items.map((n: { id: string }) => n.id)).not.toContain(firstId);
    await t.http.post('/notifications/read-all').set('Authorization', ent.auth).expect(200);
    const count = await t.http.get('/notifications/unread-count').set('Authorization', ent.auth).expect(200);
    expect(count.body).toEqual({ unread: 0 });

    const bad = await t.http
      .post('/notifications/read')
      .set('Authorization', ent.auth)
      .send({ ids: ['x'] })
      .expect(400);
    expect(bad.body.details[0].field).toContain('ids');
    await t.http.get('/notifications').expect(401);
  });

  it('replaying every event adds nothing', async () => {
    const [{ n: before }] = await db.query('SELECT count(*)::int AS n FROM notifications');
    expect(before).toBeGreaterThanOrEqual(7);
    const events: Array<{ id: string }> = await db.query('SELECT id FROM domain_events ORDER BY id');
    const queue = t.app.get(JobQueue);
    for (const e of events) {
      await queue.enqueue(JobName.ProcessDomainEvent, { eventId: e.id }, { jobId: `replay-${e.id}` });
    }
    await t.settle();
    const [{ n: after }] = await db.query('SELECT count(*)::int AS n FROM notifications');
    expect(after).toBe(before);
    const [{ dup }] = await db.query(
      `SELECT count(*)::int AS dup FROM (SELECT 1 FROM notifications GROUP BY event_key, recipient_id, kind HAVING count(*) > 1) d`,
    );
    expect(dup).toBe(0);
    console.log(`[notifications] events replayed: ${events.length}, notifications: ${before} → ${after}`);
  });
});
