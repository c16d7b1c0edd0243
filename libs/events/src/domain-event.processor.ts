import { JobContext, JobHandler, JobName, JobPayloads, JobProcessor } from '@app/queue';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { DomainEvent } from './domain-event.entity';
import { EventConsumerRegistry } from './event-consumers';

/**
 * Runs every consumer interested in one event; a failing consumer fails the job so that it is retried. Once all have
 * run, the event is marked processed (the EventsReconciler re-queues dispatched events that never get there).
 */
@Injectable()
@JobProcessor(JobName.ProcessDomainEvent)
export class DomainEventProcessor implements JobHandler<JobName.ProcessDomainEvent> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consumers: EventConsumerRegistry,
  ) {}

  async handle(data: JobPayloads[JobName.ProcessDomainEvent], _context: JobContext): Promise<void> {
    const event = await this.dataSource.getRepository(DomainEvent).findOneBy({ id: data.eventId });
    if (!event) return;
    const errors: string[] = [];
    for (const consumer of this.consumers.for(event)) {
      try {
        await consumer.consume(event);
      } catch (err) {
        errors.push(`${consumer.name}: ${(err as Error).message}`);
      }
    }
    if (errors.length) throw new Error(`event ${event.id} (${event.type}) failed in ${errors.join('; ')}`);
    await this.dataSource.query(`UPDATE domain_events SET processed_at = now() WHERE id = $1`, [event.id]);
  }
}
