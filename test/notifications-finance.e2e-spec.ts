import { NotificationRules } from '@app/notifications';
import { JobName, JobQueue } from '@app/queue';
import { DataSource } from 'typeorm';

import { registerEnterprise } from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

interface Row {
  recipient_id: string;
  kind: string;
  title: string;
  body: string;
  event_key: string;
}

/** What only the enterprise, staff and the banks that answered may read of a need (canaries: unusual, searchable). */
const CANARY = {
  collateralDetails: '厂房抵押说明-保密金丝雀-58231',
  annualRevenue: 58231.27,
  netProfit: 4231.61,
  contactName: '欧阳保密',
  contactPhone: '13958231000',
};
const CONFIDENTIAL = /58231|4231\.61|欧阳保密|13958231000|金丝雀/;

/** 企业出题、银行答题 through the notification rules: banks, the need's enterprise, and nobody else. */
describe('finance notifications (e2e, real PostgreSQL + Redis + Meilisearch)', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: string;
  let ent: Awaited<ReturnType<typeof registerEnterprise>>;
  let other: Awaited<ReturnType<typeof registerEnterprise>>;
  let professor: { id: string; auth: string };
  let bankA: { id: string; auth: string };
  let bankA2: { id: string; auth: string };
  let bankB: { id: string; auth: string };
  let bankC: { id: string; auth: string };
  let needId: string;
  let offerA: string;
  let offerB: string;

  const rows = async (where = 'true', params: unknown[] = []): Promise<Row[]> =>
    db.query(
      `SELECT recipient_id, kind, title, body, event_key FROM notifications WHERE ${where} ORDER BY created_at`,
      params,
    );
  const of = (userId: string, kind?: string) =>
    rows(kind ? 'recipient_id = $1 AND kind = $2' : 'recipient_id = $1', kind ? [userId, kind] : [userId]);
  const text = (list: Row[]) => list.map((r) => `${r.title}\n${r.body}`).join('\n');

  async function organisation(kind: string, name: string): Promise<string> {
    const res = await t.http
      .post('/organisations')
      .set('Authorization', admin)
      .send({ kind, name, district: '高新区' })
      .expect(201);
    return res.body.id as string;
  }

  async function createUser(role: string, email: string, organisationId: string) {
    const password = 'Finance2026';
    const res = await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({ email, password, name: '吴晓峰', role, organisationId, temporaryPassword: false })
      .expect(201);
    return { id: res.body.id as string, auth: await login(t.http, email, password) };
  }

  async function offer(bank: string, id: string, productName: string, amount: number): Promise<string> {
    const res = await t.http
      .post(`/finance/needs/${id}/offers`)
      .set('Authorization', bank)
      .send({ productName, amount, rateMin: 3.1, rateMax: 3.45, termMonths: 36, conditions: '知识产权质押 + 保证' })
      .expect(201);
    return res.body.id as string;
  }

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    ent = await registerEnterprise(t.http, '昆山精毅精密机械有限公司');
    other = await registerEnterprise(t.http, '昆山无关贸易有限公司');
    professor = await createUser(
      'university',
      'finance-prof@example.edu.cn',
      await organisation('university', '苏州科技大学'),
    );
    const orgA = await organisation('bank', '江苏昆山农村商业银行科技支行');
    bankA = await createUser('bank', 'bank-a@example.com', orgA);
    bankA2 = await createUser('bank', 'bank-a2@example.com', orgA);
    bankB = await createUser('bank', 'bank-b@example.com', await organisation('bank', '苏州银行昆山分行'));
    bankC = await createUser('bank', 'bank-c@example.com', await organisation('bank', '中国银行昆山分行'));
    await t.settle();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('a draft tells no one; publishing tells every bank user what an offer needs, nothing confidential', async () => {
    const created = await t.http
      .post('/finance/needs')
      .set('Authorization', ent.auth)
      .send({
        title: '谐波减速器扩产流动资金贷款',
        purpose: '采购五轴联动加工中心两台、补充柔轮扩产所需流动资金',
        amount: 800,
        termMonths: 36,
        collateralKinds: ['intellectual_property', 'equipment'],
        ...CANARY,
      })
      .expect(201);
    needId = created.body.id;
    await t.settle();
    expect(await rows("kind LIKE 'financing_%'")).toEqual([]);

    await t.http.post(`/finance/needs/${needId}/publish`).set('Authorization', ent.auth).send({}).expect(200);
    await t.settle();
    const published = await rows('kind = $1', ['financing_need_published']);
    expect(published.map((r) => r.recipient_id).sort()).toEqual([bankA.id, bankA2.id, bankB.id, bankC.id].sort());
    const [first] = await of(bankA.id, 'financing_need_published');
    expect(first.title).toContain('谐波减速器扩产流动资金贷款');
    expect(first.title).toContain('昆山精毅精密机械有限公司');
    expect(first.body).toContain('800 万元');
    expect(first.body).toContain('36 个月');
    expect(first.body).toContain('知识产权质押');
    expect(text(published)).not.toMatch(CONFIDENTIAL);
    for (const id of [ent.userId, other.userId, professor.id]) expect(await of(id)).toEqual([]);
  });

  it('each offer tells the need’s enterprise (and no bank, no other enterprise, no university)', async () => {
    offerA = await offer(bankA.auth, needId, '昆科贷', 800);
    offerB = await offer(bankB.auth, needId, '高企贷', 600);
    await t.settle();
    const received = await of(ent.userId, 'financing_offer_received');
    expect(received).toHaveLength(2);
    expect(text(received)).toContain('江苏昆山农村商业银行科技支行');
    expect(text(received)).toContain('高企贷');
    expect(text(received)).toContain('3.1%–3.45%');
    expect(await rows('kind = $1 AND recipient_id <> $2', ['financing_offer_received', ent.userId])).toEqual([]);
    for (const id of [other.userId, professor.id]) expect(await of(id)).toEqual([]);
  });

  it('the choice tells each answering bank of its own offer only; the bank that did not answer hears nothing', async () => {
    const need = await t.http.get(`/finance/needs/${needId}`).set('Authorization', ent.auth).expect(200);
    await t.http
      .post(`/finance/offers/${offerA}/accept`)
      .set('Authorization', ent.auth)
      .send({ needVersion: need.body.version })
      .expect(200);
    await t.settle();
    const decided = await rows('kind = $1', ['financing_offer_decided']);
    expect(decided.map((r) => r.recipient_id).sort()).toEqual([bankA.id, bankA2.id, bankB.id].sort());
    const [won] = await of(bankA.id, 'financing_offer_decided');
    expect(won.title).toContain('已被选定');
    expect(won.body).toContain('昆科贷');
    const [lost] = await of(bankB.id, 'financing_offer_decided');
    expect(lost.title).toContain('未被选定');
    expect(lost.body).toContain('高企贷');
    // the bank not chosen is not told which bank won, nor its terms
    expect(`${lost.title}${lost.body}`).not.toMatch(/昆科贷|农村商业银行/);
    expect(await of(bankC.id, 'financing_offer_decided')).toEqual([]);
    expect(text(await rows("kind LIKE 'financing_%'"))).not.toMatch(CONFIDENTIAL);
    for (const id of [other.userId, professor.id]) expect(await of(id)).toEqual([]);
    // one per (event, recipient, kind): every bank user was told once of the publication, once of its decision
    for (const id of [bankA.id, bankA2.id, bankB.id]) {
      expect((await of(id)).map((r) => r.kind).sort()).toEqual(['financing_need_published', 'financing_offer_decided']);
    }
    expect(offerB).toBeTruthy();
  });

  it('a need handled after it stopped taking offers reaches only the banks that answered it', async () => {
    const created = await t.http
      .post('/finance/needs')
      .set('Authorization', ent.auth)
      .send({
        title: '车规级 MCU 流片融资',
        purpose: '支付两轮工程流片费用',
        amount: 500,
        termMonths: 24,
        collateralKinds: ['none'],
        ...CANARY,
      })
      .expect(201);
    const second = created.body.id as string;
    await t.http.post(`/finance/needs/${second}/publish`).set('Authorization', ent.auth).send({}).expect(200);
    await offer(bankC.auth, second, '科创积分贷', 300);
    await t.settle();
    expect(await of(bankC.id, 'financing_need_published')).toHaveLength(2);
    const current = await t.http.get(`/finance/needs/${second}`).set('Authorization', ent.auth).expect(200);
    await t.http
      .post(`/finance/needs/${second}/withdraw`)
      .set('Authorization', ent.auth)
      .send({ version: current.body.version, reason: '已通过股权融资解决' })
      .expect(200);
    await t.settle();
    // the publication read again now the need is withdrawn (a late or replayed event): only the bank that answered
    const [event] = await db.query(
      `SELECT id, type, entity_type AS "entityType", entity_id AS "entityId", actor_id AS "actorId", after
         FROM domain_events WHERE type = 'financing_need.published' AND entity_id = $1`,
      [second],
    );
    const drafts = await t.app.get(NotificationRules).draftsFor(event);
    expect(drafts.map((d) => d.recipient.id)).toEqual([bankC.id]);
    expect(JSON.stringify(drafts)).not.toMatch(CONFIDENTIAL);
  });

  it('a bank’s preferences list its two kinds; it cannot choose an enterprise’s; its inbox lists what it was told', async () => {
    const prefs = await t.http.get('/notifications/preferences').set('Authorization', bankC.auth).expect(200);
    expect(prefs.body.items.map((p: { kind: string }) => p.kind)).toEqual([
      'financing_need_published',
      'financing_offer_decided',
    ]);
    const entPrefs = await t.http.get('/notifications/preferences').set('Authorization', ent.auth).expect(200);
    expect(entPrefs.body.items.map((p: { kind: string }) => p.kind)).toContain('financing_offer_received');
    expect(entPrefs.body.items.map((p: { kind: string }) => p.kind)).not.toContain('financing_need_published');
    const bad = await t.http
      .put('/notifications/preferences')
      .set('Authorization', bankC.auth)
      .send({ items: [{ kind: 'financing_offer_received', mode: 'off' }] })
      .expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('items.0.kind');
    const inbox = await t.http.get('/notifications').set('Authorization', bankC.auth).expect(200);
    expect(inbox.body.items.map((i: { kind: string }) => i.kind)).toEqual([
      'financing_need_published',
      'financing_need_published',
    ]);
  });

  it('replaying every event adds nothing', async () => {
    const [{ n: before }] = await db.query(
      "SELECT count(*)::int AS n FROM notifications WHERE kind LIKE 'financing_%'",
    );
    expect(before).toBe(4 + 2 + 3 + 4 + 1);
    const events: Array<{ id: string }> = await db.query(
      "SELECT id FROM domain_events WHERE type LIKE 'financing_%' ORDER BY id",
    );
    const queue = t.app.get(JobQueue);
    for (const e of events) {
      await queue.enqueue(JobName.ProcessDomainEvent, { eventId: e.id }, { jobId: `replay-${e.id}` });
    }
    await t.settle();
    const [{ n: after }] = await db.query("SELECT count(*)::int AS n FROM notifications WHERE kind LIKE 'financing_%'");
    expect(after).toBe(before);
    console.log(`[notifications] finance events replayed: ${events.length}, notifications: ${before} → ${after}`);
  });
});
