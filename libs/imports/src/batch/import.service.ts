import { Actor, AppError, ErrorCode, isStaff, Role, toPage } from '@app/common';
import { EventsService } from '@app/events';
import { FilePurpose, FileStore, XLSX_CONTENT_TYPE } from '@app/files';
import { CatalogueReads, IndustryChainService, OrganisationService } from '@app/registry';
import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';

import { ImportFileError } from '../import.errors';
import { ImportKind, KIND_LABELS } from '../parsing/columns';
import { FileFormat, sniffFormat } from '../parsing/file-reader';
import { IMPORT_LIMITS, limitErrors } from '../parsing/limits';
import { ParseSlots } from '../parsing/parse-slots';
import { templateCsv, templateXlsx } from '../templates';
import { KIND_TRAITS } from './catalogue-lookup';
import { ImportBatchRepository, ImportRowRepository, ROW_OF_ORG } from './import.repositories';
import { EMPTY_COUNTS, ImportBatch, ImportStatus } from './import-batch.entity';
import { ImportPreviewService } from './import-preview.service';
import { ROW_OUTCOME_LABELS, RowOutcome } from './import-row.entity';
import { readableRecords, shownReasons, shownTargetId } from './import-row.view';

export const MAX_UPLOAD_BYTES = IMPORT_LIMITS.uploadBytes;

export interface UploadInput {
  kind: ImportKind;
  filename: string;
  content: Buffer;
  organisationId?: string;
}

export interface RowQuery {
  outcome?: RowOutcome;
  page: number;
  pageSize: number;
}

/**
 * Who reads a batch how: staff and the uploader read every row; an organisation that rows of someone else's
 * upload belong to (a manager's file with rows for several universities) reads only its own rows — in lists, rows,
 * counts and reports.
 */
type BatchScope = { allRows: true } | { allRows: false; organisationId: string };

export function toBatchView(b: ImportBatch) {
  return {
    id: b.id,
    kind: b.kind,
    status: b.status,
    filename: b.filename,
    fileId: b.fileId,
    counts: b.counts,
    progress: b.progress,
    error: b.error,
    organisationId: b.organisationId,
    organisationIds: b.organisationIds,
    includedRows: b.includedRows,
    createdById: b.createdById,
    createdAt: b.createdAt,
    previewedAt: b.previewedAt,
    committedAt: b.committedAt,
    committedById: b.committedById,
  };
}

/** Upload, read and commit requests of import batches; the heavy work runs in the preview and commit jobs. */
@Injectable()
export class ImportService {
  /** Per process, shared by every request of the API. */
  static readonly parseSlots = new ParseSlots(IMPORT_LIMITS.concurrentParses, IMPORT_LIMITS.parseWaitMs);

  constructor(
    private readonly batches: ImportBatchRepository,
    private readonly importRows: ImportRowRepository,
    private readonly catalogue: CatalogueReads,
    private readonly events: EventsService,
    private readonly files: FileStore,
    private readonly organisations: OrganisationService,
    private readonly preview: ImportPreviewService,
    private readonly chains: IndustryChainService,
  ) {}

  /** The template with the platform's active industry chains listed in its 填写说明. */
  async template(kind: ImportKind, format: 'xlsx' | 'csv'): Promise<Buffer> {
    if (format === 'csv') return templateCsv(kind);
    return templateXlsx(
      kind,
      (await this.chains.list()).map((c) => c.name),
    );
  }

  /**
   * Checks what can be checked at once (size, format by magic bytes, encoding, header row) so a broken file is
   * refused with a clear 400 and leaves nothing behind; then stores the file and the batch and, through the
   * outbox, starts the validation job.
   */
  async upload(actor: Actor, input: UploadInput) {
    if (input.kind === 'demands' && !isStaff(actor)) throw AppError.forbidden('只有技术经理人可以批量导入需求');
    let organisationId = input.organisationId ?? null;
    if (actor.role === Role.University) {
      if (organisationId && organisationId !== actor.organisationId) throw AppError.forbidden('只能导入本单位的成果');
      organisationId = actor.organisationId;
    }
    if (organisationId) {
      await this.organisations.assertKind(
        undefined,
        organisationId,
        [KIND_TRAITS[input.kind].organisationKind],
        'organisationId',
      );
    }
    if (input.content.length > MAX_UPLOAD_BYTES) throw limitErrors.uploadTooLarge().toAppError();
    let format: FileFormat;
    try {
      // A bounded look (zip directory, header within a few MB inflated), at most IMPORT_LIMITS.concurrentParses at once.
      format = await ImportService.parseSlots.run(async () => {
        const sniffed = sniffFormat(input.content);
        await this.preview.checkHeader(input.kind, input.content, !!organisationId);
        return sniffed.format;
      });
    } catch (err) {
      if (err instanceof ImportFileError) throw err.toAppError();
      throw err;
    }
    const batch = await this.events.transaction(async (manager) => {
      const file = await this.files.save(
        {
          purpose: FilePurpose.ImportUpload,
          filename: input.filename,
          contentType: format === 'xlsx' ? XLSX_CONTENT_TYPE : 'text/csv',
          content: input.content,
          createdById: actor.userId,
        },
        manager,
      );
      const row = await this.batches.save(
        manager,
        this.batches.create({
          kind: input.kind,
          status: ImportStatus.Uploaded,
          counts: { ...EMPTY_COUNTS },
          filename: input.filename,
          fileId: file.id,
          organisationId,
          organisationIds: organisationId ? [organisationId] : [],
          createdById: actor.userId,
          createdByRole: actor.role,
          createdByOrganisationId: actor.organisationId,
        }),
      );
      await this.events.record(manager, actor, {
        type: 'import.uploaded',
        entityType: 'import_batch',
        entityId: row.id,
        entityVersion: row.version,
        after: { kind: row.kind, filename: row.filename, fileId: file.id, size: input.content.length, organisationId },
      });
      return row;
    });
    return toBatchView(batch);
  }

