import { rmSync } from 'node:fs';

import Redis from 'ioredis';

import { RUN_STATE_KEY, type TestRunState } from './global-setup';
import { dropDatabases, listDatabases, TEST_DB_PREFIX } from './utils/database';

/** Undoes test/global-setup.ts: Meilisearch, temp dir, the run's databases and its Redis keys. Never throws on half-done setups. */
export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>)[RUN_STATE_KEY] as TestRunState | undefined;
  if (!state) return;
  (globalThis as Record<string, unknown>)[RUN_STATE_KEY] = undefined;
  const problems: string[] = [];
  const attempt = async (what: string, fn: () => Promise<unknown>): Promise<void> => {
    try {
      await fn();
    } catch (err) {
      problems.push(`${what}: ${(err as Error).message}`);
    }
  };

  // With --runInBand the tests ran in this process: a pg client they leaked (and gave no 'error' listener)
  // would crash Jest when its session is terminated below. Swallow exactly that error while tearing down.
  const onUncaught = (err: Error & { code?: string; context?: unknown }): void => {
    // Errors from the tests' realm arrive wrapped as ERR_UNHANDLED_ERROR, the original in `context`.
    const inner = (err?.code === 'ERR_UNHANDLED_ERROR' ? err.context : err) as { code?: string; message?: string };
    if (inner?.code === '57P01' || /Connection terminated unexpectedly/.test(inner?.message ?? '')) return;
    console.error('[global-teardown] uncaught exception:', err);
    process.exitCode = 1;
  };
  process.on('uncaughtException', onUncaught);

  await Promise.all([
    attempt('stop Meilisearch', async () => state.meili?.stop()),
    attempt('delete Meilisearch indexes', async () => state.externalMeili && deleteIndexes(state.externalMeili)),
    attempt('drop test databases', async () => {
      if (!state.templateCreated) return; // setup failed before any database existed
      const names = await listDatabases(state.pgAdminUrl, `${TEST_DB_PREFIX}${state.runId}_`);
      names.push(state.templateDb);
      await dropDatabases(state.pgAdminUrl, names);
    }),
    attempt('delete Redis keys', () => deleteRedisKeys(state.redisUrl, `${state.queuePrefix}*`)),
  ]);
  await attempt('remove temp dir', async () => rmSync(state.tempDir, { recursive: true, force: true }));
  await new Promise((done) => setImmediate(done)); // let terminated clients report before unhooking
  process.off('uncaughtException', onUncaught);

  if (problems.length) console.warn(`[global-teardown] run ${state.runId}:\n  ${problems.join('\n  ')}`);
}

async function deleteRedisKeys(url: string, pattern: string): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined); // reported through the rejected command instead
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Only for an external Meilisearch (TEST_MEILI_URL): the run's own server disappears with its temp dir. */
async function deleteIndexes(meili: { url: string; masterKey?: string; indexPrefix: string }): Promise<void> {
  const headers: Record<string, string> = meili.masterKey ? { Authorization: `Bearer ${meili.masterKey}` } : {};
  const res = await fetch(`${meili.url}/indexes?limit=1000`, { headers, signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`GET /indexes answered ${res.status}`);
  const { results } = (await res.json()) as { results: Array<{ uid: string }> };
  for (const { uid } of results.filter((index) => index.uid.startsWith(meili.indexPrefix))) {
    await fetch(`${meili.url}/indexes/${encodeURIComponent(uid)}`, { method: 'DELETE', headers });
  }
}
