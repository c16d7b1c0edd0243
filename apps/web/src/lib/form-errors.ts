import type { FormInstance } from 'antd';

import { ApiError } from './api';

/**
 * Puts the API's validation problems (details[].field) beside their fields; returns false when the error is not
 * about fields of this form (the page then shows it as a message with the request id).
 */
export function showFieldErrors(form: FormInstance, err: unknown, fields: readonly string[]): boolean {
  if (!(err instanceof ApiError) || err.fields.length === 0) return false;
  const mine = err.fields.filter((f) => fields.includes(f.field));
  if (mine.length === 0) return false;
  const byField = new Map<string, string[]>();
  for (const f of mine) byField.set(f.field, [...(byField.get(f.field) ?? []), f.message]);
  form.setFields([...byField].map(([name, errors]) => ({ name: name.split('.'), errors })));
  return true;
}
