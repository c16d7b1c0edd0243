import { IndicatorFactsService } from '@app/indicators';
import { DataSource } from 'typeorm';

import { chainIds, createManager, registerEnterprise } from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

type Enterprise = Awaited<ReturnType<typeof registerEnterprise>>;

/** Figures only staff, the enterprise and the banks that answered may read (canaries: unusual, searchable). */
const CANARY = {
  collateralDetails: '厂房抵押说明-保密金丝雀-73519',
  annualRevenue: 73519.27,
  netProfit: 4519.61,
  contactPhone: '13973519000',
};

function needBody(overrides: Record<string, unknown> = {}) {
  return {
    title: '谐波减速器扩产流动资金贷款',
    purpose: '采购五轴联动加工中心两台、补充柔轮扩产所需流动资金',
    amount: 800,
    termMonths: 36,
    collateralKinds: ['intellectual_property', 'equipment'],
    collateralDetails: CANARY.collateralDetails,
    annualRevenue: CANARY.annualRevenue,
    netProfit: CANARY.netProfit,
    contactName: '周建华',
    contactPhone: CANARY.contactPhone,
    ...overrides,
  };
}

function offerBody(overrides: Record<string, unknown> = {}) {
  return {
    productName: '昆科贷',
    amount: 800,
    rateMin: 3.1,
    rateMax: 3.45,
    termMonths: 36,
    conditions: '知识产权质押 + 法定代表人连带责任保证，享受市级贴息',
    ...overrides,
  };
}

