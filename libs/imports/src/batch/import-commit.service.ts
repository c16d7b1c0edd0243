import { Actor, AppError } from '@app/common';
import { EventsService } from '@app/events';
import {
  AchievementService,
  CatalogueReads,
  CreateAchievementDto,
  CreateDemandDto,
  DemandService,
  DemandSource,
} from '@app/registry';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { normalisePatent, normaliseTitle } from '../dedup/natural-key';
import { KIND_TRAITS } from './catalogue-lookup';
import { ImportBatchRepository, ImportRowRepository } from './import.repositories';
import { ImportBatch, ImportStatus } from './import-batch.entity';
import { ImportRow, RowOutcome } from './import-row.entity';

/**
 * Rows applied per transaction: new rows of a chunk become one multi-row INSERT per table; one failure re-runs
 * its chunk row by row, so a single bad row (the catalogue changed since the preview) keeps its own reason.
 */
const COMMIT_CHUNK = 1000;

export function committerOf(batch: ImportBatch): Actor {
  return {
    userId: batch.committedById,
    role: (batch.committedByRole ?? batch.createdByRole) as Actor['role'],
    organisationId: batch.createdByOrganisationId,
  };
}

/**
 * Applies a previewed batch: creates the `new` rows and updates the `updated` ones (plus duplicate-suspect rows
 * a manager included), through the registry services' own bulk create and update, so each record gets its domain event
 * and, through the outbox, its search document, matching and indicators. Invalid and duplicate-suspect rows are
 * never touched. A row is marked applied in the transaction that applied it: a re-run job resumes, never
 * repeats.
 */
@Injectable()
export class ImportCommitService {
  private readonly logger = new Logger(ImportCommitService.name);

  constructor(
    private readonly batches: ImportBatchRepository,
    private readonly importRows: ImportRowRepository,
    private readonly catalogue: CatalogueReads,
    private readonly events: EventsService,
    private readonly achievements: AchievementService,
    private readonly demands: DemandService,
  ) {}

  /** Applies a batch being committed; an error is thrown for the queue to retry (`fail` after the last attempt). */
  async run(batchId: string): Promise<void> {
    const batch = await this.batches.findById(batchId);
    if (!batch || batch.status !== ImportStatus.Committing) return;
    await this.apply(batch);
  }

  /** The commit's last attempt failed: rows applied so far stay applied (each with its event); the batch says so. */
  async fail(batchId: string, error: Error): Promise<void> {
    this.logger.error(`import ${batchId} commit failed: ${String(error)}`);
    const batch = await this.batches.findById(batchId);
    if (!batch || batch.status !== ImportStatus.Committing) return;
    const message = '导入过程中断，已导入的行保留，请联系管理员';
    await this.events.transaction(async (manager) => {
      await this.batches.patch(batchId, { status: ImportStatus.Failed, error: message }, manager);
      await this.events.record(manager, committerOf(batch), {
        type: 'import.failed',
        entityType: 'import_batch',
        entityId: batchId,
        before: { status: ImportStatus.Committing },
        after: { status: ImportStatus.Failed, kind: batch.kind, filename: batch.filename, error: message },
      });
    });
  }

  private async apply(batch: ImportBatch): Promise<void> {
    const batchId = batch.id;
    const actor = committerOf(batch);
    const started = Date.now();
    // One connection for the whole commit: between chunks it never queues for the pool behind the follow-up jobs
    // (index sync, matching, indicator facts) that its own events start.
    await this.batches.withConnection(async (db) => {
      const transaction = async (work: (manager: EntityManager) => Promise<void>) => {
        await db.transaction(work);
        this.events.notifyCommitted();
      };
      const total = await this.importRows.countApproved(db, batchId, batch.includedRows);
      let done = 0;
      let after = 0;
      for (;;) {
        // only what applying needs: not the raw cells nor the preview's reasons
        const chunk = await this.importRows.chunkToApply(db, batchId, after, batch.includedRows, COMMIT_CHUNK);
        if (!chunk.length) break;
        after = chunk[chunk.length - 1].rowNumber;
        done += chunk.length;
        const progress = total ? Math.min(0.99, done / total) : 0.99;
        const pending = chunk.filter((r) => !r.appliedAt && !r.commitNote);
        try {
          await transaction(async (manager) => {
            await this.applyChunk(manager, batch, actor, pending);
            await this.batches.patch(batchId, { progress }, manager);
          });
        } catch {
          // One bad row (the catalogue changed since the preview) must not sink its neighbours.
          for (const row of pending) {
            try {
              await transaction((manager) => this.applyChunk(manager, batch, actor, [row]));
            } catch (err) {
              const note = err instanceof AppError ? err.message : '写入失败';
              if (!(err instanceof AppError))
                this.logger.error(`import ${batchId} row ${row.rowNumber}: ${String(err)}`);
              await this.importRows.setCommitNote(db, row.id, note);
            }
          }
          await this.batches.patch(batchId, { progress }, db);
        }
      }
      const stats = await this.importRows.commitStats(db, batchId);
      await transaction(async (manager) => {
        const counts = { ...batch.counts, ...stats };
        await this.batches.patch(
          batchId,
          { status: ImportStatus.Committed, progress: 1, counts, committedAt: new Date() },
          manager,
        );
        await this.events.record(manager, actor, {
          type: 'import.committed',
          entityType: 'import_batch',
          entityId: batchId,
          before: { status: ImportStatus.Committing },
          after: {
            status: ImportStatus.Committed,
            kind: batch.kind,
            filename: batch.filename,
            organisationIds: batch.organisationIds,
            ...stats,
          },
        });
      });
      const seconds = (Date.now() - started) / 1000;
      this.logger.log(`import ${batchId}: ${stats.applied} rows committed in ${seconds.toFixed(1)} s`);
    });
  }

