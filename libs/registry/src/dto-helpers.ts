import { Transform } from 'class-transformer';
import { ValidateBy, ValidationOptions } from 'class-validator';

/** Trims strings; leaves everything else for the validators to judge. */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** Trims each string of an array and drops empty and repeated entries. */
export const CleanStringArray = (): PropertyDecorator =>
  Transform(({ value }) =>
    Array.isArray(value)
      ? [...new Set(value.map((v) => (typeof v === 'string' ? v.trim() : v)).filter((v) => v !== ''))]
      : value,
  );

/** Accepts a comma-separated query string or a repeated parameter as an array. */
export const QueryArray = (): PropertyDecorator =>
  Transform(({ value }) =>
    value === undefined ? undefined : (Array.isArray(value) ? value : String(value).split(',')).filter(Boolean),
  );

/** Today's calendar date in Beijing time, `YYYY-MM-DD` (the platform's dates are Kunshan dates). */
export function beijingToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
}

/** An ISO date (`YYYY-MM-DD…`) before today in Beijing time; anything else (today, later, not a date) is not. */
export function isPastDate(value: unknown, now = new Date()): boolean {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) && value.slice(0, 10) < beijingToday(now);
}

/** An ISO date after today in Beijing time. */
export function isFutureDate(value: unknown, now = new Date()): boolean {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) && value.slice(0, 10) > beijingToday(now);
}

/** Refuses a date before today (constraint `notPastDate`, reason 不能早于今天). */
export const NotPastDate = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy({ name: 'notPastDate', validator: { validate: (value) => !isPastDate(value) } }, options);

/** Refuses a date after today (constraint `notFutureDate`, reason 不能晚于今天). */
export const NotFutureDate = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy({ name: 'notFutureDate', validator: { validate: (value) => !isFutureDate(value) } }, options);
