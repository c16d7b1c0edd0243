import { AppConfig } from '@app/config';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { UnrecoverableError, Worker } from 'bullmq';
import IORedis from 'ioredis';

import { createRedisConnection } from './bull-job-queue';
import { JobRegistry } from './job-registry';
import { QUEUE_CONCURRENCY, QueueName, runJobAttempt } from './jobs';

/** Consumer side of BullMQ: a Worker per queue, dispatching each job by name to its one handler. */
@Injectable()
export class BullWorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(BullWorkerHost.name);
  private readonly workers: Worker[] = [];
  private connection?: IORedis;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: JobRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.connection = createRedisConnection(this.config.redisUrl!, true);
    for (const queueName of Object.values(QueueName)) {
      const worker = new Worker(
        queueName,
        async (job) => {
          // A job fragment (see BullJobQueue.enqueue): no name, no payload, nothing to run. It fails for good at once;
          // the reconciler that owns the work removes it and queues the work again.
          if (!job.name) throw new UnrecoverableError(`job ${job.id} has lost its name and data (Redis lost its hash)`);
          await runJobAttempt(this.registry.get(job.name), job.data, {
            attempt: job.attemptsMade + 1,
            jobId: job.id ?? '',
          });
        },
        { connection: this.connection, prefix: this.config.queuePrefix, concurrency: QUEUE_CONCURRENCY[queueName] },
      );
      worker.on('failed', (job, err) =>
        this.logger.warn(`Job ${job?.name}#${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`),
      );
      worker.on('error', (err) => this.logger.warn(`Worker ${queueName}: ${err.message}`));
      this.workers.push(worker);
    }
    this.logger.log(`Consuming queues ${Object.values(QueueName).join(', ')} (prefix ${this.config.queuePrefix})`);
  }

  /** Before the database closes: let running jobs finish, take no new ones. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    this.connection?.disconnect();
  }
}
