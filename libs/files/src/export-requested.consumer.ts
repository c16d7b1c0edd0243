import { DomainEvent, DomainEventConsumer, EventConsumerRegistry } from '@app/events';
import { JobName, JobQueue } from '@app/queue';
import { Injectable, OnModuleInit } from '@nestjs/common';

/** `export.requested` (committed with the request row) → the generation job, through the outbox. */
@Injectable()
export class ExportRequestedConsumer implements DomainEventConsumer, OnModuleInit {
  readonly name = 'exports';

  constructor(
    private readonly consumers: EventConsumerRegistry,
    private readonly queue: JobQueue,
  ) {}

  onModuleInit(): void {
    this.consumers.register(this);
  }

  handles(event: DomainEvent): boolean {
    return event.type === 'export.requested';
  }

  async consume(event: DomainEvent): Promise<void> {
    await this.queue.enqueue(
      JobName.GenerateExport,
      { exportId: event.entityId },
      { jobId: `export-${event.entityId}` },
    );
  }
}