  async get(actor: Actor, id: string) {
    const { batch, scope } = await this.visible(actor, id);
    return (await this.scopedViews(actor, [batch], () => scope))[0];
  }

  private scopeOf(actor: Actor, batch: ImportBatch): BatchScope | null {
    if (isStaff(actor) || (actor.userId && batch.createdById === actor.userId)) return { allRows: true };
    if (actor.organisationId && batch.organisationIds.includes(actor.organisationId)) {
      return { allRows: false, organisationId: actor.organisationId };
    }
    return null;
  }

  /** Batch views; for an organisation-scoped reader the counts are those of its own rows and no other organisation is named. */
  private async scopedViews(actor: Actor, batches: ImportBatch[], scopeOf: (b: ImportBatch) => BatchScope | null) {
    const scoped = batches.filter((b) => scopeOf(b)?.allRows === false);
    const perBatch = await this.importRows.countsOf(
      scoped.map((b) => b.id),
      actor.organisationId ?? '',
    );
    return batches.map((b) => {
      const view = toBatchView(b);
      if (scopeOf(b)?.allRows !== false) return view;
      const own = actor.organisationId!;
      return {
        ...view,
        counts: perBatch.get(b.id)!,
        organisationId: b.organisationId === own ? own : null,
        organisationIds: [own],
        includedRows: [],
        // the uploaded file holds every organisation's rows (and only its uploader or staff may download it)
        fileId: null,
      };
    });
  }

