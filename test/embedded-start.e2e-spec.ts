import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { getFreePort } from '@app/embedded';

const ROOT = join(__dirname, '..');

/** The quick start as a newcomer meets it: no DATABASE_URL, REDIS_URL or MEILI_URL, only a data directory. */
function startPlatform(dataDir: string, port: number): { child: ChildProcess; output: () => string } {
  let output = '';
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    PORT: String(port),
  };
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

async function waitForBanner(p: { child: ChildProcess; output: () => string }, timeoutMs = 90000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!p.output().includes('API docs')) {
    if (p.child.exitCode !== null) throw new Error(`platform exited early:\n${p.output()}`);
    if (Date.now() > deadline) throw new Error(`platform did not start in time:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  child.kill('SIGTERM');
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function json(url: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) } });
  return { status: res.status, body: await res.json().catch(() => null) };
}

describe('embedded quick start (e2e)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'zcz-embedded-'));
  let running: ReturnType<typeof startPlatform> | undefined;

  afterAll(async () => {
    if (running) await stop(running.child);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves /health and /docs on embedded backends and keeps its data across a restart', async () => {
    const port = await getFreePort();
    const base = `http://127.0.0.1:${port}`;
    running = startPlatform(dataDir, port);
    await waitForBanner(running);
    // the embedded default login is printed on the start that creates the account, and only then
    expect(running.output()).toContain('admin@zcz.local / Admin@2026');

    const health = await json(`${base}/health`);
    expect(health.status).toBe(200);
    expect(health.body.backends).toMatchObject({
      database: { status: 'up', mode: 'embedded' },
      queue: { status: 'up', mode: 'in-process' },
      search: { status: 'up', mode: 'embedded', version: '1.21.0' },
    });
    const docs = await fetch(`${base}/docs`);
    expect(docs.status).toBe(200);

    const reg = await json(`${base}/auth/register`, {
      method: 'POST',
      body: JSON.stringify({
        email: 'first@example.com',
        password: 'Kunshan2026',
        name: '周工',
        organisation: { name: '昆山嵌入式测试电子有限公司' },
      }),
    });
    expect(reg.status).toBe(201);
    const chains = await json(`${base}/industry-chains`);
    const created = await json(`${base}/demands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${reg.body.accessToken}` },
      body: JSON.stringify({
        title: '高密度柔性电路板激光钻孔良率提升',
        description: '现有 UV 激光钻孔在 50 微米孔径下良率仅 92%，希望将良率提升到 98% 以上，并缩短单板加工时间。',
        industryChainIds: [chains.body[0].id],
        kind: 'chain',
      }),
    });
    expect(created.status).toBe(201);

    expect(await stop(running.child)).toBe(0);
    running = startPlatform(dataDir, port);
    await waitForBanner(running);
    expect(running.output()).toContain('admin@zcz.local');
    expect(running.output()).not.toContain('Admin@2026');

    const login = await json(`${base}/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ email: 'first@example.com', password: 'Kunshan2026' }),
    });
    expect(login.status).toBe(200); // same JWT secret and users after the restart
    const again = await json(`${base}/demands/${created.body.id}`, {
      headers: { authorization: `Bearer ${reg.body.accessToken}` },
    });
    expect(again.status).toBe(200);
    expect(again.body.title).toBe('高密度柔性电路板激光钻孔良率提升');
    const chainsAgain = await json(`${base}/industry-chains`);
    expect(chainsAgain.body).toHaveLength(15); // seeded once, not twice
  }, 240000);
});
