import { AppError } from '@app/common';
import { AppConfig } from '@app/config';

import { LoginThrottle, MemoryAttemptStore } from '../login-throttle';

/** The embedded mode's store (no Redis): the same rules as the Redis store exercised by test/security.e2e-spec.ts. */
describe('LoginThrottle with the in-memory store', () => {
  const config = AppConfig.fromEnv({
    LOGIN_MAX_FAILURES: '2',
    LOGIN_MAX_FAILURES_PER_ADDRESS: '3',
    LOGIN_WINDOW_SECONDS: '60',
    LOGIN_LOCKOUT_SECONDS: '1',
  });

  async function refusal(p: Promise<void>): Promise<AppError | undefined> {
    try {
      await p;
      return undefined;
    } catch (err) {
      return err as AppError;
    }
  }

  it('locks an account after the limit, tells when to retry, and lets it in after the lockout', async () => {
    const throttle = new LoginThrottle(config, new MemoryAttemptStore());
    const origin = { ip: '10.0.0.1' };
    await throttle.assertAllowed('li@example.com', origin);
    await throttle.recordFailure('li@example.com', origin);
    await throttle.assertAllowed('LI@example.com ', origin);
    await throttle.recordFailure('li@example.com', origin);
    const err = await refusal(throttle.assertAllowed('li@example.com', { ip: '10.0.0.2' }));
    expect(err?.getStatus()).toBe(429);
    expect(err?.code).toBe('LOGIN_LOCKED');
    expect(err?.headers).toEqual({ 'Retry-After': '1' });
    expect(err?.message).toContain('该账号登录失败次数过多');
    await throttle.assertAllowed('wang@example.com', { ip: '10.0.0.2' }); // other accounts are not affected
    await new Promise((r) => setTimeout(r, 1100));
    await throttle.assertAllowed('li@example.com', origin);
  });

  it('locks an address that fails across accounts; a success clears only the account counter', async () => {
    const throttle = new LoginThrottle(config, new MemoryAttemptStore());
    const origin = { ip: '10.0.0.9' };
    await throttle.recordFailure('a@example.com', origin);
    await throttle.recordSuccess('a@example.com');
    await throttle.recordFailure('a@example.com', origin); // 1 for the account again, 2 for the address
    await throttle.assertAllowed('a@example.com', origin);
    await throttle.recordFailure(undefined, origin); // a refused registration
    const err = await refusal(throttle.assertAllowed('c@example.com', origin));
    expect((err?.details as { scope: string }).scope).toBe('address');
    await throttle.assertAllowed('c@example.com', { ip: '10.0.0.10' });
  });
});
