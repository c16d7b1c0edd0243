import { hostileXlsx } from '@app/files';
import { DataSource } from 'typeorm';

import { ACHIEVEMENT_HEADERS } from './factories/import.factory';
import { createManager } from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

const { repeat, workbookParts, xmlRow, zip } = hostileXlsx;

/** Generous: a refused file must not make the API hold anything like its inflated size (100 MB–1 GB here). */
const RSS_BOUND_MB = 100;
const MB = 1024 * 1024;

/** Peak growth of this process's RSS (the API runs in it) while `work` runs, sampled every 5 ms. */
async function peakRssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growthMb: number; ms: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const started = Date.now();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growthMb: (peak - before) / MB, ms: Date.now() - started };
  } finally {
    clearInterval(timer);
  }
}

const dataRow = (r: number) =>
  xmlRow(r, [
    `基于飞秒激光微加工的谐波减速器关键技术（${r}型）`,
    '苏州大学',
    '面向昆山开发区智能制造企业对谐波减速器的迫切需求，课题组采用飞秒激光微加工与拓扑优化设计相结合的技术路线。',
  ]);

describe('upload limits: hostile import files are refused while streaming (e2e, real services)', () => {
  let t: TestApp;
  let university: string;
  let manager: string;
  let db: DataSource;
  const stored = async () =>
    (
      await db.query(
        `SELECT (SELECT count(*)::int FROM import_batches) AS batches, (SELECT count(*)::int FROM stored_files) AS files,
                (SELECT count(*)::int FROM import_rows) AS rows, (SELECT count(*)::int FROM achievements) AS achievements`,
      )
    )[0] as Record<string, number>;
  const figures: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin);
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '苏州大学', district: '独墅湖科教创新区' })
      .expect(201);
    await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({
        email: 'kjc@suda.example.edu.cn',
        password: 'Suda2026kjc',
        name: '科技处王老师',
        role: 'university',
        organisationId: uni.body.id,
        temporaryPassword: false,
      })
      .expect(201);
    university = await login(t.http, 'kjc@suda.example.edu.cn', 'Suda2026kjc');
  }, 120000);

  afterAll(async () => {
    if (figures.length) console.log(`upload peak RSS growth per hostile file:\n${figures.join('\n')}`);
    await t?.close();
  });

  const upload = (file: Buffer, filename: string, as = university) =>
    t.http.post('/imports').set('Authorization', as).field('kind', 'achievements').attach('file', file, filename);

  /** Uploads, expects the refusal, checks nothing was stored and the memory stayed bounded. */
  async function refused(label: string, file: Buffer, status: number, code: string, message: string) {
    const before = await stored();
    const { result: res, growthMb, ms } = await peakRssGrowth(() => upload(file, `${label}.xlsx`));
    figures.push(`  ${label} (${(file.length / 1024).toFixed(0)} KB): +${growthMb.toFixed(0)} MB in ${ms} ms`);
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.body.message).toContain(message);
    expect(await stored()).toEqual(before);
    expect(growthMb).toBeLessThan(RSS_BOUND_MB);
  }

  it('refuses a small xlsx holding a 100 MB shared string with 413, without inflating it', async () => {
    const file = await zip(
      workbookParts([xmlRow(1, ACHIEVEMENT_HEADERS)], {
        count: 1,
        items: repeat('a', 100 * MB),
      }),
    );
    expect(file.length).toBeLessThan(MB);
    await refused('100 MB shared string', file, 413, 'IMPORT_FILE_TOO_LARGE', 'xl/sharedStrings.xml');
  }, 120000);

  it('keeps four such uploads at once bounded (they queue for the two parse slots)', async () => {
    const file = await zip(workbookParts([xmlRow(1, ACHIEVEMENT_HEADERS)], { count: 1, items: repeat('a', 100 * MB) }));
    const before = await stored();
    const { result, growthMb } = await peakRssGrowth(() =>
      Promise.all([1, 2, 3, 4].map((i) => upload(file, `并发${i}.xlsx`))),
    );
    figures.push(`  4 × 100 MB shared string at once: +${growthMb.toFixed(0)} MB`);
    expect(result.map((r) => r.body.code)).toEqual(Array(4).fill('IMPORT_FILE_TOO_LARGE'));
    expect(await stored()).toEqual(before);
    expect(growthMb).toBeLessThan(RSS_BOUND_MB);
  }, 120000);

  it('refuses a sheet whose size the zip headers understate (inflation stops at the declared size)', async () => {
    const file = await zip(
      workbookParts([xmlRow(1, ACHIEVEMENT_HEADERS), ...repeat('<row/>', 17 * MB)], undefined, 1024),
    );
    await refused('understated sheet size', file, 400, 'IMPORT_FILE_INVALID', '无法读取 xlsx 文件');
  }, 120000);

  it('refuses a header cell over 10 000 characters with 400 IMPORT_CELL_TOO_LONG', async () => {
    const file = await zip(
      workbookParts([`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`], {
        count: 1,
        items: ['超长单元格'.repeat(2001)],
      }),
    );
    await refused('10 005-character cell', file, 400, 'IMPORT_CELL_TOO_LONG', '单元格内容超过 10000 字');
  }, 120000);

  it('refuses 3 million blank rows before the header at row 21, without reading them', async () => {
    const rows = function* () {
      for (let r = 1; r <= 3_000_000; r++) yield `<row r="${r}" spans="1:14" ht="15"/>`;
      yield xmlRow(3_000_001, ACHIEVEMENT_HEADERS);
      yield dataRow(3_000_002);
    };
    const file = await zip(workbookParts(rows()));
    await refused('3 M blank rows before the header', file, 400, 'IMPORT_HEADER_NOT_FOUND', '前 20 行');
  }, 180000);

  it('refuses a zip bomb (200 MB of XML in a few hundred KB) from the zip directory', async () => {
    const file = await zip(workbookParts([xmlRow(1, ACHIEVEMENT_HEADERS), ...repeat('<row/>', 33 * MB)]));
    await refused('zip bomb', file, 413, 'IMPORT_FILE_TOO_LARGE', '压缩比');
  }, 180000);

  it('refuses the 50 001-row file in the preview job at row 50 001, before validating a row', async () => {
    const rows = function* () {
      yield xmlRow(1, ACHIEVEMENT_HEADERS);
      for (let r = 2; r <= 50_002; r++) yield dataRow(r);
    };
    const file = await zip(workbookParts(rows()));
    const before = await stored();
    const {
      result: batch,
      growthMb,
      ms,
    } = await peakRssGrowth(async () => {
      const res = await upload(file, '五万零一行.xlsx', manager).expect(202);
      const deadline = Date.now() + 120000;
      for (;;) {
        const b = await t.http.get(`/imports/${res.body.id}`).set('Authorization', manager).expect(200);
        if (b.body.status === 'failed' || b.body.status === 'previewed') return b.body;
        if (Date.now() > deadline) throw new Error(`batch stuck in ${b.body.status}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    });
    figures.push(
      `  50 001 data rows (${(file.length / 1024).toFixed(0)} KB): +${growthMb.toFixed(0)} MB, refused after ${ms} ms`,
    );
    expect(batch).toMatchObject({ status: 'failed', counts: { total: 0 } });
    expect(batch.error).toContain('文件超过 50000 行数据（第 50002 行已超出）');
    const after = await stored();
    expect({ rows: after.rows, achievements: after.achievements }).toEqual({
      rows: before.rows,
      achievements: before.achievements,
    });
    expect(growthMb).toBeLessThan(RSS_BOUND_MB);
  }, 180000);

  it('caps every upload at 20 MB with 413, imports and evidence files alike, storing nothing', async () => {
    const big = Buffer.alloc(21 * MB, 0x41);
    const before = await stored();
    const imp = await upload(big, '超大文件.csv').expect(413);
    expect(imp.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('20 MB') });
    const report = await t.http
      .post('/indicators/key_labs/reports')
      .set('Authorization', manager)
      .send({ year: 2026, value: 1, asOf: '2026-09-30', evidence: '省科技厅认定文件（苏科技〔2026〕88号）' })
      .expect(201);
    const ev = await t.http
      .post(`/indicator-reports/${report.body.id}/evidence`)
      .set('Authorization', manager)
      .attach('file', big, '认定文件扫描件.pdf')
      .expect(413);
    expect(ev.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('20 MB') });
    expect(await stored()).toEqual(before);

    // the stored type comes from the bytes, not from the client's claim
    const served = async (content: Buffer, name: string, claimed: string) => {
      const res = await t.http
        .post(`/indicator-reports/${report.body.id}/evidence`)
        .set('Authorization', manager)
        .attach('file', content, { filename: name, contentType: claimed })
        .expect(200);
      const file = await t.http.get(res.body.evidenceUrl).set('Authorization', manager).expect(200);
      return file.headers['content-type'];
    };
    expect(await served(Buffer.from('<script>alert(1)</script>'), '认定文件.html', 'text/html')).toBe(
      'application/octet-stream',
    );
    expect(await served(Buffer.from('%PDF-1.4 认定文件扫描件'), '认定文件.pdf', 'text/html')).toContain(
      'application/pdf',
    );
  }, 120000);
  it('refuses NUL characters in multipart text fields and control characters in file names', async () => {
    const csv = Buffer.from(`${ACHIEVEMENT_HEADERS.join(',')}\n`);
    const before = await stored();
    const field = await t.http
      .post('/imports')
      .set('Authorization', university)
      .field('kind', 'achievements')
      .field('organisationId', '00000000-0000-0000-0000-\u0000')
      .attach('file', csv, '成果.csv')
      .expect(400);
    expect(field.body).toMatchObject({ code: 'INVALID_TEXT', details: [{ field: 'organisationId' }] });
    expect(await stored()).toEqual(before);

    // control characters in a part header make the multipart body malformed: refused, nothing stored
    await upload(csv, '苏州大学\u0000成果清单.csv').expect(400);
    await upload(csv, '苏州大学\u0007成果清单.csv').expect(400);
    expect(await stored()).toEqual(before);
  });
});
