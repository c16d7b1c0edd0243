import { createHash } from 'node:crypto';

import { AppError, ErrorCode } from '@app/common';
import { AppConfig, LoginLimits } from '@app/config';
import { HttpStatus, Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import IORedis from 'ioredis';

/** Failure counters and locks with expiry: Redis when REDIS_URL is set (shared by every API process), else memory. */
export abstract class AttemptStore {
  /** Counts one failure; returns the failures within the window (the window starts at the first one). */
  abstract fail(key: string, windowSeconds: number): Promise<number>;
  abstract lock(key: string, seconds: number): Promise<void>;
  /** Seconds the key stays locked; 0 when it is not. */
  abstract lockedFor(key: string): Promise<number>;
  abstract clear(key: string): Promise<void>;
  close(): Promise<void> | void {}
}

export class MemoryAttemptStore extends AttemptStore {
  private readonly counters = new Map<string, { n: number; until: number }>();
  private readonly locks = new Map<string, number>();

  async fail(key: string, windowSeconds: number): Promise<number> {
    const now = Date.now();
    const c = this.counters.get(key);
    if (!c || c.until <= now) {
      this.sweep(now);
      this.counters.set(key, { n: 1, until: now + windowSeconds * 1000 });
      return 1;
    }
    return ++c.n;
  }

  async lock(key: string, seconds: number): Promise<void> {
    this.locks.set(key, Date.now() + seconds * 1000);
  }

  async lockedFor(key: string): Promise<number> {
    const until = this.locks.get(key);
    if (until === undefined) return 0;
    const left = until - Date.now();
    if (left <= 0) {
      this.locks.delete(key);
      return 0;
    }
    return Math.ceil(left / 1000);
  }

  async clear(key: string): Promise<void> {
    this.counters.delete(key);
  }

  /** Bounded memory: expired counters go when new ones arrive. */
  private sweep(now: number): void {
    if (this.counters.size < 10000) return;
    for (const [k, c] of this.counters) if (c.until <= now) this.counters.delete(k);
    for (const [k, until] of this.locks) if (until <= now) this.locks.delete(k);
  }
}

export class RedisAttemptStore extends AttemptStore {
  constructor(
    private readonly redis: IORedis,
    private readonly prefix: string,
  ) {
    super();
  }

  async fail(key: string, windowSeconds: number): Promise<number> {
    const k = `${this.prefix}fail:${key}`;
    const res = await this.redis.multi().incr(k).expire(k, windowSeconds, 'NX').exec();
    return Number(res?.[0]?.[1] ?? 0);
  }

  async lock(key: string, seconds: number): Promise<void> {
    await this.redis.set(`${this.prefix}lock:${key}`, '1', 'EX', seconds);
  }

  async lockedFor(key: string): Promise<number> {
    const ms = await this.redis.pttl(`${this.prefix}lock:${key}`);
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(`${this.prefix}fail:${key}`);
  }

  override async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

export function createAttemptStore(config: AppConfig): AttemptStore {
  if (!config.redisUrl) return new MemoryAttemptStore();
  const redis = new IORedis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', (err) => new Logger('LoginThrottle').warn(`Redis: ${err.message}`));
  return new RedisAttemptStore(redis, `${config.queuePrefix}:login:`);
}

export interface LoginOrigin {
  /** Client address as Express sees it (TRUST_PROXY decides whether X-Forwarded-For counts). */
  ip?: string;
}

/** "15 分钟后（北京时间 14:05 之后）" */
function whenText(seconds: number): string {
  const at = new Date(Date.now() + seconds * 1000).toLocaleTimeString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour12: false,
    hour: '2-digit',
    minute: '2-digit',
  });
  const span = seconds < 60 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
  return `${span}后（北京时间 ${at} 之后）`;
}

/**
 * Failed logins are counted per account (the e-mail, whether or not it exists, so a lock says nothing about
 * existence) and per client address. Reaching a limit within the window locks that account or address for the
 * lockout period: every attempt then answers 429 LOGIN_LOCKED with Retry-After, before any password check.
 * A successful login clears the account's counter. When the store is unreachable, logins are not blocked.
 */
@Injectable()
export class LoginThrottle implements OnApplicationShutdown {
  private readonly logger = new Logger(LoginThrottle.name);
  private readonly limits: LoginLimits;

  constructor(
    config: AppConfig,
    @Inject(AttemptStore) private readonly store: AttemptStore,
  ) {
    this.limits = config.login;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }

  /** Throws 429 while the account or the address is locked. */
  async assertAllowed(email: string, origin: LoginOrigin): Promise<void> {
    const [account, address] = await this.safe(
      () => Promise.all([this.store.lockedFor(accountKey(email)), this.addressLock(origin)]),
      [0, 0],
    );
    if (account > 0) throw locked('account', account);
    if (address > 0) throw locked('address', address);
  }

  /** Counts a failure for the account (when given) and the address; locks what reached its limit. */
  async recordFailure(email: string | undefined, origin: LoginOrigin): Promise<void> {
    await this.safe(async () => {
      const { maxFailures, maxFailuresPerAddress, windowSeconds, lockoutSeconds } = this.limits;
      if (email !== undefined) {
        const key = accountKey(email);
        if ((await this.store.fail(key, windowSeconds)) >= maxFailures) {
          await this.store.lock(key, lockoutSeconds);
          await this.store.clear(key);
        }
      }
      if (origin.ip) {
        const key = addressKey(origin.ip);
        if ((await this.store.fail(key, windowSeconds)) >= maxFailuresPerAddress) {
          await this.store.lock(key, lockoutSeconds);
          await this.store.clear(key);
        }
      }
    }, undefined);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.safe(() => this.store.clear(accountKey(email)), undefined);
  }

  /** Registration refusals (e-mail taken) count against the address only. */
  async assertAddressAllowed(origin: LoginOrigin): Promise<void> {
    const address = await this.safe(() => this.addressLock(origin), 0);
    if (address > 0) throw locked('address', address);
  }

  private addressLock(origin: LoginOrigin): Promise<number> {
    return origin.ip ? this.store.lockedFor(addressKey(origin.ip)) : Promise.resolve(0);
  }

  private async safe<T>(fn: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      this.logger.warn(`login limits unavailable: ${(err as Error).message}`);
      return fallback;
    }
  }
}

function accountKey(email: string): string {
  return `a:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32)}`;
}

function addressKey(ip: string): string {
  return `ip:${ip}`;
}

function locked(scope: 'account' | 'address', seconds: number): AppError {
  const who = scope === 'account' ? '该账号登录失败次数过多，已暂时锁定' : '当前网络地址登录失败次数过多，已暂时限制';
  return new AppError(HttpStatus.TOO_MANY_REQUESTS, ErrorCode.LOGIN_LOCKED, `${who}，请于 ${whenText(seconds)}再试`, {
    scope,
    retryAfterSeconds: seconds,
    retryAt: new Date(Date.now() + seconds * 1000).toISOString(),
  }).withHeaders({ 'Retry-After': String(seconds) });
}
