import { Actor, isStaff, Role } from '@app/common';
import { FileStore } from '@app/files';
import { IndustryChainService, stageForTrl } from '@app/registry';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { ImportFileError } from '../import.errors';
import { naturalKey, normalisePatent } from '../matching/natural-key';
import { bigramVector, cosineOf, NEAR_DUPLICATE_THRESHOLD } from '../matching/near-duplicates';
import { CatalogueRecordHit, ImportSimilarSearch } from '../matching/similar-search';
import { COLUMNS, ImportKind, norm, ParseContext } from '../parsing/columns';
import { readHeader, readRows } from '../parsing/file-reader';
import { IMPORT_LIMITS } from '../parsing/limits';
import { MappedRow, RowMapper, RowReason } from '../parsing/row-mapper';
import { bodyText, CatalogueLookup, KIND_TRAITS, notEditableReason } from './catalogue-lookup';
import { EMPTY_COUNTS, ImportBatch, ImportCounts, ImportStatus } from './import-batch.entity';
import { ImportRow, RowChange, RowOutcome, StoredReason } from './import-row.entity';
import { FOREIGN_RECORD_REASON } from './import-row.view';

/** Rows validated and written per round trip. */
const CHUNK = 500;
/** A file with more data rows than this is refused (the campaign target is 6 000 achievements in three years). */
export const MAX_IMPORT_ROWS = IMPORT_LIMITS.dataRows;

export function batchActor(batch: ImportBatch): Actor {
  return {
    userId: batch.createdById,
    role: batch.createdByRole as Actor['role'],
    organisationId: batch.createdByOrganisationId,
  };
}

interface PendingRow extends MappedRow {
  organisationId: string | null;
  outcome?: RowOutcome;
  naturalKey?: string | null;
  targetId?: string | null;
  similarity?: number | null;
  changes?: RowChange[] | null;
}

/**
 * Validation and dry run: streams the file, validates every row with the API's DTOs, resolves organisations,
 * finds each row's existing record by natural key, diffs it, flags near-duplicates, and stores one import_rows
 * row per data row. Writes nothing to the catalogue. Safe to re-run (it starts over).
 */
