import { hostileXlsx } from '@app/files';
import ExcelJS from 'exceljs';

import { ImportFileError } from '../import.errors';
import { guardFile, readHeader, readRows } from '../parsing/file-reader';
import { IMPORT_LIMITS, ImportLimits, RowBudget } from '../parsing/limits';
import { ParseSlots } from '../parsing/parse-slots';
import { readZipDirectory } from '../parsing/zip-directory';

const { repeat, workbookParts, xmlRow, zip } = hostileXlsx;

const HEADER = ['成果名称*', '所属单位*', '成果简介*'];
const row = (r: number) =>
  xmlRow(r, [`谐波减速器柔性关节第${r}号`, '苏州大学', '面向昆山开发区机器人企业的精密传动方案']);

async function refusal(work: () => Promise<unknown>): Promise<ImportFileError> {
  try {
    await work();
  } catch (err) {
    if (err instanceof ImportFileError) return err;
    throw err;
  }
  throw new Error('the file was accepted');
}

async function collect(content: Buffer, limits?: ImportLimits): Promise<string[][]> {
  const out: string[][] = [];
  for await (const r of readRows(content, undefined, limits)) out.push(r.values.map((v) => String(v)));
  return out;
}

describe('upload limits: pure row accounting', () => {
  it('refuses the data row past the limit the moment it comes, and a header after the first rows', () => {
    const budget = new RowBudget({ dataRows: 2, headerWithinRows: 3 });
    budget.seen(1);
    expect(budget.content(2)).toBe(true);
    budget.content(3);
    budget.content(7);
    expect(() => budget.content(8)).toThrow('文件超过 2 行数据（第 8 行已超出）');
    const late = new RowBudget({ dataRows: 2, headerWithinRows: 3 });
    expect(() => late.seen(4)).toThrow('前 3 行中没有找到表头');
  });

  it('queues parses beyond the slots and answers 503 when the wait runs out', async () => {
    const slots = new ParseSlots(2, 300);
    const hold = (ms: number) => slots.run(() => new Promise<string>((r) => setTimeout(() => r('done'), ms)));
    const running = [hold(50), hold(1000)];
    // waits for the first slot to free (50 ms), well within its 300 ms
    await expect(hold(0)).resolves.toBe('done');
    await expect(running[0]).resolves.toBe('done');
    // both slots held (1 s and 1 s): the fourth gives up after 300 ms
    const longer = hold(1000);
    await expect(slots.run(async () => 'never')).rejects.toMatchObject({
      status: 503,
      code: 'UPLOAD_BUSY',
      message: expect.stringContaining('请'),
    });
    await Promise.all([running[1], longer]);
    expect(slots.busy).toBe(0);
  });
});

