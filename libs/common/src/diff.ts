/** The fields whose values differ between two snapshots, as before/after halves for the event log. */
export function diffFields<T extends object>(
  before: T,
  after: T,
  keys: readonly (keyof T)[],
): { before: Record<string, unknown>; after: Record<string, unknown>; changed: string[] } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  const changed: string[] = [];
  for (const key of keys) {
    const x = before[key];
    const y = after[key];
    if (JSON.stringify(x ?? null) !== JSON.stringify(y ?? null)) {
      b[key as string] = x ?? null;
      a[key as string] = y ?? null;
      changed.push(key as string);
    }
  }
  return { before: b, after: a, changed };
}

/** Copy of an object without the given keys. */
export function omit<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Omit<T, K> {
  const copy = { ...value };
  for (const key of keys) delete copy[key];
  return copy;
}