@Injectable()
export class ImportPreviewService {
  private readonly logger = new Logger(ImportPreviewService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly files: FileStore,
    private readonly chains: IndustryChainService,
    private readonly similarSearch: ImportSimilarSearch,
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
    const repo = this.dataSource.getRepository(ImportBatch);
    const batch = await repo.findOneBy({ id: batchId });
    if (!batch || ![ImportStatus.Uploaded, ImportStatus.Validating].includes(batch.status)) return;
    await this.dataSource.getRepository(ImportRow).delete({ batchId });
    await repo.update(batchId, { status: ImportStatus.Validating, progress: 0, error: null });
    const started = Date.now();
    try {
      const { counts, organisationIds } = await this.preview(batch);
      await repo.update(batchId, {
        status: ImportStatus.Previewed,
        progress: 1,
        counts,
        organisationIds,
        previewedAt: new Date(),
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
    await this.dataSource.getRepository(ImportRow).delete({ batchId });
    await this.dataSource
      .getRepository(ImportBatch)
      .update(batchId, { status: ImportStatus.Failed, error: message, progress: 1 });
  }

  private async preview(batch: ImportBatch): Promise<{ counts: ImportCounts; organisationIds: string[] }> {
    const { content } = await this.files.read(batch.fileId);
    const ctx = await this.parseContext();
    const lookup = new CatalogueLookup(this.dataSource.manager, batch.kind);
    // An empty public index has nothing to propose: skip ~3 ms of Meilisearch per row.
    const useSearch = await this.similarSearch.hasDocuments(batch.kind).catch(() => false);
    const orgIds = new Map<string, string | null>();
    const seenKeys = new Map<string, number>();
    const counts: ImportCounts = { ...EMPTY_COUNTS };
    const organisations = new Set<string>();
    let mapper: RowMapper | undefined;
    let pending: PendingRow[] = [];
    let position = 0;
    const flush = async () => {
      await this.resolve(batch, pending, lookup, orgIds, seenKeys, useSearch);
      for (const r of pending) {
        counts.total++;
        counts[r.outcome === RowOutcome.DuplicateSuspect ? 'duplicateSuspect' : r.outcome!]++;
        if (r.organisationId) organisations.add(r.organisationId);
      }
      await this.dataSource.getRepository(ImportRow).save(
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
        })) as ImportRow[],
        { chunk: 250, reload: false },
      );
      pending = [];
      await this.dataSource
        .getRepository(ImportBatch)
        .update(batch.id, { progress: Math.min(0.99, position / content.length), counts: { ...counts } });
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

  /** Organisation, natural key, existing record, diff and near-duplicates for one chunk of rows. */
  private async resolve(
    batch: ImportBatch,
    rows: PendingRow[],
    lookup: CatalogueLookup,
    orgIds: Map<string, string | null>,
    seenKeys: Map<string, number>,
    useSearch: boolean,
  ): Promise<void> {
    const traits = KIND_TRAITS[batch.kind];
    const actor = batchActor(batch);
    const staff = isStaff(actor);
    await this.resolveOrganisations(batch, rows, orgIds);
    for (const r of rows) {
      if (r.reasons.length) continue;
      if (batch.kind === 'demands') checkBudget(r);
      if (!staff && actor.role === Role.University && r.organisationId !== actor.organisationId) {
        r.reasons.push({ column: '所属单位', reason: '只能导入本单位的成果' });
      }
    }
    const valid = rows.filter((r) => !r.reasons.length);
    await lookup.loadOrganisations(valid.map((r) => r.organisationId!));
    const patents = await lookup.patentMatches(valid.flatMap((r) => (r.values.patentNumbers as string[]) ?? []));
    const labelOf = new Map(COLUMNS[batch.kind].map((c) => [c.field, c.label]));

    // natural key and existing record. Every identity of a row counts within the file (each patent number and
    // organisation + title), so two rows never create or update the same record twice.
    for (const r of valid) {
      const title = String(r.values.title);
      const rowPatents = ((r.values.patentNumbers as string[]) ?? []).map(normalisePatent);
      r.naturalKey = naturalKey(r.organisationId!, title, rowPatents);
      const identities = [...rowPatents.map((p) => `patent:${p}`), naturalKey(r.organisationId!, title)];
      const clash = identities.find((k) => seenKeys.has(k));
      if (clash) {
        const byPatent = clash.startsWith('patent:');
        r.reasons.push({
          column: byPatent ? '专利号' : labelOf.get('title')!,
          reason: `与第 ${seenKeys.get(clash)} 行是同一${traits.noun}（${byPatent ? '专利号' : '名称'}相同），不重复导入`,
        });
        continue;
      }
      r.targetId =
        rowPatents.map((p) => patents.get(p)).find((id) => id) ?? lookup.titleMatch(r.organisationId!, title) ?? null;
      const target = r.targetId ? `record:${r.targetId}` : null;
      if (target && seenKeys.has(target)) {
        r.reasons.push({
          column: '',
          reason: `与第 ${seenKeys.get(target)} 行对应平台上同一${traits.noun}，一个文件中只能更新一次`,
        });
        r.targetId = null;
        continue;
      }
      for (const k of identities) seenKeys.set(k, r.rowNumber);
      if (target) seenKeys.set(target, r.rowNumber);
    }
    const existing = await lookup.load(valid.filter((r) => r.targetId).map((r) => r.targetId!));
    const editable = staff ? traits.staffEditable : traits.ownerEditable;
    for (const r of valid) {
      if (r.reasons.length || !r.targetId) continue;
      const record = existing.get(r.targetId) as unknown as Record<string, unknown> | undefined;
      if (!record) {
        r.targetId = null;
        continue;
      }
      if (record[traits.organisationField] !== r.organisationId) {
        // Another institution's record: the stored reason names nothing; readers allowed to see that record read
        // its title (rowView). The row stays invalid, so it neither creates a duplicate nor touches the record.
        const foreign: StoredReason = { column: '专利号', reason: FOREIGN_RECORD_REASON, recordId: String(record.id) };
        r.reasons.push(foreign);
        continue;
      }
      r.changes = diff(r.values, record, labelOf);
      r.outcome = r.changes.length ? RowOutcome.Updated : RowOutcome.Unchanged;
      if (r.changes.length && !editable.includes(String(record.status))) {
        r.reasons.push({
          column: '',
          reason: notEditableReason(batch.kind, String(record.title), String(record.status), staff),
        });
      }
    }

    // near-duplicates of the rows that would be created
    const fresh = valid.filter((r) => !r.reasons.length && !r.targetId);
    const vectors = new Map(
      fresh.map((r) => [r.rowNumber, bigramVector(bodyText(r.values[traits.bodyField], r.values.keywords))]),
    );
    const hits = useSearch ? await this.searchHits(batch.kind, fresh) : new Map<number, CatalogueRecordHit[]>();
    for (const r of fresh) {
      const vector = vectors.get(r.rowNumber)!;
      let best = lookup.similar.best(vector);
      for (const hit of hits.get(r.rowNumber) ?? []) {
        const similarity = cosineOf(vector, bigramVector(bodyText(hit.body, hit.keywords)));
        if (similarity >= NEAR_DUPLICATE_THRESHOLD && (!best || similarity > best.similarity)) {
          best = { ref: { recordId: hit.id, rowNumber: null }, similarity };
        }
      }
      lookup.similar.add({ recordId: null, rowNumber: r.rowNumber }, vector);
      if (!best) {
        r.outcome = RowOutcome.New;
        continue;
      }
      r.outcome = RowOutcome.DuplicateSuspect;
      r.targetId = best.ref.recordId;
      r.similarity = Math.round(best.similarity * 1000) / 1000;
      const percent = Math.round(best.similarity * 100);
      r.reasons.push({
        column: '',
        reason: best.ref.recordId
          ? `与已有${traits.noun}内容高度相似（相似度 ${percent}%），疑似重复，需技术经理人确认`
          : `与本文件第 ${best.ref.rowNumber} 行内容高度相似（相似度 ${percent}%），疑似重复，需技术经理人确认`,
      });
    }
    for (const r of rows) {
      if (r.outcome === RowOutcome.DuplicateSuspect) continue;
      if (r.reasons.length) r.outcome = RowOutcome.Invalid;
    }
  }

  private async searchHits(kind: ImportKind, rows: PendingRow[]): Promise<Map<number, CatalogueRecordHit[]>> {
    try {
      return await this.similarSearch.candidates(
        kind,
        rows.map((r) => ({
          key: r.rowNumber,
          title: String(r.values.title),
          body: String(r.values[KIND_TRAITS[kind].bodyField] ?? ''),
          keywords: (r.values.keywords as string[]) ?? [],
        })),
      );
    } catch (err) {
      // The engine only adds published records of other organisations to what PostgreSQL already compared.
      this.logger.warn(`near-duplicate search unavailable: ${(err as Error).message}`);
      return new Map();
    }
  }

  private async resolveOrganisations(
    batch: ImportBatch,
    rows: PendingRow[],
    orgIds: Map<string, string | null>,
  ): Promise<void> {
    const traits = KIND_TRAITS[batch.kind];
    const names = [...new Set(rows.map((r) => r.organisationName).filter((n): n is string => !!n))].filter(
      (n) => !orgIds.has(n),
    );
    if (names.length) {
      const found: Array<{ id: string; name: string }> = await this.dataSource.query(
        `SELECT id, name FROM organisations WHERE kind = $1 AND name = ANY($2::text[])`,
        [traits.organisationKind, names],
      );
      for (const n of names) orgIds.set(n, found.find((f) => f.name === n)?.id ?? null);
    }
    const column = batch.kind === 'achievements' ? '所属单位' : '需求单位';
    const kindLabel = batch.kind === 'achievements' ? '高校院所' : '企业';
    for (const r of rows) {
      if (r.organisationName) {
        r.organisationId = orgIds.get(r.organisationName) ?? null;
        if (!r.organisationId) {
          r.reasons.push({
            column,
            reason: `“${r.organisationName}”未在平台登记为${kindLabel}，请核对名称或先登记该单位`,
          });
        }
      } else if (batch.organisationId) {
        r.organisationId = batch.organisationId;
      } else {
        r.reasons.push({ column, reason: '必填' });
      }
    }
  }
}

function checkBudget(r: PendingRow): void {
  const min = r.values.budgetMin as number | null | undefined;
  const max = r.values.budgetMax as number | null | undefined;
  if (typeof min === 'number' && typeof max === 'number' && min > max) {
    r.reasons.push({ column: '预算下限', reason: '预算下限不能高于上限' });
  }
}

/**
 * Fields the file gives that differ from the record. An empty cell means "not given", never "clear it": a
 * partial file must not wipe data entered on the platform.
 */
function diff(
  values: Record<string, unknown>,
  record: Record<string, unknown>,
  labels: Map<string, string>,
): RowChange[] {
  const proposed: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined) proposed[k] = v;
  if (typeof proposed.trl === 'number' && proposed.stage === undefined) proposed.stage = stageForTrl(proposed.trl);
  if (typeof proposed.requiredTrl === 'number' && proposed.requiredStage === undefined) {
    proposed.requiredStage = stageForTrl(proposed.requiredTrl);
  }
  const changes: RowChange[] = [];
  for (const [field, after] of Object.entries(proposed)) {
    if (!(field in record)) continue;
    const before = record[field];
    if (JSON.stringify(before ?? null) !== JSON.stringify(after ?? null)) {
      changes.push({ field, column: labels.get(field) ?? field, before: before ?? null, after: after ?? null });
    }
  }
  return changes;
}

export type { RowReason };