describe('upload limits: hostile xlsx refused while streaming', () => {
  it('reads a hand-written workbook like any other (the guard lets a normal file through)', async () => {
    const file = await zip(workbookParts([xmlRow(1, HEADER), row(2), row(3)]));
    await guardFile(file);
    expect((await readHeader(file))?.values).toEqual(HEADER);
    const rows = await collect(file);
    expect(rows[0]).toEqual(HEADER);
    expect(rows).toHaveLength(3);
  });

  it('finds the header of an Excel-style file through its shared strings, from a bounded prefix', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('成果');
    sheet.addRow([]);
    sheet.addRow(HEADER);
    sheet.addRow(['钙钛矿电池', '苏州大学', '效率提升 18%']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    expect((await readHeader(file))?.values).toEqual(HEADER);
  });

  it('refuses a 100 MB shared string from the zip directory, before inflating it', async () => {
    const file = await zip(
      workbookParts([xmlRow(1, HEADER)], { count: 1, items: [...repeat('成果简介', 25 * 1024 * 1024)] }),
    );
    expect(file.length).toBeLessThan(1024 * 1024);
    const err = await refusal(async () => readZipDirectory(file));
    expect(err).toMatchObject({ code: 'IMPORT_FILE_TOO_LARGE', status: 413 });
    expect(err.message).toContain('xl/sharedStrings.xml');
  });

  it('refuses a shared string over the cell limit, and one hidden behind a false declared size', async () => {
    const long = await zip(workbookParts([row(1)], { count: 1, items: ['长'.repeat(10001)] }));
    const err = await refusal(() => guardFile(long));
    expect(err).toMatchObject({ code: 'IMPORT_CELL_TOO_LONG', message: expect.stringContaining('10000 字') });

    const lying = await zip(
      workbookParts([xmlRow(1, HEADER)], {
        count: 1,
        items: repeat('a', 50 * 1024 * 1024),
        declaredSize: 4096,
      }),
    );
    expect(await refusal(() => guardFile(lying))).toMatchObject({ code: 'IMPORT_FILE_INVALID' });
    // the upload request needs no shared string for this inline header, so it leaves the strings to the worker
    expect((await readHeader(lying))?.values).toEqual(HEADER);
  });

  it('refuses a zip bomb by its compression ratio', async () => {
    const bomb = await zip(workbookParts([xmlRow(1, HEADER), ...repeat(' ', 200 * 1024 * 1024)]));
    expect(await refusal(() => readHeader(bomb))).toMatchObject({
      code: 'IMPORT_FILE_TOO_LARGE',
      message: expect.stringContaining('压缩比'),
    });
  });

  it('refuses blank rows before the header at the first row past the limit', async () => {
    const blank = function* () {
      for (let r = 1; r <= 200000; r++) yield `<row r="${r}" spans="1:14" ht="15"/>`;
    };
    const file = await zip(workbookParts([...blank(), xmlRow(200001, HEADER)]));
    expect(await refusal(() => readHeader(file))).toMatchObject({
      code: 'IMPORT_HEADER_NOT_FOUND',
      message: expect.stringContaining('前 20 行'),
    });
    expect(await refusal(() => guardFile(file))).toMatchObject({ code: 'IMPORT_HEADER_NOT_FOUND' });
  });

  it('refuses a cell over the limit and the data row past the row limit, in xlsx and csv', async () => {
    const limits = { ...IMPORT_LIMITS, dataRows: 5 };
    const rows = [xmlRow(1, HEADER), ...Array.from({ length: 6 }, (_, i) => row(i + 2))];
    const xlsx = await zip(workbookParts(rows));
    await expect(collect(xlsx, limits)).rejects.toMatchObject({
      code: 'IMPORT_TOO_MANY_ROWS',
      message: expect.stringContaining('第 7 行'),
    });
    const csv = Buffer.from(
      [HEADER.join(','), ...Array.from({ length: 6 }, (_, i) => `成果${i},苏州大学,简介`)].join('\r\n'),
    );
    await expect(collect(csv, limits)).rejects.toMatchObject({ code: 'IMPORT_TOO_MANY_ROWS' });
    await expect(
      collect(Buffer.from(`${HEADER.join(',')}\r\n${'长'.repeat(10001)},苏州大学,简介`)),
    ).rejects.toMatchObject({
      code: 'IMPORT_CELL_TOO_LONG',
    });
    const inline = await zip(workbookParts([xmlRow(1, HEADER), xmlRow(2, ['长'.repeat(10001)])]));
    await expect(guardFile(inline)).rejects.toMatchObject({ code: 'IMPORT_CELL_TOO_LONG' });
  });

  it('counts a shared-string reference at the length of its string: no amplification past the row and file limits', async () => {
    const refs = (r: number, n: number) =>
      `<row r="${r}">${Array.from({ length: n }, (_, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="s"><v>1</v></c>`).join('')}</row>`;
    const sst = { count: 2, items: ['成果名称*', '长'.repeat(10000)] };
    const header = `<row r="1"><c r="A1" t="s"><v>0</v></c></row>`;
    const wide = await zip(workbookParts([header, refs(2, 11)], sst));
    expect(wide.length).toBeLessThan(4096);
    await expect(guardFile(wide)).rejects.toMatchObject({
      code: 'IMPORT_CELL_TOO_LONG',
      message: expect.stringContaining('第 2 行内容超过 100000 字'),
    });
    const many = await zip(workbookParts([header, ...Array.from({ length: 30 }, (_, i) => refs(i + 2, 5))], sst));
    await expect(guardFile(many, { ...IMPORT_LIMITS, fileChars: 1_000_000 })).rejects.toMatchObject({
      code: 'IMPORT_FILE_TOO_LARGE',
      status: 413,
    });
    await expect(guardFile(many)).resolves.toBeUndefined();
  });
});
