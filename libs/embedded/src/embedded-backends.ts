import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { startEmbeddedPostgres } from './embedded-postgres';
import { startMeilisearch } from './meilisearch-server';

export interface BackendDescription {
  database: string;
  queue: string;
  search: string;
}

export interface EmbeddedBackends {
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
 * and write the resulting URLs into `env` so that the rest of the platform sees ordinary connection strings.
 * Without REDIS_URL jobs run in process (the queue module decides that itself).
 */
export async function startEmbeddedBackends(env: NodeJS.ProcessEnv = process.env): Promise<EmbeddedBackends> {
  const dataDir = resolve(env.DATA_DIR || './data');
  mkdirSync(dataDir, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const describe: BackendDescription = { database: '', queue: '', search: '' };
  try {
    if (!env.DATABASE_URL) {
      const pg = await startEmbeddedPostgres({ dataDir });
      stops.push(() => pg.stop());
      env.DATABASE_URL = pg.url;
      env.DATABASE_MODE = 'embedded';
      describe.database = `embedded PGlite (${join(dataDir, 'pg')}) at ${pg.url}`;
    } else {
      env.DATABASE_MODE = env.DATABASE_MODE || 'external';
      describe.database = `PostgreSQL at ${env.DATABASE_URL.replace(/\/\/[^@]*@/, '//***@')}`;
    }
    if (!env.MEILI_URL) {
      const masterKey = env.MEILI_MASTER_KEY || persistentSecret(dataDir, 'meili-master-key', 24);
      const meili = await startMeilisearch({
        dbPath: join(dataDir, 'meili'),
        masterKey,
        bin: env.MEILI_BIN || undefined,
        logFile: join(dataDir, 'meilisearch.log'),
      });
      stops.push(() => meili.stop());
      env.MEILI_URL = meili.url;
      env.MEILI_MASTER_KEY = masterKey;
      env.MEILI_MODE = 'embedded';
      describe.search = `embedded Meilisearch (${join(dataDir, 'meili')}) at ${meili.url}`;
    } else {
      env.MEILI_MODE = env.MEILI_MODE || 'external';
      describe.search = `Meilisearch at ${env.MEILI_URL}`;
    }
    if (!env.JWT_SECRET) {
      if (env.NODE_ENV === 'production') throw new Error('JWT_SECRET must be set in production');
      env.JWT_SECRET = persistentSecret(dataDir, 'jwt-secret', 48);
    }
    describe.queue = env.REDIS_URL
      ? `BullMQ on Redis at ${env.REDIS_URL.replace(/\/\/[^@]*@/, '//***@')}`
      : 'in-process jobs (no REDIS_URL)';
  } catch (err) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw err;
  }
  return {
    describe,
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    },
  };
}
