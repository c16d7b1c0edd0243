import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';

import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

import { ImportFileError } from '../import.errors';
import { IMPORT_LIMITS, ImportLimits, limitErrors, RowBudget } from './limits';
import { guardXlsx, xlsxHeader } from './xlsx-guard';

export type FileFormat = 'xlsx' | 'csv';
export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** A cell that holds a formula: the platform never evaluates it (see README of the lib). */
export interface FormulaCell {
  formula: string;
  /** The value Excel cached when it last saved the file, if any. */
  cached: string | null;
}

export type CellValue = string | FormulaCell;

export interface RawRow {
  /** 1-based row number as the spreadsheet shows it (header row included), so people find the row in Excel. */
  rowNumber: number;
  values: CellValue[];
}

export const isFormula = (v: CellValue | undefined): v is FormulaCell => typeof v === 'object' && v !== null;

/**
 * Decides the format from the bytes, never from the file name or the client's content type:
 * xlsx is a zip (PK\x03\x04); csv is text without NUL bytes (UTF-8, UTF-16 with BOM, or GBK/GB18030).
 */
export function sniffFormat(content: Buffer): { format: FileFormat; encoding?: CsvEncoding } {
  if (content.length === 0) throw new ImportFileError('文件为空');
  if (content.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return { format: 'xlsx' };
  if (content.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new ImportFileError('不支持旧版 Excel（.xls）文件，请在 Excel 中“另存为”.xlsx 后重新上传');
  }
  if (content[0] === 0xff && content[1] === 0xfe) return { format: 'csv', encoding: 'utf-16le' };
  if (content[0] === 0xfe && content[1] === 0xff) return { format: 'csv', encoding: 'utf-16be' };
  const head = content.subarray(0, 65536);
  if (head.includes(0)) throw new ImportFileError('文件不是 xlsx 或 csv 格式，请使用平台提供的模板');
  if (isUtf8(content)) return { format: 'csv', encoding: 'utf-8' };
  // Not UTF-8: Excel on Chinese Windows saves csv as GBK (GB18030 is its superset). Junk decodes too, but into
  // control characters and replacement marks: refuse when they are more than a trace.
  const sample = iconv.decode(trimIncomplete(head), 'gb18030');
  let bad = 0;
  for (const ch of sample) {
    const code = ch.codePointAt(0)!;
    if (ch === '\uFFFD' || (code < 0x20 && ch !== '\t' && ch !== '\r' && ch !== '\n') || code === 0x7f) bad++;
  }
  if (bad > Math.max(2, sample.length * 0.002)) {
    throw new ImportFileError('文件编码无法识别：请使用 xlsx，或将 csv 保存为 UTF-8 或 GBK 编码');
  }
  return { format: 'csv', encoding: 'gb18030' };
}

/** Drops a trailing partial multi-byte character of a GB18030 sample cut at an arbitrary byte. */
function trimIncomplete(buf: Buffer): Buffer {
  return buf.length < 65536 ? buf : buf.subarray(0, buf.length - 4);
}

function cellText(value: unknown): CellValue {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('formula' in v || 'sharedFormula' in v) {
      const cached = v.result === undefined || v.result === null ? null : cellText(v.result);
      return {
        formula: String(v.formula ?? v.sharedFormula ?? ''),
        cached: typeof cached === 'string' ? cached : null,
      };
    }
    if (Array.isArray(v.richText)) return v.richText.map((r: { text?: string }) => r.text ?? '').join('');
    if ('text' in v) return cellText(v.text);
    if ('error' in v) return { formula: '', cached: String(v.error) };
  }
  return String(value);
}

/**
 * Streams the rows of the first worksheet (xlsx: exceljs WorkbookReader, which unzips and parses as it goes;
 * csv: iconv decoding stream into csv-parse). Nothing holds more than the current row — and, for xlsx, the shared
 * strings, which is why the whole file first goes through `guardFile`: every limit of IMPORT_LIMITS (entry sizes,
 * compression ratio, cell length, header position, row count) is checked while streaming, before any row is
 * handed out, so a hostile file is refused at once with the limit it broke and never reaches the parser.
 */
export async function* readRows(
  content: Buffer,
  onPosition?: (bytes: number) => void,
  limits: ImportLimits = IMPORT_LIMITS,
): AsyncGenerator<RawRow> {
  await guardFile(content, limits);
  yield* boundedRows(content, limits, onPosition);
}

/** Checks the whole file against the limits without keeping any of it: xlsx by `guardXlsx`, csv by a dry parse. */
export async function guardFile(content: Buffer, limits: ImportLimits = IMPORT_LIMITS): Promise<void> {
  if (content.length > limits.uploadBytes) throw limitErrors.uploadTooLarge(limits);
  const { format } = sniffFormat(content);
  if (format === 'xlsx') {
    try {
      await guardXlsx(content, limits);
    } catch (err) {
      if (err instanceof ImportFileError) throw err;
      throw new ImportFileError('无法读取 xlsx 文件：文件已损坏或不完整，请用 Excel 打开确认后重新保存上传');
    }
    return;
  }
  for await (const row of boundedRows(content, limits)) void row;
}

