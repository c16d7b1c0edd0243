import { EntityRepository } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

import { EMPTY_COUNTS, ImportBatch, ImportCounts, ImportStatus } from './import-batch.entity';
import { ImportRow, RowOutcome } from './import-row.entity';

/** Rows a commit applies: new and updated ones, and the duplicate suspects staff included. */
const APPROVED = `(outcome IN ('new', 'updated') OR (outcome = 'duplicate_suspect' AND row_number = ANY($2::int[])))`;

/** Rows of one organisation: the organisation each row was resolved to at preview. */
export const ROW_OF_ORG = `r.data->>'organisationId' = :org`;

/** The `import_batches` table. */
@Injectable()
export class ImportBatchRepository extends EntityRepository<ImportBatch> {
  constructor(@InjectRepository(ImportBatch) repository: Repository<ImportBatch>) {
    super(repository);
  }

  async patch(id: string, changes: QueryDeepPartialEntity<ImportBatch>, manager?: EntityManager): Promise<void> {
    await this.of(manager).update(id, changes);
  }

  /** Listing query (alias `b`). */
  /** Changes the batch only while it is in one of these statuses. */
  async patchWhileIn(
    id: string,
    statuses: ImportStatus[],
    changes: QueryDeepPartialEntity<ImportBatch>,
  ): Promise<void> {
    await this.repository.update({ id, status: In(statuses) }, changes);
  }

  listQuery(): SelectQueryBuilder<ImportBatch> {
    return this.repository.createQueryBuilder('b');
  }

  /** Batches holding rows of an organisation, newest first. */
  ofOrganisation(organisationId: string): Promise<ImportBatch[]> {
    return this.repository
      .createQueryBuilder('b')
      .where(':org = ANY(b.organisation_ids)', { org: organisationId })
      .orderBy('b.created_at', 'DESC')
      .getMany();
  }

  /** Two batches of the same organisation commit one after the other (transaction-scoped advisory locks). */
  async lockOrganisations(manager: EntityManager, organisationIds: string[]): Promise<void> {
    for (const org of [...organisationIds].sort()) {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`import:${org}`]);
    }
  }

  /**
   * Runs `work` on one dedicated connection: a long commit never queues for the pool behind the follow-up jobs
   * its own events start.
   */
  async withConnection<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.repository.manager.connection.createQueryRunner();
    await runner.connect();
    try {
      return await work(runner.manager);
    } finally {
      await runner.release();
    }
  }
}

/** The `import_rows` table. */
@Injectable()
export class ImportRowRepository {
  constructor(@InjectRepository(ImportRow) private readonly repository: Repository<ImportRow>) {}

  private of(manager?: EntityManager): Repository<ImportRow> {
    return manager ? manager.getRepository(ImportRow) : this.repository;
  }

  async deleteOfBatch(batchId: string): Promise<void> {
    await this.repository.delete({ batchId });
  }

  /** Stores a chunk of previewed rows. */
  async insertPreviewed(rows: Array<Partial<ImportRow>>): Promise<void> {
    await this.repository.save(rows as ImportRow[], { chunk: 250, reload: false });
  }

  /** Rows query of a batch (alias `r`), by row number. */
  batchQuery(batchId: string): SelectQueryBuilder<ImportRow> {
    return this.repository
      .createQueryBuilder('r')
      .where('r.batch_id = :id', { id: batchId })
      .orderBy('r.row_number', 'ASC');
  }

  /** How many rows of the batch a commit applies. */
  async countApproved(manager: EntityManager, batchId: string, includedRows: number[]): Promise<number> {
    const rows: Array<{ n: number }> = await manager.query(
      `SELECT count(*)::int AS n FROM import_rows WHERE batch_id = $1 AND ${APPROVED}`,
      [batchId, includedRows],
    );
    return rows[0].n;
  }

