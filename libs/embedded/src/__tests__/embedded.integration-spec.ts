import { execFileSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runMigrations } from '@app/database';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

import {
  getFreePort,
  isPortFree,
  MEILI_VERSION,
  resolveMeiliBinary,
  startEmbeddedPostgres,
  startMeilisearch,
} from '../index';

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('free ports', () => {
  it('hands out a port that can be bound, and notices one in use', async () => {
    const port = await getFreePort();
    expect(port).toBeGreaterThan(1024);
    expect(await isPortFree(port)).toBe(true);
    const server = createServer();
    await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
    try {
      expect(await isPortFree(port)).toBe(false);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});

// One data directory for the whole block: initdb (~6 s) runs once, later starts reopen it (~1 s).
describe('embedded PostgreSQL (PGlite)', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'zcz-pglite-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const withDataSource = async <T>(url: string, fn: (ds: DataSource) => Promise<T>): Promise<T> => {
    const ds = new DataSource({ type: 'postgres', url, extra: { max: 1 } });
    await ds.initialize();
    try {
      return await fn(ds);
    } finally {
      await ds.destroy();
    }
  };

  it('runs the migrations, keeps data across stop/start and refuses a second opener', async () => {
    const first = await startEmbeddedPostgres({ dataDir });
    expect(first.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    try {
      await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/already in use by this process/);
      expect(await runMigrations(first.url, { poolSize: 1 })).not.toEqual([]);

      await withDataSource(first.url, async (ds) => {
        const tables = await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
        expect(tables.map((t: { table_name: string }) => t.table_name)).toContain('schema_migrations');

        await ds.query('CREATE TABLE probe (id int PRIMARY KEY, label text NOT NULL)');
        await ds.transaction(async (m) => {
          await m.query('INSERT INTO probe VALUES ($1, $2)', [1, '技术需求']);
        });
        await expect(
          ds.transaction(async (m) => {
            await m.query('INSERT INTO probe VALUES ($1, $2)', [2, 'rolled back']);
            throw new Error('abort');
          }),
        ).rejects.toThrow('abort');
        // Concurrent callers share the single pooled session without mixing results.
        const doubled = await Promise.all([1, 2, 3, 4, 5].map((n) => ds.query('SELECT $1::int * 2 AS v', [n])));
        expect(doubled.map((r) => r[0].v)).toEqual([2, 4, 6, 8, 10]);
        await expect(ds.query('SELECT * FROM no_such_table')).rejects.toThrow(/does not exist/);
        expect(await ds.query('SELECT id, label FROM probe')).toEqual([{ id: 1, label: '技术需求' }]);
      });
    } finally {
      await first.stop();
    }
    expect(existsSync(join(dataDir, 'pg.lock'))).toBe(false);

    const second = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await runMigrations(second.url, { poolSize: 1 })).toEqual([]);
      await withDataSource(second.url, async (ds) => {
        expect(await ds.query('SELECT id, label FROM probe')).toEqual([{ id: 1, label: '技术需求' }]);
      });
    } finally {
      await second.stop();
    }
  });

  it('stops while a client is still inside a transaction, which is rolled back', async () => {
    const port = await getFreePort();
    const pg = await startEmbeddedPostgres({ dataDir, port });
    expect(pg.port).toBe(port);
    expect(await isPortFree(port)).toBe(false);
    const client = new Client({ connectionString: pg.url });
    const clientErrors: Error[] = [];
    client.on('error', (err) => clientErrors.push(err));
    await client.connect();
    await client.query('BEGIN');
    await client.query(`INSERT INTO probe VALUES (3, 'uncommitted')`);
    await pg.stop();
    await pg.stop(); // idempotent
    expect(clientErrors).toHaveLength(1); // "Connection terminated unexpectedly"
    expect(await isPortFree(port)).toBe(true);

    const again = await startEmbeddedPostgres({ dataDir });
    try {
      await withDataSource(again.url, async (ds) => {
        expect(await ds.query('SELECT id FROM probe ORDER BY id')).toEqual([{ id: 1 }]);
      });
    } finally {
      await again.stop();
    }
  });

  it('reports a port in use or an unusable data directory, and releases the lock', async () => {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const busyPort = (server.address() as AddressInfo).port;
    try {
      await expect(startEmbeddedPostgres({ dataDir, port: busyPort })).rejects.toThrow(
        `could not listen on 127.0.0.1:${busyPort}: the port is already in use`,
      );
    } finally {
      await new Promise((done) => server.close(done));
    }
    expect(existsSync(join(dataDir, 'pg.lock'))).toBe(false);

    const notADir = mkdtempSync(join(tmpdir(), 'zcz-pgbad-'));
    try {
      writeFileSync(join(notADir, 'pg'), 'not a directory');
      await expect(startEmbeddedPostgres({ dataDir: notADir })).rejects.toThrow(/could not open .*pg/);
      expect(existsSync(join(notADir, 'pg.lock'))).toBe(false);
    } finally {
      rmSync(notADir, { recursive: true, force: true });
    }
  });

  it('takes over a lock left by a process that is gone', async () => {
    const deadPid = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']));
    writeFileSync(join(dataDir, 'pg.lock'), JSON.stringify({ pid: deadPid, hostname: 'x', startedAt: 'then' }));
    const pg = await startEmbeddedPostgres({ dataDir });
    await pg.stop();
    expect(existsSync(join(dataDir, 'pg.lock'))).toBe(false);
  });
});

