import ExcelJS from 'exceljs';

export interface XlsxColumn {
  header: string;
  key: string;
  /** Characters; computed from the content when absent. */
  width?: number;
}

export interface XlsxSheet {
  name: string;
  columns: XlsxColumn[];
  rows: Array<Record<string, unknown>>;
  /** A title line above the header (merged across the columns). */
  title?: string;
  /** Printing: landscape A4, all columns on one page width, header (and title) repeated on every page. */
  print?: { landscape?: boolean };
}

const MIN_WIDTH = 6;
const MAX_WIDTH = 60;
/** Points per wrapped line of the default 11-point font, and the most lines a row grows to. */
const LINE_HEIGHT = 15;
const MAX_ROW_LINES = 12;

/** Display width of a text: CJK and full-width characters take two columns in Excel's default fonts. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    width += code > 0x2e80 ? 2 : 1;
  }
  return width;
}

/** Excel forbids []:*?/\ in sheet names and caps them at 31 characters; names must be unique case-insensitively. */
export function sheetNames(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((raw) => {
    const base = (raw.replace(/[[\]:*?/\\]/g, ' ').trim() || 'Sheet').slice(0, 31);
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)}-${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

/**
 * A workbook as organisers expect it: bold header row frozen, autofilter, column widths fitting Chinese text,
 * wrapped long cells. Strings are written as strings (a leading '=' never becomes a formula).
 */
export async function writeXlsx(sheets: XlsxSheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '祖冲之攻关计划供需对接平台';
  workbook.created = new Date();
  const names = sheetNames(sheets.map((s) => s.name));
  sheets.forEach((spec, i) => {
    const headerRow = spec.title ? 2 : 1;
    const sheet = workbook.addWorksheet(names[i], {
      views: [{ state: 'frozen', ySplit: headerRow }],
      ...(spec.print
        ? {
            pageSetup: {
              paperSize: 9, // A4
              orientation: spec.print.landscape ? 'landscape' : 'portrait',
              fitToPage: true,
              fitToWidth: 1,
              fitToHeight: 0,
              printTitlesRow: `1:${headerRow}`,
            },
          }
        : {}),
    });
    if (spec.title) {
      const title = sheet.addRow([spec.title]);
      title.font = { bold: true, size: 14 };
      if (spec.columns.length > 1) sheet.mergeCells(1, 1, 1, spec.columns.length);
    }
    const header = sheet.addRow(spec.columns.map((c) => c.header));
    header.font = { bold: true };
    header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    header.eachCell((cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
      cell.border = { bottom: { style: 'thin' } };
    });
    for (const row of spec.rows) {
      const added = sheet.addRow(
        spec.columns.map((c) => {
          const v = row[c.key];
          return v === undefined ? null : (v as ExcelJS.CellValue);
        }),
      );
      added.alignment = { vertical: 'top', wrapText: true };
    }
    spec.columns.forEach((c, index) => {
      const widest = Math.max(
        displayWidth(c.header),
        ...spec.rows.slice(0, 2000).map((r) => displayWidth(cellText(r[c.key]))),
      );
      sheet.getColumn(index + 1).width = c.width ?? Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widest + 2));
    });
    // Wrapped cells need a row tall enough to show them: spreadsheet programs do not grow rows of a generated file.
    spec.rows.forEach((row, i) => {
      const lines = Math.max(
        1,
        ...spec.columns.map((c, index) => {
          const width = Math.max(1, (sheet.getColumn(index + 1).width ?? MIN_WIDTH) - 1);
          return cellText(row[c.key])
            .split('\n')
            .reduce((n, part) => n + Math.max(1, Math.ceil(displayWidth(part) / width)), 0);
        }),
      );
      if (lines > 1) sheet.getRow(headerRow + 1 + i).height = Math.min(MAX_ROW_LINES, lines) * LINE_HEIGHT;
    });
    if (spec.columns.length) {
      sheet.autoFilter = {
        from: { row: headerRow, column: 1 },
        to: { row: headerRow + spec.rows.length, column: spec.columns.length },
      };
    }
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
