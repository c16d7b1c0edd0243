import { Actor, AppError, ErrorCode, isStaff } from '@app/common';
import { EventsService } from '@app/events';
import { JobContext, JobHandler, JobName, JobPayloads, JobProcessor } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { EXPORT_STATUS_LABELS, ExportJob, ExportStatus } from './export-job.entity';
import { ExportRegistry } from './export-registry';
import { ExportJobRepository } from './file.repositories';
import { FileStore } from './file-store.service';
import { FilePurpose } from './stored-file.entity';

export interface ExportJobView {
  id: string;
  kind: string;
  status: ExportStatus;
  statusLabel: string;
  progress: number;
  error: string | null;
  fileId: string | null;
  filename: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  downloadUrl: string | null;
}

function toView(job: ExportJob): ExportJobView {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    statusLabel: EXPORT_STATUS_LABELS[job.status],
    progress: job.progress,
    error: job.error,
    fileId: job.fileId,
    filename: job.filename,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    downloadUrl: job.status === ExportStatus.Done ? `/exports/${job.id}/download` : null,
  };
}

function actorOf(job: ExportJob): Actor {
  return {
    userId: job.requestedById,
    role: job.requestedByRole as Actor['role'],
    organisationId: job.requestedByOrganisationId,
  };
}

/**
 * Exports are asked for over HTTP and built by a job. The request row and its `export.requested` event commit
 * together; the outbox relay turns the event into the job, so a request is never lost between database and queue.
 */
@Injectable()
export class ExportService {
  private readonly logger = new Logger(ExportService.name);

  constructor(
    private readonly jobs: ExportJobRepository,
    private readonly registry: ExportRegistry,
    private readonly events: EventsService,
    private readonly files: FileStore,
  ) {}

  async request(actor: Actor, kind: string, params: Record<string, unknown>): Promise<ExportJobView> {
    const generator = this.registry.find(kind);
    if (!generator) throw AppError.badRequest(ErrorCode.VALIDATION_FAILED, `不支持的导出类型：${kind}`);
    await generator.authorize(actor, params);
    const job = await this.events.transaction(async (manager) => {
      const row = await this.jobs.save(
        manager,
        this.jobs.create({
          kind,
          params,
          requestedById: actor.userId,
          requestedByRole: actor.role,
          requestedByOrganisationId: actor.organisationId,
        }),
      );
      await this.events.record(manager, actor, {
        type: 'export.requested',
        entityType: 'export',
        entityId: row.id,
        after: { kind, params },
      });
      return row;
    });
    return toView(job);
  }

  async get(actor: Actor, id: string): Promise<ExportJobView> {
    return toView(await this.visible(actor, id));
  }

  async download(actor: Actor, id: string): Promise<{ filename: string; contentType: string; content: Buffer }> {
    const job = await this.visible(actor, id);
    if (job.status !== ExportStatus.Done || !job.fileId) {
      throw AppError.conflict(ErrorCode.EXPORT_NOT_READY, `导出文件尚未生成（${EXPORT_STATUS_LABELS[job.status]}）`, {
        status: job.status,
      });
    }
    const { file, content } = await this.files.read(job.fileId);
    return { filename: file.filename, contentType: file.contentType, content };
  }

  /** Runs one export: re-checks the requester's rights, generates, stores the file, marks the job. */
  async run(id: string): Promise<void> {
    const job = await this.jobs.findById(id);
    if (!job || job.status === ExportStatus.Done || job.status === ExportStatus.Failed) return;
    const generator = this.registry.find(job.kind);
    const fail = async (message: string) =>
      this.events.transaction(async (manager) => {
        await this.jobs.patch(id, { status: ExportStatus.Failed, error: message, finishedAt: new Date() }, manager);
        await this.recordFailed(manager, job, message);
      });
    if (!generator) {
      await fail(`不支持的导出类型：${job.kind}`);
      return;
    }
    await this.jobs.patch(id, { status: ExportStatus.Running, progress: 0 });
    const actor = actorOf(job);
    try {
      await generator.authorize(actor, job.params);
      let last = 0;
      const generated = await generator.generate(job.params, actor, async (ratio) => {
        // progress writes are throttled to whole percent steps
        const pct = Math.floor(Math.min(1, Math.max(0, ratio)) * 100);
        if (pct > last) {
          last = pct;
          await this.jobs.patch(id, { progress: pct / 100 });
        }
      });
      await this.events.transaction(async (manager) => {
        const file = await this.files.save(
          {
            purpose: FilePurpose.Export,
            filename: generated.filename,
            contentType: generated.contentType,
            content: generated.content,
            createdById: job.requestedById,
          },
          manager,
        );
        await this.jobs.patch(
          id,
          {
            status: ExportStatus.Done,
            progress: 1,
            fileId: file.id,
            filename: generated.filename,
            finishedAt: new Date(),
            error: null,
          },
          manager,
        );
        await this.events.record(manager, actor, {
          type: 'export.completed',
          entityType: 'export',
          entityId: id,
          after: { kind: job.kind, filename: generated.filename },
        });
      });
    } catch (error) {
      // A refusal (rights withdrawn, record gone) is final; anything else is retried by the queue, then `fail`.
      if (error instanceof AppError) {
        await fail(error.message);
        return;
      }
      this.logger.warn(`Export ${id} (${job.kind}) failed: ${(error as Error).message}`);
      await this.jobs.patch(id, { status: ExportStatus.Queued });
      throw error;
    }
  }

  /** The generation's last attempt failed: the export says so (the cause is in the log, not shown to people). */
  async fail(id: string): Promise<void> {
    const job = await this.jobs.findById(id);
    if (!job || ![ExportStatus.Queued, ExportStatus.Running].includes(job.status)) return;
    const message = '导出生成失败，请稍后重试或联系管理员';
    await this.events.transaction(async (manager) => {
      await this.jobs.patch(id, { status: ExportStatus.Failed, error: message, finishedAt: new Date() }, manager);
      await this.recordFailed(manager, job, message);
    });
  }

  /** The requester is told (notifications) through this event, in the failure's transaction. */
  private async recordFailed(manager: EntityManager, job: ExportJob, message: string): Promise<void> {
    await this.events.record(manager, actorOf(job), {
      type: 'export.failed',
      entityType: 'export',
      entityId: job.id,
      after: { kind: job.kind, error: message },
    });
  }

  private async visible(actor: Actor, id: string): Promise<ExportJob> {
    const job = await this.jobs.findById(id);
    if (!job || (!isStaff(actor) && job.requestedById !== actor.userId)) throw AppError.notFound('导出任务', id);
    return job;
  }
}

@Injectable()
@JobProcessor(JobName.GenerateExport)
export class GenerateExportProcessor implements JobHandler<JobName.GenerateExport> {
  private readonly logger = new Logger(GenerateExportProcessor.name);

  constructor(private readonly exports: ExportService) {}

  async handle(data: JobPayloads[JobName.GenerateExport], context: JobContext): Promise<void> {
    this.logger.debug(`export ${data.exportId} attempt ${context.attempt}`);
    await this.exports.run(data.exportId);
  }

  async onFinalFailure(data: JobPayloads[JobName.GenerateExport]): Promise<void> {
    await this.exports.fail(data.exportId);
  }
}
