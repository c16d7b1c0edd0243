import ExcelJS from 'exceljs';

import { neutraliseFormula, toCsv } from '../csv';
import { displayWidth, sheetNames, writeXlsx } from '../xlsx';

describe('toCsv', () => {
  it('writes UTF-8 with a BOM, CRLF and RFC 4180 quoting', () => {
    const csv = toCsv(
      [
        { header: '成果名称', key: 'title' },
        { header: '备注', key: 'note' },
      ],
      [{ title: '谐波减速器, 精密', note: '他说"可以"\n明天联系' }],
    );
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8').slice(1)).toBe('成果名称,备注\r\n"谐波减速器, 精密","他说""可以""\n明天联系"\r\n');
  });

  it('neutralises cells a spreadsheet would run as formulas, not negative numbers', () => {
    expect(neutraliseFormula('=HYPERLINK("http://x")')).toBe(`'=HYPERLINK("http://x")`);
    expect(neutraliseFormula('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(neutraliseFormula('-12.5')).toBe('-12.5');
    expect(neutraliseFormula('碳化硅')).toBe('碳化硅');
  });
});

describe('writeXlsx', () => {
  it('counts Chinese characters double when sizing columns', () => {
    expect(displayWidth('AGV 调度')).toBe(8);
  });

  it('makes sheet names legal and unique', () => {
    expect(sheetNames(['集成电路', '集成电路', 'a/b:c', ''])).toEqual(['集成电路', '集成电路-2', 'a b c', 'Sheet']);
  });

  it('writes a frozen bold header and the rows, strings staying strings', async () => {
    const buffer = await writeXlsx([
      {
        name: '新能源',
        title: '2026年度报表',
        columns: [
          { header: '序号', key: 'n' },
          { header: '名称', key: 'name' },
        ],
        rows: [
          { n: 1, name: '钙钛矿叠层电池' },
          { n: 2, name: '=1+1' },
        ],
      },
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('新能源')!;
    expect(sheet.getCell('A1').value).toBe('2026年度报表');
    expect(sheet.getRow(2).values).toEqual([undefined, '序号', '名称']);
    expect(sheet.getRow(2).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(sheet.getCell('B4').value).toBe('=1+1');
    expect(sheet.getColumn(2).width).toBeGreaterThanOrEqual(displayWidth('钙钛矿叠层电池'));
  });

  it('sets up printing on request: landscape A4, one page wide, header rows repeated', async () => {
    const columns = [{ header: '需求名称', key: 'name' }];
    const buffer = await writeXlsx([
      { name: '打印', title: '对接清单', columns, rows: [{ name: '谐波减速器' }], print: { landscape: true } },
      { name: '默认', columns, rows: [] },
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(book.getWorksheet('打印')!.pageSetup).toMatchObject({
      orientation: 'landscape',
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:2',
    });
    expect(book.getWorksheet('默认')!.pageSetup.orientation).toBe('portrait');
    expect(book.getWorksheet('默认')!.pageSetup.fitToPage).toBeFalsy();
  });

  it('grows rows to show wrapped long text, leaves one-line rows alone', async () => {
    const buffer = await writeXlsx([
      {
        name: '清单',
        columns: [
          { header: '序号', key: 'n', width: 6 },
          { header: '匹配理由', key: 'reason', width: 21 },
        ],
        rows: [
          { n: 1, reason: '文本相关度 100%，共同关键词：谐波减速器、寿命、回差；同属产业链：智能制造与机器人' },
          { n: 2, reason: '短' },
        ],
      },
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('清单')!;
    expect(sheet.getRow(2).height).toBe(15 * Math.ceil(displayWidth(String(sheet.getCell('B2').value)) / 20));
    expect(sheet.getRow(3).height).toBeUndefined();
  });
});
