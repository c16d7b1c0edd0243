import { Actor } from '@app/common';
import { EventsService } from '@app/events';
import { FileStore } from '@app/files';
import { CatalogueReads, IndustryChainService } from '@app/registry';
import { Injectable, Logger } from '@nestjs/common';

import { ImportSimilarSearch } from '../dedup/similar-search';
import { ImportFileError } from '../import.errors';
import { ImportKind, norm, ParseContext } from '../parsing/columns';
import { readHeader, readRows } from '../parsing/file-reader';
import { IMPORT_LIMITS } from '../parsing/limits';
import { RowMapper, RowReason } from '../parsing/row-mapper';
import { ImportBatchRepository, ImportRowRepository } from './import.repositories';
import { EMPTY_COUNTS, ImportBatch, ImportCounts, ImportStatus } from './import-batch.entity';
import { RowOutcome } from './import-row.entity';
import { ImportRowResolver, PendingRow } from './row-resolution';

/** Rows validated and written per round trip. */
const CHUNK = 500;
/** A file with more data rows than this is refused (the campaign target is 6 000 achievements in three years). */
export const MAX_IMPORT_ROWS = IMPORT_LIMITS.dataRows;

export { batchActor } from './row-resolution';

const uploaderOf = (batch: ImportBatch): Actor => ({
  userId: batch.createdById,
  role: batch.createdByRole as Actor['role'],
  organisationId: batch.createdByOrganisationId,
});

/**
 * Validation and dry run: streams the file, validates every row with the API's DTOs, resolves organisations,
 * finds each row's existing record by natural key, diffs it, flags near-duplicates, and stores one import_rows
 * row per data row. Writes nothing to the catalogue. Safe to re-run (it starts over).
 */
@Injectable()
export class ImportPreviewService {
  private readonly logger = new Logger(ImportPreviewService.name);

  constructor(
    private readonly batches: ImportBatchRepository,
    private readonly importRows: ImportRowRepository,
    private readonly catalogue: CatalogueReads,
    private readonly files: FileStore,
    private readonly chains: IndustryChainService,
    private readonly similarSearch: ImportSimilarSearch,
    private readonly events: EventsService,
  ) {}

  async parseContext(): Promise<ParseContext> {
    const chains = await this.chains.list();
    const map = new Map<string, string>();
    for (const c of chains) {
      map.set(norm(c.name), c.id);
      map.set(norm(c.code), c.id);
    }
    return { chains: map, chainNames: chains.map((c) => c.name) };
  }

  /**
   * Reads the header row only, from a bounded prefix of the file (see `readHeader`): missing columns are refused at
   * upload, before anything is stored. A header the prefix could not settle is left to the preview job.
   */
  async checkHeader(kind: ImportKind, content: Buffer, organisationGiven: boolean): Promise<void> {
    const header = await readHeader(content);
    if (header) new RowMapper(kind, header, { organisationGiven });
  }

  /**
   * Validates one uploaded batch. An unreadable file fails the batch at once; any other error (database, search) is
   * thrown for the queue to retry, and `fail` records it after the last attempt.
   */
  async run(batchId: string): Promise<void> {
    const batch = await this.batches.findById(batchId);
    if (!batch || ![ImportStatus.Uploaded, ImportStatus.Validating].includes(batch.status)) return;
    await this.importRows.deleteOfBatch(batchId);
    await this.batches.patch(batchId, { status: ImportStatus.Validating, progress: 0, error: null });
    const started = Date.now();
    try {
      const { counts, organisationIds } = await this.preview(batch);
      await this.events.transaction(async (manager) => {
        await this.batches.patch(
          batchId,
          { status: ImportStatus.Previewed, progress: 1, counts, organisationIds, previewedAt: new Date() },
          manager,
        );
        // the uploader is told the preview is ready (notifications): counts only, never rows
        await this.events.record(manager, uploaderOf(batch), {
          type: 'import.previewed',
          entityType: 'import_batch',
          entityId: batchId,
          before: { status: ImportStatus.Validating },
          after: { status: ImportStatus.Previewed, kind: batch.kind, filename: batch.filename, ...counts },
        });
      });
      this.logger.log(`import ${batchId}: ${counts.total} rows previewed in ${Date.now() - started} ms`);
    } catch (err) {
      if (!(err instanceof ImportFileError)) throw err;
      await this.markFailed(batchId, err.message);
    }
  }