  /** The next rows to apply after row `after`: only what applying needs (not the raw cells nor the reasons). */
  chunkToApply(
    manager: EntityManager,
    batchId: string,
    after: number,
    includedRows: number[],
    take: number,
  ): Promise<ImportRow[]> {
    return this.of(manager)
      .createQueryBuilder('r')
      .select(['r.id', 'r.rowNumber', 'r.outcome', 'r.targetId', 'r.data', 'r.changes', 'r.appliedAt', 'r.commitNote'])
      .where('r.batch_id = :batchId AND r.row_number > :after', { batchId, after })
      .andWhere(
        `(r.outcome IN ('new', 'updated') OR (r.outcome = 'duplicate_suspect' AND r.row_number = ANY(:included)))`,
        { included: includedRows },
      )
      .orderBy('r.row_number', 'ASC')
      .take(take)
      .getMany();
  }

  /** Created, applied and skipped rows of a batch. */
  async commitStats(
    manager: EntityManager,
    batchId: string,
  ): Promise<{ created: number; applied: number; skipped: number }> {
    const stats: Array<{ created: number; applied: number; skipped: number }> = await manager.query(
      `SELECT count(*) FILTER (WHERE applied_at IS NOT NULL AND outcome <> 'updated')::int AS created,
              count(*) FILTER (WHERE applied_at IS NOT NULL)::int AS applied,
              count(*) FILTER (WHERE commit_note IS NOT NULL)::int AS skipped
         FROM import_rows WHERE batch_id = $1`,
      [batchId],
    );
    return stats[0];
  }

  async setCommitNote(manager: EntityManager, id: string, note: string): Promise<void> {
    await this.of(manager).update(id, { commitNote: note });
  }

  /** Rows not applied, each with the reason. */
  async markSkipped(manager: EntityManager, skipped: Array<[id: string, note: string]>): Promise<void> {
    if (!skipped.length) return;
    await manager.query(
      `UPDATE import_rows r SET commit_note = v.note FROM unnest($1::bigint[], $2::text[]) AS v(id, note) WHERE r.id = v.id`,
      [skipped.map((a) => a[0]), skipped.map((a) => a[1])],
    );
  }

  /** Rows applied, each with the record it created or updated. */
  async markApplied(manager: EntityManager, applied: Array<[id: string, targetId: string]>): Promise<void> {
    if (!applied.length) return;
    await manager.query(
      `UPDATE import_rows r SET applied_at = now(), target_id = v.target
         FROM unnest($1::bigint[], $2::uuid[]) AS v(id, target) WHERE r.id = v.id`,
      [applied.map((a) => a[0]), applied.map((a) => a[1])],
    );
  }

  /** Of the given row numbers, those of duplicate-suspect rows of the batch. */
  async duplicateSuspects(manager: EntityManager, batchId: string, rowNumbers: number[]): Promise<Set<number>> {
    const found: Array<{ n: number }> = await manager.query(
      `SELECT row_number AS n FROM import_rows WHERE batch_id = $1 AND outcome = 'duplicate_suspect'
          AND row_number = ANY($2::int[])`,
      [batchId, rowNumbers],
    );
    return new Set(found.map((f) => f.n));
  }

  /** Per batch, the counts of the rows that belong to one organisation (an organisation's share of a batch). */
  async countsOf(batchIds: string[], organisationId: string): Promise<Map<string, ImportCounts>> {
    const perBatch = new Map<string, ImportCounts>(batchIds.map((id) => [id, { ...EMPTY_COUNTS }]));
    if (!batchIds.length) return perBatch;
    const stats: Array<{
      batch_id: string;
      outcome: RowOutcome;
      n: number;
      created: number;
      applied: number;
      skipped: number;
    }> = await this.repository.query(
      `SELECT batch_id, outcome, count(*)::int AS n,
              count(*) FILTER (WHERE applied_at IS NOT NULL AND outcome <> 'updated')::int AS created,
              count(*) FILTER (WHERE applied_at IS NOT NULL)::int AS applied,
              count(*) FILTER (WHERE commit_note IS NOT NULL)::int AS skipped
         FROM import_rows WHERE batch_id = ANY($1::uuid[]) AND data->>'organisationId' = $2
        GROUP BY batch_id, outcome`,
      [batchIds, organisationId],
    );
    for (const s of stats) {
      const c = perBatch.get(s.batch_id)!;
      c.total += s.n;
      c[s.outcome === RowOutcome.DuplicateSuspect ? 'duplicateSuspect' : s.outcome] += s.n;
      c.created += s.created;
      c.applied += s.applied;
      c.skipped += s.skipped;
    }
    return perBatch;
  }
}
