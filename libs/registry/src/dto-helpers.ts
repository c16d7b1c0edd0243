import { Transform } from 'class-transformer';

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
