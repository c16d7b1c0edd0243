import { AppConfig } from '@app/config';
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';

import { JobQueue, QueueRole } from './job-queue';
import { FAILED_JOBS_KEPT, FailedJobView, QueueName } from './jobs';

/**
 * A safety net that makes the queues agree with PostgreSQL again: once at start and then every
 * `RECONCILE_INTERVAL_MS`, in every process that consumes jobs (nowhere else: it feeds its own workers).
 * Passes never overlap; a failing pass is logged and tried again at the next tick.
 */
export abstract class Reconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = false;

  constructor(
    protected readonly role: QueueRole,
    protected readonly config: AppConfig,
  ) {}

  /** One pass: queues what lags and returns how many jobs it queued. */
  protected abstract pass(): Promise<number>;

  /**
   * Failed jobs of `queue` whose work is done by now (`resolved` picks them from their payloads) leave the failed
   * list: a Meilisearch outage leaves no trail once the reconcilers have caught up; failures that still matter stay.
   */
  protected async dropResolvedFailures(
    jobs: JobQueue,
    queue: QueueName,
    resolved: (failed: FailedJobView[]) => Promise<string[]>,
  ): Promise<void> {
    const failed = await jobs.failed(queue, FAILED_JOBS_KEPT.count);
    if (failed.length === 0) return;
    const ids = await resolved(failed);
    if (ids.length) await jobs.removeFailed(queue, ids);
  }

  onApplicationBootstrap(): void {
    if (this.role.consumes) this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.reconcile()
        .catch(() => undefined)
        .finally(() => this.schedule(this.config.reconcileIntervalMs));
    }, ms);
    this.timer.unref?.();
  }

  /** Runs a pass now (or joins the one under way); returns how many jobs were queued. */
  reconcile(): Promise<number> {
    if (this.running) return this.running;
    this.running = this.pass()
      .then((queued) => {
        if (queued) this.logger.log(`Queued ${queued} lagging jobs`);
        return queued;
      })
      .catch((err: unknown) => {
        this.logger.warn(`Reconcile failed: ${(err as Error).message}`);
        throw err;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
