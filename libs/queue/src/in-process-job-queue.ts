import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';

import { JobQueue, QueueHealth } from './job-queue';
import { JobRegistry } from './job-registry';
import { EnqueueOptions, JOB_DEFAULTS, JobName, JobPayloads } from './jobs';

/**
 * Embedded-mode queue: runs jobs in this process through the same handler classes the worker uses,
 * with the same attempts and exponential backoff. Nothing survives a restart, which the outbox covers:
 * an event is marked dispatched only once its job was accepted, and the relay re-scans on boot.
 */
@Injectable()
export class InProcessJobQueue extends JobQueue implements BeforeApplicationShutdown {
  private readonly logger = new Logger(InProcessJobQueue.name);
  private readonly running = new Map<string, Promise<void>>();
  private closed = false;

  constructor(private readonly registry: JobRegistry) {
    super();
  }

  async enqueue<N extends JobName>(name: N, data: JobPayloads[N], options: EnqueueOptions): Promise<void> {
    if (this.closed) throw new Error('queue is shutting down');
    if (this.running.has(options.jobId)) return;
    const run = this.run(name, data, options).finally(() => this.running.delete(options.jobId));
    this.running.set(options.jobId, run);
  }

  private async run<N extends JobName>(name: N, data: JobPayloads[N], options: EnqueueOptions): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 0));
    for (let attempt = 1; attempt <= JOB_DEFAULTS.attempts; attempt++) {
      try {
        await this.registry.get(name).handle(data, { attempt, jobId: options.jobId });
        return;
      } catch (err) {
        const last = attempt === JOB_DEFAULTS.attempts;
        this.logger.warn(`Job ${name}#${options.jobId} failed (attempt ${attempt}): ${(err as Error).message}`);
        if (last || this.closed) return;
        await new Promise((resolve) => setTimeout(resolve, JOB_DEFAULTS.backoff.delay * 2 ** (attempt - 1)));
      }
    }
  }

  async health(): Promise<QueueHealth> {
    return { status: 'up', mode: 'in-process', detail: `${this.running.size} running` };
  }

  async idle(timeoutMs = 30000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.running.size > 0) {
      if (Date.now() > deadline) throw new Error(`${this.running.size} jobs still running after ${timeoutMs} ms`);
      await Promise.race([...this.running.values(), new Promise((r) => setTimeout(r, 50))]);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.running.values()]);
  }
}