describe('Meilisearch server', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'zcz-meili-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves the shipped binary of the pinned version', async () => {
    const bin = await resolveMeiliBinary();
    expect(() => accessSync(bin, constants.X_OK)).not.toThrow();
    expect(execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()).toBe(`meilisearch ${MEILI_VERSION}`);
  });

  it('starts on a free port with a master key, answers /health and stops', async () => {
    const masterKey = 'test-master-key-0123456789';
    const meili = await startMeilisearch({ dbPath: join(dir, 'meili', 'data.ms'), masterKey });
    try {
      expect(meili.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(meili.masterKey).toBe(masterKey);
      expect(isAlive(meili.pid)).toBe(true);

      const health = await fetch(`${meili.url}/health`);
      expect(await health.json()).toEqual({ status: 'available' });
      const version = await fetch(`${meili.url}/version`, { headers: { Authorization: `Bearer ${masterKey}` } });
      expect(((await version.json()) as { pkgVersion: string }).pkgVersion).toBe(MEILI_VERSION);
      expect((await fetch(`${meili.url}/version`)).status).toBe(401);

      expect(statSync(join(dir, 'meili', 'meili-dumps')).isDirectory()).toBe(true);
      expect(existsSync(join(process.cwd(), 'dumps'))).toBe(false);
    } finally {
      await meili.stop();
    }
    expect(isAlive(meili.pid)).toBe(false);
    await expect(fetch(`${meili.url}/health`)).rejects.toThrow();
    await meili.stop(); // idempotent
  });

  it('explains what to do when MEILI_BIN is bogus', async () => {
    await expect(resolveMeiliBinary(join(dir, 'no-such-meilisearch'))).rejects.toThrow(
      /MEILI_BIN points to .*no-such-meilisearch.*does not exist.*MEILI_URL.*docker compose -f docker\/compose\.yml up/,
    );
  });

  it('rejects a binary of another version, saying found vs expected', async () => {
    const fake = join(dir, 'old-meilisearch');
    writeFileSync(fake, '#!/bin/sh\necho "meilisearch 1.20.0"\n');
    chmodSync(fake, 0o644); // also exercises the missing exec bit
    await expect(resolveMeiliBinary(fake, join(dir, 'cache'))).rejects.toThrow(
      `is Meilisearch 1.20.0, expected ${MEILI_VERSION}`,
    );
    expect(() => accessSync(fake, constants.X_OK)).not.toThrow();
  });
});