  /**
   * Applies one chunk in the caller's transaction. New rows are created set-based, through the registry's bulk
   * write path: one multi-row INSERT for the records and one for their `*.created` events (one event per record,
   * as before, so index sync, matching and indicator facts follow each record). Updated rows are rare and need the
   * record locked, diffed and its edit rights checked, so they go through the service one by one.
   */
  private async applyChunk(manager: EntityManager, batch: ImportBatch, actor: Actor, rows: ImportRow[]): Promise<void> {
    const traits = KIND_TRAITS[batch.kind];
    const orgs = [...new Set(rows.map((r) => String(r.data.organisationId)))].sort();
    // Two batches of the same organisation commit one after the other, so neither misses what the other created.
    await this.batches.lockOrganisations(manager, orgs);
    const since = await this.createdSincePreview(manager, batch, orgs);
    const applied: Array<[string, string]> = [];
    const skipped: Array<[string, string]> = [];
    const creates: ImportRow[] = [];
    for (const row of rows) {
      const { organisationId, ...values } = row.data as Record<string, unknown> & { organisationId: string };
      if (row.outcome === RowOutcome.Updated) {
        const changes = Object.fromEntries((row.changes ?? []).map((c) => [c.field, c.after]));
        if (batch.kind === 'achievements') await this.achievements.updateWith(manager, actor, row.targetId!, changes);
        else await this.demands.updateWith(manager, actor, row.targetId!, changes);
        applied.push([row.id, row.targetId!]);
        continue;
      }
      const clash =
        since.get(titleKey(organisationId, values.title)) ??
        ((values.patentNumbers as string[]) ?? []).map((p) => since.get(`patent:${normalisePatent(p)}`)).find(Boolean);
      if (clash) {
        skipped.push([row.id, `预览后平台上已出现同一${traits.noun}，未重复创建`]);
        continue;
      }
      since.set(titleKey(organisationId, values.title), 'pending');
      creates.push(row);
    }
    const verified = new Set<string>();
    const created =
      batch.kind === 'achievements'
        ? await this.achievements.createManyWith(
            manager,
            actor,
            creates.map((row) => {
              const { organisationId, ...values } = row.data as Record<string, unknown> & { organisationId: string };
              return {
                dto: { ...(values as unknown as CreateAchievementDto), institutionId: organisationId },
                source: { file: batch.filename, row: row.rowNumber },
              };
            }),
            verified,
          )
        : await this.demands.createManyWith(
            manager,
            actor,
            creates.map((row) => {
              const { organisationId, ...values } = row.data as Record<string, unknown> & { organisationId: string };
              return {
                ...(values as unknown as CreateDemandDto),
                ownerOrganisationId: organisationId,
                source: DemandSource.Import,
              };
            }),
            verified,
          );
    created.forEach((record, i) => applied.push([creates[i].id, record.id]));
    await this.importRows.markSkipped(manager, skipped);
    await this.importRows.markApplied(manager, applied);
  }

  /** Records of these organisations created after the preview (by another batch or by hand). */
  private async createdSincePreview(
    manager: EntityManager,
    batch: ImportBatch,
    orgs: string[],
  ): Promise<Map<string, string>> {
    const rows = await this.catalogue.createdSince(batch.kind, batch.previewedAt!, orgs, manager);
    const out = new Map<string, string>();
    for (const r of rows) {
      out.set(titleKey(r.organisationId, r.title), r.id);
      for (const p of r.patentNumbers) out.set(`patent:${p}`, r.id);
    }
    return out;
  }
}

const titleKey = (org: string, title: unknown) => `title:${org}:${normaliseTitle(String(title))}`;
