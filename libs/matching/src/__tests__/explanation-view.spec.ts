import { Role } from '@app/common';

import { AchievementFacts, DemandFacts, loadWeights, scorePair } from '../engine/scoring';
import { explainFor, mayReadBudget, WITHHELD_FACTOR_NOTE } from '../match/explanation-view';

const demand: DemandFacts = {
  chainIds: ['robot'],
  requiredTrl: 5,
  requiredStage: null,
  modes: ['transfer'],
  budgetMax: 200,
  region: '昆山市周市镇',
};
const achievement = (askingPrice: number | null): AchievementFacts => ({
  chainIds: ['robot'],
  trl: 6,
  stage: null,
  modes: ['transfer'],
  askingPrice,
  institutionDistrict: '周市镇',
});
const text = { relevance: 0.8, bigramCosine: 0.5, titleSimilarity: 0.5, coverage: 0.5, matchedTerms: ['谐波减速器'] };
const scored = (price: number | null) =>
  scorePair(text, demand, achievement(price), loadWeights({}), () => '智能制造与机器人');

describe('explanations by reader', () => {
  it('lets staff and the demand’s enterprise read the budget’s part; nobody through a file', () => {
    expect(mayReadBudget({ userId: 'u', role: Role.Manager, organisationId: null }, 'ent')).toBe(true);
    expect(mayReadBudget({ userId: 'u', role: Role.Enterprise, organisationId: 'ent' }, 'ent')).toBe(true);
    expect(mayReadBudget({ userId: 'u', role: Role.Enterprise, organisationId: 'other' }, 'ent')).toBe(false);
    expect(mayReadBudget({ userId: 'u', role: Role.University, organisationId: 'uni' }, 'ent')).toBe(false);
    expect(mayReadBudget({ userId: 'u', role: Role.Organizer, organisationId: null }, 'ent')).toBe(false);
    expect(mayReadBudget(null, 'ent')).toBe(false);
  });

  it('shows others a neutral price factor, no budget note, and the score a neutral price would give', () => {
    const within = scored(120);
    const far = scored(900);
    const unknown = scored(null);
    expect(within.explanation.summary).toContain('意向价格在企业预算范围内');
    expect(explainFor(true, within.score, within.explanation)).toEqual(within);
    const shown = [within, far, unknown].map((s) => explainFor(false, s.score, s.explanation));
    for (const s of shown) {
      expect(JSON.stringify(s)).not.toMatch(/预算/);
      expect(s.explanation.factors.budget).toMatchObject({ value: 0.5, note: WITHHELD_FACTOR_NOTE });
      expect(s.explanation.summary).toContain('技术内容相关度');
    }
    // within, far above and unknown budgets read the same to someone who may not see the budget
    expect(new Set(shown.map((s) => s.score)).size).toBe(1);
    expect(shown[0].score).toBeCloseTo(unknown.score, 3);
  });
});
