import { Client } from 'pg';

/** Runs one administrative statement (CREATE/DROP DATABASE cannot run in a transaction or a pooled session). */
async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface ScratchDatabase {
  /** The scratch database's URL (the server's, with the scratch database's name). */
  url: string;
  /** Drops the database, closing whatever sessions are still on it. */
  drop(): Promise<void>;
}

/**
 * A throw-away, empty database on the server of `serverUrl` (`cli eval`, `npm run bench`). `name` is an identifier
 * the caller makes up (letters, digits and underscores).
 */
export async function createScratchDatabase(serverUrl: string, name: string): Promise<ScratchDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid scratch database name: ${name}`);
  await admin(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
