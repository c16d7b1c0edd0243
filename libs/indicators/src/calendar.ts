/** Dates as the bureau reads them: calendar days in Beijing time. */
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

export function beijingDate(at: Date = new Date()): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** Start of a Beijing calendar day as an instant. */
export function beijingDayStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`));
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Share of year `year` elapsed at the end of day `asOf` (0 before it starts, 1 once it is over). */
export function elapsedShare(year: number, asOf: string): number {
  const asOfYear = Number(asOf.slice(0, 4));
  if (year < asOfYear) return 1;
  if (year > asOfYear) return 0;
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const dayEnd = Date.parse(`${asOf}T00:00:00Z`) + 86400000;
  return (dayEnd - start) / (end - start);
}
