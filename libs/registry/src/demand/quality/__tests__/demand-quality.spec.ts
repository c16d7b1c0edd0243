import { DEMAND_QUALITY_RULES, DemandQualityInput, quantityPattern, scoreDemandQuality } from '../demand-quality';

const complete: DemandQualityInput = {
  title: '协作机器人关节用高精度谐波减速器国产化',
  description:
    '我司年产协作机器人约两万台，目前关节谐波减速器依赖进口，交期长达六个月且价格偏高。希望联合高校开发回差不大于 10 弧秒、寿命不低于 1 万小时的国产谐波减速器，并实现小批量试制，逐步替代进口产品，供应本公司六轴协作机器人与桌面机械臂两条产品线。',
  keywords: ['谐波减速器', '柔轮', '齿形设计'],
  industryChainIds: ['7b0f3a8e-0000-4000-8000-000000000001'],
  technicalIndicators: '传动精度≤1 弧分；回差≤10 弧秒；额定寿命≥10000 h',
  expectedOutcome: '完成样机并通过 2000 小时加速寿命试验',
  requiredTrl: 5,
  cooperationModes: ['joint_development'],
  deadline: '2027-06-30',
  budgetMax: 200,
};

const rules = (input: DemandQualityInput) => scoreDemandQuality(input).hints.map((h) => h.rule);

describe('demand quality rules', () => {
  it('gives a complete, quantified demand full marks and no hints', () => {
    expect(scoreDemandQuality(complete)).toEqual({ score: 100, maxScore: 100, hints: [] });
  });

  it('gives an empty draft no points and a Chinese hint for every rule', () => {
    const result = scoreDemandQuality({});
    expect(result.score).toBe(0);
    expect(result.hints.map((h) => h.rule)).toEqual(DEMAND_QUALITY_RULES.rules.map((r) => r.id));
    expect(result.hints.every((h) => /[\u4e00-\u9fa5]/.test(h.message))).toBe(true);
  });

  it('rule points add up to 100, so a score is a percentage', () => {
    expect(DEMAND_QUALITY_RULES.rules.reduce((s, r) => s + r.points, 0)).toBe(100);
  });

  it('counts numbers with units as quantified indicators, not bare numbers or dates', () => {
    const indicators = (technicalIndicators: string) =>
      rules({ ...complete, technicalIndicators, expectedOutcome: '', description: '希望开发国产谐波减速器' });
    expect(indicators('精度高，寿命长，成本低')).toContain('quantified_indicators');
    expect(indicators('型号 2025，第 3 代')).toContain('quantified_indicators');
    expect(indicators('回差≤10 弧秒')).toContain('quantified_indicators'); // one is not enough
    expect(indicators('回差≤10 弧秒；效率≥92%')).not.toContain('quantified_indicators');
    expect(indicators('耐压 1.2 kV，漏电流 < 5 mA')).not.toContain('quantified_indicators');
    // the same figure twice is one indicator
    expect(indicators('回差≤10 弧秒，即 10弧秒')).toContain('quantified_indicators');
  });

  it('reads figures in the description when the indicator field is empty', () => {
    expect(
      rules({
        ...complete,
        technicalIndicators: '',
        expectedOutcome: '',
        description: `${complete.description}要求噪声低于 60 dB。`,
      }),
    ).not.toContain('quantified_indicators');
  });

  it('does not take an ASCII unit out of a longer word', () => {
    const pattern = quantityPattern(DEMAND_QUALITY_RULES.units);
    expect('5 months'.match(pattern)).toBeNull();
    expect('续航 3 kWh'.match(pattern)).toEqual(['3 kWh']);
  });

  it('asks for a longer description under 100 characters, whitespace not counted', () => {
    expect(rules({ ...complete, description: '需要谐波减速器技术' })).toContain('description_length');
    expect(rules({ ...complete, description: `谐波减速器${' '.repeat(200)}` })).toContain('description_length');
    expect(rules({ ...complete, description: '谐'.repeat(100) })).not.toContain('description_length');
  });

  it('calls a description with vague phrases or fewer than 3 keywords unspecific', () => {
    expect(rules({ ...complete, keywords: ['谐波减速器', '柔轮'] })).toContain('description_specific');
    expect(rules({ ...complete, description: `${complete.description}同时希望提升相关技术水平。` })).toContain(
      'description_specific',
    );
  });

  it('accepts either a TRL or a stage, and either end of the budget', () => {
    expect(rules({ ...complete, requiredTrl: null, requiredStage: 'pilot' })).not.toContain('maturity');
    expect(rules({ ...complete, requiredTrl: null, requiredStage: null })).toContain('maturity');
    expect(rules({ ...complete, budgetMax: null, budgetMin: 50 })).not.toContain('budget');
    expect(scoreDemandQuality({ ...complete, budgetMax: null }).score).toBe(90);
  });

  it('treats empty lists and blank text as missing', () => {
    expect(rules({ ...complete, cooperationModes: [], industryChainIds: [], deadline: '' })).toEqual(
      expect.arrayContaining(['cooperation_modes', 'industry_chain', 'deadline']),
    );
  });

  it('scores from the rule set it is given (rules are data)', () => {
    const custom = {
      version: 99,
      units: ['mm'],
      rules: [
        {
          id: 'deadline',
          points: 30,
          check: { type: 'anyOf' as const, fields: ['deadline' as const] },
          hint: '请填写截止日期',
        },
        {
          id: 'budget',
          points: 10,
          check: { type: 'anyOf' as const, fields: ['budgetMax' as const] },
          hint: '请填写预算',
        },
      ],
    };
    expect(scoreDemandQuality({ deadline: '2027-01-01' }, custom)).toEqual({
      score: 75,
      maxScore: 100,
      hints: [{ rule: 'budget', message: '请填写预算', points: 10 }],
    });
  });
});
