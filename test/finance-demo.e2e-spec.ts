import { AuthService } from '@app/auth';
import { DEMO_GRANTED_NEED_TITLE, FinanceDemoLoader } from '@app/challenges';
import { SYSTEM_ACTOR } from '@app/common';
import { IndicatorFactsService } from '@app/indicators';
import { DEMO_PASSWORD, DemoLoader } from '@app/registry';

import { createTestApp, login, TestApp } from './utils/app';

describe('demo 企业出题、银行答题 (e2e, real services)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    const auth = t.app.get(AuthService);
    await t.app.get(DemoLoader).load((input) => auth.createUser(SYSTEM_ACTOR, input));
  });

  afterAll(async () => {
    await t?.close();
  });

  it('loads two needs, three offers and one granted loan, once; the demo bank signs in and sees its own offers', async () => {
    const loader = t.app.get(FinanceDemoLoader);
    expect(await loader.load()).toEqual({ needs: 2, offers: 3, loans: 1, skipped: false });
    expect(await loader.load()).toMatchObject({ skipped: true });

    const bank1 = await login(t.http, 'bank1@zcz.local', DEMO_PASSWORD);
    const me = await t.http.get('/auth/me').set('Authorization', bank1).expect(200);
    expect(me.body.role).toBe('bank');
    const mine = await t.http.get('/finance/offers/mine').set('Authorization', bank1).expect(200);
    expect(mine.body).toEqual([
      expect.objectContaining({ productName: '昆科贷', status: 'accepted', needTitle: DEMO_GRANTED_NEED_TITLE }),
    ]);
    // The open need waits for this bank's answer, its figures hidden until then.
    const needs = await t.http.get('/finance/needs').set('Authorization', bank1).expect(200);
    const open = needs.body.items.find((n: { status: string }) => n.status === 'published');
    expect(open).toMatchObject({
      answered: false,
      confidentialHidden: true,
      netProfit: null,
      allowedActions: ['offer'],
    });

    await t.settle();
    const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 4));
    const admin = await login(t.http, 'manager@zcz.local', DEMO_PASSWORD);
    const loans = await t.http.get('/indicators/finance_loans').query({ year }).set('Authorization', admin).expect(200);
    expect(loans.body.actual).toBe(1);
    const answered = await t.http
      .get('/indicators/finance_needs_answered')
      .query({ year })
      .set('Authorization', admin)
      .expect(200);
    expect(answered.body.actual).toBe(2);
    expect(await t.app.get(IndicatorFactsService).verify()).toEqual([]);
  });
});
