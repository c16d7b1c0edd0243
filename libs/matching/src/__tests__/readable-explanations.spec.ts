import { matchStrength } from '../engine/confidence';
import {
  AchievementFacts,
  DemandFacts,
  loadWeights,
  maturityFactor,
  maturityWord,
  mergeFragments,
  scorePair,
} from '../engine/scoring';
import { explainFor } from '../match/explanation-view';

const demand: DemandFacts = {
  chainIds: ['energy'],
  requiredTrl: 5,
  requiredStage: null,
  modes: ['transfer'],
  budgetMax: 200,
  region: '昆山市周市镇',
};
const achievement: AchievementFacts = {
  chainIds: ['energy'],
  trl: 6,
  stage: null,
  modes: ['transfer'],
  askingPrice: 120,
  institutionDistrict: '周市镇',
};
const chainName = () => '新能源';

describe('explanations users can read', () => {
  it('merges keywords that are fragments of a longer matched term', () => {
    expect(mergeFragments(['失控', '热失控', '电池', '锂电池', '热管理'])).toEqual(['热失控', '锂电池', '热管理']);
    expect(mergeFragments(['热管理', '热管理', '液冷板'])).toEqual(['热管理', '液冷板']);
    expect(mergeFragments([])).toEqual([]);
    const { explanation } = scorePair(
      {
        relevance: 1,
        bigramCosine: 0.5,
        titleSimilarity: 0.5,
        coverage: 0.5,
        matchedTerms: ['失控', '热失控', '液冷'],
      },
      demand,
      achievement,
      loadWeights({}),
      chainName,
    );
    expect(explanation.matchedTerms).toEqual(['热失控', '液冷']);
    expect(explanation.summary).toContain('共同关键词：热失控、液冷');
  });

  it('states maturity in 小试 / 中试 / 产业化 words, never as TRL numbers', () => {
    expect([2, 4, 6, 8].map(maturityWord)).toEqual(['实验室', '小试', '中试', '产业化']);
    expect(maturityFactor(demand, achievement).note).toBe('成熟度满足要求：成果已达中试阶段（需求为小试）');
    expect(maturityFactor(demand, { ...achievement, trl: 5 }).note).toBe('成熟度满足要求：成果处于小试阶段');
    expect(maturityFactor({ ...demand, requiredTrl: 8 }, achievement).note).toBe(
      '成熟度低于要求：成果处于中试阶段，需求要求产业化',
    );
    expect(maturityFactor({ ...demand, requiredTrl: 7 }, achievement).note).toBe(
      '成熟度略低于要求：同处中试阶段，成果尚未达到需求要求的程度',
    );
    for (const trl of [1, 3, 5, 7, 9]) {
      expect(maturityFactor({ ...demand, requiredTrl: 6 }, { ...achievement, trl }).note).not.toMatch(/TRL|\d/);
    }
  });

  it('shows one text number everywhere, and contributions that add up to the score', () => {
    const { score, explanation } = scorePair(
      {
        relevance: 0.8,
        confidence: 0.5,
        bigramCosine: 0.15,
        titleSimilarity: 0.1,
        coverage: 0.4,
        matchedTerms: ['热管理'],
      },
      demand,
      achievement,
      loadWeights({}),
      chainName,
    );
    expect(explanation.factors.text.value).toBeCloseTo(0.4);
    expect(explanation.factors.text.note).toContain('技术内容相关度 40%');
    expect(explanation.strength).toBeCloseTo(0.4);
    expect(matchStrength(explanation)).toBeCloseTo(0.4);
    const sum = Object.values(explanation.factors).reduce((s, f) => s + f.contribution, 0);
    expect(sum).toBeCloseTo(score, 3);
  });

  it('reads explanations stored before `strength` existed as they were meant', () => {
    const text = { value: 0.8, weight: 0.75, contribution: 0.6, note: '文本相关度 40%' };
    expect(matchStrength({ factors: { text }, confidence: 0.5 })).toBeCloseTo(0.4);
  });

  it('gives a reader without the budget the score a neutral price would give, at any confidence', () => {
    const text = {
      relevance: 0.9,
      confidence: 0.6,
      bigramCosine: 0.2,
      titleSimilarity: 0.2,
      coverage: 0.5,
      matchedTerms: [],
    };
    const weights = loadWeights({});
    const within = scorePair(text, demand, achievement, weights, chainName);
    const neutral = scorePair(text, demand, { ...achievement, askingPrice: null }, weights, chainName);
    const shown = explainFor(false, within.score, within.explanation);
    expect(shown.score).toBeCloseTo(neutral.score, 3);
    expect(shown.explanation.factors.budget.contribution).toBeCloseTo(
      neutral.explanation.factors.budget.contribution,
      3,
    );
  });
});
