import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';

import { createManager } from '../factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from '../utils/app';
import { accessibilityProblems, Browser, buildConsoleOnce, launchBrowser, listen, submitSignIn } from './harness';

const UNIVERSITY = '苏州大学';

/** Five real achievements of a university's 成果征集 sheet, and two rows with mistakes. */
const GOOD = [
  [
    '超薄因瓦合金精细金属掩模版电铸成型技术',
    '采用脉冲反向电铸与应力补偿工艺制备 20 μm 以下因瓦合金精细金属掩模版，开孔位置精度 ±1.5 μm，热膨胀系数与玻璃基板匹配，可用于 OLED 蒸镀。',
    '精细金属掩模版；电铸；因瓦合金；OLED',
    6,
    'CN202310456789.1',
  ],
  [
    '医用导管亲水润滑涂层及紫外光固化工艺',
    '以聚乙烯吡咯烷酮与光交联剂构建亲水润滑涂层，摩擦系数降至 0.02，经 50 次往复摩擦后保持率大于 90%，紫外光固化 60 秒完成，适用于导尿管、导丝等介入器械。',
    '亲水涂层；医用导管；紫外光固化；润滑',
    7,
    'CN202210987654.3',
  ],
  [
    '锂电隔膜用改性勃姆石水性陶瓷涂覆浆料',
    '通过表面硅烷改性提高勃姆石在水性体系中的分散稳定性，涂覆隔膜 150 ℃ 热收缩率小于 2%，剥离强度提升 40%，已在两条涂布产线完成试用。',
    '勃姆石；陶瓷涂覆；锂电隔膜；水性浆料',
    7,
    'CN202111223344.5',
  ],
  [
    '丝素蛋白可吸收止血海绵',
    '以蚕丝丝素蛋白为原料经冷冻干燥制备多孔止血海绵，吸液倍率 30 倍，体内 4 周完全降解，动物实验止血时间较明胶海绵缩短 35%。',
    '丝素蛋白；止血材料；可吸收；生物材料',
    5,
    'CN202010556677.8',
  ],
  [
    '超临界二氧化碳纺织品无水染色技术',
    '以超临界二氧化碳为介质对涤纶织物进行无水染色，染色时间 60 分钟，上染率 95% 以上，无废水排放，二氧化碳回收率 90%，已建成中试装置。',
    '超临界二氧化碳；无水染色；绿色印染；涤纶',
    6,
    'CN201910778899.0',
  ],
];

