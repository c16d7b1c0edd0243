import { readFileSync } from 'node:fs';

import ExcelJS from 'exceljs';
import type { Download, Page } from 'playwright-core';

import { chainIds, createManager, publishDemand, registerEnterprise } from '../factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from '../utils/app';
import {
  accessibilityProblems,
  Browser,
  buildConsoleOnce,
  fieldError,
  launchBrowser,
  listen,
  menuEntries,
  pagePerTest,
  signInAs,
} from './harness';

const MANAGER = { email: 'jingli.fuwu@example.com', password: 'Manager2026' };
const ENTERPRISE = '昆山华辰精密传动有限公司';
const AGENCY = '昆山智汇技术转移服务中心';
const DEMAND = '谐波减速器柔轮疲劳寿命提升工艺';
const NEED_LINKED = '谐波减速器柔轮国产化替代';
const NEED_OPEN = '伺服电机编码器抗干扰设计';

/**
 * The technology managers' console through a real browser (Debian's Chromium) against the real API, PostgreSQL,
 * Redis and Meilisearch: a manager files their profile, logs service for their enterprise, links a mined need to
 * the demand it became and downloads the 需求清单; an admin files an agency; the enterprise reads its service log.
 */
describe('technology managers console (browser)', () => {
  // The service-log test logs, edits, links, exports and removes records in one go.
  jest.setTimeout(240000);

  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let admin: string;
  let manager: string;
  let owner: Awaited<ReturnType<typeof registerEnterprise>>;
  let demandId: string;
  let agencyId: string;

  beforeAll(async () => {
    buildConsoleOnce();
    t = await createTestApp();
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin, MANAGER.email);
    owner = await registerEnterprise(t.http, ENTERPRISE);
    const chains = await chainIds(t.http);
    // The demand the mined need became: registered by the enterprise, published by an admin.
    demandId = (await publishDemand(t.http, owner.auth, admin, [chains[4]], { title: DEMAND })).id;
    // An agency registered on the platform, waiting for its filing (备案).
    const org = await t.http
      .post('/organisations')
      .set('Authorization', admin)
      .send({ kind: 'agency', name: AGENCY, district: '玉山镇' })
      .expect(201);
    agencyId = (
      await t.http
        .post('/agencies')
        .set('Authorization', admin)
        .send({ organisationId: org.body.id, serviceScope: ['tech_transfer', 'evaluation'] })
        .expect(201)
    ).body.id;
    base = await listen(t.app);
    browser = await launchBrowser();
  }, 240000);

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

  async function choose(scope: Page | ReturnType<Page['getByRole']>, label: string, option: string, search = false) {
    const box = scope.getByLabel(label, { exact: true });
    await box.click();
    if (search) await box.pressSequentially(option.slice(0, 4));
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
  }

  it('技术经理人建立本人档案：证书编号格式错误显示在字段旁，改正后保存', async () => {
    await signInAs(page, MANAGER, base + '/workspace/my-profile');
    await page.getByRole('heading', { level: 1, name: '我的档案' }).waitFor();
    expect(await menuEntries(page)).toEqual([
      '工作台',
      '需求管理',
      '成果管理',
      '匹配管理',
      '对接活动',
      '揭榜挂帅',
      '批量导入',
      '指标监测',
      '我的档案',
      '我的评估',
      '服务对象',
      '服务记录',
      '经理人与机构',
      '用户管理',
      '通知中心',
      '账号设置',
    ]);
    await page.getByText('尚未建立技术经理人档案').waitFor();
    await expectAccessible();

    await page.getByLabel('姓名', { exact: true }).fill('周晓明');
    await choose(page, '所属类型', '工研院');
    await choose(page, '服务的产业链', '机器人');
    await page.keyboard.press('Escape');
    await page.getByLabel('专业领域').fill('精密传动与机器人核心部件方向，服务龙头企业技术路线图梳理 6 年');
    await choose(page, '证书等级', '中级');
    await page.getByLabel('证书编号').fill('苏证 2025 第 318 号');
    await page.getByLabel('发证日期').fill('2025-06-18');
    await page.getByLabel('联系电话').fill('13912345678');
    await page.getByLabel('联系邮箱').fill('zhou.xm@ksgyy.cn');
    await page.getByRole('button', { name: '建立档案' }).click();
    await expect(fieldError(page, '证书编号').innerText()).resolves.toBe('格式不正确');
    await expectAccessible();
    await t.http.get('/managers/me').set('Authorization', manager).expect(404);

    await page.getByLabel('证书编号').fill('JSJL-2025-000318');
    await page.getByRole('button', { name: '建立档案' }).click();
    await page.getByText('档案已建立').waitFor();
    await page.getByRole('button', { name: '编辑档案' }).waitFor();
    const shown = await page.locator('.ant-descriptions').innerText();
    for (const text of ['周晓明', '工研院', '中级', 'JSJL-2025-000318', '2025-06-18', '13912345678']) {
      expect(shown).toContain(text);
    }
    await expectAccessible();
    const mine = (await t.http.get('/managers/me').set('Authorization', manager).expect(200)).body;
    expect(mine).toMatchObject({
      name: '周晓明',
      affiliationKind: 'institute',
      certificateLevel: 'intermediate',
      certificateNumber: 'JSJL-2025-000318',
      certificateIssuedOn: '2025-06-18',
      contactEmail: 'zhou.xm@ksgyy.cn',
    });
    expect(mine.industryChains).toHaveLength(1);
  });

  it('技术经理人为一对一服务的企业登记走访和需求挖掘，把挖掘的需求关联到技术需求，导出需求清单（xlsx）', async () => {
    const profile = (await t.http.get('/managers/me').set('Authorization', manager).expect(200)).body;
    await t.http
      .post('/assignments')
      .set('Authorization', admin)
      .send({
        managerProfileId: profile.id,
        kind: 'enterprise',
        organisationId: owner.organisationId,
        startOn: '2026-01-05',
      })
      .expect(201);

    await signInAs(page, MANAGER, base + '/workspace/assignments');
    await page.getByRole('heading', { level: 1, name: '服务对象' }).waitFor();
    const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: ENTERPRISE });
    await expect(row.innerText()).resolves.toContain('龙头企业一对一服务');
    await expectAccessible();
    await row.getByRole('link', { name: '服务记录' }).click();
    await page.getByRole('heading', { level: 1, name: '服务记录' }).waitFor();
    expect(new URL(page.url()).searchParams.get('org')).toBe(owner.organisationId);
    await page.getByText('没有服务记录').waitFor();
    await expectAccessible();

    // 走访
    await page.getByRole('button', { name: '登记服务记录' }).click();
    const form = page.getByRole('dialog', { name: '登记服务记录' });
    await choose(form, '服务对象', ENTERPRISE, true);
    const participants = form.getByLabel('参与人', { exact: true });
    await participants.fill('王总工（研发中心主任）');
    await participants.press('Enter');
    await participants.fill('周晓明（技术经理人）');
    await participants.press('Enter');
    await form
      .getByLabel('服务内容摘要')
      .fill('走访企业研发中心，梳理谐波减速器产品线技术路线，确认柔轮寿命为近三年首要瓶颈。');
    await expectAccessible();
    await form.getByRole('button', { name: '保存' }).click();
    await page.getByText(`已登记走访记录：${ENTERPRISE}`).waitFor();
    await form.waitFor({ state: 'hidden' });

    // 需求挖掘 with two needs
    await page.getByRole('button', { name: '登记服务记录' }).click();
    await choose(form, '记录类型', '需求挖掘');
    await choose(form, '服务对象', ENTERPRISE, true);
    await form
      .getByLabel('服务内容摘要')
      .fill('与企业技术委员会研讨，挖掘减速器与伺服系统两项技术需求，形成需求清单初稿。');
    await form.getByRole('button', { name: '保存' }).click();
    await form.getByText('“需求挖掘”至少登记一项需求').waitFor();
    await form.getByRole('button', { name: '添加挖掘的需求' }).click();
    await form.getByLabel('需求 1 名称').fill(NEED_LINKED);
    await form.getByLabel('需求 1 说明').fill('企业年采购进口柔轮约 2000 万元，希望三年内完成国产替代');
    await form.getByRole('button', { name: '添加挖掘的需求' }).click();
    await form.getByLabel('需求 2 名称').fill(NEED_OPEN);
    await form.getByRole('button', { name: '保存' }).click();
    await page.getByText(`已登记需求挖掘记录：${ENTERPRISE}`).waitFor();
    await form.waitFor({ state: 'hidden' });

    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect(rows.count()).resolves.toBe(2);
    const mining = rows.filter({ hasText: '需求挖掘' });
    await expect(mining.innerText()).resolves.toContain('0/2 已形成');
    await mining.getByRole('button', { name: /展开行/ }).click();
    await page.getByRole('region', { name: '挖掘的需求' }).waitFor();
    await expectAccessible();
    await page.getByRole('button', { name: `关联技术需求：${NEED_LINKED}` }).click();
    const linkDialog = page.getByRole('dialog', { name: `关联技术需求：${NEED_LINKED}` });
    await choose(linkDialog, '技术需求', DEMAND);
    await linkDialog.getByRole('button', { name: '关联' }).click();
    await page.getByText('已关联到技术需求').waitFor();
    await mining.getByText('1/2 已形成').waitFor();
    await page.getByRole('region', { name: '挖掘的需求' }).getByText(DEMAND).waitFor();
    const records = (
      await t.http
        .get(`/service-records?organisationId=${owner.organisationId}`)
        .set('Authorization', manager)
        .expect(200)
    ).body.items as Array<{ kind: string; needs: Array<{ title: string; demandId: string | null }> }>;
    const needs = records.find((r) => r.kind === 'need_mining')!.needs;
    expect(needs.map((n) => [n.title, n.demandId])).toEqual([
      [NEED_LINKED, demandId],
      [NEED_OPEN, null],
    ]);
    const visit = records.find((r) => r.kind === 'visit') as unknown as { participants: string[] };
    expect(visit.participants).toEqual(['王总工（研发中心主任）', '周晓明（技术经理人）']);

    // 龙头企业需求清单: the demand, and the need not registered yet; exported as xlsx
    await page.getByRole('link', { name: '该企业的需求清单' }).click();
    await page.getByRole('heading', { level: 1, name: `需求清单：${ENTERPRISE}` }).waitFor();
    const listRows = page.locator('.ant-table-tbody tr.ant-table-row');
    // the demand the need became (its source 服务挖掘, with date and manager), then the need not registered yet
    await listRows.filter({ hasText: NEED_LINKED }).waitFor({ state: 'detached' });
    await expect(listRows.nth(0).innerText()).resolves.toMatch(new RegExp(`${DEMAND}[\\s\\S]*服务挖掘[\\s\\S]*周晓明`));
    await expect(listRows.nth(1).innerText()).resolves.toContain(NEED_OPEN);
    await expect(listRows.count()).resolves.toBe(2);
    await expectAccessible();
    await page.getByRole('button', { name: '导出需求清单' }).click();
    const link = page.getByRole('link', { name: '下载需求清单（xlsx）' });
    await link.waitFor({ timeout: 60000 });
    const [download]: [Download, unknown] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${ENTERPRISE}-需求清单-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet.name).toBe('需求清单');
    const values = (sheet.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(String(values[0][0])).toContain(`${ENTERPRISE} 龙头企业需求清单`);
    expect(values[1].slice(0, 3)).toEqual(['序号', '需求名称', '来源']);
    expect(values.slice(2).map((r) => [r[0], r[1], r[2], r[7]])).toEqual([
      [1, DEMAND, '服务挖掘', '周晓明'],
      [2, NEED_OPEN, '服务挖掘', '周晓明'],
    ]);
    await expectAccessible();

    // 修改 the visit: the form it was logged with, filled with the record; the summary's rule beside the field
    await page.getByRole('link', { name: '查看服务记录' }).click();
    await page.getByRole('heading', { level: 1, name: '服务记录' }).waitFor();
    await page.getByRole('button', { name: new RegExp(`^修改：.* 走访 ${ENTERPRISE}$`) }).click();
    const editDialog = page.getByRole('dialog', { name: /^修改服务记录：.* 走访$/ });
    await expect(editDialog.getByLabel('服务内容摘要').inputValue()).resolves.toContain('柔轮寿命为近三年首要瓶颈');
    await editDialog.getByText('王总工（研发中心主任）').waitFor();
    await editDialog.getByLabel('服务内容摘要').fill('走访');
    await editDialog.getByRole('button', { name: '保存' }).click();
    await expect(fieldError(page, '服务内容摘要').innerText()).resolves.toBe('至少 10 个字');
    await editDialog
      .getByLabel('服务内容摘要')
      .fill('走访企业研发中心与柔轮生产线，梳理谐波减速器产品线技术路线，确认柔轮疲劳寿命为近三年首要瓶颈。');
    await expectAccessible();
    await editDialog.getByRole('button', { name: '保存' }).click();
    await page.getByText(`已修改走访记录：${ENTERPRISE}`).waitFor();
    await editDialog.waitFor({ state: 'hidden' });
    const edited = (
      await t.http
        .get(`/service-records?organisationId=${owner.organisationId}&kind=visit`)
        .set('Authorization', manager)
        .expect(200)
    ).body.items[0] as { summary: string; participants: string[]; version: number };
    expect(edited.summary).toBe(
      '走访企业研发中心与柔轮生产线，梳理谐波减速器产品线技术路线，确认柔轮疲劳寿命为近三年首要瓶颈。',
    );
    expect(edited.participants).toEqual(['王总工（研发中心主任）', '周晓明（技术经理人）']);

    // 删除 the visit: a reason, then a confirmation; the record stays, flagged
    await page.getByRole('button', { name: new RegExp(`^删除：.* 走访 ${ENTERPRISE}$`) }).click();
    const removeDialog = page.getByRole('dialog', { name: /删除服务记录/ });
    await removeDialog.getByRole('button', { name: '下一步' }).click();
    await expect(fieldError(page, '删除原因').innerText()).resolves.toBe('请填写删除原因');
    // spaces only are no reason either: refused in the form, as the API would
    await removeDialog.getByLabel('删除原因').fill('   ');
    await removeDialog.getByRole('button', { name: '下一步' }).click();
    await expect(fieldError(page, '删除原因').innerText()).resolves.toBe('删除原因不能只填空格');
    await removeDialog.getByLabel('删除原因').fill('与电话沟通记录重复录入');
    await removeDialog.getByRole('button', { name: '下一步' }).click();
    const confirm = page.getByRole('dialog', { name: /^删除 .* 的走访记录？$/ });
    await confirm.getByText('不能恢复').waitFor();
    await expectAccessible();
    await confirm.getByRole('button', { name: '删除' }).click();
    await page.getByText('服务记录已删除').waitFor();
    await rows.filter({ hasText: '已删除' }).waitFor();
  });

  it('管理员为已登记的技术转移服务机构备案；经理人与机构各页可用', async () => {
    await signInAs(page, TEST_ADMIN, base + '/workspace/manager-directory');
    await page.getByRole('heading', { level: 1, name: '经理人与机构' }).waitFor();
    await page.locator('.ant-table-tbody tr.ant-table-row', { hasText: '周晓明' }).waitFor();
    await expectAccessible();

    await page.getByRole('tab', { name: '技术转移服务机构' }).click();
    expect(new URL(page.url()).searchParams.get('tab')).toBe('agencies');
    const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: AGENCY });
    await expect(row.innerText()).resolves.toContain('已登记（未备案）');
    await expectAccessible();
    await row.getByRole('button', { name: `备案 ${AGENCY}` }).click();
    const dialog = page.getByRole('dialog', { name: `备案：${AGENCY}` });
    await dialog.getByLabel('备案编号').fill('KS-JSZY-2026-017');
    await expectAccessible();
    await dialog.getByRole('button', { name: '备案' }).click();
    await page.getByText(`${AGENCY} 已备案`).waitFor();
    await row.getByText('已备案').waitFor();
    await expect(row.innerText()).resolves.toContain('KS-JSZY-2026-017');
    const filed = (await t.http.get(`/agencies/${agencyId}`).set('Authorization', admin).expect(200)).body;
    expect(filed).toMatchObject({
      status: 'filed',
      filingNumber: 'KS-JSZY-2026-017',
      filingAuthority: '昆山市科学技术局',
    });

    await page.getByRole('tab', { name: '训练营' }).click();
    await page.getByText('还没有训练营').waitFor();
    await expectAccessible();
    await page.goto(base + '/workspace/assignments');
    await page.locator('.ant-table-tbody tr.ant-table-row', { hasText: ENTERPRISE }).waitFor();
    await expectAccessible();
  });

  it('企业用户只读查看关于本企业的服务记录（已删除的不显示）', async () => {
    await signInAs(page, { email: owner.email, password: 'Kunshan2026' }, base + '/workspace/service-records');
    await page.getByRole('heading', { level: 1, name: '服务记录' }).waitFor();
    expect(await menuEntries(page)).toEqual([
      '工作台',
      '我的需求',
      '融资需求',
      '我的揭榜',
      '揭榜邀请',
      '服务记录',
      '服务评价',
      '通知中心',
      '账号设置',
    ]);
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.first().innerText()).resolves.toContain('需求挖掘');
    await expect(page.getByRole('button', { name: '登记服务记录' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /^修改：/ }).count()).resolves.toBe(0);
    await expectAccessible();
    await page.getByRole('link', { name: '本企业需求清单' }).click();
    await page.getByRole('heading', { level: 1, name: `需求清单：${ENTERPRISE}` }).waitFor();
    await expectAccessible();
  });
});