/**
 * The header row as the upload request sees it, reading only a bounded prefix of the file: for xlsx the zip
 * directory (nothing inflated) and at most `requestPrefixBytes` of the sheet and shared strings; for csv the
 * first rows (each bounded by `rowChars`). Null when the prefix did not settle it; the worker decides then.
 */
export async function readHeader(content: Buffer, limits: ImportLimits = IMPORT_LIMITS): Promise<RawRow | null> {
  if (content.length > limits.uploadBytes) throw limitErrors.uploadTooLarge(limits);
  const { format } = sniffFormat(content);
  if (format === 'xlsx') {
    try {
      const values = await xlsxHeader(content, limits);
      return values && { rowNumber: 0, values };
    } catch (err) {
      if (err instanceof ImportFileError) throw err;
      throw new ImportFileError('无法读取 xlsx 文件：文件已损坏或不完整，请用 Excel 打开确认后重新保存上传');
    }
  }
  for await (const row of boundedRows(content, limits)) {
    if (!isBlankRow(row)) return row;
  }
  throw new ImportFileError('文件中没有数据：第一行应为表头');
}

const isBlankRow = (row: RawRow) =>
  row.values.every((v) => (typeof v === 'string' ? v.trim() === '' : !v.formula && !v.cached));

/** The reader with the row and cell limits applied to what it yields (the csv path's only check). */
async function* boundedRows(
  content: Buffer,
  limits: ImportLimits,
  onPosition?: (bytes: number) => void,
): AsyncGenerator<RawRow> {
  const budget = new RowBudget(limits);
  let fileChars = 0;
  for await (const row of parseRows(content, limits, onPosition)) {
    budget.seen(row.rowNumber);
    let rowChars = 0;
    row.values.forEach((v, i) => {
      const text = typeof v === 'string' ? v : (v.cached ?? v.formula);
      if (text.length > limits.cellChars) {
        throw limitErrors.cellTooLong(limits.cellChars, `第 ${row.rowNumber} 行第 ${i + 1} 列`);
      }
      rowChars += text.length;
    });
    if (rowChars > limits.rowChars) throw limitErrors.rowTooLong(limits.rowChars, row.rowNumber);
    fileChars += rowChars;
    if (fileChars > limits.fileChars) throw limitErrors.fileTextTooLarge(limits.fileChars);
    if (!isBlankRow(row)) budget.content(row.rowNumber);
    yield row;
  }
}

async function* parseRows(
  content: Buffer,
  limits: ImportLimits,
  onPosition?: (bytes: number) => void,
): AsyncGenerator<RawRow> {
  const { format, encoding } = sniffFormat(content);
  const source = Readable.from(chunks(content, onPosition));
  try {
    if (format === 'xlsx') yield* readXlsx(source);
    else yield* readCsv(source, encoding!, limits);
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    if ((err as { code?: string }).code === 'CSV_MAX_RECORD_SIZE') {
      throw limitErrors.cellTooLong(limits.cellChars, `一行超过 ${limits.rowChars} 字`);
    }
    throw new ImportFileError(
      format === 'xlsx'
        ? '无法读取 xlsx 文件：文件已损坏或不完整，请用 Excel 打开确认后重新保存上传'
        : `无法解析 csv 文件：${(err as Error).message}`,
    );
  } finally {
    source.destroy();
  }
}

/** Feeds the parser 64 KB at a time and reports how far it has read (the progress of a job). */
function* chunks(content: Buffer, onPosition?: (bytes: number) => void): Generator<Buffer> {
  for (let i = 0; i < content.length; i += 65536) {
    onPosition?.(i);
    yield content.subarray(i, i + 65536);
  }
  onPosition?.(content.length);
}

async function* readXlsx(source: Readable): AsyncGenerator<RawRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'emit',
  });
  let sheets = 0;
  for await (const worksheet of reader) {
    sheets++;
    // Only the first sheet holds data; the template's 填写说明 sheet and any other sheet are ignored.
    for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
      const raw = row.values as unknown[];
      const values: CellValue[] = [];
      for (let i = 1; i < raw.length; i++) values.push(cellText(raw[i]));
      yield { rowNumber: row.number, values };
    }
    break;
  }
  if (sheets === 0) throw new ImportFileError('xlsx 文件中没有工作表');
}

async function* readCsv(source: Readable, encoding: CsvEncoding, limits: ImportLimits): AsyncGenerator<RawRow> {
  const parser = source.pipe(iconv.decodeStream(encoding, { stripBOM: true })).pipe(
    parse({
      relax_column_count: true,
      relax_quotes: true,
      bom: true,
      skip_empty_lines: false,
      max_record_size: limits.rowChars,
    }),
  );
  // Excel shows one csv record per row (a quoted field may span lines), so the record count is the row number.
  let rowNumber = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    rowNumber++;
    const values = record.map((v): CellValue => (v.startsWith('=') ? { formula: v.slice(1), cached: null } : v));
    yield { rowNumber, values };
  }
}
