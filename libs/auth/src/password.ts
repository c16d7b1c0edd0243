import { randomBytes } from 'node:crypto';

import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (OWASP-grade memory cost). */
export async function hashPassword(plain: string): Promise<string> {
  return hash(plain);
}

export async function verifyPassword(hashed: string, plain: string): Promise<boolean> {
  try {
    return await verify(hashed, plain);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/** An argon2id hash of a random secret, made once per process: what unknown accounts are verified against. */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(32).toString('base64'));
  return dummy;
}

/**
 * The login check. An unknown account costs the same argon2 verification as a known one (against the dummy
 * hash), so the answer time does not tell whether an e-mail is registered. Inactive accounts are refused after
 * the same work.
 */
export async function checkPassword(
  user: { passwordHash: string; active: boolean } | null,
  plain: string,
  verify: (hashed: string, plain: string) => Promise<boolean> = verifyPassword,
): Promise<boolean> {
  const ok = await verify(user?.passwordHash ?? (await dummyPasswordHash()), plain);
  return user !== null && user.active && ok;
}
