import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { MeilisearchServer, startMeilisearch } from '@app/embedded';
import { SearchIndexService } from '@app/matching';
import { PlatformBootstrap } from '@app/platform';
import { BullJobQueue, JobName, JobQueue, QueueName } from '@app/queue';
import { INestApplication } from '@nestjs/common';
import IORedis from 'ioredis';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';

import { createApiApp } from '../apps/api/src/create-api-app';
import { MatchingReconciler } from '../libs/matching/src/reconcile/matching-reconciler';
import { SearchReconciler } from '../libs/matching/src/search-index/search-sync';
import { ACHIEVEMENT_HEADERS, achievementRows, streamXlsx } from './factories/import.factory';
import {
  chainIds,
  createManager,
  publishAchievement,
  publishDemand,
  registerEnterprise,
} from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';
import { createTestDatabase, dropTestDatabase } from './utils/database';

/**
 * Faults on real services: Redis losing its data, Meilisearch going away, a worker killed mid-import. In every
 * case the platform gets back to "every published record indexed and matched, every row imported once" on its own:
 * no `cli rematch`, no manual retry. The reconcilers run every second here (RECONCILE_INTERVAL_MS).
 */

const TOPICS: Array<[string, string]> = [
  ['谐波减速器', '协作机器人关节'],
  ['碳化硅功率模块', '新能源汽车电驱'],
  ['钙钛矿叠层电池', '建筑光伏组件'],
  ['硫化物固态电解质', '动力电池'],
  ['质子交换膜', '氢燃料电池电堆'],
  ['微流控芯片', '体外诊断试剂'],
  ['毫米波雷达天线', '智能驾驶感知'],
  ['石墨烯导热膜', '手机散热模组'],
  ['光刻胶树脂', '集成电路制造'],
  ['医用介入导管', '心血管手术器械'],
];

function achievementText(object: string, use: string) {
  return {
    title: `${object}高可靠制备关键技术`,
    abstract: `课题组面向${use}场景，突破${object}的材料配方与批量制备工艺，样机关键性能达到国际同类产品水平，已完成中试验证，可在昆山企业产线导入。`,
    keywords: [object, use],
    patentNumbers: [],
  };
}

function demandText(object: string, use: string) {
  return {
    title: `${use}用${object}国产化研发`,
    description: `我司主要生产${use}相关产品，核心部件${object}目前依赖进口、交期长、价格高，希望联合高校院所开发${object}并实现小批量试制，保障供应链安全。`,
    keywords: [object, use],
  };
}

