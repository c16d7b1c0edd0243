import { AppConfig } from '@app/config';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';

import { JobQueue, QueueHealth } from './job-queue';
import { EnqueueOptions, JOB_DEFAULTS, JOB_QUEUE, JobName, JobPayloads, QueueName } from './jobs';

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
    await withTimeout(
      queue.add(name, data, { jobId: options.jobId, delay: options.delayMs }),
      ENQUEUE_TIMEOUT_MS,
      `enqueue ${name}`,
    );
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
        const counts = await this.queue(name).getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        busy += Object.values(counts).reduce((a, b) => a + b, 0);
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
