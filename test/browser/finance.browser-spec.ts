import { join, resolve } from 'node:path';

import type { Page } from 'playwright-core';

import { registerEnterprise } from '../factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from '../utils/app';
import {
  accessibilityProblems,
  Browser,
  buildConsoleOnce,
  fieldError,
  launchBrowser,
  listen,
  signInAs,
} from './harness';

/** `SCREENSHOTS=1` saves the pages of this walk into docs/screenshots/finance-*.png. */
const SHOTS = process.env.SCREENSHOTS ? resolve(__dirname, '../../docs/screenshots') : null;

/**
 * 科技金融「揭榜挂帅」 through a real browser (Debian's Chromium) against the real API, PostgreSQL, Redis and
 * Meilisearch: the enterprise posts a financing need, a bank answers with an offer (its figures revealed only
 * then), the enterprise accepts it over another bank's and records the loan. Accounts are made in the setup.
 */
describe('finance: 企业出题、银行答题 (browser)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let ent: Awaited<ReturnType<typeof registerEnterprise>>;
  let otherBank: string;
  let needId = '';
  const title = '五轴联动加工中心扩产流动资金贷款';
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

  beforeAll(async () => {
    buildConsoleOnce();
    t = await createTestApp();
    const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    ent = await registerEnterprise(t.http, '昆山精毅精密机械有限公司');
    const bank = async (name: string, email: string) => {
      const org = await t.http
        .post('/organisations')
        .set('Authorization', admin)
        .send({ kind: 'bank', name, district: '高新区' })
        .expect(201);
      await t.http
        .post('/users')
        .set('Authorization', admin)
        .send({
          email,
          password: 'Bank2026ks',
          name: '吴晓峰',
          role: 'bank',
          organisationId: org.body.id,
          temporaryPassword: false,
        })
        .expect(201);
    };
    await bank('江苏昆山农村商业银行科技支行', 'wu.bank@example.com');
    await bank('苏州银行昆山分行', 'qian.bank@example.com');
    otherBank = await login(t.http, 'qian.bank@example.com', 'Bank2026ks');
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
    if (!SHOTS) return;
    await page.mouse.move(600, 790);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(SHOTS, `finance-${name}.png`), fullPage: true });
  }

  /** A fresh sign-in (the cookies of whoever came before cleared), landing on the role's workspace. */
  async function signInFresh(email: string, password: string, heading: string): Promise<void> {
    await browser.context.clearCookies();
    await signInAs(page, { email, password }, base + '/workspace');
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  const menu = () => page.getByRole('navigation', { name: '工作台菜单', exact: true });

  async function confirmDialog(button: string): Promise<void> {
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: button }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  it('企业在“融资需求”中填写融资需求，保存草稿后确认发布', async () => {
    await signInFresh(ent.email, 'Kunshan2026', '企业用户工作台');
    expect((await menu().getByRole('menuitem').allInnerTexts()).map((s) => s.trim())).toEqual([
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
    await menu().getByRole('link', { name: '融资需求' }).click();
    await page.getByRole('heading', { level: 1, name: '融资需求' }).waitFor();
    await page.getByText('还没有融资需求').waitFor();
    await expectAccessible();

    await page.getByRole('button', { name: '发布融资需求' }).click();
    await page.getByRole('heading', { level: 1, name: '发布融资需求' }).waitFor();
    await page.getByLabel('需求名称').fill(title);
    await page.getByLabel('资金用途').fill('太短');
    await page.getByLabel('融资金额（万元）').fill('800');
    await page.getByLabel('期限（月）').fill('36');
    await page.getByLabel('可提供的担保方式').click();
    await page.locator('.ant-select-item-option', { hasText: '知识产权质押' }).click();
    await page.locator('.ant-select-item-option', { hasText: '机器设备抵押' }).click();
    await page.keyboard.press('Escape');
    await page
      .getByLabel('抵质押物说明（保密）')
      .fill('发明专利 6 件可质押；新购加工中心设备可抵押，评估价约 1100 万元');
    await page.getByLabel('上年营业收入（万元，保密）').fill('12600');
    await page.getByLabel('上年净利润（万元，保密）').fill('950');
    await page.getByLabel('联系人（保密）').fill('周建华');
    await page.getByLabel('联系电话（保密）').fill('13962601234');
    await expectAccessible();
    await shot('need-form');
    // The API's rule (资金用途 at least 10 characters), beside the field; nothing saved.
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect(fieldError(page, '资金用途').innerText()).resolves.toContain('长度不足');
    expect(page.url()).toBe(base + '/workspace/financing/new');
    await page.getByLabel('资金用途').fill('采购 3 台五轴联动加工中心及配套检测设备，补充谐波减速器柔轮扩产流动资金');
    await page.getByRole('button', { name: '保存草稿' }).click();

    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    needId = page.url().split('/').pop()!;
    await page.getByText('发布后银行方可答题').waitFor();
    await page.getByRole('button', { name: '发布', exact: true }).click();
    await confirmDialog('发布');
    await page.getByText('银行答题中').first().waitFor();
    await page.getByText('还没有银行提交方案').waitFor();
    await expectAccessible();
  });

  it('银行在“银行答题”中看到需求（保密数据隐藏），提交方案后才看到企业的财务数据和联系人', async () => {
    await signInFresh('wu.bank@example.com', 'Bank2026ks', '银行工作台');
    expect((await menu().getByRole('menuitem').allInnerTexts()).map((s) => s.trim())).toEqual([
      '工作台',
      '银行答题',
      '通知中心',
      '账号设置',
    ]);
    await menu().getByRole('link', { name: '银行答题' }).click();
    await page.getByRole('heading', { level: 1, name: '银行答题' }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(title) });
    await row.getByText('待答题').waitFor();
    await expectAccessible();
    await shot('bank-needs');

    await row.getByRole('link', { name: title }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByText('抵质押物明细、财务数据和联系人在本行提交方案后可见').waitFor();
    expect(await page.getByText('13962601234').count()).toBe(0);
    expect(await page.getByText('12600').count()).toBe(0);
    await page.getByLabel('金融产品').fill('昆科贷');
    await page.getByLabel('年利率下限（%）').fill('3.6');
    await page.getByLabel('年利率上限（%）').fill('3.1');
    await page
      .getByLabel('办理条件与担保要求')
      .fill('知识产权质押 + 法定代表人连带责任保证，纳入市级风险补偿资金池并享受贴息');
    await expectAccessible();
    await shot('bank-offer-form');
    // An inverted rate range: the API's reason beside 年利率上限, nothing stored.
    await page.getByRole('button', { name: '提交方案' }).click();
    await confirmDialog('提交');
    await expect(fieldError(page, '年利率上限（%）').innerText()).resolves.toContain('利率上限不能低于利率下限');
    await page.getByLabel('年利率下限（%）').fill('3.1');
    await page.getByLabel('年利率上限（%）').fill('3.45');
    await page.getByRole('button', { name: '提交方案' }).click();
    await confirmDialog('提交');

    await page.getByText('本行方案', { exact: true }).waitFor();
    await page.getByText('待企业选择', { exact: true }).waitFor();
    // Having answered, the bank reads the figures it underwrites on.
    await page.getByText('13962601234').waitFor();
    await page.getByText('12600 万元').waitFor();
    await expectAccessible();

    await page.getByRole('link', { name: '返回银行答题' }).click();
    await page.getByRole('tab', { name: '我的方案' }).click();
    await page.getByRole('row', { name: /昆科贷/ }).waitFor();
    expect(page.url()).toContain('tab=offers');
    await expectAccessible();
    await shot('bank-my-offers');
  });

  it('企业比较两家银行的方案，确认选定一家后登记放款', async () => {
    await t.http
      .post(`/finance/needs/${needId}/offers`)
      .set('Authorization', otherBank)
      .send({
        productName: '高企贷',
        amount: 600,
        rateMin: 3.35,
        rateMax: 3.85,
        termMonths: 24,
        conditions: '须为有效期内高新技术企业；设备抵押，按季付息、到期还本',
      })
      .expect(201);
    await signInFresh(ent.email, 'Kunshan2026', '企业用户工作台');
    await menu().getByRole('link', { name: '融资需求' }).click();
    await page
      .getByRole('row', { name: new RegExp(title) })
      .getByText('2 份')
      .waitFor();
    await expectAccessible();
    await shot('enterprise-needs');
    await page.getByRole('link', { name: title }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByRole('row', { name: /高企贷/ }).waitFor();
    await expectAccessible();
    await shot('enterprise-offers');

    await page.getByRole('button', { name: '选定江苏昆山农村商业银行科技支行昆科贷' }).click();
    await confirmDialog('确认选定');
    await page.getByText('已选定方案').first().waitFor();
    await page
      .getByRole('row', { name: /高企贷/ })
      .getByText('未被选定')
      .waitFor();
    await page
      .getByRole('row', { name: /昆科贷/ })
      .getByText('已被选定')
      .waitFor();
    expect(await page.getByRole('button', { name: /^选定/ }).count()).toBe(0);

    await page.getByLabel('放款金额（万元）').fill('800');
    await expectAccessible();
    await page.getByRole('button', { name: '登记结果' }).click();
    await confirmDialog('登记');
    await page.getByText('已办结·已放款').waitFor();
    await page.getByText(today).first().waitFor();
    await expectAccessible();
    await shot('enterprise-outcome');

    const need = await t.http.get(`/finance/needs/${needId}`).set('Authorization', ent.auth).expect(200);
    expect(need.body).toMatchObject({ status: 'closed', outcome: 'granted', loanAmount: 800, loanDate: today });
  });
});
