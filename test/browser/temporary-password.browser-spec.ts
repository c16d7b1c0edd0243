import type { Page } from 'playwright-core';

import { createTestApp, login, TEST_ADMIN, TestApp } from '../utils/app';
import { accessibilityProblems, Browser, buildConsoleOnce, launchBrowser, listen } from './harness';

const ORGANISER = { email: 'zuzhi-temp@example.com', password: 'Organiser2026', name: '王组织' };
const NEW_PASSWORD = '组织方Kunshan2027';

/**
 * A password reset through the console, then the person signs in with the temporary password: the console shows
 * the change-password screen instead of the page asked for, and that page once the new password is set.
 */
describe('temporary password (browser)', () => {
  jest.setTimeout(240000);

  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    buildConsoleOnce();
    t = await createTestApp();
    const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({ ...ORGANISER, role: 'organizer', temporaryPassword: false })
      .expect(201);
    base = await listen(t.app);
    browser = await launchBrowser({ width: 1280, height: 800 });
    page = await browser.context.newPage();
  }, 180000);

  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await t?.close();
  });

  async function signIn(path: string, email: string, password: string) {
    await page.goto(base + '/login?next=' + encodeURIComponent(path));
    await page.getByLabel('邮箱').fill(email);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('main').getByRole('button', { name: '登录' }).click();
    await page.waitForURL(base + path);
  }

  it('管理员重置密码；本人用临时密码登录后先到修改密码页面，改好后继续使用工作台', async () => {
    // the administrator resets the organiser's password and reads the temporary one
    await signIn('/workspace/users', TEST_ADMIN.email, TEST_ADMIN.password);
    await page.getByRole('button', { name: `重置密码 ${ORGANISER.email}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: '重置密码' }).click();
    const shown = page.getByRole('dialog', { name: '密码已重置' });
    await shown.getByText('用它登录后须先设置自己的新密码').waitFor();
    await shown.getByText('72 小时内有效').waitFor();
    if (process.env.BROWSER_SHOTS) {
      await shown.screenshot({ path: `${process.env.BROWSER_SHOTS}/temporary-password-reset.png` });
    }
    const temporary = (await shown.locator('.temp-password code').innerText()).trim();
    expect(temporary).toMatch(/^[A-Za-z\d]{12}$/);
    await browser.context.clearCookies();

    // the organiser signs in with it, asking for 对接活动: the password change comes first
    await signIn('/workspace/activities', ORGANISER.email, temporary);
    await page.getByRole('heading', { level: 1, name: '请先修改临时密码' }).waitFor();
    await page.getByText('您正在使用管理员设置或重置的临时密码').waitFor();
    await expect(page.getByRole('heading', { name: '对接活动' }).count()).resolves.toBe(0);
    if (process.env.BROWSER_SHOTS) {
      await page.screenshot({ path: `${process.env.BROWSER_SHOTS}/temporary-password-change.png` });
    }
    expect(await accessibilityProblems(page)).toEqual([]);

    // a mistyped confirmation is caught by the form, the new password then set
    await page.getByLabel('临时密码').fill(temporary);
    await page.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('确认新密码').fill(NEW_PASSWORD + 'x');
    await page.getByRole('button', { name: '设置新密码并继续' }).click();
    await page.getByText('两次输入的新密码不一致').waitFor();
    await page.getByLabel('确认新密码').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '设置新密码并继续' }).click();

    // straight on to the page asked for, with the workspace's menu
    await Promise.all([
      page.getByText('新密码已设置，欢迎使用工作台').waitFor(),
      page.getByRole('heading', { level: 1, name: '对接活动' }).waitFor(),
    ]);
    expect(page.url()).toBe(base + '/workspace/activities');

    // the temporary password no longer signs in; the new one does, straight into the workspace
    await browser.context.clearCookies();
    await page.goto(base + '/login');
    await page.getByLabel('邮箱').fill(ORGANISER.email);
    await page.getByLabel('密码').fill(temporary);
    await page.getByRole('main').getByRole('button', { name: '登录' }).click();
    await page.getByText('邮箱或密码错误').waitFor();
    await signIn('/workspace/activities', ORGANISER.email, NEW_PASSWORD);
    await page.getByRole('heading', { level: 1, name: '对接活动' }).waitFor();
  });
});
