import { join } from 'node:path';

import type { Page } from 'playwright-core';

import { registerEnterprise } from '../factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from '../utils/app';
import { accessibilityProblems, Browser, buildConsoleOnce, launchBrowser, listen, signInAs } from './harness';

const SHOTS = join(__dirname, '../../docs/screenshots');

/** 银行答题 in the console: a bank's inbox and preferences; the audit log reads the finance events in Chinese. */
describe('finance notifications and audit labels in the console (browser)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    buildConsoleOnce();
    t = await createTestApp();
    base = await listen(t.app);
    const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    const bankOrg = await t.http
      .post('/organisations')
      .set('Authorization', admin)
      .send({ kind: 'bank', name: '江苏昆山农村商业银行科技支行', district: '高新区' })
      .expect(201);
    await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({
        email: 'desk.bank@example.com',
        password: 'Finance2026',
        name: '吴晓峰',
        role: 'bank',
        organisationId: bankOrg.body.id,
        temporaryPassword: false,
      })
      .expect(201);
    const ent = await registerEnterprise(t.http, '昆山精毅精密机械有限公司');
    const need = await t.http
      .post('/finance/needs')
      .set('Authorization', ent.auth)
      .send({
        title: '五轴联动加工中心扩产流动资金贷款',
        purpose: '采购 3 台五轴联动加工中心，补充谐波减速器柔轮扩产所需流动资金',
        amount: 800,
        termMonths: 36,
        collateralKinds: ['intellectual_property', 'equipment'],
        collateralDetails: '发明专利 6 件可质押，评估价约 1100 万元',
        annualRevenue: 12600,
        netProfit: 950,
        contactName: '周建华',
        contactPhone: '13962601234',
      })
      .expect(201);
    await t.http.post(`/finance/needs/${need.body.id}/publish`).set('Authorization', ent.auth).send({}).expect(200);
    await t.settle();
    browser = await launchBrowser();
    page = await browser.context.newPage();
  }, 240000);

  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await t?.close();
  });

  async function signIn(email: string, password: string, path: string): Promise<void> {
    await page.context().clearCookies();
    await signInAs(page, { email, password }, base + '/workspace');
    await page.goto(base + path);
  }

  it('银行用户在通知中心看到新的融资需求（不含保密信息），通知设置只列出银行的两类通知', async () => {
    await signIn('desk.bank@example.com', 'Finance2026', '/workspace/notifications');
    await page.getByRole('heading', { name: '通知中心' }).waitFor();
    await page
      .getByText('银行答题：昆山精毅精密机械有限公司发布融资需求「五轴联动加工中心扩产流动资金贷款」')
      .waitFor();
    const main = await page.locator('body').innerText();
    expect(main).not.toMatch(/周建华|13962601234|1100 万元|12600/);
    await page.getByText('企业发布新的融资需求（银行答题）').last().waitFor();
    await page.getByText('融资方案被选定 / 未被选定').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'notifications-bank.png'), fullPage: true });
  }, 120000);

  it('管理员在审计日志中看到融资需求事件的中文名称', async () => {
    await signIn(TEST_ADMIN.email, TEST_ADMIN.password, '/workspace/audit?entity=financing_need');
    await page.getByRole('heading', { level: 1, name: '审计日志' }).waitFor();
    await page.getByText('融资需求·发布').first().waitFor();
    await page.getByText('融资需求·创建').first().waitFor();
    expect(await page.locator('body').innerText()).not.toContain('financing_need.published');
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'audit-log-finance.png'), fullPage: true });
  }, 120000);
});
