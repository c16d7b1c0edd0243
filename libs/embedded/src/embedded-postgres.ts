import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

import { getFreePort, isPortFree } from './free-port';

export interface EmbeddedPostgresOptions {
  /** Application data directory; the cluster lives in `${dataDir}/pg` and survives restarts. */
  dataDir: string;
  /** TCP port to serve on; a free one is picked when omitted or 0. */
  port?: number;
  /** Interface to bind; loopback by default (the server does no authentication at all). */
  host?: string;
  /**
   * Client sockets accepted at once (default 3). PGlite is ONE backend session shared by every socket, so
   * clients must not run concurrently: use a pool of size 1. The headroom above 1 covers a pool replacing a
   * connection before the server has seen the old one close, and a short-lived migration data source.
   */
  maxConnections?: number;
  /** Log the socket server's protocol chatter to the console. */
  debug?: boolean;
  /** How long to wait for the database to open (first start runs initdb: ~6 s on a slow machine). Default 120 s. */
  startTimeoutMs?: number;
  /** Called if the database thread dies on its own (not through stop()). */
  onUnexpectedExit?: (error: Error) => void;
}

export interface EmbeddedPostgres {
  /** `postgres://postgres@HOST:PORT/postgres`. PGlite ignores the user, password and database a client asks for. */
  url: string;
  host: string;
  port: number;
  /** The PGlite data directory (`${dataDir}/pg`). */
  pgDataDir: string;
  /** Closes the socket server, then the database (ends the backend cleanly, flushes the data dir). Idempotent. */
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {}

const LOCK_FILE = 'pg.lock';
/** Data directories are tied to PGlite's PostgreSQL major version; see the @electric-sql/pglite pin. */
const PGLITE_MAJOR = '0.5';
/** Lock files this process holds: a lock carrying our own pid but not in here is stale (e.g. container restart). */
const heldLocks = new Set<string>();

interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: string;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(lockPath: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(lockPath, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

/**
 * PGlite does not lock its data directory: two processes opening it both "work" and silently lose writes.
 * An O_EXCL lock file naming the owner's pid guards it; a lock whose owner is gone is taken over.
 */
async function acquireLock(lockPath: string, pgDataDir: string): Promise<() => void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      const info: LockInfo = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      heldLocks.add(lockPath);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        heldLocks.delete(lockPath);
        process.removeListener('exit', release);
        try {
          unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readLock(lockPath);
      if (owner === undefined && attempt === 0) {
        // Maybe another process is writing it right now: look again before calling it stale.
        await new Promise((done) => setTimeout(done, 200));
        continue;
      }
      const live =
        owner !== undefined &&
        owner.pid > 0 &&
        (owner.pid === process.pid ? heldLocks.has(lockPath) : isProcessAlive(owner.pid));
      if (live) {
        const by = owner.pid === process.pid ? 'this process' : `process ${owner.pid} on ${owner.hostname}`;
        throw new EmbeddedPostgresError(
          `Embedded PostgreSQL data directory ${pgDataDir} is already in use by ${by} (since ${owner.startedAt}). ` +
            `Stop the other instance or use another DATA_DIR. If you are sure nothing uses it, delete ${lockPath}.`,
        );
      }
      try {
        unlinkSync(lockPath); // stale: its owner died without cleaning up
      } catch {
        /* raced with another remover */
      }
    }
  }
  throw new EmbeddedPostgresError(`Could not acquire ${lockPath} for the embedded PostgreSQL data directory`);
}

/**
 * Runs in a worker thread: PGlite executes queries synchronously in WASM, so on the main thread every query
 * would stall the HTTP server; a thread also gives PGlite a plain Node module loader (it uses dynamic
 * `import()`, which Jest's sandbox rejects). Plain JS so it runs unchanged from ts sources, dist and tests.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pgliteModule);
const { PGLiteSocketServer } = require(workerData.socketModule);
let db;
let server;
// PGlite can reject with Emscripten's ErrnoError ({ name, errno }, WASI numbering), which has no message.
const describe = (err) =>
  (err && err.message) ||
  (err && err.name ? err.name + (err.errno !== undefined ? ' (WASI errno ' + err.errno + ')' : '') : String(err));
const fail = (phase, err) =>
  parentPort.postMessage({ type: 'failed', phase, message: describe(err), code: err && err.code });
async function start() {
  try {
    db = await PGlite.create(workerData.pgDataDir);
  } catch (err) {
    return fail('open', err);
  }
  try {
    server = new PGLiteSocketServer({
      db,
      host: workerData.host,
      port: workerData.port,
      maxConnections: workerData.maxConnections,
      debug: workerData.debug,
    });
    await server.start();
    const conn = server.getServerConn();
    parentPort.postMessage({ type: 'ready', port: Number(conn.slice(conn.lastIndexOf(':') + 1)) });
  } catch (err) {
    await db.close().catch(() => undefined);
    return fail('listen', err);
  }
}
async function stop() {
  try {
    if (server) await server.stop();
    if (db && !db.closed) await db.close();
    parentPort.postMessage({ type: 'stopped' });
  } catch (err) {
    fail('stop', err);
  }
  parentPort.close();
}
parentPort.on('message', (msg) => {
  if (msg && msg.type === 'stop') stop();
});
start();
`;

type WorkerMessage =
  | { type: 'ready'; port: number }
  | { type: 'stopped' }
  | { type: 'failed'; phase: 'open' | 'listen' | 'stop'; message: string; code?: string };

/** Starts PGlite (PostgreSQL 18 compiled to WASM) on `${dataDir}/pg` and serves it over the PostgreSQL wire protocol. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const host = options.host ?? '127.0.0.1';
  const dataDir = resolve(options.dataDir);
  const pgDataDir = join(dataDir, 'pg');
  mkdirSync(dataDir, { recursive: true }); // PGlite creates only the last path segment
  const releaseLock = await acquireLock(join(dataDir, LOCK_FILE), pgDataDir);

  let worker: Worker | undefined;
  let port: number;
  try {
    if (options.port && !(await isPortFree(options.port, host))) {
      // Fail before paying for opening the database; the thread still reports a port lost to a race.
      throw new EmbeddedPostgresError(
        `Embedded PostgreSQL could not listen on ${host}:${options.port}: the port is already in use`,
      );
    }
    const requestedPort = options.port || (await getFreePort(host));
    const thread = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        pgDataDir,
        host,
        port: requestedPort,
        maxConnections: options.maxConnections ?? 3,
        debug: options.debug ?? false,
        pgliteModule: require.resolve('@electric-sql/pglite'),
        socketModule: require.resolve('@electric-sql/pglite-socket'),
      },
    });
    worker = thread;
    const timeoutMs = options.startTimeoutMs ?? 120_000;
    port = await new Promise<number>((done, fail) => {
      const timer = setTimeout(() => {
        void thread.terminate();
        fail(new EmbeddedPostgresError(`Embedded PostgreSQL did not open ${pgDataDir} within ${timeoutMs} ms`));
      }, timeoutMs);
      const settle = (fn: () => void): void => {
        clearTimeout(timer);
        thread.off('message', onMessage);
        thread.off('error', onError);
        thread.off('exit', onExit);
        fn();
      };
      const onMessage = (msg: WorkerMessage): void => {
        if (msg.type === 'ready') settle(() => done(msg.port));
        else if (msg.type === 'failed') {
          const reason =
            msg.phase === 'open'
              ? `could not open ${pgDataDir}: ${msg.message}. It must be a writable directory holding a ` +
                `cluster made by PGlite ${PGLITE_MAJOR} (PostgreSQL 18), or not exist yet`
              : `could not listen on ${host}:${requestedPort}: ${msg.code === 'EADDRINUSE' ? 'the port is already in use' : msg.message}`;
          settle(() => fail(new EmbeddedPostgresError(`Embedded PostgreSQL ${reason}`)));
        }
      };
      const onError = (err: Error): void =>
        settle(() =>
          fail(new EmbeddedPostgresError(`Embedded PostgreSQL failed to start: ${err.message}`, { cause: err })),
        );
      const onExit = (code: number): void =>
        settle(() =>
          fail(new EmbeddedPostgresError(`Embedded PostgreSQL thread exited during start-up (code ${code})`)),
        );
      thread.on('message', onMessage);
      thread.once('error', onError);
      thread.once('exit', onExit);
    });
  } catch (err) {
    await worker?.terminate(); // its parentPort listener would otherwise keep the thread (and us) alive
    releaseLock();
    throw err;
  }
  const thread = worker;

  let stopping: Promise<void> | undefined;
  let stopError: Error | undefined;
  let exited = false;
  thread.on('message', (msg: WorkerMessage) => {
    if (msg.type === 'failed')
      stopError = new EmbeddedPostgresError(`Embedded PostgreSQL ${msg.phase}: ${msg.message}`);
  });
  thread.on('error', (err) => (stopError = err));
  thread.once('exit', (code) => {
    exited = true;
    releaseLock();
    if (!stopping) {
      options.onUnexpectedExit?.(
        stopError ?? new EmbeddedPostgresError(`Embedded PostgreSQL thread exited (code ${code})`),
      );
    }
  });

  const stop = (): Promise<void> => {
    stopping ??= new Promise<void>((done, fail) => {
      if (exited) return done();
      const timer = setTimeout(() => void thread.terminate(), 30_000);
      thread.once('exit', () => {
        clearTimeout(timer);
        releaseLock();
        if (stopError) fail(stopError);
        else done();
      });
      thread.postMessage({ type: 'stop' });
    });
    return stopping;
  };

  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { url: `postgres://postgres@${urlHost}:${port}/postgres`, host, port, pgDataDir, stop };
}
