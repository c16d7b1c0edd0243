import { Actor, isStaff, Role } from '@app/common';
import { budgetRangeViolation, stageForTrl } from '@app/registry';
import { Logger } from '@nestjs/common';

import { naturalKey, normalisePatent } from '../dedup/natural-key';
import { bigramVector, cosineOf, NEAR_DUPLICATE_THRESHOLD } from '../dedup/near-duplicates';
import { CatalogueRecordHit, ImportSimilarSearch } from '../dedup/similar-search';
import { COLUMNS, ImportKind } from '../parsing/columns';
import { MappedRow } from '../parsing/row-mapper';
import { bodyText, CatalogueLookup, CatalogueSource, KIND_TRAITS, notEditableReason } from './catalogue-lookup';
import { ImportBatch } from './import-batch.entity';
import { RowChange, RowOutcome, StoredReason } from './import-row.entity';
import { FOREIGN_RECORD_REASON } from './import-row.view';

const logger = new Logger('ImportRowResolver');

/** The part of a batch that row resolution reads: its kind, given organisation and uploader. */
export type ResolutionBatch = Pick<
  ImportBatch,
  'kind' | 'organisationId' | 'createdById' | 'createdByRole' | 'createdByOrganisationId'
>;

export function batchActor(batch: ResolutionBatch): Actor {
  return {
    userId: batch.createdById,
    role: batch.createdByRole as Actor['role'],
    organisationId: batch.createdByOrganisationId,
  };
}

/** A mapped row on its way to an outcome. */
export interface PendingRow extends MappedRow {
  organisationId: string | null;
  outcome?: RowOutcome;
  naturalKey?: string | null;
  targetId?: string | null;
  similarity?: number | null;
  changes?: RowChange[] | null;
}

/** Published records of other organisations that look like the given rows (the search engine). */
export type SimilarSource = Pick<ImportSimilarSearch, 'candidates'>;

/**
 * Row resolution of one batch, chunk after chunk: the row's organisation, its natural key and existing record, the
 * diff against that record and its edit rights, and near-duplicates — in the file, in the catalogue of the rows'
 * organisations, and (when given) among the search engine's published records. Reads the catalogue through
 * `CatalogueSource` only, so it runs as well against in-memory fakes; writes nothing.
 */
export class ImportRowResolver {
  readonly lookup: CatalogueLookup;
  private readonly orgIds = new Map<string, string | null>();
  private readonly seenKeys = new Map<string, number>();

  constructor(
    private readonly batch: ResolutionBatch,
    private readonly catalogue: CatalogueSource,
    private readonly similar: SimilarSource | null,
  ) {
    this.lookup = new CatalogueLookup(catalogue, batch.kind);
  }

  /** Organisation, natural key, existing record, diff and near-duplicates for one chunk of rows. */
  async resolve(rows: PendingRow[]): Promise<void> {
    const { batch, lookup, seenKeys } = this;
    const traits = KIND_TRAITS[batch.kind];
    const actor = batchActor(batch);
    const staff = isStaff(actor);
    await this.resolveOrganisations(rows);
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
    const editable = staff ? traits.editable.staff : traits.editable.owner;
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
    const hits = await this.searchHits(batch.kind, fresh);
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
      // A university decides on the suspects of its own file; in anyone else's upload a manager does.
      const ownFile = actor.role === Role.University && batch.organisationId === actor.organisationId;
      const decide = ownFile ? '请确认是否仍要导入（默认跳过）' : '需技术经理人确认';
      r.reasons.push({
        column: '',
        reason: best.ref.recordId
          ? `与已有${traits.noun}内容高度相似（相似度 ${percent}%），疑似重复，${decide}`
          : `与本文件第 ${best.ref.rowNumber} 行内容高度相似（相似度 ${percent}%），疑似重复，${decide}`,
      });
    }
    for (const r of rows) {
      if (r.outcome === RowOutcome.DuplicateSuspect) continue;
      if (r.reasons.length) r.outcome = RowOutcome.Invalid;
    }
  }

  private async searchHits(kind: ImportKind, rows: PendingRow[]): Promise<Map<number, CatalogueRecordHit[]>> {
    if (!this.similar || !rows.length) return new Map();
    try {
      return await this.similar.candidates(
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
      logger.warn(`near-duplicate search unavailable: ${(err as Error).message}`);
      return new Map();
    }
  }

  private async resolveOrganisations(rows: PendingRow[]): Promise<void> {
    const { batch, orgIds } = this;
    const traits = KIND_TRAITS[batch.kind];
    const names = [...new Set(rows.map((r) => r.organisationName).filter((n): n is string => !!n))].filter(
      (n) => !orgIds.has(n),
    );
    if (names.length) {
      const found = await this.catalogue.organisationIdsByName(traits.organisationKind, names);
      for (const n of names) orgIds.set(n, found.get(n) ?? null);
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

/** The registry's budget rule (DemandService applies the same one on create and update). */
function checkBudget(r: PendingRow): void {
  const reason = budgetRangeViolation(r.values.budgetMin, r.values.budgetMax);
  if (reason) r.reasons.push({ column: '预算下限', reason });
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
