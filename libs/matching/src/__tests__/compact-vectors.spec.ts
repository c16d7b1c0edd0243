import { charBigrams, cosine, QueryVector, TfIdfModel } from '../engine/text';

const CATALOGUE = [
  '基于双圆弧齿形修形的高精度谐波减速器，回差小于 10 弧秒，适用于协作机器人关节',
  '固态电池硫化物电解质的干法成膜工艺，能量密度 400 Wh/kg，循环寿命 6000 次',
  '钙钛矿叠层电池界面钝化技术，转换效率 28%，适用于分布式光伏',
  '城市污水厂污泥低温干化装置：热泵余热回收，含水率由 80% 降至 30%',
  '锂电池热失控预警与热管理系统，电芯温差控制在 3 ℃ 以内',
];

describe('compact vectors (the feature cache) give the very cosines of the Map vectors', () => {
  const model = new TfIdfModel(charBigrams);
  CATALOGUE.forEach((text) => model.add(text));

  const queries = [
    '锂电池', // smaller than every document: the query's order
    '我公司需要一种动力锂电池热管理方案，解决电池包热失控和温差大的问题，希望与高校合作开发液冷板与预警算法，' +
      '同时关注固态电池电解质和储能电站的安全', // larger than every document: the document's order
  ];

  it.each(queries)('bit for bit, whichever side is smaller: %s', (text) => {
    const query = model.vector(text, (token) => (token.length > 1 ? 0.9 : 1));
    const prepared = new QueryVector(query, model);
    for (const doc of CATALOGUE) {
      expect(prepared.cosine(model.compactVector(doc))).toBe(cosine(query, model.vector(doc)));
    }
  });

  it('also for a record with terms that no record of the model had when the query was prepared', () => {
    const query = model.vector('氢燃料电池双极板的激光焊接');
    const prepared = new QueryVector(query, model);
    const newcomer = '氢燃料电池金属双极板激光焊接与涂层，接触电阻低于 5 mΩ·cm²';
    expect(prepared.cosine(model.compactVector(newcomer))).toBe(cosine(query, model.vector(newcomer)));
    expect(prepared.cosine(model.compactVector(newcomer))).toBeGreaterThan(0.3);
  });

  it('keeps the same weights in the same order as the Map', () => {
    const text = CATALOGUE[4];
    const compact = model.compactVector(text);
    expect([...compact.weights]).toEqual([...model.vector(text).values()]);
    expect(compact.ids.length).toBe(model.vector(text).size);
  });
});
