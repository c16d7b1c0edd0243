import { StringDecoder } from 'node:string_decoder';

import { columnOf, IMPORT_LIMITS, ImportLimits, limitErrors, RowBudget } from './limits';
import { attribute, decodeXml, XmlHandler, XmlScanner } from './xml-scanner';
import { inflateEntry, isSharedStrings, readZipDirectory, ZipEntry } from './zip-directory';

/** Columns of the header row kept for the column check (the templates have 14). */
const HEADER_COLUMNS = 512;

interface HeaderCell {
  type: string;
  raw: string;
}

/** Rows, cells and character data of one worksheet part, checked as they stream. */
class SheetHandler implements XmlHandler {
  readonly budget: RowBudget;
  header: HeaderCell[] | null = null;
  done = false;
  private row: number | null = null;
  private lastRow = 0;
  private rowContent = false;
  private cells: HeaderCell[] = [];
  private cell: { col: number; type: string; chars: number; raw: string } | null = null;
  private lastCol = 0;
  private inValue = false;
  private rowChars = 0;
  private fileChars = 0;

  constructor(
    private readonly limits: ImportLimits,
    /** Stop at the header row and keep its cells (the upload request); else read every row. */
    private readonly headerOnly: boolean,
    /** Length of each shared string, to count a reference as the text it stands for. */
    private readonly stringLengths?: Uint16Array,
  ) {
    this.budget = new RowBudget(limits);
  }

  open(name: string, tag: string, selfClosing: boolean): void {
    if (name === 'row') {
      const r = Number(attribute(tag, 'r'));
      this.row = Number.isInteger(r) && r > 0 ? r : this.lastRow + 1;
      this.lastRow = this.row;
      this.budget.seen(this.row);
      this.rowContent = false;
      this.rowChars = 0;
      this.cells = [];
      this.lastCol = 0;
    } else if (name === 'c' && this.row !== null) {
      const col = columnOf(attribute(tag, 'r') ?? '') || this.lastCol + 1;
      this.lastCol = col;
      this.cell = selfClosing ? null : { col, type: attribute(tag, 't') ?? 'n', chars: 0, raw: '' };
    } else if (this.cell && (name === 'v' || name === 't' || name === 'f')) {
      this.inValue = !selfClosing;
    }
  }

  close(name: string): void {
    if (name === 'v' || name === 't' || name === 'f') this.inValue = false;
    else if (name === 'c' && this.cell) {
      const chars =
        this.cell.type === 's' && this.stringLengths
          ? (this.stringLengths[Number(this.cell.raw.trim())] ?? 0)
          : this.cell.chars;
      this.rowChars += chars;
      this.fileChars += chars;
      if (this.rowChars > this.limits.rowChars) throw limitErrors.rowTooLong(this.limits.rowChars, this.row!);
      if (this.fileChars > this.limits.fileChars) throw limitErrors.fileTextTooLarge(this.limits.fileChars);
      if (this.capturing && this.cell.col <= HEADER_COLUMNS) {
        this.cells[this.cell.col - 1] = { type: this.cell.type, raw: this.cell.raw };
      }
      this.cell = null;
    } else if (name === 'row' && this.row !== null) {
      if (this.rowContent && this.budget.content(this.row) && this.headerOnly) {
        this.header = Array.from(this.cells, (c) => c ?? { type: 'n', raw: '' });
        this.done = true;
      }
      this.row = null;
    }
  }

  text(raw: string, chars: number): void {
    if (!this.cell || !this.inValue) return;
    this.cell.chars += chars;
    if (this.cell.chars > this.limits.cellChars) {
      throw limitErrors.cellTooLong(this.limits.cellChars, `第 ${this.row} 行第 ${this.cell.col} 列`);
    }
    if (!this.rowContent && raw.trim()) this.rowContent = true;
    if (this.capturing || this.cell.type === 's') this.cell.raw += raw;
  }

  private get capturing(): boolean {
    return this.headerOnly && this.budget.headerRow === null;
  }
}

/** One shared string (`<si>`) is one cell's text: bounded; the first `keep` strings are kept. */
class SharedStringsHandler implements XmlHandler {
  readonly strings: string[] = [];
  /** Characters of every string (the limit keeps each under 65 536), when `measure` is set. */
  lengths = new Uint16Array(0);
  done = false;
  private index = -1;
  private chars = 0;
  private raw = '';
  private inText = false;
  private inPhonetic = false;

  constructor(
    private readonly limits: ImportLimits,
    private readonly keep: number,
    private readonly measure = false,
  ) {}

  open(name: string, _tag: string, selfClosing: boolean): void {
    if (name === 'si') {
      this.index++;
      this.chars = 0;
      this.raw = '';
      if (selfClosing) this.close('si');
    } else if (name === 'rPh') this.inPhonetic = !selfClosing;
    else if (name === 't') this.inText = !selfClosing;
  }

  close(name: string): void {
    if (name === 't') this.inText = false;
    else if (name === 'rPh') this.inPhonetic = false;
    else if (name === 'si') {
      if (this.measure) {
        if (this.index >= this.lengths.length) {
          const grown = new Uint16Array(Math.max(1024, this.lengths.length * 2));
          grown.set(this.lengths);
          this.lengths = grown;
        }
        this.lengths[this.index] = this.chars;
      }
      if (this.index < this.keep) {
        this.strings[this.index] = decodeXml(this.raw);
        if (this.strings.length >= this.keep) this.done = true;
      }
    }
  }

