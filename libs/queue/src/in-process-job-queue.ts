import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';

import { JobQueue, QueueHealth } from './job-queue';
import { JobRegistry } from './job-registry';
import {
  EnqueueOptions,
  FAILED_JOBS_KEPT,
  FailedJobView,
  JOB_DEFAULTS,
  JOB_QUEUE,
  JobName,
  JobPayloads,
  QueueName,
  runJobAttempt,
  ScheduleOptions,
} from './jobs';

interface FailedEntry<N extends JobName = JobName> {
  name: N;
  data: JobPayloads[N];
  options: EnqueueOptions;
  view: FailedJobView;
}

/**
 * Embedded-mode queue: runs jobs in this process through the same handler classes the worker uses,
 * with the same attempts and exponential backoff. Nothing survives a restart, which the outbox covers:
 * an event is marked dispatched only once its job was accepted, and the relay re-scans on boot.
 */
@Injectable()
export class InProcessJobQueue extends JobQueue implements BeforeApplicationShutdown {
  private readonly logger = new Logger(InProcessJobQueue.name);
  private readonly running = new Map<string, Promise<void>>();
  /** Jobs that used up their attempts, by id, oldest first; bounded like BullMQ's failed sets. */
  private readonly failures = new Map<string, FailedEntry>();
  private closed = false;
  private readonly schedules = new Map<string, NodeJS.Timeout>();

  constructor(private readonly registry: JobRegistry) {
    super();
  }

  async enqueue<N extends JobName>(name: N, data: JobPayloads[N], options: EnqueueOptions): Promise<void> {
    if (this.closed) throw new Error('queue is shutting down');
    if (this.running.has(options.jobId)) return;
    this.failures.delete(options.jobId);
    const run = this.run(name, data, options).finally(() => this.running.delete(options.jobId));
    this.running.set(options.jobId, run);
  }

  /**
   * Embedded mode has one process, so a timer is the schedule. Only hourly patterns (`M * * * *`) are understood:
   * the platform's schedules are hourly, and the embedded start carries no cron parser.
   */
  async schedule<N extends JobName>(name: N, data: JobPayloads[N], options: ScheduleOptions): Promise<void> {
    const m = /^(\d{1,2}) \* \* \* \*$/.exec(options.pattern);
    if (!m) throw new Error(`in-process schedules are hourly (M * * * *), not "${options.pattern}"`);
    const minute = Number(m[1]);
    const arm = () => {
      const now = new Date();
      const next = new Date(now);
      next.setUTCMinutes(minute, 0, 0);
      if (next <= now) next.setUTCHours(next.getUTCHours() + 1);
      const timer = setTimeout(() => {
        if (this.closed) return;
        void this.enqueue(name, data, { jobId: `${options.schedulerId}-${next.getTime()}` });
        arm();
      }, next.getTime() - now.getTime());
      timer.unref?.();
      this.schedules.set(options.schedulerId, timer);
    };
    clearTimeout(this.schedules.get(options.schedulerId));
    arm();
  }

  private async run<N extends JobName>(name: N, data: JobPayloads[N], options: EnqueueOptions): Promise<void> {
    const createdAt = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 0));
    for (let attempt = 1; attempt <= JOB_DEFAULTS.attempts; attempt++) {
      const processedAt = new Date().toISOString();
      try {
        await runJobAttempt(this.registry.get(name), data, { attempt, jobId: options.jobId });
        return;
      } catch (err) {
        const last = attempt === JOB_DEFAULTS.attempts;
        this.logger.warn(`Job ${name}#${options.jobId} failed (attempt ${attempt}): ${(err as Error).message}`);
        if (last || this.closed) {
          this.remember({
            name,
            data,
            options,
            view: {
              queue: JOB_QUEUE[name],
              id: options.jobId,
              name,
              data: { ...data },
              failedReason: (err as Error).message,
              attemptsMade: attempt,
              createdAt,
              processedAt,
              failedAt: new Date().toISOString(),
            },
          });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, JOB_DEFAULTS.backoff.delay * 2 ** (attempt - 1)));
      }
    }
  }

  private remember(entry: FailedEntry): void {
    this.failures.delete(entry.options.jobId);
    this.failures.set(entry.options.jobId, entry);
    const oldest = Date.now() - FAILED_JOBS_KEPT.age * 1000;
    for (const [id, e] of this.failures) {
      if (this.failures.size <= FAILED_JOBS_KEPT.count && Date.parse(e.view.failedAt ?? '') >= oldest) break;
      this.failures.delete(id);
    }
  }

  async failed(queue?: QueueName, limit = 100): Promise<FailedJobView[]> {
    return [...this.failures.values()]
      .map((e) => e.view)
      .filter((v) => !queue || v.queue === queue)
      .reverse()
      .slice(0, limit);
  }

  async retryFailed(queue?: QueueName, ids?: string[]): Promise<number> {
    const chosen = [...this.failures.values()].filter(
      (e) => (!queue || e.view.queue === queue) && (!ids || ids.includes(e.view.id)),
    );
    for (const e of chosen) await this.enqueue(e.name, e.data, { ...e.options, delayMs: 0 });
    return chosen.length;
  }

  async removeFailed(queue: QueueName, ids: string[]): Promise<number> {
    let removed = 0;
    for (const id of ids) {
      if (this.failures.get(id)?.view.queue === queue && this.failures.delete(id)) removed++;
    }
    return removed;
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
    for (const timer of this.schedules.values()) clearTimeout(timer);
    await Promise.allSettled([...this.running.values()]);
  }
}
