import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runMigrations } from '@app/database';
import { startEmbeddedPostgres, startMeilisearch } from '@app/embedded';
import { Redis } from 'ioredis';
import { Meilisearch } from 'meilisearch';
import { Client } from 'pg';

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

async function admin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Runs `work` with the environment pointing at throw-away backends: a scratch database (a temporary database on
 * DATABASE_URL's server, or embedded PGlite), a scratch Meilisearch namespace and in-process jobs. Everything is
 * removed and the environment restored afterwards, whatever happens. Used by `cli eval` and `npm run bench`.
 */
export async function withScratchPlatform<T>(options: ScratchOptions, work: () => Promise<T>): Promise<T> {
  const tag = randomBytes(4).toString('hex');
  const folder = mkdtempSync(join(tmpdir(), `zcz-${options.label}-${tag}-`));
  const baseEnv = { ...process.env };
  const cleanups: Array<() => Promise<unknown>> = [async () => rmSync(folder, { recursive: true, force: true })];
  try {
    if (baseEnv.DATABASE_URL) {
      const name = `zcz_${options.label}_${tag}`;
      await admin(baseEnv.DATABASE_URL, `CREATE DATABASE ${name}`);
      cleanups.push(() => admin(baseEnv.DATABASE_URL!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      const url = new URL(baseEnv.DATABASE_URL);
      url.pathname = `/${name}`;
      process.env.DATABASE_URL = url.toString();
      process.env.DATABASE_MODE = 'external';
    } else {
      const pg = await startEmbeddedPostgres({ dataDir: folder });
      cleanups.push(() => pg.stop());
      process.env.DATABASE_URL = pg.url;
      process.env.DATABASE_MODE = 'embedded';
    }
    if (options.preferConfiguredMeili && baseEnv.MEILI_URL) {
      const prefix = `${options.label}_${tag}_`;
      process.env.MEILI_INDEX_PREFIX = prefix;
      cleanups.push(async () => {
        const client = new Meilisearch({ host: baseEnv.MEILI_URL!, apiKey: baseEnv.MEILI_MASTER_KEY });
        const { results } = await client.getIndexes({ limit: 1000 });
        for (const index of results.filter((i) => i.uid.startsWith(prefix))) await client.deleteIndex(index.uid);
      });
    } else {
      const meili = await startMeilisearch({
        dbPath: join(folder, 'meili'),
        masterKey: randomBytes(24).toString('hex'),
      });
      cleanups.push(() => meili.stop());
      process.env.MEILI_URL = meili.url;
      process.env.MEILI_MASTER_KEY = meili.masterKey;
      process.env.MEILI_INDEX_PREFIX = '';
    }
    process.env.MEILI_MODE = 'external';
    process.env.JWT_SECRET = randomBytes(32).toString('hex');
    if (options.preferConfiguredRedis && baseEnv.REDIS_URL) {
      const prefix = `zcz-${options.label}-${tag}`;
      process.env.QUEUE_PREFIX = prefix;
      cleanups.push(async () => {
        const redis = new Redis(baseEnv.REDIS_URL!, { maxRetriesPerRequest: 1 });
        try {
          const keys = await redis.keys(`${prefix}:*`);
          for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
        } finally {
          redis.disconnect();
        }
      });
    } else {
      delete process.env.REDIS_URL; // the scratch platform's jobs stay in this process
    }
    await runMigrations(process.env.DATABASE_URL);
    return await work();
  } finally {
    process.env = baseEnv;
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}
