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

/** Rows applied per transaction: one failure re-runs its chunk row by row. */
const COMMIT_CHUNK = 200;

export function committerOf(batch: ImportBatch): Actor {
  return {
    userId: batch.committedById,
    role: (batch.committedByRole ?? batch.createdByRole) as Actor['role'],
    organisationId: batch.createdByOrganisationId,
  };
}

class SkipRow extends Error {}

/**
 * Applies a previewed batch: creates the `new` rows and updates the `updated` ones (plus duplicate-suspect rows
 * a manager included), through the registry services' own create/update, so each record gets its domain event
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

  async run(batchId: string, finalAttempt = false): Promise<void> {
    const repo = this.dataSource.getRepository(ImportBatch);
    const batch = await repo.findOneBy({ id: batchId });
    if (!batch || batch.status !== ImportStatus.Committing) return;
    try {
      await this.apply(batch);
    } catch (err) {
      if (!finalAttempt) throw err;
      this.logger.error(`import ${batchId} commit failed: ${String(err)}`);
      // Rows applied so far stay applied (each with its event); the batch says the commit stopped.
      await repo.update(batchId, { status: ImportStatus.Failed, error: '导入过程中断，已导入的行保留，请联系管理员' });
    }
  }

  private async apply(batch: ImportBatch): Promise<void> {
    const batchId = batch.id;
    const repo = this.dataSource.getRepository(ImportBatch);
    const actor = committerOf(batch);
    const started = Date.now();
    const total: number = (
      await this.dataSource.query(`SELECT count(*)::int AS n FROM import_rows WHERE batch_id = $1 AND ${APPROVED}`, [
        batchId,
        batch.includedRows,
      ])
    )[0].n;
    let done = 0;
    let after = 0;
    for (;;) {
      const chunk = await this.dataSource
        .getRepository(ImportRow)
        .createQueryBuilder('r')
        .where('r.batch_id = :batchId AND r.row_number > :after', { batchId, after })
        .andWhere(
          `(r.outcome IN ('new', 'updated') OR (r.outcome = 'duplicate_suspect' AND r.row_number = ANY(:included)))`,
          {
            included: batch.includedRows,
          },
        )
        .orderBy('r.row_number', 'ASC')
        .take(COMMIT_CHUNK)
        .getMany();
      if (!chunk.length) break;
      after = chunk[chunk.length - 1].rowNumber;
      const pending = chunk.filter((r) => !r.appliedAt && !r.commitNote);
      try {
        await this.events.transaction((manager) => this.applyChunk(manager, batch, actor, pending));
      } catch {
        // One bad row (the catalogue changed since the preview) must not sink its neighbours.
        for (const row of pending) {
          try {
            await this.events.transaction((manager) => this.applyChunk(manager, batch, actor, [row]));
          } catch (err) {
            const note = err instanceof AppError ? (err.getResponse() as { message: string }).message : '写入失败';
            if (!(err instanceof AppError)) this.logger.error(`import ${batchId} row ${row.rowNumber}: ${String(err)}`);
            await this.dataSource.getRepository(ImportRow).update(row.id, { commitNote: note });
          }
        }
      }
      done += chunk.length;
      await repo.update(batchId, { progress: total ? Math.min(0.99, done / total) : 0.99 });
    }
    const stats: Array<{ created: number; applied: number; skipped: number }> = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE applied_at IS NOT NULL AND outcome <> 'updated')::int AS created,
              count(*) FILTER (WHERE applied_at IS NOT NULL)::int AS applied,
              count(*) FILTER (WHERE commit_note IS NOT NULL)::int AS skipped
         FROM import_rows WHERE batch_id = $1`,
      [batchId],
    );
    await this.events.transaction(async (manager) => {
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
  }

  private async applyChunk(manager: EntityManager, batch: ImportBatch, actor: Actor, rows: ImportRow[]): Promise<void> {
    const traits = KIND_TRAITS[batch.kind];
    const orgs = [...new Set(rows.map((r) => String(r.data.organisationId)))].sort();
    // Two batches of the same organisation commit one after the other, so neither misses what the other created.
    for (const org of orgs) await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`import:${org}`]);
    const since = await this.createdSincePreview(manager, batch, orgs);
    const applied: Array<[string, string]> = [];
    const verified = new Set<string>();
    for (const row of rows) {
      const { organisationId, ...values } = row.data as Record<string, unknown> & { organisationId: string };
      let targetId: string;
      try {
        if (row.outcome === RowOutcome.Updated) {
          targetId = row.targetId!;
          const changes = Object.fromEntries((row.changes ?? []).map((c) => [c.field, c.after]));
          if (batch.kind === 'achievements') await this.achievements.updateWith(manager, actor, targetId, changes);
          else await this.demands.updateWith(manager, actor, targetId, changes);
        } else {
          const clash =
            since.get(titleKey(organisationId, values.title)) ??
            ((values.patentNumbers as string[]) ?? [])
              .map((p) => since.get(`patent:${normalisePatent(p)}`))
              .find(Boolean);
          if (clash) throw new SkipRow(`预览后平台上已出现同一${traits.noun}，未重复创建`);
          if (batch.kind === 'achievements') {
            const created = await this.achievements.createWith(
              manager,
              actor,
              { ...(values as unknown as CreateAchievementDto), institutionId: organisationId },
              { file: batch.filename, row: row.rowNumber },
              verified,
            );
            targetId = created.id;
          } else {
            const created = await this.demands.createWith(
              manager,
              actor,
              {
                ...(values as unknown as CreateDemandDto),
                ownerOrganisationId: organisationId,
                source: DemandSource.Import,
              },
              verified,
            );
            targetId = created.id;
          }
          since.set(titleKey(organisationId, values.title), targetId);
        }
      } catch (err) {
        if (!(err instanceof SkipRow)) throw err;
        await manager.getRepository(ImportRow).update(row.id, { commitNote: err.message });
        continue;
      }
      applied.push([row.id, targetId]);
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
