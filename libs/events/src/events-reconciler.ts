import { AppConfig } from '@app/config';
import { JobName, JobQueue, QueueName, QueueRole, Reconciler } from '@app/queue';
import { Injectable } from '@nestjs/common';

import { DomainEventRepository } from './domain-event.repository';

const BATCH = 500;

/**
 * The outbox relay hands an event to the queue once (`dispatched_at`); if Redis then loses the job, nothing would
 * run its consumers (indicator facts, export and import jobs, index syncs). This pass finds events dispatched at
 * least one interval ago and still unprocessed, and queues their job again under the relay's job id: a job still
 * waiting is left alone, one that failed for good is retried. Consumers are idempotent, so a repeat is harmless.
 */
@Injectable()
export class EventsReconciler extends Reconciler {
  constructor(
    private readonly log: DomainEventRepository,
    private readonly queue: JobQueue,
    role: QueueRole,
    config: AppConfig,
  ) {
    super(role, config);
  }

  protected async pass(): Promise<number> {
    await this.dropResolvedFailures(this.queue, QueueName.DomainEvents, async (failed) => {
      const ids = failed.filter((j) => /^\d+$/.test(String(j.data.eventId))).map((j) => String(j.data.eventId));
      const processed = await this.log.processedAmong(ids);
      return failed.filter((j) => processed.has(String(j.data.eventId))).map((j) => j.id);
    });
    const ids = await this.log.dispatchedUnprocessed(this.config.reconcileIntervalMs / 1000, BATCH);
    for (const id of ids) {
      await this.queue.enqueue(
        JobName.ProcessDomainEvent,
        { eventId: String(id) },
        { jobId: `event-${id}`, rerun: true },
      );
    }
    return ids.length;
  }
}