async function importFile(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('成果');
  sheet.addRow(['成果名称*', '所属单位*', '成果简介*', '关键词(用；分隔)', '技术成熟度TRL(1-9)', '专利号(用；分隔)']);
  for (const [title, abstract, keywords, trl, patent] of GOOD) {
    sheet.addRow([title, UNIVERSITY, abstract, keywords, trl, patent]);
  }
  // row 7: no abstract; row 8: a TRL out of range and a patent number that is no patent number
  sheet.addRow(['柔性可穿戴单导联心电监测贴', UNIVERSITY, '', '可穿戴；心电监测', 5, 'CN202410112233.4']);
  sheet.addRow([
    '钙钛矿/晶硅叠层太阳电池界面钝化技术',
    UNIVERSITY,
    '采用双功能分子对钙钛矿上表面进行钝化，叠层电池效率 29.8%，1000 小时湿热老化后保持初始效率的 95%。',
    '钙钛矿；叠层电池；界面钝化',
    12,
    '专利申请中',
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * The university's workspace through a real browser (Debian's Chromium) against the real API, PostgreSQL, Redis
 * and Meilisearch: import a 成果征集 sheet with two bad rows, commit, re-import it unchanged, edit and submit a
 * draft, open 一校一档 and download it. The accounts are made by API calls in the setup; the university user only
 * opens pages, types, clicks and drops files.
 */
describe('university workspace (browser)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let file: Buffer;
  const email = 'liu.xiaowen@suda.edu.cn';
  const password = 'Campus2026';
  const shots = process.env.SCREENSHOT_DIR;

  beforeAll(async () => {
    buildConsoleOnce();
    t = await createTestApp();
    const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    const manager = await createManager(t.http, admin, 'chen.manager@example.com');
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({
        kind: 'university',
        name: UNIVERSITY,
        district: '独墅湖科教创新区',
        intro: '江苏省属重点综合性大学，在纳米科技、纺织材料与医用材料等领域开展产学研合作。',
      })
      .expect(201);
    await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({
        email,
        password,
        name: '刘晓雯',
        role: 'university',
        organisationId: uni.body.id,
        temporaryPassword: false,
      })
      .expect(201);
    file = await importFile();
    base = await listen(t.app);
    browser = await launchBrowser();
    page = await browser.context.newPage();
  }, 240000);

  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await t?.close();
  });

  async function expectAccessible(): Promise<void> {
    expect(await accessibilityProblems(page)).toEqual([]);
  }

  async function shot(name: string): Promise<void> {
    if (!shots) return;
    mkdirSync(resolve(shots), { recursive: true });
    await page.screenshot({ path: join(resolve(shots), `${name}.png`), fullPage: true });
  }

  const menu = () => page.getByRole('navigation', { name: '工作台菜单', exact: true });

  /** The row of the preview table for a line of the file. */
  const row = (rowNumber: number) =>
    page.locator('tr.import-row', { has: page.locator('td', { hasText: new RegExp(`^${rowNumber}$`) }) });

  async function dropFile(): Promise<void> {
    await page.locator('.ant-upload input[type=file]').setInputFiles({
      name: '2026年苏州大学成果征集.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: file,
    });
  }

  it('高校用户登录后看到本单位的菜单，下载导入模板', async () => {
    await page.goto(base + '/login');
    await submitSignIn(page, { email, password });
    await menu().waitFor();
    expect((await menu().getByRole('menuitem').allInnerTexts()).map((s) => s.trim())).toEqual([
      '工作台',
      '我的成果',
      '我的揭榜',
      '揭榜邀请',
      '批量导入',
      '一校一档',
      '服务记录',
      '通知中心',
      '账号设置',
    ]);
    await menu().getByRole('link', { name: '批量导入' }).click();
    await page.getByRole('heading', { level: 1, name: '批量导入' }).waitFor();
    await expectAccessible();
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '下载科技成果导入模板（xlsx）' }).click(),
    ]);
    expect(template.suggestedFilename()).toMatch(/成果导入模板\.xlsx$/);
  });

  it('上传 5 行正确、2 行有误的文件：校验后每行的问题显示在行旁，确认导入后看到结果与错误报告', async () => {
    await dropFile();
    await page.getByRole('heading', { name: '校验结果' }).waitFor({ timeout: 120000 });
    const counts = page.getByRole('list', { name: '校验结果统计' });
    await counts.getByText('新增 5 行').waitFor();
    await counts.getByText('有误 2 行').waitFor();
    // every problem of a bad row, beside it
    await expect(row(7).innerText()).resolves.toContain('成果简介');
    await expect(row(7).innerText()).resolves.toContain('有误');
    const eight = await row(8).innerText();
    expect(eight).toContain('技术成熟度');
    expect(eight).toContain('专利号');
    for (const n of [2, 3, 4, 5, 6]) await expect(row(n).innerText()).resolves.toContain('新增');
    await expectAccessible();
    await shot('university-import-preview');

    await page.getByRole('button', { name: /确认导入（新增 5 行，更新 0 行）/ }).click();
    await page.getByRole('heading', { name: '导入结果' }).waitFor({ timeout: 120000 });
    await expect(page.locator('.outcome-新增 dd').innerText()).resolves.toContain('5');
    await expect(page.locator('.outcome-失败 dd').innerText()).resolves.toContain('2');
    await expectAccessible();
    await shot('university-import-outcome');
    const [report] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /下载错误报告/ }).click(),
    ]);
    expect(report.suggestedFilename()).toMatch(/导入结果\.xlsx$/);
    const reportBook = new ExcelJS.Workbook();
    await reportBook.xlsx.readFile((await report.path())!);
    const reportText = JSON.stringify(reportBook.worksheets[0].getSheetValues());
    expect(reportText).toContain('柔性可穿戴单导联心电监测贴');
    expect(reportText).toContain('钙钛矿/晶硅叠层太阳电池界面钝化技术');
  });

  it('再次导入同一文件：已导入的每一行都显示“无变化”', async () => {
    await page.getByRole('button', { name: '导入新文件' }).click();
    await dropFile();
    await page.getByRole('heading', { name: '校验结果' }).waitFor({ timeout: 120000 });
    const counts = page.getByRole('list', { name: '校验结果统计' });
    await counts.getByText('无变化 5 行').waitFor();
    await counts.getByText('新增 0 行').waitFor();
    await counts.getByText('更新 0 行').waitFor();
    for (const n of [2, 3, 4, 5, 6]) await expect(row(n).innerText()).resolves.toContain('无变化');
    await page.getByRole('button', { name: /确认导入（新增 0 行，更新 0 行）/ }).click();
    await page.getByRole('heading', { name: '导入结果' }).waitFor({ timeout: 120000 });
    await expect(page.locator('.outcome-无变化 dd').innerText()).resolves.toContain('5');
    await expect(page.locator('.outcome-新增 dd').innerText()).resolves.toContain('0');
  });

  it('疑似重复的行标出相似的已有记录，逐行选择导入或跳过', async () => {
    const [title, abstract, keywords] = GOOD[0] as string[];
    const csv =
      '\uFEFF成果名称*,成果简介*,关键词(用；分隔)\n' +
      // the body of row 2 of the first file under another title: a near-duplicate of that record
      `OLED 蒸镀用高精度金属掩模版制备方法,${abstract},${keywords}\n` +
      '纳米纤维素增强可降解包装膜,以竹浆纳米纤维素增强聚乳酸薄膜，拉伸强度提高 45%，氧气透过率降低 60%，堆肥条件下 90 天降解率 90%。,纳米纤维素；可降解包装；聚乳酸\n';
    await page.getByRole('button', { name: '导入新文件' }).click();
    await page.locator('.ant-upload input[type=file]').setInputFiles({
      name: '补充成果.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    await page.getByRole('heading', { name: '校验结果' }).waitFor({ timeout: 120000 });
    const counts = page.getByRole('list', { name: '校验结果统计' });
    await counts.getByText('疑似重复 1 行').waitFor();
    await counts.getByText('新增 1 行').waitFor();
    const suspect = row(2);
    await expect(suspect.innerText()).resolves.toContain('疑似重复');
    const similar = await suspect.getByRole('link', { name: '查看相似的已有记录' }).getAttribute('href');
    expect(similar).toMatch(/^\/workspace\/my-achievements\?edit=[0-9a-f-]{36}$/);
    // skipped unless chosen
    await page.getByRole('button', { name: /确认导入（新增 1 行，更新 0 行）/ }).waitFor();
    await suspect.getByText('导入', { exact: true }).click();
    expect(await suspect.getByRole('radio', { name: '导入' }).isChecked()).toBe(true);
    await expectAccessible();
    await shot('university-import-duplicates');
    await page.getByRole('button', { name: /确认导入（新增 2 行，更新 0 行）/ }).click();
    await page.getByRole('heading', { name: '导入结果' }).waitFor({ timeout: 120000 });
    await expect(page.locator('.outcome-新增 dd').innerText()).resolves.toContain('2');
    await expect(row(2).innerText()).resolves.toContain('已写入');
    // the similar record opens in 我的成果 (the link's target), for comparison
    await page.goto(base + similar!);
    await page.getByRole('dialog').getByText(`编辑成果：${title}`).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
  });

  it('在“我的成果”中修改导入的草稿并提交审核', async () => {
    await menu().getByRole('link', { name: '我的成果' }).click();
    await page.getByRole('heading', { level: 1, name: '我的成果' }).waitFor();
    const title = GOOD[3][0] as string;
    await page.getByRole('button', { name: `编辑 ${title}` }).waitFor();
    await expectAccessible();
    await shot('university-my-achievements');
    await page.getByRole('button', { name: `编辑 ${title}` }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('意向价格（万元）').fill('85');
    await drawer.getByLabel('应用场景').fill('外科手术创面止血、口腔拔牙创面填充、战创伤急救');
    await expectAccessible();
    await drawer.getByRole('button', { name: '保存' }).click();
    await page.getByText('修改已保存').waitFor();
    await drawer.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: `提交审核 ${title}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: '提交审核' }).click();
    await page.getByText('已提交审核，技术经理人审核后发布').waitFor();
    const line = page.getByRole('row', { name: new RegExp(title) });
    await line.getByText('已提交待审核').waitFor();
    await line.getByRole('button', { name: `撤回提交 ${title}` }).waitFor();
  });

  it('打开一校一档，生成并下载本单位档案', async () => {
    await menu().getByRole('link', { name: '一校一档' }).click();
    await page.getByRole('heading', { level: 1, name: `一校一档：${UNIVERSITY}` }).waitFor();
    await page.getByRole('tab', { name: '科技成果（7）' }).waitFor();
    await page.getByRole('tab', { name: /精准匹配/ }).click();
    await page.getByText('还没有成果进入精准匹配').waitFor();
    await page.getByRole('tab', { name: '近期动态' }).click();
    await page.getByText(/提交成果审核：丝素蛋白可吸收止血海绵/).waitFor();
    await expectAccessible();
    await page.getByRole('tab', { name: '科技成果（7）' }).click();
    await shot('university-institution-profile');
    await page.getByRole('button', { name: '生成一校一档文件' }).click();
    const link = page.getByRole('link', { name: '下载一校一档（xlsx）' });
    await link.waitFor({ timeout: 120000 });
    await shot('university-institution-profile-ready');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^一校一档-苏州大学-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(
      expect.arrayContaining(['单位概况', '科技成果', '精准匹配', '签约', '产学研活动']),
    );
    expect(workbook.getWorksheet('科技成果')!.rowCount).toBe(1 + 7);
    await expectAccessible();
  });
});
