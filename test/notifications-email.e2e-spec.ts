import { JOB_DEFAULTS, JobName, JobQueue, JobRegistry, runJobAttempt } from '@app/queue';
import { DataSource } from 'typeorm';

import { chainIds, createManager, demandBody, registerEnterprise } from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';
import { ReceivedMail, TestSmtpServer } from './utils/smtp';

/** E-mail to a real SMTP server: content, retries through an outage, failures for admins, preferences, unsubscribe. */
describe('notification e-mail (e2e, real SMTP server, PostgreSQL, Redis)', () => {
  const smtp = new TestSmtpServer();
  let t: TestApp;
  let db: DataSource;
  let admin: string;
  let manager: string;
  let chains: string[];
  let ent: Awaited<ReturnType<typeof registerEnterprise>>;
  const figures = { sent: 0, retries: 0, duplicates: 0, failedForGood: 0 };

  /** A demand of the enterprise, submitted and returned with this reason. */
  async function returnedDemand(title: string, reason: string): Promise<string> {
    const res = await t.http
      .post('/demands')
      .set('Authorization', ent.auth)
      .send(demandBody([chains[0]], { title }))
      .expect(201);
    await t.http.post(`/demands/${res.body.id}/submit`).set('Authorization', ent.auth).expect(200);
    await t.http.post(`/demands/${res.body.id}/return`).set('Authorization', manager).send({ reason }).expect(200);
    return res.body.id;
  }

  const deliveries = () =>
    db.query<Array<{ status: string; attempts: number; kind: string; title: string }>>(
      `SELECT d.status, d.attempts, n.kind, n.title FROM notification_deliveries d
         JOIN notifications n ON n.id = d.notification_id ORDER BY d.created_at`,
    );

  const bySubject = (part: string) => (m: ReceivedMail) => m.subject.includes(part);

  beforeAll(async () => {
    await smtp.start();
    process.env.SMTP_URL = smtp.url;
    process.env.SMTP_FROM = '祖冲之平台 <noreply@zcz.test>';
    process.env.PUBLIC_URL = 'https://zcz.example.cn';
    t = await createTestApp();
    db = t.app.get(DataSource);
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin, 'mail-manager@example.com');
    chains = await chainIds(t.http);
    ent = await registerEnterprise(t.http, '昆山市电子信息材料有限公司');
    await t.settle();
  });

  afterAll(async () => {
    await t?.close();
    await smtp.stop();
    delete process.env.SMTP_URL;
    delete process.env.SMTP_FROM;
    delete process.env.PUBLIC_URL;
    console.log(
      `[notifications] e-mail delivered: ${figures.sent}, retries: ${figures.retries}, failed for good: ${figures.failedForGood}, duplicates: ${figures.duplicates}`,
    );
  });

  it('sends the enterprise a Chinese e-mail with the reason, a link and a working unsubscribe link', async () => {
    await returnedDemand('高导热电子封装胶国产替代', '请补充导热系数的测试标准与目标值');
    await t.settle();
    const [mail] = await smtp.waitFor(1, bySubject('被退回修改'));
    expect(mail.to).toBe(ent.email);
    expect(mail.subject).toBe('需求「高导热电子封装胶国产替代」被退回修改');
    expect(mail.text).toContain('李明，您好');
    expect(mail.text).toContain('请补充导热系数的测试标准与目标值');
    expect(mail.html).toContain('请补充导热系数的测试标准与目标值');
    expect(mail.html).toContain('https://zcz.example.cn/workspace/my-demands/');
    expect(mail.text).toMatch(/退订此类邮件（无需登录）：https:\/\/zcz\.example\.cn\/unsubscribe\?token=/);
    const header = (key: string) => mail.parsed.headerLines.find((h) => h.key === key)?.line ?? '';
    expect(header('list-unsubscribe')).toContain('https://zcz.example.cn/notifications/unsubscribe?token=');
    expect(header('list-unsubscribe-post')).toContain('List-Unsubscribe=One-Click');
    expect(mail.parsed.from?.text).toContain('noreply@zcz.test');
  });

  it('an SMTP outage while sending is retried with backoff and delivered once the server is back', async () => {
    await smtp.stop();
    const before = smtp.received.length;
    await returnedDemand('柔性显示用透明聚酰亚胺薄膜', '请说明量产规模与良率要求');
    // the first attempts meet a closed port
    const deadline = Date.now() + 15000;
    while ((await deliveries()).every((d) => d.attempts < 2) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    const during = (await deliveries()).find((d) => d.title.includes('透明聚酰亚胺'))!;
    expect(during).toMatchObject({ status: 'pending' });
    expect(during.attempts).toBeGreaterThanOrEqual(2);
    await smtp.start();
    const mails = await smtp.waitFor(1, bySubject('透明聚酰亚胺'), 30000);
    await t.settle();
    expect(mails).toHaveLength(1);
    const after = (await deliveries()).find((d) => d.title.includes('透明聚酰亚胺'))!;
    expect(after.status).toBe('sent');
    expect(after.attempts).toBeGreaterThan(2);
    expect(smtp.received.length).toBe(before + 1);
    figures.retries += after.attempts - 1;
  });

  it('a delivery out of attempts is marked failed, listed for admins only, and sent again on request', async () => {
    await smtp.stop();
    await returnedDemand('车规级功率模块银烧结工艺', '请补充可靠性试验项目');
    // run the last attempt right away instead of waiting for the whole backoff
    const deadline = Date.now() + 15000;
    let delivery: { id: string } | undefined;
    while (!delivery && Date.now() < deadline) {
      [delivery] = await db.query(
        `SELECT d.id FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
          WHERE n.title LIKE '%银烧结%' AND d.attempts >= 1`,
      );
      await new Promise((r) => setTimeout(r, 200));
    }
    const handler = t.app.get(JobRegistry).get(JobName.DeliverNotification);
    await runJobAttempt(handler, { deliveryId: delivery!.id }, { attempt: JOB_DEFAULTS.attempts, jobId: 'final' });
    const listed = await t.http.get('/admin/notifications/deliveries').set('Authorization', admin).expect(200);
    const failed = listed.body.items.find((d: { id: string }) => d.id === delivery!.id);
    expect(failed).toMatchObject({ status: 'failed', statusLabel: '发送失败', kind: 'demand_returned' });
    expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i);
    figures.failedForGood++;
    await t.http.get('/admin/notifications/deliveries').set('Authorization', ent.auth).expect(403);
    await t.http.get('/admin/notifications/deliveries').set('Authorization', manager).expect(403);

    await smtp.start();
    // the queued retries of the original job may still be waiting: whichever runs first sends, the others see "sent"
    await t.http
      .post('/admin/notifications/deliveries/retry')
      .set('Authorization', admin)
      .send({ ids: [delivery!.id] })
      .expect(200);
    await smtp.waitFor(1, bySubject('银烧结'), 40000);
    await t.settle({ timeoutMs: 60000 });
    expect(smtp.received.filter(bySubject('银烧结'))).toHaveLength(1);
  });

  it('preferences: off sends nothing, in-app only sends no e-mail; bad input is a 400 naming the field', async () => {
    const prefs = await t.http.get('/notifications/preferences').set('Authorization', ent.auth).expect(200);
    expect(prefs.body.items.map((p: { kind: string }) => p.kind)).toEqual(
      expect.arrayContaining(['demand_returned', 'demand_published', 'suggestion_digest']),
    );
    expect(prefs.body.items.find((p: { kind: string }) => p.kind === 'suggestion_digest')).toMatchObject({
      mode: 'email',
      daily: true,
      digestHour: 8,
    });

    for (const [body, field] of [
      [{ items: [{ kind: 'demand_returned', mode: 'sms' }] }, 'items.0.mode'],
      [{ items: [{ kind: 'suggestion_digest', mode: 'email', digestHour: 25 }] }, 'items.0.digestHour'],
      [{ items: [{ kind: 'no_such_kind', mode: 'off' }] }, 'items.0.kind'],
      [{ items: [{ kind: 'indicator_report_pending', mode: 'off' }] }, 'items.0.kind'],
      [{ items: [{ kind: 'demand_returned', mode: 'off', digestHour: 9 }] }, 'items.0.digestHour'],
      [{ items: [] }, 'items'],
    ] as const) {
      const bad = await t.http.put('/notifications/preferences').set('Authorization', ent.auth).send(body).expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      expect(bad.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }

    await t.http
      .put('/notifications/preferences')
      .set('Authorization', ent.auth)
      .send({
        items: [
          { kind: 'demand_returned', mode: 'off' },
          { kind: 'demand_published', mode: 'in_app' },
          { kind: 'suggestion_digest', mode: 'email', digestHour: 18 },
        ],
      })
      .expect(200);
    const mailsBefore = smtp.received.length;
    const id = await returnedDemand('锂电池隔膜涂覆用勃姆石', '请补充粒径分布要求');
    await t.http.post(`/demands/${id}/submit`).set('Authorization', ent.auth).expect(200);
    await t.http.post(`/demands/${id}/publish`).set('Authorization', manager).expect(200);
    await t.settle();
    const rows = await db.query(`SELECT kind FROM notifications WHERE recipient_id = $1 AND title LIKE '%勃姆石%'`, [
      ent.userId,
    ]);
    expect(rows.map((r: { kind: string }) => r.kind)).toEqual(['demand_published']); // returned: off
    expect(smtp.received.length).toBe(mailsBefore); // published: in the inbox only
    const changed = await t.http.get('/notifications/preferences').set('Authorization', ent.auth).expect(200);
    expect(changed.body.items.find((p: { kind: string }) => p.kind === 'suggestion_digest').digestHour).toBe(18);
  });

  it('the unsubscribe link works without login and stops that kind of e-mail; a forged token is refused', async () => {
    await t.http
      .put('/notifications/preferences')
      .set('Authorization', ent.auth)
      .send({ items: [{ kind: 'demand_returned', mode: 'email' }] })
      .expect(200);
    const [first] = smtp.received.filter(bySubject('高导热电子封装胶'));
    const link = /https:\/\/zcz\.example\.cn\/unsubscribe\?token=(\S+)/.exec(first.text)![1];
    const token = decodeURIComponent(link);

    const forged = token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    await t.http.post(`/notifications/unsubscribe?token=${encodeURIComponent(forged)}`).expect(400);
    const otherKind = token.replace('demand_returned', 'demand_published');
    await t.http.post(`/notifications/unsubscribe?token=${encodeURIComponent(otherKind)}`).expect(400);
    await t.http.post('/notifications/unsubscribe').expect(400);

    const done = await t.http.post(`/notifications/unsubscribe?token=${encodeURIComponent(token)}`).expect(200);
    expect(done.body).toMatchObject({ kind: 'demand_returned', label: '需求被退回修改', name: '李明' });
    const prefs = await t.http.get('/notifications/preferences').set('Authorization', ent.auth).expect(200);
    expect(prefs.body.items.find((p: { kind: string }) => p.kind === 'demand_returned').mode).toBe('in_app');

    const mailsBefore = smtp.received.length;
    await returnedDemand('半导体封装用低介电环氧塑封料', '请说明介电常数目标');
    await t.settle();
    const [row] = await db.query(`SELECT id FROM notifications WHERE recipient_id = $1 AND title LIKE '%环氧塑封料%'`, [
      ent.userId,
    ]);
    expect(row).toBeDefined(); // still in the inbox
    expect(smtp.received.length).toBe(mailsBefore); // no e-mail
  });

  it('replaying every event sends no e-mail twice', async () => {
    const mailsBefore = smtp.received.length;
    const events: Array<{ id: string }> = await db.query('SELECT id FROM domain_events ORDER BY id');
    const queue = t.app.get(JobQueue);
    for (const e of events) {
      await queue.enqueue(JobName.ProcessDomainEvent, { eventId: e.id }, { jobId: `replay-${e.id}` });
    }
    await t.settle();
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.received.length).toBe(mailsBefore);
    const ids = smtp.received.map((m) => String(m.headers.get('x-zcz-notification')));
    figures.duplicates = ids.length - new Set(ids).size;
    expect(figures.duplicates).toBe(0);
    figures.sent = smtp.received.length;
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM notification_deliveries WHERE status = 'sent'`);
    expect(n).toBe(smtp.received.length);
  });
});
