import calendarData from './holidays.json';

/** Calendar days in Beijing time. */
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

export function beijingDay(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

export function beijingHour(at: Date): number {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).getUTCHours();
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export interface CalendarData {
  /** Public holidays (no work). */
  holidays: string[];
  /** Weekend days that are worked (调休上班). */
  workdays: string[];
}

/**
 * Working days as data: Monday–Friday, minus the listed public holidays, plus the listed weekend working days
 * (调休). The list is `holidays.json`; next year's dates are added there, not in code.
 */
export class WorkingCalendar {
  private readonly holidays: Set<string>;
  private readonly workdays: Set<string>;

  constructor(data: CalendarData = calendarData) {
    this.holidays = new Set(data.holidays);
    this.workdays = new Set(data.workdays);
  }

  isWorkingDay(day: string): boolean {
    if (this.workdays.has(day)) return true;
    if (this.holidays.has(day)) return false;
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /**
   * Whole working days between two instants: the working days strictly after the day of `from` up to and including
   * the day of `to` (a demand submitted on Friday and looked at on Tuesday has waited 2 working days: Mon, Tue).
   */
  workingDaysBetween(from: Date, to: Date): number {
    let day = beijingDay(from);
    const last = beijingDay(to);
    let count = 0;
    while (day < last) {
      day = addDays(day, 1);
      if (this.isWorkingDay(day)) count++;
    }
    return count;
  }
}
