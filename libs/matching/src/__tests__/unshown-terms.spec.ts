import dictionary from '../data/dictionary.json';
import unshown from '../data/unshown-terms.json';
import { AchievementFacts, DemandFacts, loadWeights, scorePair, TextEvidence } from '../engine/scoring';
import { isUnshownTerm, SHOWN_TERMS, shownTerms } from '../engine/shown-terms';

const demand: DemandFacts = {
  chainIds: ['robotics'],
  requiredTrl: 5,
  requiredStage: null,
  modes: ['transfer'],
  budgetMax: 200,
  region: null,
};
const achievement: AchievementFacts = {
  chainIds: ['robotics'],
  trl: 6,
  stage: null,
  modes: ['transfer'],
  askingPrice: 120,
  institutionDistrict: null,
};
const evidence = (matchedTerms: string[]): TextEvidence => ({
  relevance: 0.8,
  bigramCosine: 0.4,
  titleSimilarity: 0.3,
  coverage: 0.5,
  matchedTerms,
  confidence: 0.9,
});

describe('matched terms an explanation leaves out', () => {
  it('leaves out units, quantities, time words, request words and single letters', () => {
    for (const junk of [
      '小时',
      '弧秒',
      '摄氏度',
      '万元',
      '2万小时',
      '十年',
      '数月',
      '半小时',
      '100万元',
      '220v',
      '5000mg',
      '24h',
      '10mm',
      'm2',
      '50000m2',
      'kwh',
      'b',
      '30',
      '目前',
      '近年来',
      '时间',
      '解决方案',
      '研发',
      '成本',
      '技术指标',
      '低于',
      '以上',
      '开发',
      '关键',
      '系统',
      '工艺',
    ]) {
      expect([junk, isUnshownTerm(junk)]).toEqual([junk, true]);
    }
  });

  it('keeps technical terms, also those that contain or look like a unit', () => {
    for (const term of [
      '热失控',
      '锂电池',
      '谐波减速器',
      '回差',
      '毫米波',
      '零件',
      '零部件',
      '玉米',
      '温度',
      '纳米',
      '5g',
      '3d',
      '8k',
      'led',
      'agv',
      'iso9001',
      '碳化硅',
      '伺服驱动器',
      '复合材料',
      '控制系统',
      '试剂盒',
      '强度',
    ]) {
      expect([term, isUnshownTerm(term)]).toEqual([term, false]);
    }
  });

  it('reads full-width and upper-case spellings like the engine does', () => {
    expect(isUnshownTerm('２２０Ｖ')).toBe(true);
    expect(isUnshownTerm('ＬＥＤ')).toBe(false);
  });

  it('filters before merging fragments: 失控 still becomes 热失控, a unit never swallows the term it is part of', () => {
    expect(shownTerms(['小时', '失控', '热失控', '弧秒', '谐波减速器', '2万小时', '回差'])).toEqual([
      '热失控',
      '谐波减速器',
      '回差',
    ]);
    expect(shownTerms(['毫米', '毫米波', '雷达'])).toEqual(['毫米波', '雷达']);
    expect(shownTerms(['电池', '锂电池', '目前', '热管理', '热管理'])).toEqual(['锂电池', '热管理']);
    expect(shownTerms(['小时', '时间', '研发'])).toEqual([]);
  });

  it(`lists at most ${SHOWN_TERMS}, in their order, counted after filtering`, () => {
    const good = ['碳化硅', '功率模块', '银烧结', '铜柱凸点', '晶圆级封装', '光刻胶', '射频前端', '车规级', '热阻'];
    expect(shownTerms(['小时', '成本', ...good])).toEqual(good.slice(0, SHOWN_TERMS));
    expect(shownTerms(good, 3)).toEqual(good.slice(0, 3));
  });

  it('changes the explanation only: the score is the same with or without the left-out terms', () => {
    const weights = loadWeights({});
    const chainName = () => '机器人与智能制造';
    const withJunk = scorePair(
      evidence(['小时', '失控', '热失控', '弧秒', '谐波减速器']),
      demand,
      achievement,
      weights,
      chainName,
    );
    const without = scorePair(evidence(['热失控', '谐波减速器']), demand, achievement, weights, chainName);
    expect(withJunk.score).toBe(without.score);
    expect(withJunk.explanation.factors).toEqual(without.explanation.factors);
    expect(withJunk.explanation.matchedTerms).toEqual(['热失控', '谐波减速器']);
    expect(withJunk.explanation.summary).toContain('共同关键词：热失控、谐波减速器');
    expect(withJunk.explanation.summary).not.toMatch(/小时|弧秒/);
    // nothing left to list: the note states the relevance alone
    const none = scorePair(evidence(['小时', '目前']), demand, achievement, weights, chainName);
    expect(none.explanation.matchedTerms).toEqual([]);
    expect(none.explanation.summary).not.toContain('共同关键词');
  });

  it('the data file lists categories, never a term of the domain dictionary', () => {
    const words = [
      ...unshown.units,
      ...unshown.timeWords,
      ...unshown.comparisonWords,
      ...unshown.requestWords,
      ...unshown.genericHeads,
    ];
    const listed = [...words, ...unshown.timeUnits];
    const domain = new Set(dictionary.map((w: string) => w.replace(/\s+/g, '').toLowerCase()));
    expect(listed.filter((w) => domain.has(w))).toEqual([]);
    expect(listed.filter((w) => w !== w.trim() || !w)).toEqual([]);
    for (const w of words) {
      expect([w, isUnshownTerm(w)]).toEqual([w, true]);
    }
  });
});