describe('科技金融「揭榜挂帅」: 企业出题、银行答题 (e2e, real PostgreSQL + Redis + Meilisearch)', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: string;
  let manager: string;
  let chains: string[];
  let ent: Enterprise;
  let other: Enterprise;
  let university: string;
  let bank1: string;
  let bank2: string;
  let bank3: string;
  let bank1Org: string;

  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 4));
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

  async function organisation(kind: string, name: string): Promise<string> {
    const res = await t.http
      .post('/organisations')
      .set('Authorization', admin)
      .send({ kind, name, district: '高新区' })
      .expect(201);
    return res.body.id as string;
  }

  async function user(role: string, email: string, organisationId: string): Promise<string> {
    await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({ email, password: 'Finance2026', name: '吴晓峰', role, organisationId, temporaryPassword: false })
      .expect(201);
    return login(t.http, email, 'Finance2026');
  }

  async function publishedNeed(overrides: Record<string, unknown> = {}): Promise<{ id: string; version: number }> {
    const created = await t.http.post('/finance/needs').set('Authorization', ent.auth).send(needBody(overrides));
    expect(created.status).toBe(201);
    const res = await t.http
      .post(`/finance/needs/${created.body.id}/publish`)
      .set('Authorization', ent.auth)
      .send({})
      .expect(200);
    return { id: res.body.id, version: res.body.version };
  }

  const actual = async (key: string) => {
    await t.settle();
    const res = await t.http.get(`/indicators/${key}`).query({ year }).set('Authorization', manager).expect(200);
    return res.body.actual as number;
  };

  const eventTypes = async (entityId: string): Promise<string[]> => {
    const res = await t.http.get('/events').query({ entityId, pageSize: 100 }).set('Authorization', admin).expect(200);
    return (res.body.items as Array<{ type: string }>).map((e) => e.type).reverse();
  };

  const counts = async () => {
    const rows = await db.query(
      `SELECT (SELECT count(*)::int FROM financing_needs) AS needs, (SELECT count(*)::int FROM financing_offers) AS offers`,
    );
    return rows[0] as { needs: number; offers: number };
  };

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin);
    chains = await chainIds(t.http);
    ent = await registerEnterprise(t.http, '昆山精毅精密机械有限公司');
    other = await registerEnterprise(t.http, '昆山无关贸易有限公司');
    bank1Org = await organisation('bank', '江苏昆山农村商业银行科技支行');
    bank1 = await user('bank', 'bank1@example.com', bank1Org);
    bank2 = await user('bank', 'bank2@example.com', await organisation('bank', '苏州银行昆山分行'));
    bank3 = await user('bank', 'bank3@example.com', await organisation('bank', '中国银行昆山分行'));
    university = await user('university', 'uni@example.edu.cn', await organisation('university', '苏州大学'));
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('bank organisations and users', () => {
    it('the admin creates a bank and its users through the ordinary users/organisations admin', async () => {
      const me = await t.http.get('/auth/me').set('Authorization', bank1).expect(200);
      expect(me.body).toMatchObject({ role: 'bank', organisationId: bank1Org });
      const org = await t.http.get(`/organisations/${bank1Org}`).set('Authorization', admin).expect(200);
      expect(org.body.kind).toBe('bank');
    });

    it('refuses a bank user on an enterprise and an enterprise user on a bank (400 organisationId)', async () => {
      for (const [role, org] of [
        ['bank', ent.organisationId],
        ['enterprise', bank1Org],
      ]) {
        const res = await t.http
          .post('/users')
          .set('Authorization', admin)
          .send({
            email: `wrong-${role}@example.com`,
            password: 'Finance2026',
            name: '错配',
            role,
            organisationId: org,
            temporaryPassword: false,
          })
          .expect(400);
        expect(res.body.details).toEqual(
          expect.arrayContaining([expect.objectContaining({ field: 'organisationId' })]),
        );
      }
    });
  });

  describe('the full flow', () => {
    it('enterprise posts, banks answer, the enterprise accepts one and records the loan; every step an event', async () => {
      const needsBefore = await actual('finance_needs_answered');
      const loansBefore = await actual('finance_loans');

      const created = await t.http
        .post('/finance/needs')
        .set('Authorization', ent.auth)
        .send(needBody({ industryChainIds: [chains[0]] }))
        .expect(201);
      expect(created.body).toMatchObject({
        status: 'draft',
        statusLabel: '草稿',
        amount: 800,
        termMonths: 36,
        collateralLabels: ['知识产权质押', '机器设备抵押'],
        collateralDetails: CANARY.collateralDetails,
        annualRevenue: CANARY.annualRevenue,
        confidentialHidden: false,
        enterpriseName: '昆山精毅精密机械有限公司',
        allowedActions: ['publish', 'withdraw'],
      });
      const id = created.body.id as string;
      // A draft does not exist for a bank.
      await t.http.get(`/finance/needs/${id}`).set('Authorization', bank1).expect(404);
      await t.http.post(`/finance/needs/${id}/offers`).set('Authorization', bank1).send(offerBody()).expect(404);

      await t.http.post(`/finance/needs/${id}/publish`).set('Authorization', ent.auth).send({}).expect(200);

      // A bank that has not answered sees what an offer needs, not the confidential figures.
      const seen = await t.http.get(`/finance/needs/${id}`).set('Authorization', bank1).expect(200);
      expect(seen.body).toMatchObject({
        amount: 800,
        termMonths: 36,
        collateralDetails: null,
        annualRevenue: null,
        netProfit: null,
        contactName: null,
        contactPhone: null,
        confidentialHidden: true,
        answered: false,
        allowedActions: ['offer'],
      });
      expect(JSON.stringify(seen.body)).not.toContain('金丝雀');

      const o1 = await t.http.post(`/finance/needs/${id}/offers`).set('Authorization', bank1).send(offerBody());
      expect(o1.status).toBe(201);
      expect(o1.body).toMatchObject({ status: 'submitted', bankName: '江苏昆山农村商业银行科技支行', rateMin: 3.1 });
      const o2 = await t.http
        .post(`/finance/needs/${id}/offers`)
        .set('Authorization', bank2)
        .send(offerBody({ productName: '高企贷', amount: 600, rateMin: 3.35, rateMax: 3.85, termMonths: 24 }))
        .expect(201);

      // Having answered, the bank reads the figures it needs to underwrite.
      const answered = await t.http.get(`/finance/needs/${id}`).set('Authorization', bank1).expect(200);
      expect(answered.body).toMatchObject({
        collateralDetails: CANARY.collateralDetails,
        annualRevenue: CANARY.annualRevenue,
        contactPhone: CANARY.contactPhone,
        confidentialHidden: false,
        answered: true,
        allowedActions: [],
      });
      // A second offer of the same bank: 409, nothing stored.
      const before = await counts();
      await t.http.post(`/finance/needs/${id}/offers`).set('Authorization', bank1).send(offerBody()).expect(409);
      expect(await counts()).toEqual(before);

      // Each bank sees only its own offer; the enterprise sees both.
      const own1 = await t.http.get(`/finance/needs/${id}/offers`).set('Authorization', bank1).expect(200);
      expect(own1.body.map((o: { id: string }) => o.id)).toEqual([o1.body.id]);
      const mine2 = await t.http.get('/finance/offers/mine').set('Authorization', bank2).expect(200);
      expect(mine2.body.map((o: { id: string }) => o.id)).toEqual([o2.body.id]);
      expect(mine2.body[0]).toMatchObject({ needTitle: '谐波减速器扩产流动资金贷款', acceptable: false });
      const all = await t.http.get(`/finance/needs/${id}/offers`).set('Authorization', ent.auth).expect(200);
      expect(all.body.map((o: { productName: string }) => o.productName)).toEqual(['昆科贷', '高企贷']);
      expect(all.body.every((o: { acceptable: boolean }) => o.acceptable)).toBe(true);

      expect(await actual('finance_needs_answered')).toBe(needsBefore + 1);

      // A bank cannot choose for the enterprise; the enterprise accepts one offer.
      await t.http.post(`/finance/offers/${o1.body.id}/accept`).set('Authorization', bank1).send({}).expect(403);
      const stale = await t.http
        .post(`/finance/offers/${o1.body.id}/accept`)
        .set('Authorization', ent.auth)
        .send({ needVersion: 1 })
        .expect(409);
      expect(stale.body.code).toBe('STALE_VERSION');
      const accepted = await t.http
        .post(`/finance/offers/${o1.body.id}/accept`)
        .set('Authorization', ent.auth)
        .send({})
        .expect(200);
      expect(accepted.body).toMatchObject({
        status: 'matched',
        statusLabel: '已选定方案',
        acceptedOfferId: o1.body.id,
        allowedActions: ['close'],
      });
      const decided = await t.http.get(`/finance/needs/${id}/offers`).set('Authorization', ent.auth).expect(200);
      expect(decided.body.map((o: { status: string }) => o.status)).toEqual(['accepted', 'not_chosen']);
      // Exactly one: the other offer cannot be accepted any more, and no bank answers now.
      const again = await t.http
        .post(`/finance/offers/${o2.body.id}/accept`)
        .set('Authorization', ent.auth)
        .send({})
        .expect(409);
      expect(again.body.code).toBe('ILLEGAL_TRANSITION');
      const late = await t.http.post(`/finance/needs/${id}/offers`).set('Authorization', bank3).send(offerBody());
      expect(late.status).toBe(404); // no longer published and never answered: it does not exist for that bank
      // The bank that was not chosen still reads the need it answered, and its offer's fate.
      const lost = await t.http.get('/finance/offers/mine').set('Authorization', bank2).expect(200);
      expect(lost.body[0]).toMatchObject({ status: 'not_chosen', statusLabel: '未被选定', needStatus: 'matched' });

      // Outcome: 放款 with amount and date.
      const missing = await t.http
        .post(`/finance/needs/${id}/outcome`)
        .set('Authorization', ent.auth)
        .send({ outcome: 'granted' })
        .expect(400);
      expect(missing.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['loanAmount', 'loanDate']);
      const closed = await t.http
        .post(`/finance/needs/${id}/outcome`)
        .set('Authorization', ent.auth)
        .send({ outcome: 'granted', loanAmount: 800, loanDate: today })
        .expect(200);
      expect(closed.body).toMatchObject({
        status: 'closed',
        outcome: 'granted',
        outcomeLabel: '已放款',
        loanAmount: 800,
        loanDate: today,
        allowedActions: [],
      });
      await t.http
        .post(`/finance/needs/${id}/outcome`)
        .set('Authorization', ent.auth)
        .send({ outcome: 'failed', reason: '重复登记' })
        .expect(409);
      await t.http
        .post(`/finance/needs/${id}/withdraw`)
        .set('Authorization', ent.auth)
        .send({ reason: '已办结后撤回' })
        .expect(409);

      expect(await eventTypes(id)).toEqual([
        'financing_need.created',
        'financing_need.published',
        'financing_need.offer_accepted',
        'financing_need.closed',
      ]);
      expect(await eventTypes(o1.body.id)).toEqual(['financing_offer.submitted', 'financing_offer.accepted']);
      expect(await eventTypes(o2.body.id)).toEqual(['financing_offer.submitted', 'financing_offer.not_chosen']);

      // The indicators move, with their drill-down; no plan target; verify stays green.
      expect(await actual('finance_needs_answered')).toBe(needsBefore + 1);
      expect(await actual('finance_loans')).toBe(loansBefore + 1);
      const detail = await t.http.get('/indicators/finance_loans').query({ year }).set('Authorization', manager);
      expect(detail.status).toBe(200);
      expect(detail.body.target ?? null).toBeNull();
      expect(detail.body.countingRule).toMatch(/放款日期/);
      const records = await t.http
        .get('/indicators/finance_loans/records')
        .query({ year })
        .set('Authorization', manager)
        .expect(200);
      expect(records.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            subjectId: id,
            title: '谐波减速器扩产流动资金贷款 · 昆科贷 放款 800 万元',
          }),
        ]),
      );
      const overview = await t.http.get('/indicators').query({ year }).set('Authorization', manager).expect(200);
      const rows = JSON.stringify(overview.body);
      expect(rows).toContain('finance_loans');
      expect(rows).toContain('finance_needs_answered');
      expect(await t.app.get(IndicatorFactsService).verify()).toEqual([]);
    });

    it('未成 needs a reason and does not count as a loan; a withdrawn need stops taking offers', async () => {
      const loansBefore = await actual('finance_loans');
      const need = await publishedNeed({ title: '研发中心建设项目贷款', amount: 1200 });
      const offer = await t.http
        .post(`/finance/needs/${need.id}/offers`)
        .set('Authorization', bank3)
        .send(offerBody({ productName: '人才贷', amount: 500 }))
        .expect(201);
      // The outcome comes after a choice.
      await t.http
        .post(`/finance/needs/${need.id}/outcome`)
        .set('Authorization', ent.auth)
        .send({ outcome: 'failed', reason: '未选定' })
        .expect(409);
      await t.http.post(`/finance/offers/${offer.body.id}/accept`).set('Authorization', ent.auth).send({}).expect(200);
      const noReason = await t.http
        .post(`/finance/needs/${need.id}/outcome`)
        .set('Authorization', ent.auth)
        .send({ outcome: 'failed' })
        .expect(400);
      expect(noReason.body.details[0].field).toBe('reason');
      const failed = await t.http
        .post(`/finance/needs/${need.id}/outcome`)
        .set('Authorization', manager)
        .send({ outcome: 'failed', reason: '抵押物评估价值不足，双方未达成一致' })
        .expect(200);
      expect(failed.body).toMatchObject({ outcome: 'failed', outcomeLabel: '未成', loanAmount: null });
      expect(await actual('finance_loans')).toBe(loansBefore);

      const gone = await publishedNeed({ title: '供应链应收账款融资' });
      const withdrawn = await t.http
        .post(`/finance/needs/${gone.id}/withdraw`)
        .set('Authorization', ent.auth)
        .send({ reason: '已通过股东增资解决' })
        .expect(200);
      expect(withdrawn.body).toMatchObject({ status: 'withdrawn', closeReason: '已通过股东增资解决' });
      await t.http.post(`/finance/needs/${gone.id}/offers`).set('Authorization', bank1).send(offerBody()).expect(404);
      await t.http.post(`/finance/needs/${gone.id}/publish`).set('Authorization', ent.auth).send({}).expect(409);
      expect(await t.app.get(IndicatorFactsService).verify()).toEqual([]);
    });
  });

  describe('confidentiality', () => {
    let needId: string;

    beforeAll(async () => {
      needId = (await publishedNeed({ title: '保密核查用融资需求' })).id;
      await t.http.post(`/finance/needs/${needId}/offers`).set('Authorization', bank2).send(offerBody()).expect(201);
    });

    it('another enterprise gets 404, a university 403, neither any figure; nothing in their lists', async () => {
      // Another enterprise: the need does not exist for it; a university has no finance workspace at all.
      for (const [auth, status] of [
        [other.auth, 404],
        [university, 403],
      ] as Array<[string, number]>) {
        const res = await t.http.get(`/finance/needs/${needId}`).set('Authorization', auth).expect(status);
        // Ids (the error names the need's id, a random UUID) are taken out: a figure hides in the rest, not in them.
        const body = JSON.stringify(res.body).replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/g, '<id>');
        expect(body).not.toContain('金丝雀');
        expect(body).not.toContain('800');
        await t.http.get(`/finance/needs/${needId}/offers`).set('Authorization', auth).expect(status);
      }
      const list = await t.http.get('/finance/needs').set('Authorization', other.auth).expect(200);
      expect(list.body.total).toBe(0);
      await t.http.get('/finance/needs').set('Authorization', university).expect(403);
      await t.http.get('/finance/needs').expect(401);
    });

    it('another enterprise cannot act on the need or its offers (404), nor answer it (403)', async () => {
      await t.http
        .post(`/finance/needs/${needId}/withdraw`)
        .set('Authorization', other.auth)
        .send({ reason: '试探' })
        .expect(404);
      const offers = await t.http.get(`/finance/needs/${needId}/offers`).set('Authorization', ent.auth).expect(200);
      await t.http
        .post(`/finance/offers/${offers.body[0].id}/accept`)
        .set('Authorization', other.auth)
        .send({})
        .expect(404);
      await t.http
        .post(`/finance/needs/${needId}/offers`)
        .set('Authorization', other.auth)
        .send(offerBody())
        .expect(403);
    });

    it('a bank lists published needs without figures until it answers, and sees only its own offers', async () => {
      const list = await t.http.get('/finance/needs').set('Authorization', bank1).expect(200);
      const row = list.body.items.find((n: { id: string }) => n.id === needId);
      expect(row).toMatchObject({ confidentialHidden: true, annualRevenue: null, offerCount: 0 });
      expect(JSON.stringify(row)).not.toContain('金丝雀');
      expect(JSON.stringify(row)).not.toContain(CANARY.contactPhone);
      expect(JSON.stringify(row)).not.toContain(String(CANARY.annualRevenue));
      const offers = await t.http.get(`/finance/needs/${needId}/offers`).set('Authorization', bank1).expect(200);
      expect(offers.body).toEqual([]);
      // Staff read everything.
      const staff = await t.http.get(`/finance/needs/${needId}`).set('Authorization', manager).expect(200);
      expect(staff.body).toMatchObject({ annualRevenue: CANARY.annualRevenue, confidentialHidden: false });
    });
  });

  describe('bad input: 400 with the field, nothing stored', () => {
    it('refuses a need with amount ≤ 0, term 0 and other bad fields', async () => {
      const before = await counts();
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ amount: 0 }, 'amount'],
        [{ amount: -5 }, 'amount'],
        [{ termMonths: 0 }, 'termMonths'],
        [{ termMonths: 1.5 }, 'termMonths'],
        [{ collateralKinds: ['house'] }, 'collateralKinds'],
        [{ contactPhone: '电话' }, 'contactPhone'],
        [{ title: '' }, 'title'],
        [{ industryChainIds: ['not-a-uuid'] }, 'industryChainIds'],
      ];
      for (const [patch, field] of cases) {
        const res = await t.http.post('/finance/needs').set('Authorization', ent.auth).send(needBody(patch));
        expect([res.status, field]).toEqual([400, field]);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
        expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
      }
      expect(await counts()).toEqual(before);
    });

    it('refuses an offer with an inverted rate range, amount ≤ 0 or term 0', async () => {
      const need = await publishedNeed({ title: '输入校验用融资需求' });
      const before = await counts();
      const cases: Array<[Record<string, unknown>, string, RegExp]> = [
        [{ rateMin: 4.2, rateMax: 3.5 }, 'rateMax', /利率上限不能低于利率下限/],
        [{ amount: 0 }, 'amount', /下限/],
        [{ termMonths: 0 }, 'termMonths', /下限/],
        [{ rateMin: -1 }, 'rateMin', /./],
      ];
      for (const [patch, field, reason] of cases) {
        const res = await t.http
          .post(`/finance/needs/${need.id}/offers`)
          .set('Authorization', bank1)
          .send(offerBody(patch));
        expect([res.status, field]).toEqual([400, field]);
        const detail = res.body.details.find((d: { field: string }) => d.field === field);
        expect(detail.reason).toMatch(reason);
      }
      expect(await counts()).toEqual(before);
    });

    it('refuses a loan date in the future and a loan amount ≤ 0', async () => {
      const need = await publishedNeed({ title: '放款校验用融资需求' });
      const offer = await t.http
        .post(`/finance/needs/${need.id}/offers`)
        .set('Authorization', bank1)
        .send(offerBody())
        .expect(201);
      await t.http.post(`/finance/offers/${offer.body.id}/accept`).set('Authorization', ent.auth).send({}).expect(200);
      for (const [body, field] of [
        [{ outcome: 'granted', loanAmount: 0, loanDate: today }, 'loanAmount'],
        [{ outcome: 'granted', loanAmount: 500, loanDate: '2099-01-01' }, 'loanDate'],
        [{ outcome: 'granted', loanAmount: 500, loanDate: '2020-01-01' }, 'loanDate'],
        [{ outcome: 'maybe' }, 'outcome'],
      ] as Array<[Record<string, unknown>, string]>) {
        const res = await t.http.post(`/finance/needs/${need.id}/outcome`).set('Authorization', ent.auth).send(body);
        expect([res.status, field]).toEqual([400, field]);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      const row = await t.http.get(`/finance/needs/${need.id}`).set('Authorization', ent.auth).expect(200);
      expect(row.body.status).toBe('matched');
    });
  });
});
