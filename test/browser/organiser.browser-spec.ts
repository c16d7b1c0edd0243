import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

import ExcelJS from 'exceljs';
import type { Download, Page } from 'playwright-core';

import {
  chainIds,
  createManager,
  publishAchievement,
  publishDemand,
  registerEnterprise,
} from '../factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from '../utils/app';
import {
  accessibilityProblems,
  Browser,
  buildConsoleOnce,
  launchBrowser,
  listen,
  pagePerTest,
  signInAs,
} from './harness';

const ORGANISER = { email: 'huodong@example.com', password: 'Organizer2026' };
const MANAGER = { email: 'jingli@example.com', password: 'Manager2026' };

const DEMAND_1 = '协作机器人关节用高精度谐波减速器国产化';
const ACHIEVEMENT_1 = '基于双圆弧齿形修形的高精度谐波减速器';
const DEMAND_2 = '协作机器人手爪柔性触觉传感器开发';
const ACHIEVEMENT_2 = '柔性薄膜压力传感阵列及其制备方法';

/**
 * The text a PDF shows, as far as a test needs it: every stream is inflated, the fonts' ToUnicode maps (pdfkit
 * writes `<from> <to> [<unicode> …]` ranges) decode the hex strings of the text operators. Each font has its own
 * glyph numbering, so the page text is decoded once per map; a string reads correctly under its own font's map.
 */
function pdfTexts(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const streams: string[] = [];
  const re = /(?<!end)stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    try {
      streams.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      streams.push(raw.slice(start, end));
    }
    re.lastIndex = end + 'endstream'.length;
  }
  const maps = streams
    .filter((s) => s.includes('beginbfrange'))
    .map((cmap) => {
      const map = new Map<number, string>();
      for (const r of cmap.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*\[([^\]]*)\]/g)) {
        const from = parseInt(r[1], 16);
        [...r[3].matchAll(/<([0-9a-fA-F]+)>/g)].forEach((u, i) => {
          const hex = u[1];
          let text = '';
          for (let k = 0; k < hex.length; k += 4) text += String.fromCharCode(parseInt(hex.slice(k, k + 4), 16));
          map.set(from + i, text);
        });
      }
      return map;
    });
  const content = streams.filter((s) => /\bTJ\b|\bTj\b/.test(s)).join('\n');
  const hexes = [...content.matchAll(/<([0-9a-fA-F]+)>/g)].map((h) => h[1]);
  return maps.map((map) =>
    hexes
      .map((hex) => {
        let text = '';
        for (let k = 0; k < hex.length; k += 4) text += map.get(parseInt(hex.slice(k, k + 4), 16)) ?? '\uFFFD';
        return text;
      })
      .join(''),
  );
}

/**
 * The organiser's workspace through a real browser (Debian's Chromium) against the real API and services. The
 * catalogue (published demands and achievements, organisations) is set up through the API; the organiser and the
 * technology manager only click.
 */
