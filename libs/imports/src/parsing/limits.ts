import { ErrorCode } from '@app/common';
import { HttpStatus } from '@nestjs/common';

import { ImportFileError } from '../import.errors';

const MB = 1024 * 1024;

/**
 * What an import file may hold. Every limit is checked while the file streams (zip entry sizes from the central
 * directory before anything is inflated, then bytes actually inflated, text runs, rows), so a hostile file is
 * refused before it is held in memory. See libs/imports/README.md.
 */
export const IMPORT_LIMITS = Object.freeze({
  /** The upload itself (multer stops reading at this size). */
  uploadBytes: 20 * MB,
  /** Data rows under the header. The campaign target is 6 000 achievements in three years. */
  dataRows: 50000,
  /** The header must be one of the first rows of the sheet (row numbers as Excel shows them). */
  headerWithinRows: 20,
  /** Characters of one cell (or one shared string, or any one text run of the xlsx XML). */
  cellChars: 10000,
  /** Characters of one row, shared strings resolved (also what the csv parser may buffer for one record). */
  rowChars: 100000,
  /**
   * Characters of all rows together, shared strings resolved: a 10 000-character shared string costs a few bytes
   * per reference, so without this a small file could make the preview store gigabytes of row data.
   */
  fileChars: 150_000_000,
  /** Uncompressed size of one worksheet XML entry (streamed, never held). */
  sheetXmlBytes: 256 * MB,
  /** Uncompressed size of xl/sharedStrings.xml: the strings are held while the worker reads the file. */
  sharedStringsBytes: 64 * MB,
  /** Uncompressed size of any other entry (styles, workbook, relations, images…). */
  otherEntryBytes: 24 * MB,
  /** Uncompressed size of all entries together. */
  totalUncompressedBytes: 400 * MB,
  /** Uncompressed / compressed size of an entry larger than `ratioFloorBytes` (text XML compresses 5–30×). */
  compressionRatio: 200,
  ratioFloorBytes: 1 * MB,
  /** Entries of the zip. */
  entries: 2000,
  /** Characters of one XML tag (name and attributes). */
  tagChars: 65536,
  /** Inflated bytes the upload request may read of an entry to find the header (the worker reads everything). */
  requestPrefixBytes: 4 * MB,
  /** Uploads inspected at once per API process; further uploads wait `parseWaitMs`, then get 503. */
  concurrentParses: 2,
  parseWaitMs: 10000,
});

export type ImportLimits = { readonly [K in keyof typeof IMPORT_LIMITS]: number };

const mb = (bytes: number) => `${Math.round(bytes / MB)} MB`;

export const limitErrors = {
  uploadTooLarge: (limits: ImportLimits = IMPORT_LIMITS) =>
    new ImportFileError(
      `文件超过 ${mb(limits.uploadBytes)}，请拆分后分批上传`,
      ErrorCode.IMPORT_FILE_TOO_LARGE,
      undefined,
      HttpStatus.PAYLOAD_TOO_LARGE,
    ),
  entryTooLarge: (entry: string, limit: number) =>
    new ImportFileError(
      `文件解压后过大：${entry} 超过 ${mb(limit)}，请拆分后分批上传`,
      ErrorCode.IMPORT_FILE_TOO_LARGE,
      [{ column: '', reason: `${entry} 解压后超过 ${mb(limit)}` }],
      HttpStatus.PAYLOAD_TOO_LARGE,
    ),
  totalTooLarge: (limit: number) =>
    new ImportFileError(
      `文件解压后总大小超过 ${mb(limit)}，请拆分后分批上传`,
      ErrorCode.IMPORT_FILE_TOO_LARGE,
      undefined,
      HttpStatus.PAYLOAD_TOO_LARGE,
    ),
  compressionRatio: (entry: string, limit: number) =>
    new ImportFileError(
      `文件压缩比异常（${entry} 解压后超过压缩前的 ${limit} 倍），疑似压缩炸弹，已拒绝`,
      ErrorCode.IMPORT_FILE_TOO_LARGE,
      [{ column: '', reason: `${entry} 压缩比超过 ${limit}` }],
      HttpStatus.PAYLOAD_TOO_LARGE,
    ),
  tooManyEntries: (limit: number) =>
    new ImportFileError(`xlsx 文件内部条目超过 ${limit} 个，不是有效的导入文件`, ErrorCode.IMPORT_FILE_INVALID),
  tooManyRows: (limit: number, rowNumber: number) =>
    new ImportFileError(
      `文件超过 ${limit} 行数据（第 ${rowNumber} 行已超出），请拆分后分批导入`,
      ErrorCode.IMPORT_TOO_MANY_ROWS,
      undefined,
      HttpStatus.PAYLOAD_TOO_LARGE,
    ),
  cellTooLong: (limit: number, where?: string) =>
    new ImportFileError(
      `单元格内容超过 ${limit} 字${where ? `（${where}）` : ''}，请精简后重新上传`,
      ErrorCode.IMPORT_CELL_TOO_LONG,
    ),
  rowTooLong: (limit: number, rowNumber: number) =>
    new ImportFileError(`第 ${rowNumber} 行内容超过 ${limit} 字，请精简后重新上传`, ErrorCode.IMPORT_CELL_TOO_LONG),
  fileTextTooLarge: (limit: number) =>
    new ImportFileError(
      `文件的文字内容超过 ${limit / 10000} 万字，请拆分后分批上传`,
      ErrorCode.IMPORT_FILE_TOO_LARGE,
      undefined,
      HttpStatus.PAYLOAD_TOO_LARGE,
    ),
  tagTooLong: () => new ImportFileError('xlsx 文件内容异常（XML 标签过长），不是有效的导入文件'),
  headerNotFound: (limit: number) =>
    new ImportFileError(
      `前 ${limit} 行中没有找到表头：表头应位于文件前 ${limit} 行内（请使用平台提供的模板）`,
      ErrorCode.IMPORT_HEADER_NOT_FOUND,
    ),
};

/**
 * Row accounting shared by the xlsx guard and the readers: the header must come within the first
 * `headerWithinRows` rows (refused as soon as a later row number is seen), and the data row past `dataRows` is
 * refused the moment it appears.
 */
export class RowBudget {
  headerRow: number | null = null;
  dataRows = 0;

  constructor(private readonly limits: Pick<ImportLimits, 'dataRows' | 'headerWithinRows'> = IMPORT_LIMITS) {}

  /** Any row seen (blank or not), before its content is known. */
  seen(rowNumber: number): void {
    if (this.headerRow === null && rowNumber > this.limits.headerWithinRows) {
      throw limitErrors.headerNotFound(this.limits.headerWithinRows);
    }
  }

  /** A row with content: the first is the header, the others data rows. Returns true for the header. */
  content(rowNumber: number): boolean {
    this.seen(rowNumber);
    if (this.headerRow === null) {
      this.headerRow = rowNumber;
      return true;
    }
    this.dataRows++;
    if (this.dataRows > this.limits.dataRows) throw limitErrors.tooManyRows(this.limits.dataRows, rowNumber);
    return false;
  }
}

/** Column letters of a cell reference ("AB12" → 28), 0 when there are none. */
export function columnOf(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
  }
  return n;
}

/** Row number of a cell or dimension reference ("AB12" → 12), NaN when there is none. */
export function rowOf(ref: string): number {
  const m = /^[A-Za-z]*(\d+)$/.exec(ref.trim());
  return m ? Number(m[1]) : NaN;
}
