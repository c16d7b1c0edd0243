import { AppConfig } from '@app/config';
import { JobName, JobQueue, QueueName, QueueRole, Reconciler } from '@app/queue';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    role: QueueRole,
    config: AppConfig,
  ) {
    super(role, config);
  }

  protected async pass(): Promise<number> {
    await this.dropResolvedFailures(this.queue, QueueName.DomainEvents, async (failed) => {
      const ids = failed.filter((j) => /^\d+$/.test(String(j.data.eventId))).map((j) => String(j.data.eventId));
      const done: Array<{ id: string }> = await this.dataSource.query(
        `SELECT id::text AS id FROM domain_events WHERE id = ANY($1::bigint[]) AND processed_at IS NOT NULL`,
        [ids],
      );
      const processed = new Set(done.map((r) => r.id));
      return failed.filter((j) => processed.has(String(j.data.eventId))).map((j) => j.id);
    });
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM domain_events
        WHERE processed_at IS NULL AND dispatched_at < now() - make_interval(secs => $1)
        ORDER BY id LIMIT $2`,
      [this.config.reconcileIntervalMs / 1000, BATCH],
    );
    for (const row of rows) {
      await this.queue.enqueue(
        JobName.ProcessDomainEvent,
        { eventId: String(row.id) },
        { jobId: `event-${row.id}`, rerun: true },
      );
    }
    return rows.length;
  }
}
