import { indicatorMet } from '../project/project.rules';
import { conflictOf, scoreSheetErrors, summariseReview, weightedTotal } from '../review/review.rules';

const criteria = [
  { name: '技术方案先进性', weight: 40 },
  { name: '团队实力与业绩', weight: 30 },
  { name: '产业化可行性', weight: 20 },
  { name: '经费预算合理性', weight: 10 },
];
const sheet = (a: number, b: number, c: number, d: number) => [
  { criterion: '技术方案先进性', score: a },
  { criterion: '团队实力与业绩', score: b },
  { criterion: '产业化可行性', score: c },
  { criterion: '经费预算合理性', score: d },
];

describe('weighted review scores', () => {
  it('weights each criterion: Σ score × weight / 100', () => {
    expect(weightedTotal(criteria, sheet(90, 80, 70, 60))).toBe(80); // 36 + 24 + 14 + 6
    expect(weightedTotal(criteria, sheet(100, 100, 100, 100))).toBe(100);
    expect(weightedTotal(criteria, sheet(85.5, 0, 0, 0))).toBe(34.2);
  });

  it('names missing, unknown and repeated criteria of a score sheet', () => {
    expect(
      scoreSheetErrors(criteria, [
        { criterion: '技术方案先进性' },
        { criterion: '技术方案先进性' },
        { criterion: '颜值' },
      ]),
    ).toEqual({
      missing: ['团队实力与业绩', '产业化可行性', '经费预算合理性'],
      unknown: ['颜值'],
      repeated: ['技术方案先进性'],
    });
  });

  it('sees a conflict when the expert’s organisation is a party to the bid, or one was declared', () => {
    const bid = { id: 'b1', organisations: ['uni-a', 'ent-x'] };
    expect(conflictOf({ userId: 'e1', organisationId: 'ent-x' }, bid, [])).toBe('rule');
    expect(conflictOf({ userId: 'e1', organisationId: null }, bid, [{ bidId: 'b1', userId: 'e1' }])).toBe('declared');
    expect(conflictOf({ userId: 'e1', organisationId: 'uni-b' }, bid, [{ bidId: 'b2', userId: 'e1' }])).toBeNull();
  });

  const base = {
    criteria,
    bids: [
      { id: 'b1', organisations: ['uni-a'] },
      { id: 'b2', organisations: ['uni-b'] },
    ],
    reviewers: [
      { userId: 'e1', organisationId: null, excused: false },
      { userId: 'e2', organisationId: 'uni-b', excused: false },
    ],
    conflicts: [],
  };

  it('aggregates the weighted mean with its spread and ranks the bids; conflicted pairs are not expected', () => {
    const summary = summariseReview({
      ...base,
      scores: [
        { bidId: 'b1', reviewerUserId: 'e1', weightedTotal: 80, scores: sheet(90, 80, 70, 60) },
        { bidId: 'b1', reviewerUserId: 'e2', weightedTotal: 70, scores: sheet(70, 70, 70, 70) },
        { bidId: 'b2', reviewerUserId: 'e1', weightedTotal: 90, scores: sheet(90, 90, 90, 90) },
      ],
    });
    expect(summary.complete).toBe(true);
    expect(summary.conflicts).toEqual([{ userId: 'e2', bidId: 'b2', declared: false }]);
    expect(summary.bids.map((b) => [b.bidId, b.mean, b.spread, b.rank, b.expected])).toEqual([
      ['b2', 90, 0, 1, 1],
      ['b1', 75, 10, 2, 2],
    ]);
    expect(summary.bids[1].criteria[0]).toEqual({ name: '技术方案先进性', weight: 40, mean: 80 });
  });

  it('is incomplete while an expert has a bid to score; an excused expert is not waited for', () => {
    const scores = [{ bidId: 'b1', reviewerUserId: 'e1', weightedTotal: 80, scores: sheet(90, 80, 70, 60) }];
    const open = summariseReview({ ...base, scores });
    expect(open.complete).toBe(false);
    expect(open.pending).toEqual([
      { userId: 'e2', bidId: 'b1' },
      { userId: 'e1', bidId: 'b2' },
    ]);
    const excused = summariseReview({
      ...base,
      reviewers: [
        { userId: 'e1', organisationId: null, excused: true },
        { userId: 'e2', organisationId: 'uni-b', excused: false },
      ],
      scores: [...scores, { bidId: 'b1', reviewerUserId: 'e2', weightedTotal: 60, scores: sheet(60, 60, 60, 60) }],
    });
    expect(excused.complete).toBe(true);
    // the excused expert's score no longer counts; b2 has nobody left to score it
    expect(excused.bids.map((b) => [b.bidId, b.mean, b.scoreCount, b.expected])).toEqual([
      ['b1', 60, 1, 1],
      ['b2', null, 0, 0],
    ]);
  });

  it('gives equal means the same rank', () => {
    const summary = summariseReview({
      ...base,
      reviewers: [{ userId: 'e1', organisationId: null, excused: false }],
      bids: [...base.bids, { id: 'b3', organisations: [] }],
      scores: ['b1', 'b2', 'b3'].map((bidId, i) => ({
        bidId,
        reviewerUserId: 'e1',
        weightedTotal: i === 2 ? 50 : 70,
        scores: sheet(70, 70, 70, 70),
      })),
    });
    expect(summary.bids.map((b) => b.rank)).toEqual([1, 1, 3]);
  });
});

describe('acceptance indicators', () => {
  it('compares measured values with targets written as ≤ < ≥ > = or a plain minimum', () => {
    expect(indicatorMet('≤10', '8')).toBe(true);
    expect(indicatorMet('≤10', '10.5')).toBe(false);
    expect(indicatorMet('<= 10', '10')).toBe(true);
    expect(indicatorMet('≥10000', '12000')).toBe(true);
    expect(indicatorMet('>0.95', '0.95')).toBe(false);
    expect(indicatorMet('200', '180')).toBe(false);
    expect(indicatorMet('=3', '3')).toBe(true);
  });

  it('leaves qualitative indicators to the manager (null)', () => {
    expect(indicatorMet('通过第三方认证', '已通过')).toBeNull();
    expect(indicatorMet('≤10', '约 8')).toBeNull();
    expect(indicatorMet('≤10', '')).toBeNull();
  });
});
