import { randomBytes } from 'node:crypto';

import { AppConfig } from '@app/config';
import { UnrecoverableError } from 'bullmq';
import IORedis from 'ioredis';

import { BullJobQueue } from '../bull-job-queue';
import { BullWorkerHost } from '../bull-worker-host';
import { JobRegistry } from '../job-registry';
import { JobHandler, JobName, JobPayloads, QueueName } from '../jobs';

/**
 * A reconciler's enqueue (`rerun`) on real Redis, with whatever an earlier job left under the same id: the work runs
 * again, with its payload, every time. Each case would otherwise leave a lagging record lagging for good (the
 * faults e2e's "still lagging: {match: 1}").
 */
describe('BullJobQueue rerun with a job left under the same id (integration)', () => {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `${process.env.QUEUE_PREFIX ?? 'zcz-test'}-rerun-${randomBytes(3).toString('hex')}`;
  const config = { redisUrl, queuePrefix: prefix } as AppConfig;
  const runs: Array<{ demandId: string; jobId: string }> = [];
  /** Demand ids whose handler fails for good at once (no retries to wait for). */
  const failing = new Set<string>();
  const handler: JobHandler<JobName.MatchDemand> = {
    async handle(data, context) {
      runs.push({ demandId: data.demandId, jobId: context.jobId });
      if (failing.has(data.demandId)) throw new UnrecoverableError(`匹配失败：${data.demandId}`);
    },
  };
  const registry = { get: () => handler } as unknown as JobRegistry;
  let queue: BullJobQueue;
  let host: BullWorkerHost;
  let redis: IORedis;
  const key = (id: string) => `${prefix}:${QueueName.Matching}:${id}`;

  beforeAll(async () => {
    redis = new IORedis(redisUrl, { maxRetriesPerRequest: 3 });
    queue = new BullJobQueue(config);
    host = new BullWorkerHost(config, registry);
    host.onApplicationBootstrap();
  });

  afterAll(async () => {
    await host.beforeApplicationShutdown();
    await queue.onApplicationShutdown();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.unlink(...keys);
    redis.disconnect();
  });

  function rerun(demandId: string, jobId: string): Promise<void> {
    return queue.enqueue(JobName.MatchDemand, { demandId } as JobPayloads[JobName.MatchDemand], { jobId, rerun: true });
  }

  async function waitFor(what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 15000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const ranFor = (demandId: string) => runs.filter((r) => r.demandId === demandId).length;
  const state = async (jobId: string) =>
    (await queue.queue(QueueName.Matching).getJob(jobId))?.getState() ?? Promise.resolve('absent');

  it('runs a completed job again, under a derived id', async () => {
    const id = 'match-search-demands-d1-3';
    await queue.enqueue(JobName.MatchDemand, { demandId: 'd1' }, { jobId: id });
    await waitFor('first run', () => ranFor('d1') === 1);
    await waitFor('completed', async () => (await state(id)) === 'completed');
    await rerun('d1', id);
    await waitFor('second run', () => ranFor('d1') === 2);
    expect(runs.filter((r) => r.demandId === 'd1').map((r) => r.jobId)).toEqual([
      id,
      expect.stringMatching(`^${id}-r`),
    ]);
  });

  it('retries a job that failed for good', async () => {
    const id = 'match-search-demands-d2-3';
    failing.add('d2');
    await queue.enqueue(JobName.MatchDemand, { demandId: 'd2' }, { jobId: id });
    await waitFor('failed for good', async () => (await state(id)) === 'failed');
    failing.delete('d2');
    const before = ranFor('d2');
    await rerun('d2', id);
    await waitFor('run again', () => ranFor('d2') > before);
    await waitFor('completed', async () => (await state(id)) === 'completed');
  });

  it('runs the work of a job whose hash outlived its lists', async () => {
    const id = 'match-search-demands-d3-3';
    await queue.enqueue(JobName.MatchDemand, { demandId: 'd3' }, { jobId: id });
    await waitFor('completed', async () => (await state(id)) === 'completed');
    await redis.zrem(`${prefix}:${QueueName.Matching}:completed`, id);
    expect(await state(id)).toBe('unknown');
    await rerun('d3', id);
    await waitFor('second run', () => ranFor('d3') === 2);
  });

  // Redis lost a job's hash but not its id in a list (a partial loss, an eviction, a wipe racing the queue); a worker
  // taking the id, or the stalled check, recreates the hash with bookkeeping fields only: no name, no payload.
  it.each([
    ['failed', async (id: string) => redis.zadd(`${prefix}:${QueueName.Matching}:failed`, Date.now(), id)],
    // delayed far ahead: no worker takes it during the test
    [
      'delayed',
      async (id: string) => redis.zadd(`${prefix}:${QueueName.Matching}:delayed`, (Date.now() + 600000) * 0x1000, id),
    ],
    ['unknown', async () => 0],
  ])('runs the work of a job fragment left %s', async (where, place) => {
    const demandId = `fragment-${where}`;
    const id = `match-search-demands-${demandId}-3`;
    await redis.hset(key(id), { processedOn: Date.now(), ats: 1, atm: 1, failedReason: '', finishedOn: Date.now() });
    await place(id);
    const fragment = (await queue.queue(QueueName.Matching).getJob(id))!;
    expect(fragment.name).toBeUndefined();
    expect(await fragment.getState()).toBe(where);

    await rerun(demandId, id);
    await waitFor('the work runs', () => ranFor(demandId) === 1);
    await waitFor('completed', async () => (await state(id)) === 'completed');
    const job = (await queue.queue(QueueName.Matching).getJob(id))!;
    expect(job.name).toBe(JobName.MatchDemand);
    expect(job.data).toEqual({ demandId });
    // the fragment is gone from every list: admins and reconcilers see no phantom failure
    expect(await redis.zscore(`${prefix}:${QueueName.Matching}:failed`, id)).toBeNull();
    expect(await redis.zscore(`${prefix}:${QueueName.Matching}:delayed`, id)).toBeNull();
  });

  it('a fragment a worker takes fails for good at once, and the next rerun runs the work', async () => {
    const demandId = 'fragment-taken';
    const id = `match-search-demands-${demandId}-3`;
    // the id alone in the wait list: the worker's move to active recreates the hash as a fragment
    await redis.lpush(`${prefix}:${QueueName.Matching}:wait`, id);
    await redis.zadd(`${prefix}:${QueueName.Matching}:marker`, 0, '0');
    await waitFor('fragment failed', async () => (await state(id)) === 'failed');
    const fragment = (await queue.queue(QueueName.Matching).getJob(id))!;
    expect(fragment.name).toBeUndefined();
    expect(fragment.failedReason).toContain('lost its name and data');
    expect(fragment.attemptsMade).toBe(1);
    expect(ranFor(demandId)).toBe(0);

    await rerun(demandId, id);
    await waitFor('the work runs', () => ranFor(demandId) === 1);
    await waitFor('completed', async () => (await state(id)) === 'completed');
  });

  it('leaves a job that is waiting alone', async () => {
    const id = 'match-search-demands-d4-3';
    const matching = queue.queue(QueueName.Matching);
    await matching.add(JobName.MatchDemand, { demandId: 'd4' }, { jobId: id, delay: 60000 });
    await rerun('d4', id);
    expect(await state(id)).toBe('delayed');
    expect(await redis.keys(`${key(id)}-r*`)).toEqual([]);
    expect((await matching.getJob(id))!.data).toEqual({ demandId: 'd4' });
    expect(ranFor('d4')).toBe(0);
  });
});
