import { DomainEvent, DomainEventConsumer, EventConsumerRegistry, EventType } from '@app/events';
import { JobContext, JobHandler, JobName, JobPayloads, JobProcessor, JobQueue } from '@app/queue';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';

import { ImportCommitService } from './batch/import-commit.service';
import { ImportPreviewService } from './batch/import-preview.service';

/** `import.uploaded` → validation job; `import.commit_requested` → commit job (through the outbox). */
@Injectable()
export class ImportEventsConsumer implements DomainEventConsumer, OnModuleInit {
  readonly name = 'imports';
  readonly eventTypes = ['import.uploaded', 'import.commit_requested'] as const satisfies readonly EventType[];

  constructor(
    private readonly consumers: EventConsumerRegistry,
    private readonly queue: JobQueue,
  ) {}

  onModuleInit(): void {
    this.consumers.register(this);
  }

  async consume(event: DomainEvent): Promise<void> {
    if (event.type === 'import.uploaded') {
      await this.queue.enqueue(
        JobName.PreviewImport,
        { batchId: event.entityId },
        { jobId: `import-${event.entityId}-preview` },
      );
    } else {
      await this.queue.enqueue(
        JobName.CommitImport,
        { batchId: event.entityId },
        { jobId: `import-${event.entityId}-commit` },
      );
    }
  }
}

@Injectable()
@JobProcessor(JobName.PreviewImport)
export class PreviewImportProcessor implements JobHandler<JobName.PreviewImport> {
  private readonly logger = new Logger(PreviewImportProcessor.name);

  constructor(private readonly preview: ImportPreviewService) {}

  async handle(data: JobPayloads[JobName.PreviewImport], context: JobContext): Promise<void> {
    this.logger.debug(`import ${data.batchId} preview, attempt ${context.attempt}`);
    await this.preview.run(data.batchId);
  }

  async onFinalFailure(data: JobPayloads[JobName.PreviewImport], error: Error): Promise<void> {
    await this.preview.fail(data.batchId, error);
  }
}

@Injectable()
@JobProcessor(JobName.CommitImport)
export class CommitImportProcessor implements JobHandler<JobName.CommitImport> {
  private readonly logger = new Logger(CommitImportProcessor.name);

  constructor(private readonly commit: ImportCommitService) {}

  async handle(data: JobPayloads[JobName.CommitImport], context: JobContext): Promise<void> {
    this.logger.debug(`import ${data.batchId} commit, attempt ${context.attempt}`);
    await this.commit.run(data.batchId);
  }

  async onFinalFailure(data: JobPayloads[JobName.CommitImport], error: Error): Promise<void> {
    await this.commit.fail(data.batchId, error);
  }
}
