import { arrayLiteral, topEntries } from '../engine/candidate-index';

/** The reference: every entry sorted, heaviest first, ties by the term. */
const sortedAll = (v: Map<string, number>, k: number) =>
  [...v].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, k);

describe('candidate index helpers', () => {
  it('topEntries gives the same list as sorting every entry, ties at the cut included', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const chars = '氮化铝陶瓷基板流延成型碳硅功率模块银烧结协作机器人谐波减速器';
    for (let round = 0; round < 200; round++) {
      const v = new Map<string, number>();
      const size = Math.floor(rnd() * 150);
      for (let i = 0; i < size; i++) {
        const term = chars[Math.floor(rnd() * chars.length)] + chars[Math.floor(rnd() * chars.length)];
        // few distinct weights: many ties, also at the cut
        v.set(term, Math.round(rnd() * 6) / 6);
      }
      for (const k of [0, 1, 5, 64, 200]) expect(topEntries(v, k)).toEqual(sortedAll(v, k));
    }
  });

  it('arrayLiteral quotes every element and escapes quotes and backslashes', () => {
    expect(arrayLiteral([])).toBe('{}');
    expect(arrayLiteral(['陶瓷', 'null', 'a"b', 'c\\d'])).toBe('{"陶瓷","null","a\\"b","c\\\\d"}');
  });
});

describe('time spans of Meilisearch requests', () => {
  // imported here: the engine module is heavy, and only this helper is pure
  const { unionMs } = jest.requireActual<typeof import('../engine/matching-engine')>('../engine/matching-engine');

  it('counts overlapping requests once and disjoint ones in full', () => {
    expect(unionMs([])).toBe(0);
    expect(unionMs([[10, 50]])).toBe(40);
    expect(
      unionMs([
        [10, 50],
        [20, 30],
      ]),
    ).toBe(40); // documents read inside the keyword queries' span
    expect(
      unionMs([
        [30, 60],
        [10, 50],
      ]),
    ).toBe(50); // overlapping, given out of order
    expect(
      unionMs([
        [10, 50],
        [50, 55],
      ]),
    ).toBe(45); // serial: the documents after the queries
    expect(
      unionMs([
        [0, 5],
        [10, 12],
      ]),
    ).toBe(7);
  });
});
