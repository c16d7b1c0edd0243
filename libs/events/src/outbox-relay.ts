import { JobName, JobQueue } from '@app/queue';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';

import { EventsService } from './events.service';
import { OutboxStore } from './outbox-store';

export const OUTBOX_BATCH = 200;
export const OUTBOX_POLL_MS = 1000;
export const OUTBOX_MAX_BACKOFF_MS = 30000;

/**
 * Transactional outbox relay: hands committed, undispatched domain events to the queue and marks them dispatched
 * in one transaction. Rows are claimed with FOR UPDATE SKIP LOCKED, so any number of relays (api, worker) may run;
 * job ids are derived from event ids, so a crash between enqueue and commit only re-enqueues a no-op.
 * When the queue is down the transaction rolls back and the relay backs off: nothing is lost.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private failures = 0;

  constructor(
    private readonly store: OutboxStore,
    private readonly queue: JobQueue,
    events: EventsService,
  ) {
    events.onCommitted(() => this.nudge());
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Run soon (coalesced); called after each commit that recorded events. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = (async () => {
      let next = OUTBOX_POLL_MS;
      try {
        let dispatched: number;
        do {
          this.again = false;
          dispatched = await this.dispatchBatch();
        } while ((dispatched === OUTBOX_BATCH || this.again) && !this.stopped);
        this.failures = 0;
      } catch (err) {
        this.failures++;
        next = Math.min(OUTBOX_MAX_BACKOFF_MS, OUTBOX_POLL_MS * 2 ** this.failures);
        this.logger.warn(`Outbox relay failed (${this.failures}x), retrying in ${next} ms: ${(err as Error).message}`);
      }
      this.running = undefined;
      this.schedule(this.again ? 0 : next);
    })();
    await this.running;
  }

  /** One batch in one transaction; returns how many events it dispatched. */
  async dispatchBatch(): Promise<number> {
    return this.store.dispatch(OUTBOX_BATCH, async (ids) => {
      for (const id of ids) {
        await this.queue.enqueue(JobName.ProcessDomainEvent, { eventId: id }, { jobId: `event-${id}` });
      }
    });
  }

  /** Tests and the CLI: dispatch until nothing is left. */
  async drain(): Promise<void> {
    while ((await this.dispatchBatch()) > 0) {
      /* keep going */
    }
  }
}
