import { beijingHour, NotificationScheduleService, SCHEDULER_ID } from '@app/notifications';
import { BullJobQueue, JobName, JobQueue, QueueName } from '@app/queue';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';

import { WorkerModule } from '../apps/worker/src/worker.module';
import {
  chainIds,
  createManager,
  demandBody,
  publishAchievement,
  publishDemand,
  registerEnterprise,
} from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';
import { TestSmtpServer } from './utils/smtp';

/** Digests and reminders on the hourly job scheduler, with two workers running it. */
describe('notification schedule (e2e, two workers, real SMTP, PostgreSQL, Redis)', () => {
  const smtp = new TestSmtpServer();
  let t: TestApp;
  let worker: INestApplicationContext;
  let db: DataSource;
  let admin: string;
  let manager: string;
  let managerId: string;
  let chains: string[];
  let ent: Awaited<ReturnType<typeof registerEnterprise>>;
  let other: Awaited<ReturnType<typeof registerEnterprise>>;

  beforeAll(async () => {
    await smtp.start();
    process.env.SMTP_URL = smtp.url;
    t = await createTestApp();
    // a second worker process on the same database and queues (its own connections, its own handlers)
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(), { logger: ['error'] });
    await worker.init();
    db = t.app.get(DataSource);
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin, 'schedule-manager@example.com');
    managerId = (await t.http.get('/auth/me').set('Authorization', manager).expect(200)).body.id;
    chains = await chainIds(t.http);
    ent = await registerEnterprise(t.http, '昆山协作机器人科技有限公司');
    other = await registerEnterprise(t.http, '昆山其他制造有限公司');
    await t.settle();
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await smtp.stop();
    delete process.env.SMTP_URL;
  });

  it('both processes declare the hourly schedule; Redis holds it once', async () => {
    const queue = (t.app.get(JobQueue) as BullJobQueue).queue(QueueName.Notifications);
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toEqual([SCHEDULER_ID]);
    expect(schedulers[0]).toMatchObject({ pattern: '0 * * * *', tz: 'Asia/Shanghai' });
  });

  it('two workers running the digest hour send one digest per person, only of suggestions the console shows', async () => {
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '昆山精密传动研究院', district: '玉山镇' })
      .expect(201);
    const achievement = await publishAchievement(t.http, manager, uni.body.id, [chains[0]]);
    const second = await publishAchievement(t.http, manager, uni.body.id, [chains[0]], {
      title: '协作机器人关节用柔轮残余应力控制工艺',
    });
    const demand = await publishDemand(t.http, ent.auth, manager, [chains[0]]);
    await t.settle();
    for (const a of [achievement, second]) {
      await t.http.post('/matches').set('Authorization', manager).send({ demandId: demand.id, achievementId: a.id });
    }
    await t.settle();
    const shown: Array<{ n: number }> = await db.query(
      `SELECT count(*)::int AS n FROM matches WHERE demand_id = $1 AND status = 'suggested'`,
      [demand.id],
    );
    expect(shown[0].n).toBeGreaterThanOrEqual(2);

    const at = new Date(Date.now() + 3600000); // next hour: the last 24 h include the suggestions just made
    await t.http
      .put('/notifications/preferences')
      .set('Authorization', ent.auth)
      .send({ items: [{ kind: 'suggestion_digest', mode: 'email', digestHour: beijingHour(at) }] })
      .expect(200);

    // the same tick handled by both workers at once (a scheduler firing twice, a retry after a crash…)
    const queue = t.app.get(JobQueue);
    await Promise.all([
      queue.enqueue(JobName.NotificationSchedule, { at: at.toISOString() }, { jobId: 'tick-a' }),
      queue.enqueue(JobName.NotificationSchedule, { at: at.toISOString() }, { jobId: 'tick-b' }),
      queue.enqueue(JobName.NotificationSchedule, { at: at.toISOString() }, { jobId: 'tick-c' }),
    ]);
    // and the two processes' services racing directly
    await Promise.all([
      t.app.get(NotificationScheduleService).run(at),
      worker.get(NotificationScheduleService).run(at),
    ]);
    await t.settle();

    const digests = await db.query(
      `SELECT recipient_id, title, body FROM notifications WHERE kind = 'suggestion_digest'`,
    );
    expect(digests).toHaveLength(1);
    expect(digests[0].recipient_id).toBe(ent.userId);
    expect(digests[0].title).toMatch(/^「协作机器人关节用高精度谐波减速器国产化」有 \d+ 项新的匹配推荐$/);
    expect(digests[0].body).toContain('基于双圆弧齿形修形的高精度谐波减速器');
    const mails = await smtp.waitFor(1, (m) => m.subject.includes('新的匹配推荐'));
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received.filter((m) => m.subject.includes('新的匹配推荐'))).toHaveLength(1);
    expect(mails[0].to).toBe(ent.email);
    expect(mails[0].html).toContain('匹配度');
    // the other enterprise hears nothing about this demand
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1`, [
      other.userId,
    ]);
    expect(n).toBe(0);
    console.log(
      `[notifications] digest: ${digests.length} notification, ${mails.length} e-mail from 5 concurrent runs`,
    );
  });

  it('a demand waiting more than 2 working days (holidays and 调休 from data) reminds the managers once a day', async () => {
    const res = await t.http
      .post('/demands')
      .set('Authorization', other.auth)
      .send(demandBody([chains[0]], { title: '注塑件表面缩痕在线视觉检测' }))
      .expect(201);
    await t.http.post(`/demands/${res.body.id}/submit`).set('Authorization', other.auth).expect(200);
    await t.settle();
    // submitted on Wednesday 30 September 2026, the eve of the National Day holiday (1–7 October)
    await db.query(`UPDATE demands SET submitted_at = '2026-09-30T10:00:00+08:00' WHERE id = $1`, [res.body.id]);
    const schedule = t.app.get(NotificationScheduleService);
    const reminders = () =>
      db.query(`SELECT recipient_id, title, created_at FROM notifications WHERE kind = 'review_reminder'`);

    // Thursday 8 October, 08:xx: one working day since (the holiday does not count)
    await schedule.run(new Date('2026-10-08T08:30:00+08:00'));
    expect(await reminders()).toHaveLength(0);
    // Monday 12 October: 8 Oct, 9 Oct, Saturday 10 Oct (调休 working day), 12 Oct = 4 working days
    await Promise.all([
      schedule.run(new Date('2026-10-12T08:10:00+08:00')),
      worker.get(NotificationScheduleService).run(new Date('2026-10-12T08:40:00+08:00')),
    ]);
    let rows = await reminders();
    expect(rows).toHaveLength(1);
    expect(rows[0].recipient_id).toBe(managerId);
    expect(rows[0].title).toBe('待审核提醒：「注塑件表面缩痕在线视觉检测」已等待 4 个工作日');
    // not at another hour than the manager's, again the next day
    await schedule.run(new Date('2026-10-13T15:00:00+08:00'));
    expect(await reminders()).toHaveLength(1);
    await schedule.run(new Date('2026-10-13T08:00:00+08:00'));
    rows = await reminders();
    expect(rows).toHaveLength(2);
    expect(rows[1].title).toContain('5 个工作日');
    await t.settle();
    const reminderMails = smtp.received.filter((m) => m.subject.includes('待审核提醒'));
    expect(reminderMails).toHaveLength(2);
    expect(reminderMails.every((m) => m.to === 'schedule-manager@example.com')).toBe(true);
  });

  it('follow-ups still open 7 days after an activity was held remind its organiser and manager, then weekly', async () => {
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '昆山工业技术研究院', district: '玉山镇' })
      .expect(201);
    const achievement = await publishAchievement(t.http, manager, uni.body.id, [chains[0]], {
      title: '注塑模具随形冷却流道增材制造工艺',
    });
    const demand = await publishDemand(t.http, ent.auth, manager, [chains[0]], { title: '注塑模具冷却效率提升' });
    await t.settle();
    const activity = await t.http
      .post('/activities')
      .set('Authorization', manager)
      .send({
        kind: 'bai_xiao_qun_ying',
        title: '2026 百校群英荟·模具专场',
        scheduledAt: '2026-11-02T09:30:00+08:00',
        place: '昆山市科技创新服务中心三楼报告厅',
        district: '玉山镇',
        industryChainIds: [chains[0]],
        participants: [{ organisationId: ent.organisationId }, { organisationId: uni.body.id }],
      })
      .expect(201);
    await t.http
      .post(`/activities/${activity.body.id}/match-items`)
      .set('Authorization', manager)
      .send({ demandId: demand.id, achievementId: achievement.id, note: '现场对接' })
      .expect(201);
    await t.http
      .post(`/activities/${activity.body.id}/hold`)
      .set('Authorization', manager)
      .send({
        attendance: 40,
        heldAt: '2026-11-02T10:00:00+08:00',
        attendedOrganisationIds: [ent.organisationId, uni.body.id],
      })
      .expect(200);
    await t.settle();
    const schedule = t.app.get(NotificationScheduleService);
    const reminders = () =>
      db.query(
        `SELECT recipient_id, title, body FROM notifications WHERE kind = 'follow_up_overdue' ORDER BY created_at`,
      );

    await schedule.run(new Date('2026-11-08T08:20:00+08:00')); // 6 days: not yet
    expect(await reminders()).toHaveLength(0);
    await Promise.all([
      schedule.run(new Date('2026-11-09T08:20:00+08:00')),
      worker.get(NotificationScheduleService).run(new Date('2026-11-09T08:50:00+08:00')),
    ]);
    let rows = await reminders();
    expect(rows).toHaveLength(1);
    expect(rows[0].recipient_id).toBe(managerId);
    expect(rows[0].title).toBe('跟进提醒：「2026 百校群英荟·模具专场」还有 1 项跟进未完成');
    await schedule.run(new Date('2026-11-10T08:20:00+08:00')); // not every day
    expect(await reminders()).toHaveLength(1);
    await schedule.run(new Date('2026-11-16T08:20:00+08:00')); // a week later, still open
    rows = await reminders();
    expect(rows).toHaveLength(2);
    expect(rows[1].body).toContain('已过去 14 天');
    // the enterprise is a participant, not the one to follow up
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM notifications WHERE kind = 'follow_up_overdue' AND recipient_id = $1`,
      [ent.userId],
    );
    expect(n).toBe(0);
  });
});
