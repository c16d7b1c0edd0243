import iconv from 'iconv-lite';

import { naturalKey, normaliseTitle } from '../dedup/natural-key';
import { bigramVector, cosineOf, NearDuplicateIndex } from '../dedup/near-duplicates';
import { ImportFileError } from '../import.errors';
import { ACHIEVEMENT_COLUMNS, DEMAND_COLUMNS, normHeader, ParseContext } from '../parsing/columns';
import { readRows, sniffFormat } from '../parsing/file-reader';
import { RowMapper } from '../parsing/row-mapper';

const ctx: ParseContext = { chains: new Map([['新能源', 'c1']]), chainNames: ['新能源'] };
const parse = (columns: typeof ACHIEVEMENT_COLUMNS, field: string, text: string) =>
  columns.find((c) => c.field === field)!.parse(text, ctx);

async function rows(content: Buffer): Promise<string[][]> {
  const out: string[][] = [];
  for await (const r of readRows(content)) out.push(r.values.map((v) => (typeof v === 'string' ? v : `=${v.formula}`)));
  return out;
}

describe('import file reading', () => {
  it('tells xlsx, csv encodings and junk apart by their bytes', () => {
    expect(sniffFormat(Buffer.from('PK\x03\x04rest', 'latin1'))).toEqual({ format: 'xlsx' });
    expect(sniffFormat(Buffer.from('\uFEFF成果名称*,所属单位*'))).toEqual({ format: 'csv', encoding: 'utf-8' });
    expect(sniffFormat(iconv.encode('成果名称*,所属单位*\r\n谐波减速器,苏州大学', 'gbk'))).toEqual({
      format: 'csv',
      encoding: 'gb18030',
    });
    expect(sniffFormat(iconv.encode('\uFEFF成果名称', 'utf-16le'))).toEqual({ format: 'csv', encoding: 'utf-16le' });
    expect(() => sniffFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2]))).toThrow(/\.xls/);
    expect(() => sniffFormat(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]))).toThrow(ImportFileError);
    const junk = Buffer.from(Array.from({ length: 2000 }, (_, i) => 1 + ((i * 131) % 250)));
    expect(() => sniffFormat(junk)).toThrow(/编码无法识别/);
  });

  it('streams a GBK csv with quoted multi-line cells, counting rows as Excel shows them', async () => {
    const text = '成果名称*,成果简介*\r\n"谐波减速器","第一行\r\n第二行"\r\n激光清洗,=A1&B1\r\n';
    expect(await rows(iconv.encode(text, 'gbk'))).toEqual([
      ['成果名称*', '成果简介*'],
      ['谐波减速器', '第一行\r\n第二行'],
      ['激光清洗', '=A1&B1'],
    ]);
  });
});

describe('import cell parsing', () => {
  it('accepts Chinese labels, values, aliases and full-width input', () => {
    expect(parse(ACHIEVEMENT_COLUMNS, 'transferModes', '技术转让；许可、作价入股')).toEqual({
      value: ['transfer', 'licence', 'equity'],
    });
    expect(parse(ACHIEVEMENT_COLUMNS, 'ipType', '软著')).toEqual({ value: 'software_copyright' });
    expect(parse(ACHIEVEMENT_COLUMNS, 'stage', '中试阶段')).toEqual({ value: 'pilot' });
    expect(parse(ACHIEVEMENT_COLUMNS, 'trl', '６')).toEqual({ value: 6 });
    expect(parse(ACHIEVEMENT_COLUMNS, 'askingPrice', '1,200万')).toEqual({ value: 1200 });
    expect(parse(ACHIEVEMENT_COLUMNS, 'askingPrice', '面议')).toEqual({ value: null });
    expect(parse(ACHIEVEMENT_COLUMNS, 'industryChainIds', '新能源')).toEqual({ value: ['c1'] });
    expect(parse(ACHIEVEMENT_COLUMNS, 'industryChainIds', '元宇宙').error).toBe('产业链“元宇宙”不存在，可选：新能源');
    expect(parse(ACHIEVEMENT_COLUMNS, 'ipStatus', '待定').error).toMatch(/^“待定”不是可选值，可选：已受理、已授权/);
    expect(parse(DEMAND_COLUMNS, 'deadline', '2027年6月30日')).toEqual({ value: '2027-06-30' });
    expect(parse(DEMAND_COLUMNS, 'kind', '重大需求')).toEqual({ value: 'major' });
    expect(normHeader('技术成熟度TRL（1-9）')).toBe(normHeader('技术成熟度 trl'));
  });

  it('keys a record by patent number, else by organisation and normalised title', () => {
    expect(normaliseTitle('  Ｌｅｄ   驱动芯片 ')).toBe('led 驱动芯片');
    expect(naturalKey('org', 'x', ['zl 2023 1 0123456.7', 'CN2022'])).toBe('patent:CN2022');
    expect(naturalKey('org', 'ＬＥＤ 驱动芯片')).toBe(naturalKey('org', 'led  驱动芯片'));
  });

  it('finds a renamed copy and leaves distinct records of the same field apart', () => {
    const a = '提出双圆弧柔性齿形修形方法与柔轮残余应力控制工艺，样机回差小于 8 弧秒，完成 5000 小时寿命试验。';
    const b = '针对钙钛矿组件湿热稳定性差的问题，开发原子层沉积阻隔膜与边缘封装胶，湿热 1000 小时后效率保持 95%。';
    const index = new NearDuplicateIndex<string>();
    index.add('a', bigramVector(a));
    index.add('b', bigramVector(b));
    expect(index.best(bigramVector(`${a}可用于协作机器人关节。`))?.ref).toBe('a');
    expect(index.best(bigramVector('提出一种谐波减速器柔轮热处理工艺，提高疲劳寿命与齿面硬度。'))).toBeNull();
    expect(cosineOf(bigramVector(a), bigramVector(b))).toBeLessThan(0.2);
  });
});

describe('import row mapping', () => {
  it('reports every problem of a row at once, each column once', () => {
    const ctx: ParseContext = { chains: new Map(), chainNames: [] };
    const mapper = new RowMapper(
      'achievements',
      { rowNumber: 1, values: ['成果名称', '成果简介', '技术成熟度TRL'] },
      { organisationGiven: true },
    );
    const row = mapper.map({ rowNumber: 3, values: ['坏行示例', '太短', '十'] }, ctx);
    expect(row.reasons).toEqual([
      { column: '技术成熟度', reason: '必须是整数' },
      { column: '成果简介', reason: '长度不足（至少 20 字）' },
    ]);
  });
});
