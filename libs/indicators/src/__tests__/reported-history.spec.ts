import { countedAfter, HISTORY_REPORTABLE, historyFor, PLATFORM_START_DATE } from '../reported-history';

describe('reported history of observed indicators', () => {
  it('is data: the platform start date and the rows that take history', () => {
    expect(PLATFORM_START_DATE).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect([...HISTORY_REPORTABLE].sort()).toEqual([
      'excellent_projects',
      'innovation_consortia',
      'jiebang_projects',
      'key_rd_projects',
    ]);
  });

  const reports = [
    { year: 2025, value: 12, asOf: '2025-12-31' },
    { year: 2024, value: 60, asOf: '2024-12-31' },
  ];

  it('an annual figure builds on its own year’s report; a cumulative one on the latest up to its year', () => {
    expect(historyFor({ accumulation: 'annual' }, 2025, reports)).toEqual(reports[0]);
    expect(historyFor({ accumulation: 'annual' }, 2026, reports)).toBeNull();
    expect(historyFor({ accumulation: 'cumulative' }, 2026, reports)).toEqual(reports[0]);
    expect(historyFor({ accumulation: 'cumulative' }, 2024, reports)).toEqual(reports[1]);
    expect(historyFor({ accumulation: 'cumulative' }, 2023, reports)).toBeNull();
  });

  it('counts records from the Beijing day after the history’s date', () => {
    expect(countedAfter(null)).toBeNull();
    expect(countedAfter(reports[0])!.toISOString()).toBe('2025-12-31T16:00:00.000Z');
  });
});
