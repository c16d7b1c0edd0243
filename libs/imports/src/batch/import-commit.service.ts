import { Actor, AppError } from '@app/common';
import { EventsService } from '@app/events';
import { AchievementService, CreateAchievementDto, CreateDemandDto, DemandService, DemandSource } from '@app/registry';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { normalisePatent, normaliseTitle } from '../matching/natural-key';
import { KIND_TRAITS } from './catalogue-lookup';
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly achievements: AchievementService,
    private readonly demands: DemandService,
  ) {}

  /** Applies a batch being committed; an error is thrown for the queue to retry (`fail` after the last attempt). */
  async run(batchId: string): Promise<void> {
    const batch = await this.dataSource.getRepository(ImportBatch).findOneBy({ id: batchId });
    if (!batch || batch.status !== ImportStatus.Committing) return;
    await this.apply(batch);
  }

  /** The commit's last attempt failed: rows applied so far stay applied (each with its event); the batch says so. */
  async fail(batchId: string, error: Error): Promise<void> {
    this.logger.error(`import ${batchId} commit failed: ${String(error)}`);
    await this.dataSource
      .getRepository(ImportBatch)
      .update(
        { id: batchId, status: ImportStatus.Committing },
        { status: ImportStatus.Failed, error: '导入过程中断，已导入的行保留，请联系管理员' },
      );
  }

  private async apply(batch: ImportBatch): Promise<void> {
    const batchId = batch.id;
    const actor = committerOf(batch);
    const started = Date.now();
    // One connection for the whole commit: between chunks it never queues for the pool behind the follow-up jobs
    // (index sync, matching, indicator facts) that its own events start.
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const db = runner.manager;
      const transaction = async (work: (manager: EntityManager) => Promise<void>) => {
        await db.transaction(work);
        this.events.notifyCommitted();
      };
      const total: number = (
        await db.query(`SELECT count(*)::int AS n FROM import_rows WHERE batch_id = $1 AND ${APPROVED}`, [
          batchId,
          batch.includedRows,
        ])
      )[0].n;
      let done = 0;
      let after = 0;
      for (;;) {
        // only what applying needs: not the raw cells nor the preview's reasons
        const chunk = await db
          .getRepository(ImportRow)
          .createQueryBuilder('r')
          .select([
            'r.id',
            'r.rowNumber',
            'r.outcome',
            'r.targetId',
            'r.data',
            'r.changes',
            'r.appliedAt',
            'r.commitNote',
          ])
          .where('r.batch_id = :batchId AND r.row_number > :after', { batchId, after })
          .andWhere(
            `(r.outcome IN ('new', 'updated') OR (r.outcome = 'duplicate_suspect' AND r.row_number = ANY(:included)))`,
            { included: batch.includedRows },
          )
          .orderBy('r.row_number', 'ASC')
          .take(COMMIT_CHUNK)
          .getMany();
        if (!chunk.length) break;
        after = chunk[chunk.length - 1].rowNumber;
        done += chunk.length;
        const progress = total ? Math.min(0.99, done / total) : 0.99;
        const pending = chunk.filter((r) => !r.appliedAt && !r.commitNote);
        try {
          await transaction(async (manager) => {
            await this.applyChunk(manager, batch, actor, pending);
            await manager.getRepository(ImportBatch).update(batchId, { progress });
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
              await db.getRepository(ImportRow).update(row.id, { commitNote: note });
            }
          }
          await db.getRepository(ImportBatch).update(batchId, { progress });
        }
      }
      const stats: Array<{ created: number; applied: number; skipped: number }> = await db.query(
        `SELECT count(*) FILTER (WHERE applied_at IS NOT NULL AND outcome <> 'updated')::int AS created,
                count(*) FILTER (WHERE applied_at IS NOT NULL)::int AS applied,
                count(*) FILTER (WHERE commit_note IS NOT NULL)::int AS skipped
           FROM import_rows WHERE batch_id = $1`,
        [batchId],
      );
      await transaction(async (manager) => {
        const counts = { ...batch.counts, ...stats[0] };
        await manager.getRepository(ImportBatch).update(batchId, {
          status: ImportStatus.Committed,
          progress: 1,
          counts,
          committedAt: new Date(),
        });
        await this.events.record(manager, actor, {
          type: 'import.committed',
          entityType: 'import_batch',
          entityId: batchId,
          before: { status: ImportStatus.Committing },
          after: {
            status: ImportStatus.Committed,
            kind: batch.kind,
            organisationIds: batch.organisationIds,
            ...stats[0],
          },
        });
      });
      const seconds = (Date.now() - started) / 1000;
      this.logger.log(`import ${batchId}: ${stats[0].applied} rows committed in ${seconds.toFixed(1)} s`);
    } finally {
      await runner.release();
    }
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
    for (const org of orgs) await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`import:${org}`]);
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
    if (skipped.length) {
      await manager.query(
        `UPDATE import_rows r SET commit_note = v.note FROM unnest($1::bigint[], $2::text[]) AS v(id, note) WHERE r.id = v.id`,
        [skipped.map((a) => a[0]), skipped.map((a) => a[1])],
      );
    }
    if (applied.length) {
      await manager.query(
        `UPDATE import_rows r SET applied_at = now(), target_id = v.target
           FROM unnest($1::bigint[], $2::uuid[]) AS v(id, target) WHERE r.id = v.id`,
        [applied.map((a) => a[0]), applied.map((a) => a[1])],
      );
    }
  }

  /** Records of these organisations created after the preview (by another batch or by hand). */
  private async createdSincePreview(
    manager: EntityManager,
    batch: ImportBatch,
    orgs: string[],
  ): Promise<Map<string, string>> {
    const t = KIND_TRAITS[batch.kind];
    const patents = batch.kind === 'achievements' ? ', patent_numbers' : '';
    const rows: Array<{ id: string; org: string; title: string; patent_numbers?: string[] }> = await manager.query(
      `SELECT id, ${t.organisationColumn} AS org, title${patents} FROM ${t.table}
        WHERE created_at >= $1 AND ${t.organisationColumn} = ANY($2::uuid[])`,
      [batch.previewedAt, orgs],
    );
    const out = new Map<string, string>();
    for (const r of rows) {
      out.set(titleKey(r.org, r.title), r.id);
      for (const p of r.patent_numbers ?? []) out.set(`patent:${p}`, r.id);
    }
    return out;
  }
}

const APPROVED = `(outcome IN ('new', 'updated') OR (outcome = 'duplicate_suspect' AND row_number = ANY($2::int[])))`;

const titleKey = (org: string, title: unknown) => `title:${org}:${normaliseTitle(String(title))}`;
