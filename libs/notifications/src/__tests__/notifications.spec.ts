import { NotificationKind } from '../notification-kinds';
import { beijingDateTime, callValues } from '../notification-rules';
import { isShownSuggestion } from '../notification-schedule';
import { renderEmail, renderInbox, renderTemplate } from '../template-renderer';
import { readUnsubscribeToken, unsubscribeToken } from '../unsubscribe-token';
import { WorkingCalendar } from '../working-calendar';

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
const USER = '6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab';

describe('notification templates', () => {
  it('escapes values in HTML, repeats sections, hides empty ones', () => {
    expect(renderTemplate('<b>{{name}}</b>', { name: '<script>王工</script>' }, true)).toBe(
      '<b>&lt;script&gt;王工&lt;/script&gt;</b>',
    );
    expect(
      renderTemplate(
        '{{#items}}[{{title}}]{{/items}}{{^items}}无{{/items}}',
        { items: [{ title: '甲' }, { title: '乙' }] },
        false,
      ),
    ).toBe('[甲][乙]');
    expect(renderTemplate('{{#items}}[{{title}}]{{/items}}{{^items}}无{{/items}}', { items: [] }, false)).toBe('无');
  });

  it('every kind renders an inbox line and an e-mail with the unsubscribe link', () => {
    for (const kind of Object.values(NotificationKind)) {
      const inbox = renderInbox(kind, { demandTitle: '谐波减速器国产化', items: [] });
      expect(inbox.title.length).toBeGreaterThan(2);
      const mail = renderEmail(kind, {
        demandTitle: '谐波减速器国产化',
        recipientName: '李明',
        link: '/workspace',
        linkUrl: 'https://zcz.example.cn/workspace',
        unsubscribeUrl: 'https://zcz.example.cn/unsubscribe?token=t',
        kindLabel: '测试',
      });
      expect(mail.text).toContain('李明，您好');
      expect(mail.text).toContain('https://zcz.example.cn/unsubscribe?token=t');
      expect(mail.html).toContain('href="https://zcz.example.cn/unsubscribe?token=t"');
    }
  });
});

describe('unsubscribe token', () => {
  it('reads back its own person and kind, refuses forgeries and other secrets', () => {
    const token = unsubscribeToken(SECRET, USER, NotificationKind.SuggestionDigest);
    expect(readUnsubscribeToken(SECRET, token)).toEqual({ userId: USER, kind: NotificationKind.SuggestionDigest });
    expect(readUnsubscribeToken('another-secret-of-at-least-thirty-two-chars', token)).toBeNull();
    expect(readUnsubscribeToken(SECRET, token.replace('suggestion_digest', 'review_reminder'))).toBeNull();
    expect(readUnsubscribeToken(SECRET, `${token}x`)).toBeNull();
    expect(readUnsubscribeToken(SECRET, 'garbage')).toBeNull();
  });
});

describe('working calendar (weekends and a holiday list as data)', () => {
  const calendar = new WorkingCalendar({ holidays: ['2026-10-01', '2026-10-02'], workdays: ['2026-10-10'] });

  it('skips weekends and holidays, counts 调休 working Saturdays', () => {
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false); // holiday (Thursday)
    expect(calendar.isWorkingDay('2026-10-03')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true); // Saturday worked
    // submitted Wednesday 30 Sep 18:00 Beijing; Monday 5 Oct: only Monday counts
    expect(calendar.workingDaysBetween(new Date('2026-09-30T10:00:00Z'), new Date('2026-10-05T02:00:00Z'))).toBe(1);
  });

  it('uses Beijing days: late evening UTC is already the next day', () => {
    // Friday 23:30 Beijing (15:30 UTC) → Monday 09:00 Beijing: Monday only
    expect(calendar.workingDaysBetween(new Date('2026-11-27T15:30:00Z'), new Date('2026-11-30T01:00:00Z'))).toBe(1);
  });
});

describe('digest filter', () => {
  it('lists what the enterprise is shown: not 低相关 (text strength at the show threshold), or a manager’s pairing', () => {
    const engine = (value: number, confidence?: number) =>
      ({ origin: 'engine', explanation: { factors: { text: { value } }, confidence } }) as never;
    expect(isShownSuggestion(engine(0.6), 0.18)).toBe(true);
    expect(isShownSuggestion(engine(0.6, 0.2), 0.18)).toBe(false);
    expect(isShownSuggestion(engine(0.17), 0.18)).toBe(false);
    expect(isShownSuggestion({ origin: 'manual', explanation: { factors: {} } } as never, 0.18)).toBe(true);
  });
});

describe('what an institution is told about a call', () => {
  it('only the public view: title, enterprise, mechanism, the published 榜额 and the deadline in Beijing time', () => {
    const values = callValues({
      title: '协作机器人关节高精度谐波减速器攻关',
      enterpriseName: '昆山精毅精密机械有限公司',
      mechanismLabel: '揭榜挂帅',
      fundingTotal: 500,
      enterpriseShare: 350,
      governmentShare: 150,
      bidDeadline: new Date('2026-12-30T09:00:00Z'),
    } as never);
    expect(values).toEqual({
      callTitle: '协作机器人关节高精度谐波减速器攻关',
      enterpriseName: '昆山精毅精密机械有限公司',
      mechanismLabel: '揭榜挂帅',
      fundingTotal: 500,
      deadline: '2026-12-30 17:00',
    });
    expect(beijingDateTime('2026-12-31T16:30:00Z')).toBe('2027-01-01 00:30');
  });
});
