/** Lone UTF-16 surrogates: not text, and PostgreSQL (UTF-8) cannot store them. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface UnsafeText {
  field: string;
  reason: string;
}

export function unsafeTextReason(text: string): string | undefined {
  if (text.includes('\u0000')) return '不能包含 NUL 字符（\\u0000）';
  if (LONE_SURROGATE.test(text)) return '包含不成对的 UTF-16 代理字符';
  return undefined;
}

/** The first string (or key) holding a NUL character or a lone surrogate, with its dotted path. */
export function findUnsafeText(value: unknown, path: string, depth = 0): UnsafeText | undefined {
  if (typeof value === 'string') {
    const reason = unsafeTextReason(value);
    return reason ? { field: path, reason } : undefined;
  }
  if (typeof value !== 'object' || value === null || depth > 64) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeText(value[i], path ? `${path}.${i}` : String(i), depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (Buffer.isBuffer(value)) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    const keyReason = unsafeTextReason(key);
    if (keyReason) return { field, reason: `字段名${keyReason}` };
    const found = findUnsafeText(item, field, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Nesting depth of a JSON text, counted on the raw bytes before parsing (brackets inside strings do not count):
 * true as soon as it exceeds `max`. Linear, no recursion, so a 5 000-deep body costs nothing.
 */
export function jsonDepthExceeds(buf: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}
