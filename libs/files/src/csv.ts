export interface CsvColumn {
  header: string;
  key: string;
}

const BOM = '\ufeff';

/** Cells that spreadsheet programs would run as formulas get a leading apostrophe (CSV injection). */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = neutraliseFormula(value instanceof Date ? value.toISOString() : String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV in UTF-8 with a BOM (so Excel opens Chinese correctly), CRLF line ends. */
export function toCsv(columns: CsvColumn[], rows: Array<Record<string, unknown>>): Buffer {
  const lines = [columns.map((c) => cell(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => cell(row[c.key])).join(','));
  return Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');
}
