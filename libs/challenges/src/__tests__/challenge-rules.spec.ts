import { ChallengeMechanism } from '../challenge/challenge.domain';
import { ChallengeContent, challengeContentErrors } from '../challenge/challenge.rules';

const now = new Date('2026-11-30T08:00:00Z');

const call = (overrides: Partial<ChallengeContent> = {}): ChallengeContent => ({
  mechanism: ChallengeMechanism.OpenCall,
  raceTeams: null,
  directedInstitutionId: null,
  fundingTotal: 500,
  enterpriseShare: 350,
  governmentShare: 150,
  criteria: [
    { name: '技术方案先进性', weight: 60 },
    { name: '团队实力', weight: 40 },
  ],
  indicators: [{ name: '回差' }, { name: '寿命' }],
  bidDeadline: '2026-12-31T17:00:00+08:00',
  ...overrides,
});

const fields = (c: ChallengeContent) => challengeContentErrors(c, now).map((e) => e.field);

describe('challenge content rules', () => {
  it('accepts a complete 揭榜挂帅 call', () => {
    expect(challengeContentErrors(call(), now)).toEqual([]);
  });

  it('refuses weights that do not sum to 100, saying the sum', () => {
    const [error] = challengeContentErrors(call({ criteria: [{ name: '先进性', weight: 70 }] }), now);
    expect(error).toMatchObject({ field: 'criteria', sum: 70 });
    expect(error.reason).toContain('70');
  });

  it('refuses repeated criterion or indicator names', () => {
    expect(
      fields(
        call({
          criteria: [
            { name: '先进性', weight: 50 },
            { name: '先进性', weight: 50 },
          ],
          indicators: [{ name: '回差' }, { name: '回差' }],
        }),
      ),
    ).toEqual(['criteria', 'indicators']);
  });

  it('requires the funding split to add up to the 榜额, exactly in 分', () => {
    expect(fields(call({ fundingTotal: 500, enterpriseShare: 350, governmentShare: 149.99 }))).toEqual([
      'fundingTotal',
    ]);
    expect(fields(call({ fundingTotal: 0.3, enterpriseShare: 0.1, governmentShare: 0.2 }))).toEqual([]);
  });

  it('asks 赛马制 for its team count and 定向委托 for its institution, and nobody else', () => {
    expect(fields(call({ mechanism: ChallengeMechanism.HorseRace }))).toEqual(['raceTeams']);
    expect(fields(call({ mechanism: ChallengeMechanism.HorseRace, raceTeams: 3 }))).toEqual([]);
    expect(fields(call({ raceTeams: 3 }))).toEqual(['raceTeams']);
    expect(fields(call({ mechanism: ChallengeMechanism.Directed }))).toEqual(['directedInstitutionId']);
    expect(fields(call({ directedInstitutionId: '0b5f7c1e-4a56-4c51-9d7a-1b2c3d4e5f60' }))).toEqual([
      'directedInstitutionId',
    ]);
  });

  it('refuses a deadline in the past', () => {
    expect(fields(call({ bidDeadline: '2026-11-29T17:00:00+08:00' }))).toEqual(['bidDeadline']);
  });
});