  /** The preview's last attempt failed: the batch says so (its partial rows are dropped). */
  async fail(batchId: string, error: Error): Promise<void> {
    this.logger.error(`import ${batchId} preview failed: ${String(error)}`);
    await this.markFailed(batchId, '校验过程出错，请稍后重新上传');
  }

  private async markFailed(batchId: string, message: string): Promise<void> {
    await this.importRows.deleteOfBatch(batchId);
    const batch = await this.batches.findById(batchId);
    await this.events.transaction(async (manager) => {
      await this.batches.patch(batchId, { status: ImportStatus.Failed, error: message, progress: 1 }, manager);
      if (!batch) return;
      // the uploader is told (notifications): the event names the batch's kind and file, never its rows
      await this.events.record(manager, uploaderOf(batch), {
        type: 'import.failed',
        entityType: 'import_batch',
        entityId: batchId,
        before: { status: batch.status },
        after: { status: ImportStatus.Failed, kind: batch.kind, filename: batch.filename, error: message },
      });
    });
  }

  private async preview(batch: ImportBatch): Promise<{ counts: ImportCounts; organisationIds: string[] }> {
    const { content } = await this.files.read(batch.fileId);
    const ctx = await this.parseContext();
    // An empty public index has nothing to propose: skip ~3 ms of Meilisearch per row.
    const useSearch = await this.similarSearch.hasDocuments(batch.kind).catch(() => false);
    const resolver = new ImportRowResolver(batch, this.catalogue, useSearch ? this.similarSearch : null);
    const counts: ImportCounts = { ...EMPTY_COUNTS };
    const organisations = new Set<string>();
    let mapper: RowMapper | undefined;
    let pending: PendingRow[] = [];
    let position = 0;
    const flush = async () => {
      await resolver.resolve(pending);
      for (const r of pending) {
        counts.total++;
        counts[r.outcome === RowOutcome.DuplicateSuspect ? 'duplicateSuspect' : r.outcome!]++;
        if (r.organisationId) organisations.add(r.organisationId);
      }
      await this.importRows.insertPreviewed(
        pending.map((r) => ({
          batchId: batch.id,
          rowNumber: r.rowNumber,
          outcome: r.outcome!,
          naturalKey: r.naturalKey ?? null,
          targetId: r.targetId ?? null,
          similarity: r.similarity ?? null,
          reasons: r.reasons,
          data: { ...r.values, organisationId: r.organisationId } as Record<string, unknown>,
          changes: r.changes ?? null,
          cells: r.cells,
        })),
      );
      pending = [];
      await this.batches.patch(batch.id, {
        progress: Math.min(0.99, position / content.length),
        counts: { ...counts },
      });
    };
    for await (const raw of readRows(content, (p) => (position = p))) {
      if (RowMapper.isBlank(raw)) continue;
      if (!mapper) {
        mapper = new RowMapper(batch.kind, raw, { organisationGiven: !!batch.organisationId });
        continue;
      }
      if (counts.total + pending.length >= MAX_IMPORT_ROWS) {
        throw new ImportFileError(`文件超过 ${MAX_IMPORT_ROWS} 行，请拆分后分批导入`);
      }
      pending.push({ ...mapper.map(raw, ctx), organisationId: null });
      if (pending.length >= CHUNK) await flush();
    }
    if (!mapper) throw new ImportFileError('文件中没有数据：第一行应为表头');
    if (pending.length) await flush();
    if (counts.total === 0) throw new ImportFileError('文件只有表头，没有数据行');
    return { counts, organisationIds: [...organisations] };
  }
}

export type { RowReason };