/** Deletes this app's own Redis keys (its QUEUE_PREFIX), as a Redis restarted without its data would have none. */
async function wipeQueueKeys(prefix: string): Promise<number> {
  const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
  let deleted = 0;
  try {
    const stream = redis.scanStream({ match: `${prefix}:*`, count: 500 });
    for await (const keys of stream as AsyncIterable<string[]>) {
      if (keys.length) deleted += await redis.unlink(...keys);
    }
  } finally {
    redis.disconnect();
  }
  return deleted;
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Published records whose index state or suggestions lag their version, and events never processed. */
async function lag(db: DataSource): Promise<{ index: number; match: number; events: number }> {
  const [row] = await db.query(`
    SELECT (SELECT count(*) FROM achievements WHERE status = 'published' AND indexed_version IS DISTINCT FROM version)
         + (SELECT count(*) FROM demands WHERE status = 'published' AND indexed_version IS DISTINCT FROM version)
           AS index,
           (SELECT count(*) FROM achievements WHERE status = 'published' AND matched_version IS DISTINCT FROM version)
         + (SELECT count(*) FROM demands WHERE status = 'published' AND matched_version IS DISTINCT FROM version)
           AS match,
           (SELECT count(*) FROM domain_events WHERE processed_at IS NULL) AS events`);
  return { index: Number(row.index), match: Number(row.match), events: Number(row.events) };
}

describe('faults: Redis loses its data, Meilisearch goes away (e2e)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zcz-faults-'));
  const masterKey = randomBytes(24).toString('hex');
  const saved = { url: process.env.MEILI_URL, key: process.env.MEILI_MASTER_KEY };
  let meili: MeilisearchServer;
  let t: TestApp;
  let db: DataSource;
  let admin: string;
  let manager: string;
  let owner: string;
  let chains: string[];
  let universityId: string;
  /** demand id → the achievement published for it */
  const pairs = new Map<string, string>();

  beforeAll(async () => {
    meili = await startMeilisearch({ dbPath: join(dir, 'data.ms'), masterKey });
    process.env.MEILI_URL = meili.url;
    process.env.MEILI_MASTER_KEY = masterKey;
    process.env.RECONCILE_INTERVAL_MS = '1000';
    t = await createTestApp();
    db = t.app.get(DataSource);
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin);
    owner = (await registerEnterprise(t.http, '昆山故障演练智能装备有限公司')).auth;
    chains = await chainIds(t.http);
    universityId = (
      await t.http
        .post('/organisations')
        .set('Authorization', manager)
        .send({ kind: 'university', name: '故障演练理工大学' })
        .expect(201)
    ).body.id;
  }, 120000);

  afterAll(async () => {
    await t?.close();
    await meili?.stop();
    process.env.MEILI_URL = saved.url;
    process.env.MEILI_MASTER_KEY = saved.key;
    delete process.env.RECONCILE_INTERVAL_MS;
    rmSync(dir, { recursive: true, force: true });
  });

  async function publishPair(object: string, use: string): Promise<void> {
    const [achievement, demand] = await Promise.all([
      publishAchievement(t.http, manager, universityId, [chains[2]], achievementText(object, use)),
      publishDemand(t.http, owner, manager, [chains[2]], demandText(object, use)),
    ]);
    pairs.set(demand.id, achievement.id);
  }

  async function publishedIds(kind: 'achievements' | 'demands'): Promise<string[]> {
    const rows: Array<{ id: string }> = await db.query(`SELECT id FROM ${kind} WHERE status = 'published'`);
    return rows.map((r) => r.id).sort();
  }

  async function indexedIds(kind: 'achievements' | 'demands'): Promise<string[]> {
    const docs = await t.app
      .get(SearchIndexService)
      .index(kind)
      .getDocuments({ limit: 1000, fields: ['id'] });
    return docs.results.map((d) => d.id as string).sort();
  }

  async function failedJobs(queue: string): Promise<Array<{ id: string; name: string; failedReason: string }>> {
    const res = await t.http.get(`/admin/jobs/failed?queue=${queue}`).set('Authorization', admin).expect(200);
    return res.body.items;
  }

  /**
   * What lags and why, for a timeout's message: each published row whose index state or suggestions lag its version
   * (its versions), the BullMQ jobs Redis holds for it (the job id the reconcilers use and any derived one: state,
   * name, attempts, failure) and whether the reconcilers' passes still complete.
   */
  async function lagReport(): Promise<string> {
    const rows: Array<{
      kind: 'achievements' | 'demands';
      id: string;
      version: number;
      indexed: number;
      matched: number;
    }> = await db.query(`
        SELECT kind, id, version, indexed_version AS indexed, matched_version AS matched FROM (
          SELECT 'achievements' AS kind, id, version, indexed_version, matched_version, status::text FROM achievements
          UNION ALL
          SELECT 'demands', id, version, indexed_version, matched_version, status::text FROM demands) r
        WHERE status = 'published'
          AND (indexed_version IS DISTINCT FROM version OR matched_version IS DISTINCT FROM version)
        LIMIT 10`);
    const jobs = t.app.get(JobQueue);
    const lines: string[] = [];
    for (const row of rows) {
      lines.push(`${row.kind} ${row.id}: version ${row.version}, indexed ${row.indexed}, matched ${row.matched}`);
      if (!(jobs instanceof BullJobQueue)) continue;
      for (const name of [QueueName.SearchIndex, QueueName.Matching]) {
        const queue = jobs.queue(name);
        const base = `${queue.opts.prefix}:${name}:`;
        const ids = new Set([
          `${name === QueueName.Matching ? 'match-' : ''}search-${row.kind}-${row.id}-${row.version}`,
        ]);
        for (const key of await jobs.connection.keys(`${base}*${row.id}*`)) {
          if (!key.slice(base.length).includes(':')) ids.add(key.slice(base.length));
        }
        for (const id of ids) {
          const job = await queue.getJob(id);
          lines.push(
            job
              ? `  ${name} ${id}: ${await job.getState()}, name ${job.name ?? '(none)'}, attempts ${job.attemptsMade}` +
                  (job.failedReason ? `, failed: ${job.failedReason}` : '')
              : `  ${name} ${id}: no job`,
          );
        }
      }
    }
    for (const reconciler of [SearchReconciler, MatchingReconciler]) {
      const pass = await Promise.race([
        t.app
          .get(reconciler)
          .reconcile()
          .then(
            (queued) => `queued ${queued}`,
            (err: Error) => `failed: ${err.message}`,
          ),
        new Promise<string>((r) => setTimeout(() => r('still running after 10 s'), 10000)),
      ]);
      lines.push(`${reconciler.name} pass: ${pass}`);
    }
    return lines.join('\n  ');
  }

  /** Every published record searchable and matched, every event processed, and each demand offered its pair. */
  async function expectCaughtUp(timeoutMs: number): Promise<void> {
    let last = { index: -1, match: -1, events: -1 };
    await waitFor('index, matching and events catch up', timeoutMs, async () => {
      last = await lag(db);
      return last.index === 0 && last.match === 0 && last.events === 0;
    }).catch(async (err: Error) => {
      throw new Error(`${err.message}; still lagging: ${JSON.stringify(last)}\n  ${await lagReport()}`);
    });
    expect(await indexedIds('achievements')).toEqual(await publishedIds('achievements'));
    expect(await indexedIds('demands')).toEqual(await publishedIds('demands'));
    for (const [demandId, achievementId] of pairs) {
      const res = await t.http.get(`/demands/${demandId}/matches`).set('Authorization', manager).expect(200);
      expect(res.body.items.map((m: { achievementId: string }) => m.achievementId)).toContain(achievementId);
    }
  }

  it('Redis wiped in the middle of a publishing burst: every record still ends up indexed and matched', async () => {
    const prefix = process.env.QUEUE_PREFIX!;
    await Promise.all(TOPICS.slice(0, 5).map(([o, u]) => publishPair(o, u)));
    expect(await wipeQueueKeys(prefix)).toBeGreaterThan(0);
    await Promise.all(TOPICS.slice(5).map(([o, u]) => publishPair(o, u)));
    // lost event and sync jobs: the records become searchable again without help…
    await waitFor('every record indexed', 60000, async () => (await lag(db)).index === 0);
    // …then Redis loses the match jobs still waiting behind the (slower) matching
    expect((await lag(db)).match).toBeGreaterThan(0);
    expect(await wipeQueueKeys(prefix)).toBeGreaterThan(0);

    await expectCaughtUp(300000);
    expect(pairs.size).toBe(TOPICS.length);
  }, 420000);

  it('Meilisearch down: search fails, edits commit, and after the restart index and matching catch up', async () => {
    const before = await failedJobs('search-index');
    await meili.stop();
    const search = await t.http.get('/search/achievements').query({ q: '谐波减速器' });
    expect(search.status).toBeGreaterThanOrEqual(500);
    const demands = await t.http.get('/search/demands').query({ q: '谐波减速器' });
    expect(demands.status).toBeGreaterThanOrEqual(500);

    await publishPair('超声内窥镜探头', '微创手术设备');
    await publishPair('线控底盘控制器', '无人驾驶物流车');
    // the sync jobs use up their retries while the engine is away, and admins see them
    const failed = await waitFor('sync jobs fail for good', 90000, async () => {
      const items = await failedJobs('search-index');
      return items.length > before.length ? items : undefined;
    });
    const sync = failed.find((job) => job.name === 'search.sync');
    expect(sync).toMatchObject({ id: expect.stringMatching(/^search-/), failedReason: expect.any(String) });
    expect(sync!.failedReason).not.toBe('');
    const lagging = await lag(db);
    expect(lagging.index).toBeGreaterThanOrEqual(4);

    meili = await startMeilisearch({ dbPath: join(dir, 'data.ms'), masterKey, port: Number(new URL(meili.url).port) });
    await expectCaughtUp(300000);
    // the failures were run through (or made moot by a later version) and leave the list at the next pass
    await waitFor('failed list emptied', 15000, async () => (await failedJobs('search-index')).length === 0);
    expect(await failedJobs('search-index')).toEqual([]);
    expect(await failedJobs('matching')).toEqual([]);
    await t.http.get('/search/achievements').query({ q: '超声内窥镜探头' }).expect(200);
  }, 480000);

  it('a lagging record is matched again whatever an earlier match job left under its id in Redis', async () => {
    await expectCaughtUp(60000);
    const prefix = process.env.QUEUE_PREFIX!;
    const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 3 });
    const [fragmentFailed, fragmentTaken, completed] = [...pairs.keys()];
    const achievement = pairs.get(completed)!;
    const matchJob = async (kind: 'demands' | 'achievements', id: string) => {
      const [{ version }] = await db.query(`SELECT version FROM ${kind} WHERE id = $1`, [id]);
      const jobId = `match-search-${kind}-${id}-${version}`;
      return { jobId, key: `${prefix}:matching:${jobId}` };
    };
    try {
      // What a Redis that lost part of its data leaves under the reconciler's job id: a hash recreated by a queue
      // script with bookkeeping fields only (no name, no payload), failed for good…
      const failed = await matchJob('demands', fragmentFailed);
      await redis.del(failed.key);
      await redis.zrem(`${prefix}:matching:completed`, failed.jobId);
      await redis.hset(failed.key, {
        processedOn: Date.now(),
        ats: 1,
        atm: 1,
        finishedOn: Date.now(),
        failedReason: '',
      });
      await redis.zadd(`${prefix}:matching:failed`, Date.now(), failed.jobId);
      // …or an id alone in the wait list, which the worker takes and fails…
      const taken = await matchJob('demands', fragmentTaken);
      await redis.del(taken.key);
      await redis.zrem(`${prefix}:matching:completed`, taken.jobId);
      await redis.lpush(`${prefix}:matching:wait`, taken.jobId);
      await redis.zadd(`${prefix}:matching:marker`, 0, '0');
      await waitFor('fragment taken and failed', 60000, async () =>
        (await redis.zscore(`${prefix}:matching:failed`, taken.jobId)) !== null ? true : undefined,
      );
      // …and, as after any match, the completed job of the current version.
      // (setup waits are generous: on a loaded run the match queue may still be busy with earlier tests' jobs)
      const done = await matchJob('achievements', achievement);
      // whatever an earlier test's Redis wipe left under this id (a fragment would never complete) is forgotten first
      await redis.del(done.key);
      for (const set of ['completed', 'failed', 'delayed', 'prioritized']) {
        await redis.zrem(`${prefix}:matching:${set}`, done.jobId);
      }
      for (const list of ['wait', 'paused']) await redis.lrem(`${prefix}:matching:${list}`, 0, done.jobId);
      await t.app
        .get(JobQueue)
        .enqueue(JobName.MatchAchievement, { achievementId: achievement }, { jobId: done.jobId });
      await waitFor('match job completed', 60000, async () =>
        (await redis.zscore(`${prefix}:matching:completed`, done.jobId)) !== null ? true : undefined,
      );
      // Those rows' suggestions are then found stale (as after a lost match job): the reconciler has them recomputed.
      await db.query(`UPDATE demands SET matched_version = version - 1 WHERE id = ANY($1)`, [
        [fragmentFailed, fragmentTaken, completed],
      ]);
      await db.query(`UPDATE achievements SET matched_version = version - 1 WHERE id = $1`, [achievement]);
      expect((await lag(db)).match).toBe(4);
      await expectCaughtUp(60000);
      for (const key of [failed.key, taken.key]) expect(await redis.hget(key, 'name')).toBe(JobName.MatchDemand);
    } finally {
      redis.disconnect();
    }
  }, 240000);

  it('lists failed jobs to admins only', async () => {
    await t.http.get('/admin/jobs/failed').set('Authorization', owner).expect(403);
    await t.http.get('/admin/jobs/failed').set('Authorization', manager).expect(403);
    await t.http.get('/admin/jobs/failed').expect(401);
    await t.http.get('/admin/jobs/failed?queue=nope').set('Authorization', admin).expect(400);
    await t.http.post('/admin/jobs/failed/retry').set('Authorization', manager).send({}).expect(403);
    const res = await t.http.post('/admin/jobs/failed/retry').set('Authorization', admin).send({}).expect(200);
    expect(res.body).toEqual({ retried: expect.any(Number) });
  });
});

