import { MaturityStage } from '@app/registry';

import {
  AchievementFacts,
  budgetFactor,
  chainFactor,
  DemandFacts,
  loadWeights,
  maturityFactor,
  modeFactor,
  scorePair,
} from '../engine/scoring';
import { charBigrams, cosine, TfIdfModel, words } from '../engine/text';

const demand: DemandFacts = {
  chainIds: ['robot'],
  requiredTrl: 5,
  requiredStage: null,
  modes: ['joint_development', 'transfer'],
  budgetMax: 200,
  region: '昆山市周市镇',
};
const achievement: AchievementFacts = {
  chainIds: ['robot', 'equipment'],
  trl: 6,
  stage: null,
  modes: ['transfer'],
  askingPrice: 120,
  institutionDistrict: '周市镇',
};
const name = (id: string) => ({ robot: '智能制造与机器人' })[id] ?? id;

describe('business factors', () => {
  it('rewards shared chains, sufficient maturity, a shared mode and a price within budget', () => {
    expect(chainFactor(demand, achievement, name)).toEqual({ value: 1, note: '同属产业链：智能制造与机器人' });
    expect(maturityFactor(demand, achievement).value).toBe(1);
    expect(modeFactor(demand, achievement)).toEqual({ value: 1, note: '合作方式一致：技术转让' });
    expect(budgetFactor(demand, achievement).value).toBe(1);
  });

  it('degrades gracefully and stays neutral on missing data', () => {
    expect(maturityFactor(demand, { ...achievement, trl: 4 }).value).toBe(0.6);
    expect(maturityFactor(demand, { ...achievement, trl: 2 }).value).toBe(0);
    expect(
      maturityFactor({ ...demand, requiredTrl: null, requiredStage: MaturityStage.Pilot }, achievement).value,
    ).toBe(1);
    expect(chainFactor(demand, { ...achievement, chainIds: ['other'] }, name).value).toBe(0);
    expect(chainFactor({ ...demand, chainIds: [] }, achievement, name).value).toBe(0.5);
    expect(budgetFactor(demand, { ...achievement, askingPrice: 280 }).value).toBe(0.5);
    expect(budgetFactor(demand, { ...achievement, askingPrice: null }).value).toBe(0.5);
  });

  it('never writes the confidential budget into an explanation', () => {
    const { explanation } = scorePair(
      { relevance: 0.8, bigramCosine: 0.4, titleSimilarity: 0.3, coverage: 0.6, matchedTerms: ['谐波减速器'] },
      { ...demand, budgetMax: 987 },
      { ...achievement, askingPrice: 2000 },
      loadWeights({}),
      name,
    );
    expect(JSON.stringify(explanation)).not.toContain('987');
    expect(explanation.factors.budget.note).toBe('意向价格明显高于企业预算');
  });

  it('adds contributions up to the score, weights normalised', () => {
    const { score, explanation } = scorePair(
      { relevance: 1, bigramCosine: 0.5, titleSimilarity: 0.5, coverage: 1, matchedTerms: [] },
      demand,
      achievement,
      loadWeights({ text: 3 }),
      name,
    );
    const sum = Object.values(explanation.factors).reduce((s, f) => s + f.contribution, 0);
    expect(score).toBeCloseTo(sum, 3);
    expect(Object.values(explanation.factors).reduce((s, f) => s + f.weight, 0)).toBeCloseTo(1, 3);
    expect(score).toBeCloseTo(1, 3);
  });
});

describe('text', () => {
  it('cuts CJK runs into bigrams, keeps ASCII words whole, folds full-width', () => {
    expect(charBigrams('谐波减速器 ＬＥＤ-5G')).toEqual(['谐波', '波减', '减速', '速器', 'led', '5g']);
  });

  it('keeps content words and drops posting boilerplate', () => {
    const w = words('我公司希望寻求合作，解决谐波减速器的寿命问题');
    expect(w).toEqual(expect.arrayContaining(['谐波减速器', '寿命']));
    expect(w).not.toEqual(expect.arrayContaining(['公司']));
    expect(w).not.toContain('希望');
  });

  it('weights distinctive terms higher and scores similar texts closer', () => {
    const model = new TfIdfModel(charBigrams);
    for (const t of ['谐波减速器寿命试验', '钙钛矿电池封装', '污泥低温干化', '谐波齿轮传动']) model.add(t);
    const q = model.vector('谐波减速器');
    expect(cosine(q, model.vector('谐波减速器寿命试验'))).toBeGreaterThan(cosine(q, model.vector('钙钛矿电池封装')));
    expect(model.keywords('谐波减速器与谐波齿轮', 1)[0].term).not.toBe('谐波');
  });
});
