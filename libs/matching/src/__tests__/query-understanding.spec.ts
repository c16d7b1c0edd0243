import { INDUSTRY_CHAIN_ALIASES as chainAliases, KUNSHAN_DISTRICTS as districts } from '@app/registry';

import { QueryVocabulary } from '../query/query-understanding';

const chains = [
  { id: 'c-ne', code: 'new-energy', name: '新能源' },
  { id: 'c-nev', code: 'new-energy-vehicles', name: '新能源汽车及汽车零部件' },
  { id: 'c-mat', code: 'new-materials', name: '新材料' },
  { id: 'c-ai', code: 'artificial-intelligence', name: '人工智能' },
];
const institutions = [
  { id: 'i-suda', name: '苏州大学' },
  { id: 'i-dku', name: '昆山杜克大学' },
  { id: 'i-sz', name: '苏州科技大学' },
];

const achievements = new QueryVocabulary({
  chains,
  chainAliases,
  institutions,
  params: { chain: 'chain', institution: 'institution', stage: 'stage', cooperationMode: 'transferMode' },
});
const demands = new QueryVocabulary({
  chains,
  chainAliases,
  districts,
  params: { chain: 'chain', stage: 'stage', cooperationMode: 'cooperationMode', district: 'region' },
});

const brief = (q: string, v = achievements) => {
  const u = v.understand(q);
  return { text: u.text, filters: u.filters.map((f) => `${f.type}:${f.value}:${f.label}:${f.span}`) };
};

describe('query understanding', () => {
  it('reads institution, maturity and chain out of the example question and keeps 电池 as text', () => {
    const u = achievements.understand('苏州大学有哪些中试阶段的新能源电池成果');
    expect(u.text).toBe('电池');
    expect(u.filters).toEqual([
      {
        type: 'institution',
        param: 'institution',
        value: 'i-suda',
        label: '苏州大学',
        span: '苏州大学',
        start: 0,
        end: 4,
      },
      { type: 'stage', param: 'stage', value: 'pilot', label: '中试', span: '中试阶段', start: 7, end: 11 },
      { type: 'chain', param: 'chain', value: 'c-ne', label: '新能源', span: '新能源', start: 12, end: 15 },
    ]);
  });

  it('prefers the longest name: 苏州科技大学 is not 苏州大学, 新能源汽车 is not 新能源', () => {
    expect(brief('苏州科技大学的新能源汽车热管理技术')).toEqual({
      text: '热管理技术',
      filters: ['institution:i-sz:苏州科技大学:苏州科技大学', 'chain:c-nev:新能源汽车及汽车零部件:新能源汽车'],
    });
  });

  it('understands maturity words and cooperation modes by their everyday names', () => {
    expect(brief('已经量产、可以技术转让的锂电池隔膜')).toEqual({
      text: '锂电池隔膜',
      filters: ['stage:industrial:产业化:量产', 'cooperationMode:transfer:技术转让:技术转让'],
    });
    expect(brief('有没有适合联合开发的小试阶段高分子材料？')).toEqual({
      text: '适合 高分子材料',
      filters: ['cooperationMode:joint_development:合作开发:联合开发', 'stage:small_pilot:小试:小试阶段'],
    });
  });

  it('reads Kunshan districts and towns (with their aliases) for demands only', () => {
    expect(brief('周市镇企业有哪些新材料需求', demands)).toEqual({
      text: '企业',
      filters: ['district:周市镇:周市镇:周市镇', 'chain:c-mat:新材料:新材料'],
    });
    expect(brief('昆山经济技术开发区的揭榜挂帅项目', demands).filters).toEqual([
      'district:昆山开发区:昆山开发区:昆山经济技术开发区',
      'cooperationMode:open_competition:揭榜挂帅:揭榜挂帅',
    ]);
    // no district filter on achievements: the word stays text
    expect(brief('周市镇的机器视觉成果').filters).toEqual([]);
  });

  it('keeps Latin abbreviations to whole words, case-insensitively', () => {
    expect(brief('ai 视觉检测').filters).toEqual(['chain:c-ai:人工智能:ai']);
    expect(brief('MAIN 控制板').filters).toEqual([]);
  });

  it('keeps a second phrase of a kind already understood as text (a filter holds one value)', () => {
    expect(brief('新能源和新材料方面的成果')).toEqual({ text: '和新材料', filters: ['chain:c-ne:新能源:新能源'] });
  });

  it('leaves a plain keyword query alone', () => {
    expect(brief('谐波减速器 机器人')).toEqual({ text: '谐波减速器 机器人', filters: [] });
    expect(brief('')).toEqual({ text: '', filters: [] });
  });

  it('gives only filters the searched index supports', () => {
    const onlyText = new QueryVocabulary({ chains, chainAliases, institutions, params: {} });
    expect(onlyText.understand('苏州大学中试新能源电池').filters).toEqual([]);
  });
});
