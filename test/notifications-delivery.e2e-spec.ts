import { JobName, JobQueue } from '@app/queue';
import { DataSource } from 'typeorm';

import { NotificationsReconciler } from '../libs/notifications/src/notification.jobs';
import { NotificationsService } from '../libs/notifications/src/notifications.service';
import { chainIds, createManager, demandBody, registerEnterprise } from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';
import { ReceivedMail, TestSmtpServer } from './utils/smtp';

/** Events measured through the real outbox, BullMQ and SMTP (README quotes the printed figures). */
const EVENTS = Number(process.env.NOTIFY_BENCH_EVENTS ?? 40);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * At-least-once e-mail, one message per (event, recipient, kind): a delivery recorded but never queued (the process
 * died between the commit and the enqueue) is found and sent by the reconciler; then measured delivery figures.
 */
describe('notification delivery guarantees and figures (e2e, real SMTP server, PostgreSQL, Redis)', () => {
  const smtp = new TestSmtpServer();
  let t: TestApp;
  let db: DataSource;
  let manager: string;
  let chains: string[];
  let ent: Awaited<ReturnType<typeof registerEnterprise>>;

  async function demand(title: string): Promise<string> {
    const res = await t.http
      .post('/demands')
      .set('Authorization', ent.auth)
      .send(demandBody([chains[0]], { title }))
      .expect(201);
    await t.http.post(`/demands/${res.body.id}/submit`).set('Authorization', ent.auth).expect(200);
    return res.body.id;
  }

  const ofTitle = (part: string) => (m: ReceivedMail) => m.subject.includes(part);

  beforeAll(async () => {
    await smtp.start();
    process.env.SMTP_URL = smtp.url;
    process.env.PUBLIC_URL = 'https://zcz.example.cn';
    t = await createTestApp();
    db = t.app.get(DataSource);
    const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin, 'delivery-manager@example.com');
    chains = await chainIds(t.http);
    ent = await registerEnterprise(t.http, '昆山市锦溪精密模具有限公司');
    await t.settle();
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
    await smtp.stop();
    delete process.env.SMTP_URL;
    delete process.env.PUBLIC_URL;
  });

  it('an e-mail recorded but never queued (the process died after the commit) is sent by the reconciler, once', async () => {
    const service = t.app.get(NotificationsService);
    // the process "dies" between recording the notification and queuing its e-mail: nothing is queued
    const skip = jest.spyOn(service, 'enqueuePending').mockResolvedValue(0);
    const id = await demand('精密注塑模具随形冷却水路 3D 打印');
    await t.http
      .post(`/demands/${id}/return`)
      .set('Authorization', manager)
      .send({ reason: '请补充模具钢牌号与冷却水路直径要求' })
      .expect(200);
    await t.settle();
    skip.mockRestore();
    const [pending] = await db.query(
      `SELECT d.id, d.status, d.attempts FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
        WHERE n.title LIKE '%随形冷却%'`,
    );
    expect(pending).toMatchObject({ status: 'pending', attempts: 0 });
    expect(smtp.received.filter(ofTitle('随形冷却'))).toHaveLength(0);
    const [inbox] = await db.query(`SELECT id FROM notifications WHERE recipient_id = $1 AND title LIKE '%随形冷却%'`, [
      ent.userId,
    ]);
    expect(inbox).toBeDefined(); // the inbox row is there all along

    // a fresh delivery is left alone (its job may still be on the way); one past the reconciler's horizon is queued
    const reconciler = t.app.get(NotificationsReconciler);
    await reconciler.reconcile();
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.received.filter(ofTitle('随形冷却'))).toHaveLength(0);
    await db.query(`UPDATE notification_deliveries SET created_at = created_at - interval '10 minutes' WHERE id = $1`, [
      pending.id,
    ]);
    await reconciler.reconcile();
    const [mail] = await smtp.waitFor(1, ofTitle('随形冷却'));
    expect(mail.to).toBe(ent.email);
    expect(mail.text).toContain('请补充模具钢牌号与冷却水路直径要求');
    await t.settle();
    const [sent] = await db.query(`SELECT status, message_id FROM notification_deliveries WHERE id = $1`, [pending.id]);
    expect(sent.status).toBe('sent');

    // passes after it (and a replayed event) send nothing more
    await reconciler.reconcile();
    const events: Array<{ id: string }> = await db.query(
      `SELECT id FROM domain_events WHERE type = 'demand.returned' AND entity_id = $1`,
      [id],
    );
    for (const e of events) {
      await t.app.get(JobQueue).enqueue(JobName.ProcessDomainEvent, { eventId: e.id }, { jobId: `again-${e.id}` });
    }
    await t.settle();
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.received.filter(ofTitle('随形冷却'))).toHaveLength(1);
    // every attempt at one notification carries the same Message-ID: a resend after a crash is the same message
    expect(mail.parsed.messageId).toBe(`<notification-${inbox.id}@zcz.example.cn>`);
  });

  it(`measures ${EVENTS} events through the real queue: inbox rows, e-mails, duplicates on replay, latency`, async () => {
    const mailsBefore = smtp.received.length;
    const [{ n: rowsBefore }] = await db.query(`SELECT count(*)::int AS n FROM notifications`);
    const [{ id: lastEvent }] = await db.query(`SELECT coalesce(max(id), 0)::text AS id FROM domain_events`);
    const started = Date.now();
    // half returned, half published: each a domain event the enterprise is told about by inbox and e-mail
    for (let i = 0; i < EVENTS / 2; i++) {
      const id = await demand(`第 ${i + 1} 批精密模具零件表面微织构加工工艺`);
      await t.http
        .post(`/demands/${id}/return`)
        .set('Authorization', manager)
        .send({ reason: `请补充第 ${i + 1} 批零件的材料与粗糙度要求` })
        .expect(200);
      await t.http.post(`/demands/${id}/submit`).set('Authorization', ent.auth).expect(200);
      await t.http.post(`/demands/${id}/publish`).set('Authorization', manager).expect(200);
    }
    await smtp.waitFor(mailsBefore + EVENTS, () => true, 120000);
    await t.settle();
    const wallSeconds = (Date.now() - started) / 1000;

    const events: Array<{ id: string; at: Date }> = await db.query(
      `SELECT id::text, occurred_at AS at FROM domain_events
        WHERE id > $1 AND type IN ('demand.returned', 'demand.published') ORDER BY id`,
      [lastEvent],
    );
    expect(events).toHaveLength(EVENTS);
    const rows: Array<{ id: string; key: string; created: Date }> = await db.query(
      `SELECT id, event_key AS key, created_at AS created FROM notifications WHERE event_key = ANY($1)`,
      [events.map((e) => `event:${e.id}`)],
    );
    expect(rows).toHaveLength(EVENTS);
    const mails = smtp.received.slice(mailsBefore);
    expect(mails).toHaveLength(EVENTS);

    const occurred = new Map(events.map((e) => [`event:${e.id}`, new Date(e.at).getTime()]));
    const byNotification = new Map(rows.map((r) => [r.id, r]));
    const inboxLatency = rows.map((r) => new Date(r.created).getTime() - occurred.get(r.key)!).sort((a, b) => a - b);
    const mailLatency = mails
      .map((m) => {
        const row = byNotification.get(String(m.headers.get('x-zcz-notification')))!;
        return m.receivedAt - occurred.get(row.key)!;
      })
      .sort((a, b) => a - b);

    // replay every measured event: nothing new in the inbox, no e-mail sent twice
    for (const e of events) {
      await t.app.get(JobQueue).enqueue(JobName.ProcessDomainEvent, { eventId: e.id }, { jobId: `bench-${e.id}` });
    }
    await t.settle();
    await new Promise((r) => setTimeout(r, 1000));
    const [{ n: rowsAfter }] = await db.query(`SELECT count(*)::int AS n FROM notifications`);
    const ids = smtp.received.map((m) => String(m.headers.get('x-zcz-notification')));
    const duplicates = ids.length - new Set(ids).size;
    expect(rowsAfter - rowsBefore).toBe(EVENTS);
    expect(smtp.received.length - mailsBefore).toBe(EVENTS);
    expect(duplicates).toBe(0);

    const figures = {
      events: EVENTS,
      inboxRows: rows.length,
      emailsDelivered: mails.length,
      replayedEvents: events.length,
      duplicatesOnReplay: duplicates,
      inboxLatencyMs: { p50: percentile(inboxLatency, 50), p95: percentile(inboxLatency, 95) },
      emailLatencyMs: {
        p50: percentile(mailLatency, 50),
        p95: percentile(mailLatency, 95),
        max: mailLatency[mailLatency.length - 1],
      },
      wallSeconds: Number(wallSeconds.toFixed(1)),
    };
    console.log(`[notifications] delivery figures ${JSON.stringify(figures)}`);
  }, 240000);
});
