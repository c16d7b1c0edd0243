import { randomBytes } from 'node:crypto';

import { PlatformBootstrap } from '@app/platform';
import { JobQueue } from '@app/queue';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';

import { createApiApp } from '../../apps/api/src/create-api-app';
import { createTestDatabase, dropTestDatabase } from './database';

export const TEST_ADMIN = { email: 'admin@test.local', password: 'Admin@2026test' };

export interface TestApp {
  app: INestApplication;
  http: TestAgent;
  databaseUrl: string;
  /**
   * Waits until every committed event is dispatched and every job (and follow-up job) has run; gives up after
   * `timeoutMs` (default 60 s; `Infinity`: only the test's own Jest timeout bounds the wait).
   */
  settle(options?: { timeoutMs?: number }): Promise<void>;
  close(): Promise<void>;
}

/**
 * Boots the real API (with BullMQ workers in process) on a fresh database cloned from the migrated template,
 * real Redis under a queue prefix of its own and the run's real Meilisearch. One per test file.
 */
export async function createTestApp(): Promise<TestApp> {
  const db = await createTestDatabase();
  const tag = randomBytes(3).toString('hex');
  process.env.DATABASE_URL = db.url;
  process.env.DATABASE_MODE = 'external';
  // Test files share a worker process (and its env): derive per-file names from the run's base values.
  process.env.TEST_QUEUE_PREFIX_BASE ??= process.env.QUEUE_PREFIX ?? 'zcz-test';
  process.env.TEST_MEILI_PREFIX_BASE ??= process.env.MEILI_INDEX_PREFIX ?? 't_';
  process.env.QUEUE_PREFIX = `${process.env.TEST_QUEUE_PREFIX_BASE}-${tag}`;
  process.env.MEILI_INDEX_PREFIX = `${process.env.TEST_MEILI_PREFIX_BASE}${tag}_`;
  process.env.ADMIN_EMAIL = TEST_ADMIN.email;
  process.env.ADMIN_PASSWORD = TEST_ADMIN.password;
  const app = await createApiApp({ consumeJobs: true, logger: ['error', 'warn'] });
  await app.init();
  await app.get(PlatformBootstrap).run();
  const queue = app.get(JobQueue);
  return {
    app,
    http: request(app.getHttpServer()),
    databaseUrl: db.url,
    async settle({ timeoutMs = 60000 } = {}) {
      const dataSource = app.get(DataSource);
      const deadline = Date.now() + timeoutMs;
      let calm = 0;
      // Two calm looks in a row: a finishing job may commit events that enqueue follow-up jobs.
      while (calm < 2) {
        if (Date.now() > deadline) throw new Error(`platform did not settle within ${timeoutMs / 1000} s`);
        await queue.idle(timeoutMs);
        const rows = await dataSource.query('SELECT count(*)::int AS n FROM domain_events WHERE dispatched_at IS NULL');
        calm = rows[0].n === 0 ? calm + 1 : 0;
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      await app.close();
      await dropTestDatabase(db.name);
    },
  };
}

/** Logs in and returns the Authorization header value. */
export async function login(http: TestAgent, email: string, password: string): Promise<string> {
  const res = await http.post('/auth/login').send({ email, password }).expect(200);
  return `Bearer ${res.body.accessToken}`;
}

/** supertest parser for a file download: the body as one Buffer (xlsx, pdf…). */
export function binaryBody(res: request.Response, done: (err: Error | null, body: unknown) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
