import { charBigrams, cosine, TfIdfModel } from '../engine/text';
import {
  bestPassage,
  CollectionStats,
  passageVectors,
  passageWindows,
  phraseCoverage,
  phraseQuery,
  queryLikelihood,
  termCounts,
} from '../engine/text-evidence';

const catalogue = [
  '锂电池热失控预警系统。基于多点温度传感器和气体传感器，实时监测电芯状态。适用于储能电站和电动汽车。',
  '氮化镓外延片生长工艺。采用金属有机化学气相沉积，提高晶体质量。',
  '碳纳米管导电浆料制备方法。用于锂电池正极，降低内阻。',
  '一种农业灌溉控制装置。根据土壤湿度自动调节水量。',
];

function model(): TfIdfModel {
  const m = new TfIdfModel(charBigrams, true);
  catalogue.forEach((t) => m.add(t));
  return m;
}

function collection(m: TfIdfModel): CollectionStats {
  return { probability: (t) => m.collectionProbability(t), meanLength: m.meanLength };
}

describe('collection statistics', () => {
  it('counts every occurrence of a term (cf) and the tokens of all documents', () => {
    const m = new TfIdfModel(charBigrams, true);
    m.add('电池电池');
    m.add('电池');
    expect(m.df.get('电池')).toBe(2);
    expect(m.cf.get('电池')).toBe(3);
    expect(m.tokens).toBe(4); // 电池 池电 电池 + 电池
    expect(m.meanLength).toBe(2);
    expect(m.collectionProbability('电池')).toBeCloseTo(0.75);
    expect(m.collectionProbability('光伏')).toBe(0);
  });

  it('counts no collection frequencies unless asked to (they cost build time)', () => {
    const m = new TfIdfModel(charBigrams);
    m.add('电池电池');
    expect(m.df.get('电池')).toBe(1);
    expect(m.cf.size).toBe(0);
    expect(m.collectionProbability('电池')).toBe(0);
    expect(m.meanLength).toBe(0);
  });
});

describe('passage evidence', () => {
  it('splits a text into windows of three consecutive sentences, sliding by one', () => {
    const text = '第一句。第二句！第三句；第四句\n第五句。';
    expect(passageWindows(text)).toEqual([
      '第一句。第二句。第三句',
      '第二句。第三句。第四句',
      '第三句。第四句。第五句',
    ]);
  });

  it('keeps a short text as one passage, and an empty text as none', () => {
    expect(passageWindows('只有一句话。还有一句')).toEqual(['只有一句话。还有一句']);
    expect(passageWindows('  \n ')).toEqual([]);
  });

  it('finds a focused match that the whole long document dilutes', () => {
    const m = model();
    const filler = Array.from({ length: 12 }, (_, i) => `本装置第${i}部分涉及农业灌溉与土壤湿度的自动调节。`).join('');
    const long = `${filler}其中包括锂电池热失控预警模块。${filler}`;
    const query = m.vector('锂电池热失控预警');
    const whole = cosine(query, m.vector(long));
    const passage = bestPassage(query, passageVectors(m, long));
    expect(passage).toBeGreaterThan(whole * 2);
    // a one-passage text scores its plain cosine
    const short = catalogue[1];
    expect(bestPassage(query, passageVectors(m, short))).toBeCloseTo(cosine(query, m.vector(short)), 10);
  });

  it('is zero without passages', () => {
    expect(bestPassage(new Map([['电池', 1]]), [])).toBe(0);
  });
});

describe('query likelihood (Dirichlet)', () => {
  it('ranks the document that uses the query terms above one that does not, and is 1 when nothing is shared', () => {
    const m = model();
    const query = m.termFrequencies('锂电池热失控');
    const stats = collection(m);
    const onTopic = queryLikelihood(query, termCounts(m, catalogue[0]), stats);
    const nearby = queryLikelihood(query, termCounts(m, catalogue[2]), stats);
    const offTopic = queryLikelihood(query, termCounts(m, catalogue[3]), stats);
    expect(onTopic).toBeGreaterThan(nearby);
    expect(nearby).toBeGreaterThan(offTopic);
    expect(offTopic).toBeLessThan(1);
    expect(queryLikelihood(query, { counts: new Map(), length: 0 }, stats)).toBeCloseTo(1, 10);
  });

  it('skips terms the collection has never seen, and query terms of weight 0', () => {
    const m = model();
    const stats = collection(m);
    const doc = termCounts(m, catalogue[0]);
    const base = queryLikelihood(new Map([['电池', 1]]), doc, stats);
    expect(
      queryLikelihood(
        new Map([
          ['电池', 1],
          ['量子', 3],
          ['热失', 0],
        ]),
        doc,
        stats,
      ),
    ).toBeCloseTo(base, 10);
    expect(queryLikelihood(new Map([['量子', 1]]), doc, stats)).toBe(0);
  });

  it('applies the smoothing formula', () => {
    const stats: CollectionStats = { probability: (t) => ({ 电池: 0.01, 温度: 0.02 })[t] ?? 0, meanLength: 100 };
    const doc = { counts: new Map([['电池', 3]]), length: 50 };
    const q = new Map([
      ['电池', 2],
      ['温度', 1],
    ]);
    const p1 = (3 + 100 * 0.01) / 150 / 0.01;
    const p2 = (0 + 100 * 0.02) / 150 / 0.02;
    expect(queryLikelihood(q, doc, stats)).toBeCloseTo(Math.exp((2 * Math.log(p1) + Math.log(p2)) / 3), 10);
    expect(queryLikelihood(q, doc, stats, 10)).toBeCloseTo(
      Math.exp((2 * Math.log((3 + 0.1) / 60 / 0.01) + Math.log(0.2 / 60 / 0.02)) / 3),
      10,
    );
  });
});

describe('phrase evidence', () => {
  const unit = () => 1;

  it('counts the bigrams of verbatim spans of three characters or more, not lone bigrams', () => {
    const q = phraseQuery('热失控预警', unit); // bigrams 热失 失控 控预 预警
    expect(q.mass).toBe(4);
    expect(phraseCoverage(q, '电池热失控预警系统')).toBe(1);
    expect(phraseCoverage(q, '电池热失控后报警')).toBe(0.5); // 热失控 only
    expect(phraseCoverage(q, '热失与预警')).toBe(0); // two lone bigrams
  });

  it('takes the longest span at each position and never counts a bigram twice', () => {
    const q = phraseQuery('锂电池热管理', unit); // 锂电 电池 池热 热管 管理
    // 锂电池 and 池热管理 both occur; 池 is the shared character, its bigram 池热 belongs to the second span
    expect(phraseCoverage(q, '锂电池。池热管理')).toBe(1);
    expect(phraseCoverage(q, '锂电池与热管理')).toBeCloseTo(4 / 5); // 锂电池 + 热管理
  });

  it('weights bigrams by the given weight, reads CJK runs only, and agrees with the bigram pre-check', () => {
    const q = phraseQuery('LED热失控, 温度', (b) => (b === '热失' ? 3 : 1));
    expect(q.runs.map((r) => r.text)).toEqual(['热失控', '温度']);
    expect(q.mass).toBe(5);
    const doc = '热失控的温度';
    expect(phraseCoverage(q, doc)).toBeCloseTo(4 / 5);
    expect(phraseCoverage(q, doc, new Set(charBigrams(doc)))).toBeCloseTo(4 / 5);
    expect(phraseCoverage(phraseQuery('', unit), doc)).toBe(0);
  });
});
