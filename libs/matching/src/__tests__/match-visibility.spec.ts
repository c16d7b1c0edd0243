import { explainFor } from '../match/explanation-view';
import { MatchExplanation } from '../match/match.entity';
import { maskBudget, maskContacts, matchFor, matchReaderOf, noteFor } from '../match/match.visibility';

describe('match visibility', () => {
  it('masks phone numbers, e-mails and messenger ids, and leaves figures alone', () => {
    const masked = maskContacts('请联系王工 13912345678 或 0512-57000001，邮箱 wang@example.com，微信 wanggong2026。');
    expect(masked).not.toMatch(/13912345678|57000001|wang@example\.com|wanggong2026/);
    expect(masked.match(/联系方式仅平台技术经理人可见/g)).toHaveLength(4);
    const figures = '回差≤10 弧秒，寿命 10000 h，专利 CN202310123456.7，年产 20000 台';
    expect(maskContacts(figures)).toBe(figures);
  });

  it('drops each sentence that mentions a budget and keeps the rest', () => {
    expect(maskBudget('双方约定下周考察样机。企业预算 200 万元以内。对方认可技术路线。')).toBe(
      '双方约定下周考察样机。［涉及企业保密信息，已隐去］对方认可技术路线。',
    );
    expect(maskBudget('预算有限；经费需分期拨付；其余面谈')).toBe('［涉及企业保密信息，已隐去］其余面谈');
    expect(maskBudget('技术路线吻合')).toBe('技术路线吻合');
  });

  it('shapes a note by reader: staff all, the owner no contacts, the university no contacts and no budget', () => {
    const note = '王工 13912345678。预算 200 万。';
    expect(noteFor('staff', note)).toBe(note);
    expect(noteFor('owner', note)).toContain('预算 200 万');
    expect(noteFor('owner', note)).not.toContain('13912345678');
    expect(noteFor('institution', note)).not.toMatch(/预算|13912345678/);
    expect(noteFor('institution', null)).toBeNull();
  });

  it('tells who reads a match from the actor and the two parties', () => {
    const parties = { demandOwnerId: 'ent', institutionId: 'uni' };
    expect(matchReaderOf({ userId: 'u', role: 'manager' as never, organisationId: null }, parties)).toBe('staff');
    expect(matchReaderOf({ userId: 'u', role: 'enterprise' as never, organisationId: 'ent' }, parties)).toBe('owner');
    expect(matchReaderOf({ userId: 'u', role: 'university' as never, organisationId: 'uni' }, parties)).toBe(
      'institution',
    );
    expect(matchReaderOf({ userId: 'u', role: 'enterprise' as never, organisationId: 'other' }, parties)).toBeNull();
    expect(matchReaderOf({ userId: 'u', role: 'organizer' as never, organisationId: null }, parties)).toBeNull();
  });

  it('gives the university a match without interest, staff ids or budget wording', () => {
    const explanation: MatchExplanation = {
      matchedTerms: ['谐波减速器'],
      factors: {
        chain: { value: 1, weight: 0.2, contribution: 0.2, note: '同属产业链：机器人' },
        budget: { value: 1, weight: 0.1, contribution: 0.1, note: '意向价格在企业预算范围内' },
      },
      summary: '文本高度相关；意向价格在企业预算范围内；同属产业链：机器人',
    };
    const view = {
      confirmedById: 'manager-id',
      decidedById: 'manager-id',
      rejectNote: null,
      interest: 'interested',
      interestNote: '尽快联系',
      interestById: 'ent-user',
      explanation,
    };
    // as MatchService shapes it: the explanation by explainFor, the rest by matchFor
    const uni = matchFor('institution', { ...view, ...explainFor(false, 0.8, explanation) });
    expect(uni).not.toHaveProperty('interest');
    expect(uni).not.toHaveProperty('interestNote');
    expect(uni).toMatchObject({ confirmedById: null, decidedById: null });
    expect(JSON.stringify(uni)).not.toContain('预算');
    expect(uni.explanation.factors.budget).toMatchObject({
      value: 0.5,
      contribution: 0.05,
      note: '价格因素已计入评分',
    });
    expect(uni.explanation.summary).toBe('文本高度相关；同属产业链：机器人');
    expect(matchFor('owner', view)).toMatchObject({
      interest: 'interested',
      interestById: 'ent-user',
      decidedById: null,
    });
    expect(matchFor('staff', view)).toBe(view);
  });
});