  text(raw: string, chars: number): void {
    if (this.index < 0) return;
    this.chars += chars;
    if (this.chars > this.limits.cellChars) {
      throw limitErrors.cellTooLong(this.limits.cellChars, `共享字符串第 ${this.index + 1} 项`);
    }
    if (this.inText && !this.inPhonetic && this.index < this.keep) this.raw += raw;
  }
}

const IGNORE: XmlHandler = { open() {}, close() {}, text() {} };

/**
 * Streams one entry through the scanner. `prefix` bounds the inflated bytes read (the upload request); the
 * worker reads whole entries. Returns false when the prefix ran out before the handler was done.
 */
async function scanEntry(
  buf: Buffer,
  entry: ZipEntry,
  handler: XmlHandler & { done?: boolean },
  limits: ImportLimits,
  prefix = Infinity,
): Promise<boolean> {
  const scanner = new XmlScanner(handler, limits);
  const decoder = new StringDecoder('utf8');
  let read = 0;
  for await (const chunk of inflateEntry(buf, entry)) {
    scanner.write(decoder.write(chunk));
    if (handler.done) return true;
    read += chunk.length;
    if (read >= prefix) return false;
  }
  scanner.write(decoder.end());
  return true;
}

/**
 * The worksheet exceljs's WorkbookReader emits first (the one the import reads): in zip order, the first sheet
 * after both the shared strings and the workbook relations, else the first sheet it had to put aside.
 */
export function firstWorksheet(entries: ZipEntry[]): ZipEntry | undefined {
  let strings = false;
  let rels = false;
  let waiting: ZipEntry | undefined;
  for (const e of entries) {
    if (e.name === 'xl/sharedStrings.xml') strings = true;
    else if (e.name === 'xl/_rels/workbook.xml.rels') rels = true;
    else if (/xl\/worksheets\/sheet\d+[.]xml/.test(e.name)) {
      if (strings && rels) return e;
      waiting ??= e;
    }
  }
  return waiting;
}

const isXml = (name: string) => /\.(xml|rels|vml)$/i.test(name);

/**
 * The worker's check of a whole xlsx before the reader sees it: zip directory limits, then every entry inflated
 * (never past its declared size), every XML part tokenized with bounded tags and text runs, every shared string
 * and cell under `cellChars`, every row under `rowChars` and the file under `fileChars` (shared strings counted
 * at their length), and the first worksheet's header within `headerWithinRows` rows and no more than
 * `dataRows` data rows — each refused the moment it is exceeded. Memory stays at a few 64 KB buffers.
 */
export async function guardXlsx(buf: Buffer, limits: ImportLimits = IMPORT_LIMITS): Promise<void> {
  const entries = readZipDirectory(buf, limits);
  const first = firstWorksheet(entries);
  // The shared strings first (whatever their place in the zip), so the sheet counts each reference at its length.
  const sst = entries.find((e) => e.name === 'xl/sharedStrings.xml');
  const strings = new SharedStringsHandler(limits, 0, true);
  if (sst) await scanEntry(buf, sst, strings, limits);
  for (const entry of entries) {
    if (entry === sst) continue;
    if (entry === first) {
      const sheet = new SheetHandler(limits, false, strings.lengths);
      await scanEntry(buf, entry, sheet, limits);
      if (sheet.budget.headerRow === null) throw limitErrors.headerNotFound(limits.headerWithinRows);
    } else if (isSharedStrings(entry.name)) {
      await scanEntry(buf, entry, new SharedStringsHandler(limits, 0), limits);
    } else if (isXml(entry.name)) {
      await scanEntry(buf, entry, IGNORE, limits);
    } else {
      for await (const chunk of inflateEntry(buf, entry)) void chunk;
    }
  }
}

/**
 * The upload request's look at an xlsx: the zip directory limits (nothing inflated), then at most
 * `requestPrefixBytes` inflated of the first worksheet to find the header row within the first rows, and as much
 * of the shared strings as its cells name (the same bound). Returns the header's cell texts, or null when the
 * bounded prefix did not settle it (the worker then decides with the whole file).
 */
export async function xlsxHeader(buf: Buffer, limits: ImportLimits = IMPORT_LIMITS): Promise<string[] | null> {
  const entries = readZipDirectory(buf, limits);
  const first = firstWorksheet(entries);
  if (!first) return null;
  const sheet = new SheetHandler(limits, true);
  const complete = await scanEntry(buf, first, sheet, limits, limits.requestPrefixBytes);
  if (!sheet.header) {
    if (complete) throw limitErrors.headerNotFound(limits.headerWithinRows);
    return null;
  }
  const indices = sheet.header.filter((c) => c.type === 's').map((c) => Number(c.raw.trim()));
  let strings: string[] = [];
  if (indices.length) {
    const max = Math.max(...indices);
    const sst = entries.find((e) => isSharedStrings(e.name));
    if (!sst || !Number.isInteger(max) || max < 0 || max > 100000) return null;
    const handler = new SharedStringsHandler(limits, max + 1);
    await scanEntry(buf, sst, handler, limits, limits.requestPrefixBytes);
    if (!handler.done) return null;
    strings = handler.strings;
  }
  return sheet.header.map((c) => (c.type === 's' ? (strings[Number(c.raw.trim())] ?? '') : decodeXml(c.raw)));
}
