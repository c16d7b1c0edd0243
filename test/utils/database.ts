import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

/** Every per-test database of a run is named `zcz_t_<runid>_<random>`; teardown drops them by that prefix. */
export const TEST_DB_PREFIX = 'zcz_t_';

/** `url` with its database name replaced by `database`. */
export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function withAdmin<T>(adminUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Terminates the sessions connected to `names`, then drops them (missing ones are ignored). */
export async function dropDatabases(adminUrl: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  await withAdmin(adminUrl, async (client) => {
    await client.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ANY($1) AND pid <> pg_backend_pid()',
      [names],
    );
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  });
}

/** Names of the databases whose name starts with `prefix` (LIKE wildcards in it are taken literally). */
export async function listDatabases(adminUrl: string, prefix: string): Promise<string[]> {
  return withAdmin(adminUrl, async (client) => {
    const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const result = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY datname',
      [pattern],
    );
    return result.rows.map((row) => row.datname);
  });
}

function runEnv(): { runId: string; templateDb: string; adminUrl: string } {
  const runId = process.env.TEST_RUN_ID;
  const templateDb = process.env.TEST_TEMPLATE_DB;
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  if (!runId || !templateDb || !adminUrl) {
    throw new Error(
      'TEST_RUN_ID / TEST_TEMPLATE_DB / TEST_PG_ADMIN_URL are not set: run tests through jest so test/global-setup.ts runs.',
    );
  }
  return { runId, templateDb, adminUrl };
}

/** A fresh, migrated database cloned from the run's template: `zcz_t_<runid>_<random>`. */
export async function createTestDatabase(): Promise<{ url: string; name: string }> {
  const { runId, templateDb, adminUrl } = runEnv();
  const name = `${TEST_DB_PREFIX}${runId}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (client) =>
    client.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(templateDb)}`),
  );
  return { url: databaseUrl(adminUrl, name), name };
}

/** Drops a database made by {@link createTestDatabase}, closing its remaining connections first. */
export async function dropTestDatabase(name: string): Promise<void> {
  if (!name.startsWith(TEST_DB_PREFIX)) throw new Error(`Refusing to drop ${name}: not a test database`);
  await dropDatabases(runEnv().adminUrl, [name]);
}
