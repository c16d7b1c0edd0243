import { beijingToday, isFutureDate, isPastDate } from '../dto-helpers';

describe('calendar dates in Beijing time', () => {
  // 2026-11-30 23:30 in Beijing is still 2026-11-30 15:30 UTC; 00:30 the next day in Beijing is 16:30 UTC
  const lateEvening = new Date('2026-11-30T15:30:00Z');
  const pastMidnight = new Date('2026-11-30T16:30:00Z');

  it('takes today from the Beijing clock, not UTC', () => {
    expect(beijingToday(lateEvening)).toBe('2026-11-30');
    expect(beijingToday(pastMidnight)).toBe('2026-12-01');
  });

  it('calls a date past only before today, future only after it', () => {
    expect(isPastDate('2020-01-01', lateEvening)).toBe(true);
    expect(isPastDate('2026-11-29', lateEvening)).toBe(true);
    expect(isPastDate('2026-11-30', lateEvening)).toBe(false);
    expect(isPastDate('2026-11-30', pastMidnight)).toBe(true);
    expect(isFutureDate('2026-12-01', lateEvening)).toBe(true);
    expect(isFutureDate('2026-12-01', pastMidnight)).toBe(false);
    expect(isPastDate('not a date', lateEvening)).toBe(false);
  });
});
