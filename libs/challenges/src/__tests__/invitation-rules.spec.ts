import { BidderKind, ChallengeMechanism } from '../challenge/challenge.domain';
import { callBriefText, invitationBlocker } from '../invitation/invitation.service';

const ENTERPRISE = 'e0000000-0000-4000-8000-000000000001';
const UNIVERSITY = 'u0000000-0000-4000-8000-000000000002';
const OTHER_UNIVERSITY = 'u0000000-0000-4000-8000-000000000003';

const call = (overrides: Record<string, unknown> = {}) => ({
  enterpriseOrganisationId: ENTERPRISE,
  mechanism: ChallengeMechanism.OpenCall,
  directedInstitutionId: null,
  eligibility: {
    institutionKinds: [BidderKind.University, BidderKind.Enterprise],
    region: null,
    consortiumAllowed: true,
    notes: null,
  },
  ...overrides,
});

describe('who may be invited to a call (the same rules as who may bid)', () => {
  it('admits an institution of an admitted kind', () => {
    expect(invitationBlocker(call(), { id: UNIVERSITY, kind: 'university' })).toBeNull();
  });

  it('refuses the call’s own enterprise', () => {
    expect(invitationBlocker(call(), { id: ENTERPRISE, kind: 'enterprise' })).toBe('出榜企业不能受邀揭自己的榜');
  });

  it('refuses a kind the call does not admit as lead bidder', () => {
    const enterprisesOnly = call({
      eligibility: { institutionKinds: [BidderKind.Enterprise], region: null, consortiumAllowed: false, notes: null },
    });
    expect(invitationBlocker(enterprisesOnly, { id: UNIVERSITY, kind: 'university' })).toBe(
      '该榜单仅接受企业作为牵头单位揭榜',
    );
  });

  it('admits only the named institution of a 定向委托', () => {
    const directed = call({ mechanism: ChallengeMechanism.Directed, directedInstitutionId: UNIVERSITY });
    expect(invitationBlocker(directed, { id: UNIVERSITY, kind: 'university' })).toBeNull();
    expect(invitationBlocker(directed, { id: OTHER_UNIVERSITY, kind: 'university' })).toBe(
      '该榜单为定向委托，仅受托单位可以揭榜',
    );
  });
});

describe('the text a call is matched with', () => {
  it('reads the title, the problem, the goals with their targets and the chains', () => {
    const text = callBriefText(
      {
        title: '协作机器人关节高精度谐波减速器攻关',
        problem: '谐波减速器长期依赖进口。',
        indicators: [
          { name: '回差', target: '≤10', unit: '弧秒', method: '第三方检测' },
          { name: '额定寿命', target: '≥10000', unit: '小时', method: '加速寿命试验' },
        ],
      },
      ['机器人与智能制造'],
    );
    expect(text.split('\n')).toEqual([
      '协作机器人关节高精度谐波减速器攻关',
      '谐波减速器长期依赖进口。',
      '回差 ≤10弧秒；额定寿命 ≥10000小时',
      '机器人与智能制造',
    ]);
  });
});