describe('faults: worker killed in the middle of an import commit (e2e)', () => {
  const ROWS = 3000;
  const UNIVERSITY = '故障演练科技大学';
  let dbInfo: { url: string; name: string };
  let api: INestApplication;
  let http: TestAgent;
  let db: DataSource;
  let manager: string;
  const workers: ChildProcess[] = [];

  /** A real worker process (`npm run start:worker` from source), resolved once it consumes. */
  function startWorker(): Promise<ChildProcess> {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', 'apps/worker/src/main.ts'],
      { cwd: join(__dirname, '..'), env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    workers.push(child);
    let output = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 60000);
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Worker consuming')) {
          clearTimeout(timer);
          resolve(child);
        }
      });
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`worker exited with ${code}:\n${output}`));
      });
    });
  }

  beforeAll(async () => {
    dbInfo = await createTestDatabase();
    process.env.DATABASE_URL = dbInfo.url;
    process.env.TEST_QUEUE_PREFIX_BASE ??= process.env.QUEUE_PREFIX ?? 'zcz-test';
    process.env.TEST_MEILI_PREFIX_BASE ??= process.env.MEILI_INDEX_PREFIX ?? 't_';
    const tag = randomBytes(3).toString('hex');
    process.env.QUEUE_PREFIX = `${process.env.TEST_QUEUE_PREFIX_BASE}-kill-${tag}`;
    process.env.MEILI_INDEX_PREFIX = `${process.env.TEST_MEILI_PREFIX_BASE}kill${tag}_`;
    process.env.ADMIN_EMAIL = TEST_ADMIN.email;
    process.env.ADMIN_PASSWORD = TEST_ADMIN.password;
    api = await createApiApp({ consumeJobs: false, logger: ['error'] });
    await api.init();
    await api.get(PlatformBootstrap).run();
    http = request(api.getHttpServer());
    db = api.get(DataSource);
    const admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(http, admin);
    await http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: UNIVERSITY })
      .expect(201);
    await startWorker();
  }, 120000);

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await api?.close();
    if (dbInfo) await dropTestDatabase(dbInfo.name);
  });

  async function batch(id: string) {
    return (await http.get(`/imports/${id}`).set('Authorization', manager).expect(200)).body as {
      status: string;
      counts: Record<string, number>;
    };
  }

  const count = async () => (await db.query(`SELECT count(*)::int AS n FROM achievements`))[0].n as number;

  it('a new worker finishes the commit: exactly the valid rows, none twice', async () => {
    const generated = achievementRows(ROWS, UNIVERSITY, 7);
    const valid = generated.filter((g) => g.expect === 'valid').length;
    const file = await streamXlsx(
      ACHIEVEMENT_HEADERS,
      generated.map((g) => g.cells),
    );
    const upload = await http
      .post('/imports')
      .set('Authorization', manager)
      .field('kind', 'achievements')
      .attach('file', file, '故障演练成果征集.xlsx')
      .expect(202);
    const id = upload.body.id as string;
    const previewed = await waitFor('preview', 170000, async () => {
      const b = await batch(id);
      return b.status === 'previewed' ? b : undefined;
    });
    expect(previewed.counts.new).toBe(valid);

    await http.post(`/imports/${id}/commit`).set('Authorization', manager).send({}).expect(202);
    // kill -9 the worker once part of the file is in: no shutdown hook, its job stays "active" in Redis
    const partial = await waitFor('commit under way', 120000, async () => {
      const n = await count();
      return n > 0 ? n : undefined;
    });
    workers[0].kill('SIGKILL');
    await new Promise((r) => workers[0].once('exit', r));
    const atKill = await count();
    expect(partial).toBeLessThan(valid);
    expect(atKill).toBeLessThan(valid);
    expect((await batch(id)).status).toBe('committing');

    await startWorker();
    const done = await waitFor('commit finished by the new worker', 170000, async () => {
      const b = await batch(id);
      return b.status === 'committed' || b.status === 'failed' ? b : undefined;
    });
    expect(done.status).toBe('committed');
    expect(await count()).toBe(valid);
    const twice = await db.query(
      `SELECT source_row, count(*)::int AS n FROM achievements GROUP BY source_row HAVING count(*) > 1`,
    );
    expect(twice).toEqual([]);
  }, 400000);
});
