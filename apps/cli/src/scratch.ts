import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AppConfig, AppConfigValues } from '@app/config';
import { createScratchDatabase, runMigrations } from '@app/database';
import { startEmbeddedPostgres, startMeilisearch } from '@app/embedded';
import { Redis } from 'ioredis';
import { Meilisearch } from 'meilisearch';

export interface ScratchOptions {
  /** Part of the scratch database name and temp folder. */
  label: string;
  /** Use MEILI_URL (under a random index prefix) when it is set, instead of always an embedded Meilisearch. */
  preferConfiguredMeili: boolean;
  /**
   * Run jobs through BullMQ on REDIS_URL (under a scratch queue prefix, removed afterwards) when it is set, as
   * production does, instead of in this process with no bound on how many run at once.
   */
  preferConfiguredRedis?: boolean;
}

/**
 * Runs `work` with settings pointing at throw-away backends: a scratch database (a temporary database on
 * DATABASE_URL's server, or embedded PGlite), a scratch Meilisearch namespace and in-process jobs. Everything is
 * removed afterwards, whatever happens. `work` receives the scratch settings (`base` with the scratch backends);
 * the process environment is left alone. Used by `cli eval` and `npm run bench`.
 */
export async function withScratchPlatform<T>(
  options: ScratchOptions,
  base: AppConfig,
  work: (config: AppConfig) => Promise<T>,
): Promise<T> {
  const tag = randomBytes(4).toString('hex');
  const folder = mkdtempSync(join(tmpdir(), `zcz-${options.label}-${tag}-`));
  const cleanups: Array<() => Promise<unknown>> = [async () => rmSync(folder, { recursive: true, force: true })];
  const scratch: Partial<AppConfigValues> = {};
  try {
    if (base.databaseUrl) {
      const database = await createScratchDatabase(base.databaseUrl, `zcz_${options.label}_${tag}`);
      cleanups.push(() => database.drop());
      Object.assign(scratch, { databaseUrl: database.url, databaseMode: 'external' });
    } else {
      const pg = await startEmbeddedPostgres({ dataDir: folder });
      cleanups.push(() => pg.stop());
      Object.assign(scratch, { databaseUrl: pg.url, databaseMode: 'embedded' });
    }
    if (options.preferConfiguredMeili && base.meiliUrl) {
      const meiliUrl = base.meiliUrl;
      const prefix = `${options.label}_${tag}_`;
      scratch.meiliIndexPrefix = prefix;
      cleanups.push(async () => {
        const client = new Meilisearch({ host: meiliUrl, apiKey: base.meiliMasterKey });
        const { results } = await client.getIndexes({ limit: 1000 });
        for (const index of results.filter((i) => i.uid.startsWith(prefix))) await client.deleteIndex(index.uid);
      });
    } else {
      const meili = await startMeilisearch({
        dbPath: join(folder, 'meili'),
        masterKey: randomBytes(24).toString('hex'),
      });
      cleanups.push(() => meili.stop());
      Object.assign(scratch, { meiliUrl: meili.url, meiliMasterKey: meili.masterKey, meiliIndexPrefix: '' });
    }
    scratch.meiliMode = 'external';
    scratch.jwtSecret = randomBytes(32).toString('hex');
    if (options.preferConfiguredRedis && base.redisUrl) {
      const redisUrl = base.redisUrl;
      const prefix = `zcz-${options.label}-${tag}`;
      scratch.queuePrefix = prefix;
      cleanups.push(async () => {
        const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
        try {
          const keys = await redis.keys(`${prefix}:*`);
          for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
        } finally {
          redis.disconnect();
        }
      });
    } else {
      // the scratch platform's jobs stay in this process
      Object.assign(scratch, { redisUrl: undefined, queueMode: 'in-process' });
    }
    await runMigrations(scratch.databaseUrl!);
    return await work(base.with(scratch));
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}
