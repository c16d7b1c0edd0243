import { ActivityDemoLoader } from '@app/activities';
import { AuthService } from '@app/auth';
import { ChallengesDemoLoader, FinanceDemoLoader } from '@app/challenges';
import { SYSTEM_ACTOR } from '@app/common';
import { beijingDate, IndicatorDemoLoader } from '@app/indicators';
import { ManagersDemoLoader } from '@app/managers';
import { NotificationsDemoLoader } from '@app/notifications';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DemoLoader } from '@app/registry';

import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

interface InboxItem {
  kind: string;
  title: string;
  body: string;
}

/**
 * `npm run demo`'s loaders in the order the API runs them: every demo account's inbox then holds notifications the
 * rules made from the demo's own events (nothing is written to the inbox directly), each within what they may see.
 */
describe('demo inboxes (e2e, real services)', () => {
  let t: TestApp;
  const inboxes = new Map<string, InboxItem[]>();

  beforeAll(async () => {
    t = await createTestApp();
    const auth = t.app.get(AuthService);
    const createUser = (input: Parameters<AuthService['createUser']>[1]) => auth.createUser(SYSTEM_ACTOR, input);
    await t.app.get(DemoLoader).load(createUser);
    await t.app.get(ActivityDemoLoader).load();
    await t.app.get(ManagersDemoLoader).load(createUser);
    await t.app.get(ChallengesDemoLoader).load();
    await t.app.get(FinanceDemoLoader).load();
    await t.app.get(IndicatorDemoLoader).load(Number(beijingDate().slice(0, 4)));
    await t.settle({ timeoutMs: 240000 });
    const first = await t.app.get(NotificationsDemoLoader).load();
    expect(first).toMatchObject({ interests: 1, confirmations: 1, skipped: false });
    expect(first.digests).toBeGreaterThanOrEqual(2);
    expect(first.followUpReminders).toBeGreaterThanOrEqual(2);
    // a second start makes no move twice and sends no second digest today
    expect(await t.app.get(NotificationsDemoLoader).load()).toMatchObject({
      interests: 0,
      confirmations: 0,
      digests: 0,
      followUpReminders: 0,
      skipped: true,
    });
    await t.settle({ timeoutMs: 120000 });

    const accounts = [
      { email: TEST_ADMIN.email, password: TEST_ADMIN.password },
      ...DEMO_ACCOUNTS.map((a) => ({ email: a.email, password: DEMO_PASSWORD })),
    ];
    for (const { email, password } of accounts) {
      const token = await login(t.http, email, password);
      const res = await t.http.get('/notifications').query({ pageSize: 100 }).set('Authorization', token).expect(200);
      inboxes.set(email, res.body.items);
    }
  }, 600000);

  afterAll(async () => {
    await t?.close();
  });

  const kinds = (email: string) => new Set((inboxes.get(email) ?? []).map((i) => i.kind));

  it('every demo account, of every role, has realistic notifications in its inbox', () => {
    const summary = [...inboxes].map(([email, items]) => `${email}: ${items.map((i) => i.kind).join(', ')}`);
    console.log(`[notifications] demo inboxes\n${summary.join('\n')}`);
    expect([...inboxes].filter(([, items]) => items.length === 0).map(([email]) => email)).toEqual([]);
    expect(inboxes.size).toBe(DEMO_ACCOUNTS.length + 1);
    // enterprises: their demands returned / published, matches moving, today's digest
    for (const k of ['demand_returned', 'demand_published', 'match_stage', 'suggestion_digest']) {
      expect(kinds('enterprise1@zcz.local').has(k)).toBe(true);
    }
    for (const k of ['demand_published', 'suggestion_digest']) expect(kinds('enterprise2@zcz.local').has(k)).toBe(true);
    // the university: a manager confirmed its achievement for an enterprise's demand
    const university = inboxes.get('university1@zcz.local')!;
    expect(university.find((i) => i.kind === 'match_stage')?.title).toContain('超薄因瓦合金精细金属掩模版电铸成型技术');
    // the manager: 昆山睿芯's 有意向 and the overdue follow-ups of the held fair
    const manager = inboxes.get('manager@zcz.local')!;
    expect(manager.find((i) => i.kind === 'match_interest')?.title).toContain('昆山睿芯微电子科技有限公司');
    expect(kinds('manager@zcz.local').has('follow_up_overdue')).toBe(true);
    // the organiser: the same follow-ups; the admin: an indicator report awaiting approval
    expect(kinds('organizer@zcz.local').has('follow_up_overdue')).toBe(true);
    expect(kinds(TEST_ADMIN.email).has('indicator_report_pending')).toBe(true);
    // 企业出题、银行答题: the enterprises hear of the banks' offers; each bank of the needs published and its choice
    for (const email of ['enterprise1@zcz.local', 'enterprise2@zcz.local']) {
      expect(kinds(email).has('financing_offer_received')).toBe(true);
    }
    for (const email of ['bank1@zcz.local', 'bank2@zcz.local']) {
      expect(kinds(email).has('financing_need_published')).toBe(true);
      expect(kinds(email).has('financing_offer_decided')).toBe(true);
      // a bank is told only of financing: no demand, match, digest or call of the other contexts
      expect([...kinds(email)].every((k) => k.startsWith('financing_'))).toBe(true);
    }
    const decided = (email: string) => inboxes.get(email)!.find((i) => i.kind === 'financing_offer_decided')!;
    expect(decided('bank1@zcz.local').title).toContain('已被选定');
    expect(decided('bank2@zcz.local').title).toContain('未被选定');
  });

  it('no one reads what they may not: no budget words for the university, no enterprise reads another’s demand', () => {
    const text = (email: string) => JSON.stringify(inboxes.get(email));
    // a call's 榜额 is public (its invitation and match messages quote it); no demand's budget ever is
    expect(text('university1@zcz.local').replace(/榜额 [\d.]+ 万元/g, '')).not.toMatch(/预算|万元/);
    expect(text('organizer@zcz.local')).not.toMatch(/预算/);
    // 昆山精毅's demands never reach 昆山睿芯, and the reverse
    expect(text('enterprise2@zcz.local')).not.toContain('摆线轮');
    expect(text('enterprise1@zcz.local')).not.toContain('扇出型');
    // a bank never reads a need's collateral details, revenue, profit or contact in a message — least of all of
    // 昆山睿芯's need, which 昆山农商银行 (bank1) has not answered
    const bankWords = (email: string) => (inboxes.get(email) ?? []).map((i) => `${i.title}\n${i.body}`).join('\n');
    for (const email of ['bank1@zcz.local', 'bank2@zcz.local']) {
      expect(bankWords(email)).not.toMatch(
        /科技融资担保公司|无不动产|4300|-260|沈立|13915507788|评估价|12600|周建华|13962601234|营业收入|净利润/,
      );
    }
    expect(bankWords('bank1@zcz.local')).toContain('车规级 MCU 研发团队扩充与流片融资');
    // the banks' offers on 昆山精毅's need never reach 昆山睿芯, and the reverse
    expect(text('enterprise2@zcz.local')).not.toContain('昆科贷');
    expect(text('enterprise1@zcz.local')).not.toContain('人才贷');
  });
});