  async list(actor: Actor, query: { page: number; pageSize: number; kind?: ImportKind }) {
    const qb = this.batches.listQuery();
    if (!isStaff(actor)) {
      qb.where('(b.created_by_id = :user OR :org = ANY(b.organisation_ids))', {
        user: actor.userId,
        org: actor.organisationId ?? '00000000-0000-0000-0000-000000000000',
      });
    }
    if (query.kind) qb.andWhere('b.kind = :kind', { kind: query.kind });
    qb.orderBy('b.created_at', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    const [items, total] = await qb.getManyAndCount();
    return toPage(await this.scopedViews(actor, items, (b) => this.scopeOf(actor, b)), total, query);
  }

  async rows(actor: Actor, id: string, query: RowQuery) {
    const { batch, scope } = await this.visible(actor, id);
    const qb = this.importRows
      .batchQuery(id)
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    if (query.outcome) qb.andWhere('r.outcome = :outcome', { outcome: query.outcome });
    if (!scope.allRows) qb.andWhere(ROW_OF_ORG, { org: scope.organisationId });
    const [items, total] = await qb.getManyAndCount();
    const readable = await readableRecords(this.catalogue, batch.kind, actor, items);
    return toPage(
      items.map((r) => ({
        rowNumber: r.rowNumber,
        outcome: r.outcome,
        outcomeLabel: ROW_OUTCOME_LABELS[r.outcome],
        naturalKey: r.naturalKey,
        targetId: shownTargetId(r, readable),
        similarity: r.similarity,
        reasons: shownReasons(batch.kind, r, readable),
        changes: r.changes,
        data: r.data,
        applied: !!r.appliedAt,
        commitNote: r.commitNote,
      })),
      total,
      query,
    );
  }

  /**
   * previewed → committing; the commit job starts through the outbox. Only staff or the uploader may commit; duplicate
   * suspects are imported only when listed, by staff or by a university in its own institution's file.
   */
  async commit(actor: Actor, id: string, includeRows: number[] = []) {
    const { batch } = await this.visible(actor, id);
    if (!isStaff(actor) && batch.createdById !== actor.userId) throw AppError.forbidden('只能确认本人上传的导入');
    // A university decides on the suspects of its own file (every row is its own); in anyone else's upload only staff may.
    const ownFile =
      actor.role === Role.University && !!actor.organisationId && batch.organisationId === actor.organisationId;
    if (includeRows.length && !isStaff(actor) && !ownFile) {
      throw AppError.forbidden('只有技术经理人可以确认导入疑似重复行');
    }
    const saved = await this.events.transaction(async (manager) => {
      const current = await this.batches.lockForUpdate(manager, id);
      if (!current || current.status !== ImportStatus.Previewed) {
        throw AppError.conflict(
          ErrorCode.IMPORT_NOT_READY,
          current?.status === ImportStatus.Committing || current?.status === ImportStatus.Committed
            ? '该批次已确认导入，不能重复提交'
            : '该批次尚未完成校验，不能导入',
          { status: current?.status },
        );
      }
      if (includeRows.length) {
        const ok = await this.importRows.duplicateSuspects(manager, id, includeRows);
        const bad = includeRows.filter((n) => !ok.has(n));
        if (bad.length) {
          throw AppError.invalid(
            [{ field: 'includeRows', reason: '只能包含疑似重复行', rows: bad }],
            `第 ${bad.join('、')} 行不是疑似重复行，不能单独确认`,
          );
        }
      }
      current.status = ImportStatus.Committing;
      current.progress = 0;
      current.includedRows = [...new Set(includeRows)].sort((a, b) => a - b);
      current.committedById = actor.userId;
      current.committedByRole = actor.role;
      const row = await this.batches.save(manager, current);
      await this.events.record(manager, actor, {
        type: 'import.commit_requested',
        entityType: 'import_batch',
        entityId: id,
        entityVersion: row.version,
        before: { status: ImportStatus.Previewed },
        after: { status: ImportStatus.Committing, includedRows: row.includedRows, counts: row.counts },
      });
      return row;
    });
    return toBatchView(saved);
  }

  /** Per-row report: the file's own columns, then 行号 / 结果 / 原因. Default: the rows that need attention. */
  async report(actor: Actor, id: string, all = false): Promise<{ filename: string; content: Buffer }> {
    const { batch, scope } = await this.visible(actor, id);
    if ([ImportStatus.Uploaded, ImportStatus.Validating].includes(batch.status)) {
      throw AppError.conflict(ErrorCode.IMPORT_NOT_READY, '该批次尚未完成校验', { status: batch.status });
    }
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('导入结果', { views: [{ state: 'frozen', ySplit: 1 }] });
    const firstQuery = this.importRows.batchQuery(id);
    if (!scope.allRows) firstQuery.andWhere(ROW_OF_ORG, { org: scope.organisationId });
    const first = await firstQuery.getOne();
    const headers = first ? first.cells.map(([h]) => h) : [];
    const header = sheet.addRow(['行号', '结果', '原因', ...headers]);
    header.font = { bold: true };
    sheet.columns = [{ width: 8 }, { width: 10 }, { width: 60 }, ...headers.map(() => ({ width: 24 }))];
    if (batch.error) sheet.addRow(['', '文件错误', batch.error]);
    let after = 0;
    for (;;) {
      const qb = this.importRows.batchQuery(id).andWhere('r.row_number > :after', { after }).take(2000);
      if (!all) qb.andWhere(`(r.outcome IN ('invalid', 'duplicate_suspect') OR r.commit_note IS NOT NULL)`);
      if (!scope.allRows) qb.andWhere(ROW_OF_ORG, { org: scope.organisationId });
      const rows = await qb.getMany();
      if (!rows.length) break;
      after = rows[rows.length - 1].rowNumber;
      const readable = await readableRecords(this.catalogue, batch.kind, actor, rows);
      for (const r of rows) {
        const reasons = shownReasons(batch.kind, r, readable).map((x) =>
          x.column ? `${x.column}：${x.reason}` : x.reason,
        );
        if (r.changes?.length) reasons.push(`更新：${r.changes.map((c) => c.column).join('、')}`);
        if (r.commitNote) reasons.push(`未导入：${r.commitNote}`);
        sheet.addRow([r.rowNumber, ROW_OUTCOME_LABELS[r.outcome], reasons.join('；'), ...r.cells.map(([, v]) => v)]);
      }
    }
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 3 + headers.length } };
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    const base = batch.filename.replace(/\.(xlsx|csv)$/i, '');
    return { filename: `${base}-${KIND_LABELS[batch.kind]}导入结果.xlsx`, content };
  }

  /** Staff see every batch; others their own uploads, and the batches with rows of their organisation (those rows only). */
  private async visible(actor: Actor, id: string): Promise<{ batch: ImportBatch; scope: BatchScope }> {
    const batch = await this.batches.findById(id);
    const scope = batch && this.scopeOf(actor, batch);
    if (!batch || !scope) throw AppError.notFound('导入批次', id);
    return { batch, scope };
  }
}
