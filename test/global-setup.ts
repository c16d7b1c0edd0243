import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from 'pg';
import { register as registerTsconfigPaths } from 'tsconfig-paths';

import { startMeilisearch } from '../libs/embedded/src/meilisearch-server';
import { databaseUrl } from './utils/database';

/** What global-teardown needs; globalSetup and globalTeardown run in the same (parent) process. */
export interface TestRunState {
  runId: string;
  tempDir: string;
  pgAdminUrl: string;
  templateDb: string;
  templateCreated?: boolean;
  queuePrefix: string;
  redisUrl: string;
  /** Set when this run started its own Meilisearch (deleted with tempDir); otherwise indexes are removed by prefix. */
  meili?: { url: string; stop(): Promise<void> };
  externalMeili?: { url: string; masterKey?: string; indexPrefix: string };
}

export const RUN_STATE_KEY = '__zczTestRun';

/**
 * Once per `jest` run (however many of the projects that need services run), in the parent process: a private Meilisearch, a migrated template database and the
 * environment every test worker inherits (workers are forked after this resolves).
 */
export default async function globalSetup(): Promise<void> {
  // The integration, e2e and browser projects each name this setup: the first one to run sets up for all.
  if ((globalThis as Record<string, unknown>)[RUN_STATE_KEY]) return;
  const started = Date.now();
  const runId = randomBytes(3).toString('hex');
  const state: TestRunState = {
    runId,
    tempDir: mkdtempSync(join(tmpdir(), `zcz-test-${runId}-`)),
    pgAdminUrl: process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    templateDb: `zcz_tpl_${runId}`,
    queuePrefix: `zcz-test-${runId}`,
    redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  };
  (globalThis as Record<string, unknown>)[RUN_STATE_KEY] = state;

  try {
    const masterKey = randomBytes(24).toString('base64url');
    // allSettled: if one half fails, the other must have finished before teardown cleans up after both.
    const [meiliResult, templateResult] = await Promise.allSettled([
      process.env.TEST_MEILI_URL
        ? { url: process.env.TEST_MEILI_URL, masterKey: process.env.TEST_MEILI_MASTER_KEY }
        : startMeilisearch({
            dbPath: join(state.tempDir, 'meili', 'data.ms'),
            masterKey,
            bin: process.env.MEILI_BIN || undefined,
            logFile: join(state.tempDir, 'meilisearch.log'),
          }).then((server) => (state.meili = server)),
      createTemplateDatabase(state),
    ]);
    if (meiliResult.status === 'rejected') {
      const reason = meiliResult.reason as Error;
      reason.message += ' For tests, TEST_MEILI_URL (+ TEST_MEILI_MASTER_KEY) selects an already running server.';
      throw reason;
    }
    if (templateResult.status === 'rejected') throw templateResult.reason;
    const meili = meiliResult.value;

    if (!state.meili) state.externalMeili = { url: meili.url, masterKey: meili.masterKey, indexPrefix: `t${runId}_` };
    Object.assign(process.env, {
      NODE_ENV: 'test',
      TEST_RUN_ID: runId,
      TEST_TEMPLATE_DB: state.templateDb,
      TEST_PG_ADMIN_URL: state.pgAdminUrl,
      MEILI_URL: meili.url,
      MEILI_MASTER_KEY: meili.masterKey ?? '',
      MEILI_MODE: 'external',
      MEILI_INDEX_PREFIX: `t${runId}_`,
      REDIS_URL: state.redisUrl,
      QUEUE_PREFIX: state.queuePrefix,
      JWT_SECRET: randomBytes(36).toString('base64url'),
      LOG_LEVEL: 'warn',
    });
    if (process.env.TEST_VERBOSE_SETUP) {
      console.log(`\n[global-setup] run ${runId} ready in ${Date.now() - started} ms, Meilisearch at ${meili.url}`);
    }
  } catch (err) {
    const { default: globalTeardown } = await import('./global-teardown');
    await globalTeardown().catch((cleanupErr: Error) => console.error('[global-setup] cleanup failed:', cleanupErr));
    throw err;
  }
}

async function createTemplateDatabase(state: TestRunState): Promise<void> {
  const admin = new Client({ connectionString: state.pgAdminUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `[global-setup] cannot reach PostgreSQL at ${state.pgAdminUrl}: ${(err as Error).message}. ` +
        'Start it, or set TEST_PG_URL to a server where this user may CREATE DATABASE.',
      { cause: err },
    );
  }
  try {
    await admin.query(`CREATE DATABASE "${state.templateDb}"`);
    state.templateCreated = true;
  } finally {
    await admin.end();
  }
  // Jest's moduleNameMapper does not apply to globalSetup, and the data source reaches every entity through
  // the @app/* aliases: resolve them with tsconfig-paths in this (parent) process.
  registerTsconfigPaths({ baseUrl: join(__dirname, '..'), paths: { '@app/*': ['libs/*/src'] } });
  const { runMigrations } = await import('../libs/database/src/migrate');
  await runMigrations(databaseUrl(state.pgAdminUrl, state.templateDb), { poolSize: 1 });
}
