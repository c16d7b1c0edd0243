import { timingSafeEqual } from 'node:crypto';

/** The browser session: the access token in an httpOnly cookie that page scripts cannot read. */
export const SESSION_COOKIE = 'zcz_session';
/** Double-submit CSRF token: readable by the console, echoed in `X-CSRF-Token` on unsafe requests. */
export const CSRF_COOKIE = 'zcz_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/** Cookie header → name/value map (first occurrence wins; undecodable values are skipped). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    if (name in out) continue;
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // ignore a malformed value
    }
  }
  return out;
}

/** Constant-time comparison of the CSRF cookie and header. */
export function csrfMatches(cookie: string | undefined, header: string | undefined): boolean {
  if (!cookie || !header || cookie.length < 16) return false;
  const a = Buffer.from(cookie);
  const b = Buffer.from(header);
  return a.length === b.length && timingSafeEqual(a, b);
}
