import { Transform } from 'class-transformer';

/** Trims strings; leaves everything else for the validators to judge. */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** A calendar date `YYYY-MM-DD` (Kunshan date). */
export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
