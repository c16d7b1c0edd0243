import { DomainEvent, DomainEventConsumer, EventConsumerRegistry, EventType } from '@app/events';
import { JobName, JobQueue } from '@app/queue';
import { Injectable, OnModuleInit } from '@nestjs/common';

/** `export.requested` (committed with the request row) → the generation job, through the outbox. */
@Injectable()
export class ExportRequestedConsumer implements DomainEventConsumer, OnModuleInit {
  readonly name = 'exports';
  readonly eventTypes = ['export.requested'] as const satisfies readonly EventType[];

  constructor(
    private readonly consumers: EventConsumerRegistry,
    private readonly queue: JobQueue,
  ) {}

  onModuleInit(): void {
    this.consumers.register(this);
  }

  async consume(event: DomainEvent): Promise<void> {
    await this.queue.enqueue(
      JobName.GenerateExport,
      { exportId: event.entityId },
      { jobId: `export-${event.entityId}` },
    );
  }
}
