import { ErrorCode, flattenValidationErrors } from '@app/common';
import { CreateAchievementDto, CreateDemandDto } from '@app/registry';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

import { ImportFileError } from '../import.errors';
import { COLUMNS, ColumnSpec, ImportKind, normHeader, ParseContext } from './columns';
import { CellValue, isFormula, RawRow } from './file-reader';

export interface RowReason {
  /** Column label (成果名称) or '' for the whole row. */
  column: string;
  reason: string;
}

export interface MappedRow {
  rowNumber: number;
  /** The row as the file wrote it, [header, text] in the file's column order (for the error report). */
  cells: Array<[string, string]>;
  /** Validated DTO fields (registry DTO, after its transforms). */
  values: Record<string, unknown>;
  /** 所属单位 / 需求单位 as written, resolved to an organisation afterwards. */
  organisationName: string | null;
  reasons: RowReason[];
}

const DTO_OF: Record<ImportKind, new () => object> = {
  achievements: CreateAchievementDto,
  demands: CreateDemandDto,
};

const cellString = (v: CellValue | undefined) => (v === undefined ? '' : isFormula(v) ? `=${v.formula}` : v);

/**
 * Maps the file's columns onto the registry DTO by header (order does not matter, unknown columns are ignored),
 * parses Chinese labels and lists, then validates with the very DTO class the API validates with.
 */
export class RowMapper {
  readonly headers: string[];
  private readonly columns: Array<{ spec: ColumnSpec; index: number }> = [];
  private readonly orgColumn: { spec: ColumnSpec; index: number } | undefined;

  constructor(
    readonly kind: ImportKind,
    headerRow: RawRow,
    options: { organisationGiven: boolean },
  ) {
    this.headers = headerRow.values.map((v) => cellString(v).trim());
    const byHeader = new Map<string, number>();
    this.headers.forEach((h, i) => {
      const key = normHeader(h);
      if (key && !byHeader.has(key)) byHeader.set(key, i);
    });
    const missing: string[] = [];
    for (const spec of COLUMNS[kind]) {
      const names = [spec.header, spec.label, ...(spec.aliases ?? [])].map(normHeader);
      const index = names.map((n) => byHeader.get(n)).find((i) => i !== undefined);
      if (index === undefined) {
        const orgColumn = spec.field === 'institutionName' || spec.field === 'ownerName';
        if (spec.required && !(orgColumn && options.organisationGiven)) missing.push(spec.label);
        continue;
      }
      this.columns.push({ spec, index });
    }
    if (missing.length) {
      throw new ImportFileError(
        `缺少必填列：${missing.join('、')}。请使用平台模板，表头须在第一行`,
        ErrorCode.IMPORT_MISSING_COLUMNS,
        missing.map((column) => ({ column, reason: '缺少必填列' })),
      );
    }
    this.orgColumn = this.columns.find((c) => c.spec.field === 'institutionName' || c.spec.field === 'ownerName');
  }

  /** A row with no content at all (spacer rows, trailing formatting) is skipped, not reported. */
  static isBlank(row: RawRow): boolean {
    return row.values.every((v) => cellString(v).trim() === '');
  }

  map(row: RawRow, ctx: ParseContext): MappedRow {
    const cells: Array<[string, string]> = [];
    this.headers.forEach((h, i) => {
      if (h) cells.push([h, cellString(row.values[i])]);
    });
    const reasons: RowReason[] = [];
    const plain: Record<string, unknown> = {};
    let organisationName: string | null = null;
    for (const { spec, index } of this.columns) {
      const cell = row.values[index];
      if (isFormula(cell)) {
        reasons.push({
          column: spec.label,
          reason: `单元格含公式（=${cell.formula.slice(0, 40)}），平台不计算公式：请复制该列后“选择性粘贴为数值”再上传`,
        });
        continue;
      }
      const raw = (cell ?? '').trim();
      if (raw === '') {
        if (spec.required && spec !== this.orgColumn?.spec) reasons.push({ column: spec.label, reason: '必填' });
        continue;
      }
      if (spec === this.orgColumn?.spec) {
        organisationName = raw.normalize('NFKC').replace(/\s+/g, ' ');
        continue;
      }
      const parsed = spec.parse(raw, ctx);
      if (parsed.error) reasons.push({ column: spec.label, reason: parsed.error });
      else plain[spec.field] = parsed.value;
    }
    // Every problem of the row at once: the DTO's rules run on the cells that parsed, and a column already
    // reported (bad cell, missing value) is not reported twice.
    const values = this.validate(plain, reasons);
    return { rowNumber: row.rowNumber, cells, values, organisationName, reasons };
  }

  /** The API's DTO, the API's rules: a row passes here iff the same body would pass POST /achievements. */
  private validate(plain: Record<string, unknown>, reasons: RowReason[]): Record<string, unknown> {
    const dto = plainToInstance(DTO_OF[this.kind], plain);
    const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
    const labelOf = new Map(COLUMNS[this.kind].map((c) => [c.field, c.label]));
    const seen = new Set<string>();
    const reported = new Set(reasons.map((r) => r.column));
    for (const detail of flattenValidationErrors(errors)) {
      const field = String(detail.field ?? '').split('.')[0];
      const column = labelOf.get(field) ?? field;
      const reason = detail.reason === '必填' ? '必填' : `${detail.reason}${limitHint(field, detail.constraint)}`;
      const key = `${column}:${reason}`;
      if (seen.has(key) || reported.has(column)) continue;
      seen.add(key);
      reasons.push({ column, reason });
    }
    return { ...(dto as Record<string, unknown>) };
  }
}

/** The bare class-validator reason says 长度超出上限; people need the number. */
function limitHint(field: string, constraint: unknown): string {
  const limits: Record<string, Record<string, string>> = {
    title: { minLength: '（至少 4 字）', maxLength: '（最多 120 字）' },
    abstract: { minLength: '（至少 20 字）', maxLength: '（最多 10000 字）' },
    description: { minLength: '（至少 20 字）', maxLength: '（最多 10000 字）' },
    keywords: { arrayMaxSize: '（最多 20 个）', maxLength: '（每个最多 30 字）' },
    industryChainIds: { arrayMaxSize: '（最多 5 条）', arrayMinSize: '（至少 1 条）' },
    trl: { min: '（1–9）', max: '（1–9）' },
    requiredTrl: { min: '（1–9）', max: '（1–9）' },
    patentNumbers: { matches: '（如 CN202310123456.7）' },
    contactPhone: { matches: '（如 13800000000 或 0512-57000000）' },
    askingPrice: { isNumber: '（最多两位小数）' },
    budgetMin: { isNumber: '（最多两位小数）' },
    budgetMax: { isNumber: '（最多两位小数）' },
  };
  return limits[field]?.[String(constraint)] ?? '';
}
