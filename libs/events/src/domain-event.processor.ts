import { JobContext, JobHandler, JobName, JobPayloads, JobProcessor } from '@app/queue';
import { Injectable } from '@nestjs/common';

import { DomainEventRepository } from './domain-event.repository';
import { EventConsumerRegistry } from './event-consumers';

/**
 * Runs every consumer interested in one event; a failing consumer fails the job so that it is retried. Once all have
 * run, the event is marked processed (the EventsReconciler re-queues dispatched events that never get there).
 */
@Injectable()
@JobProcessor(JobName.ProcessDomainEvent)
export class DomainEventProcessor implements JobHandler<JobName.ProcessDomainEvent> {
  constructor(
    private readonly log: DomainEventRepository,
    private readonly consumers: EventConsumerRegistry,
  ) {}

  async handle(data: JobPayloads[JobName.ProcessDomainEvent], _context: JobContext): Promise<void> {
    const event = await this.log.findById(data.eventId);
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
    await this.log.markProcessed(event.id);
  }
}
