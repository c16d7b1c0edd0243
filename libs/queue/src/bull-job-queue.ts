import { AppConfig } from '@app/config';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import IORedis from 'ioredis';

import { JobQueue, QueueHealth } from './job-queue';
import {
  EnqueueOptions,
  FailedJobView,
  JOB_DEFAULTS,
  JOB_QUEUE,
  JobName,
  JobPayloads,
  QueueName,
  ScheduleOptions,
} from './jobs';

const ENQUEUE_TIMEOUT_MS = 5000;

export function createRedisConnection(url: string, forWorker: boolean): IORedis {
  return new IORedis(url, {
    // Workers block on Redis and must wait forever; producers fail fast so the outbox retries later.
    maxRetriesPerRequest: forWorker ? null : 1,
    enableOfflineQueue: forWorker,
    lazyConnect: false,
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function iso(ms: number | undefined): string | null {
  return ms ? new Date(ms).toISOString() : null;
}

function failedView(queue: QueueName, job: Job): FailedJobView {
  return {
    queue,
    id: job.id ?? '',
    name: job.name,
    data: (job.data ?? {}) as Record<string, unknown>,
    failedReason: job.failedReason ?? '',
    attemptsMade: job.attemptsMade,
    createdAt: iso(job.timestamp),
    processedAt: iso(job.processedOn),
    failedAt: iso(job.finishedOn),
  };
}

/** Producer side of BullMQ: one Queue per QueueName, all sharing one Redis connection. */
@Injectable()
export class BullJobQueue extends JobQueue implements OnApplicationShutdown {
  private readonly logger = new Logger(BullJobQueue.name);
  readonly connection: IORedis;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly config: AppConfig) {
    super();
    this.connection = createRedisConnection(config.redisUrl!, false);
    this.connection.on('error', (err) => this.logger.warn(`Redis: ${err.message}`));
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.connection,
        prefix: this.config.queuePrefix,
        defaultJobOptions: JOB_DEFAULTS,
      });
      queue.on('error', (err) => this.logger.warn(`Queue ${name}: ${err.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueue<N extends JobName>(name: N, data: JobPayloads[N], options: EnqueueOptions): Promise<void> {
    const queue = this.queue(JOB_QUEUE[name]);
    const add = async () => {
      let jobId = options.jobId;
      if (options.rerun) {
        const existing = await queue.getJob(jobId);
        const state = existing ? await existing.getState() : 'unknown';
        if (existing && !existing.name) {
          // A fragment, not a job: Redis lost the job's hash (eviction, a partial loss) while its id stayed in a list, and a
          // queue script recreated the hash with its bookkeeping fields only (a worker taking the id sets processedOn,
          // the stalled check counts stalls). It has no name and no payload, so every run of it fails ("no handler")
          // and a retry would only fail it again, forever, while the work it stood for never runs. Remove it and
          // queue the work afresh under the same id; one a worker holds right now is failed by it, and the next
          // reconciler pass removes it then.
          if (state === 'active' || !(await this.removeFragment(queue, jobId))) return;
        } else if (state === 'failed') {
          return void (await existing!.retry('failed'));
        } else if (state === 'completed' || (existing && state === 'unknown')) {
          // 'unknown' with a job hash: the hash outlived the queue's lists (Redis lost or evicted part of its data),
          // so adding under the same id would be ignored and the work would never run again.
          jobId = `${jobId}-r${Date.now().toString(36)}`;
        }
      }
      await queue.add(name, data, { jobId, delay: options.delayMs });
    };
    await withTimeout(add(), ENQUEUE_TIMEOUT_MS, `enqueue ${name}`);
  }

  /** Removes a job fragment (see `enqueue`); false when a worker took it meanwhile (it holds the lock). */
  private async removeFragment(queue: Queue, jobId: string): Promise<boolean> {
    const removed = (await queue.remove(jobId)) === 1;
    if (removed) this.logger.warn(`Queue ${queue.name}: removed job ${jobId}, whose data Redis had lost`);
    return removed;
  }

  async schedule<N extends JobName>(name: N, data: JobPayloads[N], options: ScheduleOptions): Promise<void> {
    const queue = this.queue(JOB_QUEUE[name]);
    await withTimeout(
      queue.upsertJobScheduler(options.schedulerId, { pattern: options.pattern, tz: options.tz }, { name, data }),
      ENQUEUE_TIMEOUT_MS,
      `schedule ${name}`,
    );
  }

  async failed(queueName?: QueueName, limit = 100): Promise<FailedJobView[]> {
    const names = queueName ? [queueName] : Object.values(QueueName);
    const views: FailedJobView[] = [];
    for (const name of names) {
      const jobs = await this.queue(name).getFailed(0, limit - 1);
      // a job removed or retried between the set read and the hash read comes back empty: skip it
      views.push(...jobs.filter((job) => job?.name).map((job) => failedView(name, job)));
    }
    return views.sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? '')).slice(0, limit);
  }

  async retryFailed(queueName?: QueueName, ids?: string[]): Promise<number> {
    let retried = 0;
    for (const name of queueName ? [queueName] : Object.values(QueueName)) {
      const queue = this.queue(name);
      const jobs = ids
        ? (await Promise.all(ids.map((id) => queue.getJob(id)))).filter((j): j is Job => !!j)
        : await queue.getFailed(0, -1);
      for (const job of jobs) {
        if (!(await job.isFailed())) continue;
        await job.retry('failed');
        retried++;
      }
    }
    return retried;
  }

  async removeFailed(queueName: QueueName, ids: string[]): Promise<number> {
    const queue = this.queue(queueName);
    let removed = 0;
    for (const id of ids) {
      const job = await queue.getJob(id);
      if (job && (await job.isFailed())) {
        await job.remove();
        removed++;
      }
    }
    return removed;
  }

  async health(): Promise<QueueHealth> {
    try {
      const pong = await withTimeout(this.connection.ping(), 2000, 'redis ping');
      return { status: pong === 'PONG' ? 'up' : 'down', mode: 'external' };
    } catch (err) {
      return { status: 'down', mode: 'external', detail: (err as Error).message };
    }
  }

  async idle(timeoutMs = 30000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let busy = 0;
      for (const name of Object.values(QueueName)) {
        const queue = this.queue(name);
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        busy += counts.waiting + counts.active + counts.prioritized;
        // a job scheduler always holds its next run as a delayed job: that is not work in progress
        if (counts.delayed) busy += (await queue.getDelayed()).filter((job) => !job.repeatJobKey).length;
      }
      if (busy === 0) return;
      if (Date.now() > deadline) throw new Error(`queues still busy (${busy} jobs) after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.connection.disconnect();
  }
}
