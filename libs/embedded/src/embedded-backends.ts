import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { AppConfig, AppConfigValues } from '@app/config';

import { startEmbeddedPostgres } from './embedded-postgres';
import { startMeilisearch } from './meilisearch-server';

export interface BackendDescription {
  database: string;
  queue: string;
  search: string;
}

export interface EmbeddedBackends {
  /** The settings the platform runs with: the given ones, with the URLs and secrets of what was started filled in. */
  config: AppConfig;
  /** Human-readable description of what serves each part, for the start banner. */
  describe: BackendDescription;
  stop(): Promise<void>;
}

/** A secret made once and kept under DATA_DIR, so restarts keep sessions and the embedded index key. */
function persistentSecret(dataDir: string, name: string, bytes: number): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(bytes).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * Embedded defaults for a machine with nothing but Node: for each of DATABASE_URL and MEILI_URL left unset,
 * start PGlite (served over the PostgreSQL wire protocol) or the shipped Meilisearch binary with data under DATA_DIR,
 * and return the settings with the resulting URLs filled in, so that the rest of the platform sees ordinary
 * connection strings. Without REDIS_URL jobs run in process (the queue module decides that itself).
 */
export async function startEmbeddedBackends(given: AppConfig): Promise<EmbeddedBackends> {
  const dataDir = resolve(given.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const describe: BackendDescription = { database: '', queue: '', search: '' };
  const resolved: Partial<AppConfigValues> = {};
  try {
    if (!given.databaseUrl) {
      const pg = await startEmbeddedPostgres({ dataDir });
      stops.push(() => pg.stop());
      Object.assign(resolved, { databaseUrl: pg.url, databaseMode: 'embedded' });
      describe.database = `embedded PGlite (${join(dataDir, 'pg')}) at ${pg.url}`;
    } else {
      describe.database = `PostgreSQL at ${given.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}`;
    }
    if (!given.meiliUrl) {
      const masterKey = given.meiliMasterKey || persistentSecret(dataDir, 'meili-master-key', 24);
      const meili = await startMeilisearch({
        dbPath: join(dataDir, 'meili'),
        masterKey,
        bin: given.meiliBin || undefined,
        logFile: join(dataDir, 'meilisearch.log'),
      });
      stops.push(() => meili.stop());
      Object.assign(resolved, { meiliUrl: meili.url, meiliMasterKey: masterKey, meiliMode: 'embedded' });
      describe.search = `embedded Meilisearch (${join(dataDir, 'meili')}) at ${meili.url}`;
    } else {
      describe.search = `Meilisearch at ${given.meiliUrl}`;
    }
    if (!given.jwtSecret) {
      if (given.nodeEnv === 'production') throw new Error('JWT_SECRET must be set in production');
      resolved.jwtSecret = persistentSecret(dataDir, 'jwt-secret', 48);
    }
    describe.queue = given.redisUrl
      ? `BullMQ on Redis at ${given.redisUrl.replace(/\/\/[^@]*@/, '//***@')}`
      : 'in-process jobs (no REDIS_URL)';
  } catch (err) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw err;
  }
  return {
    config: given.with(resolved),
    describe,
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    },
  };
}