describe('organiser workspace (browser)', () => {
  jest.setTimeout(240000);

  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let manager: string;
  let organiser: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    buildConsoleOnce();
    t = await createTestApp();
    const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin, MANAGER.email);
    await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({ ...ORGANISER, name: '顾文清', role: 'organizer', temporaryPassword: false })
      .expect(201);
    organiser = await login(t.http, ORGANISER.email, ORGANISER.password);
    const chains = await chainIds(t.http);
    ids.chain = chains[4];
    ids.university = (
      await t.http
        .post('/organisations')
        .set('Authorization', manager)
        .send({ kind: 'university', name: '江南精密工程大学', district: '周市镇' })
        .expect(201)
    ).body.id;
    ids.reducer = (await publishAchievement(t.http, manager, ids.university, [chains[4]])).id;
    ids.sensor = (
      await publishAchievement(t.http, manager, ids.university, [chains[4]], {
        title: ACHIEVEMENT_2,
        abstract:
          '以银纳米线与聚二甲基硅氧烷复合制备柔性压力传感阵列，灵敏度高、迟滞小，可贴附于机器人手爪实现触觉感知，已完成小批量试制。',
        keywords: ['柔性传感器', '触觉感知', '银纳米线'],
        patentNumbers: ['ZL 2022 1 0765432.1'],
      })
    ).id;
    const ent = await registerEnterprise(t.http, '昆山精毅精密机械有限公司');
    const ent2 = await registerEnterprise(t.http, '昆山睿感智能装备有限公司');
    ids.ent = ent.organisationId;
    ids.ent2 = ent2.organisationId;
    ids.demand = (await publishDemand(t.http, ent.auth, manager, [chains[4]])).id;
    ids.demand2 = (
      await publishDemand(t.http, ent2.auth, manager, [chains[4]], {
        title: DEMAND_2,
        description:
          '我司生产协作机器人末端执行器，希望在手爪表面集成柔性触觉传感阵列，实现抓取力闭环控制，要求响应时间小于 10 毫秒、可弯折十万次以上。',
        keywords: ['触觉传感器', '柔性电子', '机器人手爪'],
      })
    ).id;
    await t.settle({ timeoutMs: 180000 });
    base = await listen(t.app);
    browser = await launchBrowser({ width: 1366, height: 900 });
  }, 300000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  pagePerTest(
    () => browser,
    (p) => (page = p),
  );

  async function expectAccessible(): Promise<void> {
    expect(await accessibilityProblems(page)).toEqual([]);
  }

  async function pick(label: string, search: string, option: string, scope = page.getByRole('dialog')) {
    await scope.getByLabel(label, { exact: true }).fill(search);
    await page.locator('.ant-select-item-option', { hasText: option }).click();
  }

  /** Starts an export in the page, waits for the progress dialog to offer the file, downloads it. */
  async function exportFile(button: string): Promise<Buffer> {
    await page.getByRole('button', { name: button }).click();
    const dialog = page.getByRole('dialog', { name: button });
    await dialog.getByRole('progressbar').waitFor();
    const link = dialog.getByRole('link', { name: '下载文件' });
    await link.waitFor({ timeout: 60000 });
    const [download]: [Download, unknown] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = readFileSync((await download.path())!);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    return file;
  }

  it('组织方创建活动、从推荐生成对接清单并锁定，下载对接手册（PDF），举办后记录“有合作意向”；技术经理人一键确认精准匹配', async () => {
    // 活动: the list, then a new activity with chain, place and participants
    await signInAs(page, ORGANISER, base + '/workspace/activities');
    await page.getByRole('heading', { level: 1, name: '对接活动' }).waitFor();
    await page.getByText('暂无活动').waitFor();
    await expectAccessible();
    await page.getByRole('button', { name: '新建活动' }).click();
    const form = page.getByRole('dialog', { name: '新建活动' });
    await form.getByLabel('活动名称').fill('2026 智能装备项目路演（第三期）');
    await form.getByLabel('活动地点').fill('昆山市科技创新服务中心三楼报告厅');
    await form.getByLabel('所在区镇（选填）').fill('玉山镇');
    await form.getByLabel('产业链').click();
    const chainName = (await t.http.get('/industry-chains').expect(200)).body.find(
      (c: { id: string }) => c.id === ids.chain,
    ).name as string;
    await page.locator('.ant-select-item-option', { hasText: chainName }).first().click();
    await pick('参与机构', '精毅', '昆山精毅精密机械有限公司', form);
    await pick('参与机构', '睿感', '昆山睿感智能装备有限公司', form);
    await pick('参与机构', '江南精密', '江南精密工程大学', form);
    await form.getByLabel('活动名称').click();
    await expectAccessible();
    await form.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/workspace\/activities\/[0-9a-f-]{36}/);
    ids.activity = page.url().split('/workspace/activities/')[1].split('?')[0];
    await page.getByRole('heading', { level: 1, name: '2026 智能装备项目路演（第三期）' }).waitFor();
    const created = (await t.http.get(`/activities/${ids.activity}`).set('Authorization', organiser).expect(200)).body;
    expect(created).toMatchObject({ kind: 'roadshow', status: 'planned', district: '玉山镇' });
    expect(created.participants.map((p: { organisationId: string }) => p.organisationId).sort()).toEqual(
      [ids.ent, ids.ent2, ids.university].sort(),
    );

    // 对接清单: proposals from the engine with score and reasons; add two, move, note, lock
    const proposals = page.getByRole('region', { name: '推荐配对' });
    const add1Name = `加入清单 ${DEMAND_1} × ${ACHIEVEMENT_1}`;
    const add1 = proposals.getByRole('button', { name: add1Name });
    await add1.waitFor();
    const firstRow = proposals.locator('tr', { has: page.getByRole('button', { name: add1Name }) });
    await expect(firstRow.innerText()).resolves.toMatch(/\d+%/);
    await expectAccessible();
    await add1.click();
    await page.getByText('已加入对接清单').first().waitFor();
    await proposals.getByRole('button', { name: `加入清单 ${DEMAND_2} × ${ACHIEVEMENT_2}` }).click();
    const list = page.getByRole('region', { name: '对接清单' });
    await list.getByRole('heading', { name: '对接清单（2 对）' }).waitFor();
    await list.getByRole('button', { name: '下移 第 1 对' }).click();
    await page.getByText('顺序已调整').first().waitFor();
    await list.getByRole('button', { name: '备注 第 1 对' }).click();
    await page.getByLabel('备注（印在对接手册上）').fill('企业点名要见团队，安排第一个上台');
    await page.getByRole('dialog', { name: '第 1 对的备注' }).getByRole('button', { name: '保存' }).click();
    await list.getByText('企业点名要见团队，安排第一个上台').waitFor();
    const rows = list.locator('.ant-table-tbody tr.ant-table-row');
    await expect(rows.nth(0).innerText()).resolves.toContain(DEMAND_2);
    await expect(rows.nth(1).innerText()).resolves.toContain(DEMAND_1);
    await page.getByRole('button', { name: '锁定清单' }).click();
    await page.getByRole('button', { name: '解锁清单' }).waitFor();
    await expect(list.getByRole('button', { name: '移出 第 1 对' }).count()).resolves.toBe(0);
    await expectAccessible();
    const locked = (
      await t.http.get(`/activities/${ids.activity}/match-items`).set('Authorization', organiser).expect(200)
    ).body;
    expect(locked).toMatchObject({ locked: true });
    expect(locked.items.map((i: { demand: { id: string } }) => i.demand.id)).toEqual([ids.demand2, ids.demand]);

    // the handout: a PDF with both pairs, no pipeline stage; the xlsx has the two pairs in order
    const pdf = await exportFile('下载对接手册（PDF）');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const texts = pdfTexts(pdf).join('\n');
    for (const title of [DEMAND_1, ACHIEVEMENT_1, DEMAND_2, ACHIEVEMENT_2, '企业点名要见团队，安排第一个上台']) {
      expect(texts).toContain(title);
    }
    // one block per pair
    expect(texts.match(/匹配度：/g)).toHaveLength(2);
    for (const internal of ['系统推荐', '精准匹配', '状态：', '预算']) expect(texts).not.toContain(internal);
    const xlsx = await exportFile('导出 Excel');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheetRows = (wb.worksheets[0].getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(sheetRows.slice(2).map((r) => [r[0], r[1], r[3]])).toEqual([
      [1, DEMAND_2, ACHIEVEMENT_2],
      [2, DEMAND_1, ACHIEVEMENT_1],
    ]);

    // 确认举办 before the scheduled date asks first; then 会后跟进 for each pair
    await page.getByRole('button', { name: '确认举办' }).click();
    const hold = page.getByRole('dialog', { name: '确认举办' });
    await hold.getByLabel('参会人数').fill('86');
    await expectAccessible();
    await hold.getByRole('button', { name: '确认举办' }).click();
    const warning = page.getByRole('dialog', { name: '活动尚未到计划日期' });
    await warning.getByText(/早于计划日期/).waitFor();
    await warning.getByRole('button', { name: '仍然确认举办' }).click();
    await page.getByText('已确认举办，生成 2 项会后跟进').waitFor();
    await page.getByRole('tab', { name: /会后跟进/ }).click();
    const recordButton = page.getByRole('button', { name: `记录跟进 ${DEMAND_2}` });
    await recordButton.waitFor();
    await expectAccessible();
    await recordButton.click();
    const record = page.getByRole('dialog', { name: '记录会后跟进' });
    await record.getByLabel('双方已联系').click();
    await record.getByLabel('对接结果').click();
    await page.locator('.ant-select-item-option', { hasText: '有合作意向' }).click();
    await record.getByLabel('下一步').fill('下周安排企业技术负责人赴校考察样机');
    await record.getByLabel('跟进记录').fill('路演后企业已与团队面谈，希望联合开发触觉手爪');
    await expectAccessible();
    await record.getByRole('button', { name: '保存' }).click();
    await page.getByText('跟进已保存，已提请技术经理人确认精准匹配').waitFor();
    await page.getByText('待技术经理人确认').waitFor();
    const pair = (
      await t.http
        .get('/follow-ups')
        .query({ activityId: ids.activity, awaitingConfirmation: true })
        .set('Authorization', manager)
        .expect(200)
    ).body.items[0];
    expect(pair).toMatchObject({ outcome: 'cooperation_intent', contacted: true, match: { status: 'suggested' } });
    // the organiser has no confirm button: the pair waits for the manager
    await expect(page.getByRole('button', { name: /^确认精准匹配/ }).count()).resolves.toBe(0);

    // the manager confirms the pair in one click on the 对接看板
    await browser.context.clearCookies();
    await signInAs(page, MANAGER, base + '/workspace/matches');
    const awaiting = page.getByRole('region', { name: '活动跟进待确认' });
    await awaiting.getByText('2026 智能装备项目路演（第三期）').waitFor();
    await expectAccessible();
    await awaiting.getByRole('button', { name: `确认精准匹配 ${DEMAND_2} × ${ACHIEVEMENT_2}` }).click();
    await page.getByRole('dialog', { name: '确认精准匹配' }).getByRole('button', { name: '确认' }).click();
    await page.getByText('已确认为精准匹配').waitFor();
    await awaiting.waitFor({ state: 'detached' });
    const match = await t.http.get(`/matches/${pair.match.id}`).set('Authorization', manager).expect(200);
    expect(match.body).toMatchObject({ status: 'confirmed', statusLabel: '精准匹配' });
    expect(match.body.confirmedAt).not.toBeNull();
  });

  it('组织方在日历中查看活动', async () => {
    await signInAs(page, ORGANISER, base + '/workspace/activities?view=calendar');
    const when = (await t.http.get(`/activities/${ids.activity}`).set('Authorization', organiser).expect(200)).body;
    const month = new Date(when.heldAt ?? when.scheduledAt).toISOString().slice(0, 7);
    await page.goto(base + `/workspace/activities?view=calendar&month=${month}`);
    await page.getByRole('button', { name: /项目路演·2026 智能装备项目路演（第三期）/ }).waitFor();
    await expectAccessible();
    await page.getByRole('button', { name: /项目路演·2026 智能装备项目路演（第三期）/ }).click();
    await page.waitForURL(new RegExp(`/workspace/activities/${ids.activity}`));
  });
  it('管理员在指标看板上看到路演带来的精准匹配和产学研活动，并从明细找到这一对', async () => {
    await t.settle(); // the indicator facts follow the confirmation and the holding through the event log
    await browser.context.clearCookies();
    const year = new Date().getFullYear();
    await signInAs(page, TEST_ADMIN, base + `/workspace/indicators?year=${year}`);
    await page.getByRole('heading', { level: 1, name: '指标看板' }).waitFor();
    const card = (name: string) => page.getByRole('group', { name, exact: true });
    await expect(card('精准匹配需求成果').locator('.figure-actual').innerText()).resolves.toBe('1');
    await expect(card('产学研活动').locator('.figure-actual').innerText()).resolves.toBe('1');
    await expectAccessible();
    await card('精准匹配需求成果')
      .getByRole('button', { name: /查看明细/ })
      .click();
    const drawer = page.getByRole('dialog', { name: '精准匹配需求成果：构成数值的记录' });
    await drawer.getByText('计数规则').waitFor();
    await drawer.getByRole('link', { name: `${DEMAND_2} ↔ ${ACHIEVEMENT_2}` }).click();
    await page.waitForURL(/\/workspace\/matches\?match=/);
    await page.getByRole('dialog', { name: '匹配详情' }).getByText(DEMAND_2).first().waitFor();
  });
});
