import { checkPassword, dummyPasswordHash, hashPassword, verifyPassword } from '../password';

describe('checkPassword', () => {
  it('runs argon2 verify for an unknown account too, against the dummy hash, and refuses', async () => {
    const calls: string[] = [];
    const verify = async (hashed: string, plain: string) => {
      calls.push(hashed);
      return verifyPassword(hashed, plain);
    };
    expect(await checkPassword(null, 'Kunshan2026', verify)).toBe(false);
    expect(calls).toEqual([await dummyPasswordHash()]);
    expect(calls[0]).toMatch(/^\$argon2id\$/);
  });

  it('verifies a known account against its own hash, and refuses an inactive one after the same work', async () => {
    const hash = await hashPassword('Kunshan2026');
    const calls: string[] = [];
    const verify = async (hashed: string, plain: string) => {
      calls.push(hashed);
      return verifyPassword(hashed, plain);
    };
    expect(await checkPassword({ passwordHash: hash, active: true }, 'Kunshan2026', verify)).toBe(true);
    expect(await checkPassword({ passwordHash: hash, active: true }, 'wrong-2026', verify)).toBe(false);
    expect(await checkPassword({ passwordHash: hash, active: false }, 'Kunshan2026', verify)).toBe(false);
    expect(calls).toEqual([hash, hash, hash]);
  });
});
