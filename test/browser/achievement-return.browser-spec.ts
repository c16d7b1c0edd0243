import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { Page } from 'playwright-core';

import { achievementBody, chainIds, createManager } from '../factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from '../utils/app';
import { accessibilityProblems, Browser, buildConsoleOnce, launchBrowser, listen } from './harness';

/** createManager's account. */
const MANAGER = { email: 'chen.manager@example.com', password: 'Manager2026' };
const UNIVERSITY = { email: 'liu.xiaowen@suda.edu.cn', password: 'Campus2026' };
const TITLE = '基于机器视觉的锂电极片缺陷在线检测系统';
const REASON = '请补充授权专利号，并写明检测精度（最小可检缺陷尺寸）与在线检测节拍';

/**
 * 退回修改 of an achievement through a real browser: a manager returns a university's submission from 成果管理 with
 * a reason (required), and the university reads the reason in 我的成果 and in the editor. The records are made by
 * API calls in the setup; the people only click and type.
 */
describe('achievement returned for changes (browser)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  const shots = process.env.SCREENSHOT_DIR;

  beforeAll(async () => {
    buildConsoleOnce();
    t = await createTestApp();
    const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    const manager = await createManager(t.http, admin, MANAGER.email);
    const chains = await chainIds(t.http);
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '苏州大学', district: '独墅湖科教创新区' })
      .expect(201);
    await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({
        ...UNIVERSITY,
        name: '刘晓雯',
        role: 'university',
        organisationId: uni.body.id,
        temporaryPassword: false,
      })
      .expect(201);
    const university = await login(t.http, UNIVERSITY.email, UNIVERSITY.password);
    const draft = await t.http
      .post('/achievements')
      .set('Authorization', university)
      .send(achievementBody(uni.body.id, [chains[2]], { title: TITLE }))
      .expect(201);
    await t.http.post(`/achievements/${draft.body.id}/submit`).set('Authorization', university).expect(200);
    base = await listen(t.app);
    browser = await launchBrowser();
  }, 240000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  beforeEach(async () => {
    await browser.context.clearCookies();
    page = await browser.context.newPage();
  });

  afterEach(async () => {
    await page?.close();
  });

  async function shot(name: string): Promise<void> {
    if (!shots) return;
    mkdirSync(resolve(shots), { recursive: true });
    await page.screenshot({ path: join(resolve(shots), `${name}.png`), fullPage: true });
  }

  async function signInAt(path: string, email: string, password: string): Promise<void> {
    await page.goto(base + '/login?next=' + encodeURIComponent(path));
    await page.getByLabel('邮箱').fill(email);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('main').getByRole('button', { name: '登录' }).click();
    await page.waitForURL(base + path);
  }

  it('技术经理人在成果管理退回一项待审成果（原因必填）', async () => {
    await signInAt('/workspace/achievements?status=submitted', MANAGER.email, MANAGER.password);
    await page.getByRole('heading', { level: 1, name: '成果管理' }).waitFor();
    await page.getByRole('button', { name: `退回修改 ${TITLE}` }).click();
    const dialog = page.getByRole('dialog', { name: `退回修改“${TITLE}”` });
    await dialog.waitFor();
    // no reason: the form says so and nothing is sent
    await dialog.getByRole('button', { name: '退回修改' }).click();
    await dialog.getByText('请填写退回原因').waitFor();
    await dialog.getByLabel('退回原因').fill(REASON);
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('achievement-return-dialog');
    await dialog.getByRole('button', { name: '退回修改' }).click();
    await page.getByText('已退回成果所属单位修改').waitFor();
    await page.getByRole('button', { name: `退回修改 ${TITLE}` }).waitFor({ state: 'detached' });
  });

  it('成果所属单位在我的成果看到退回原因，打开编辑也看到', async () => {
    await signInAt('/workspace/my-achievements', UNIVERSITY.email, UNIVERSITY.password);
    await page.getByRole('heading', { level: 1, name: '我的成果' }).waitFor();
    const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: TITLE });
    await row.getByText('已退回').waitFor();
    await row.getByText(`退回原因：${REASON}`).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('achievement-returned-list');
    await page.getByRole('button', { name: `编辑 ${TITLE}` }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText(`退回原因：${REASON}`).waitFor();
    await drawer.getByText(/退回修改（.*技术经理人/).waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await shot('achievement-returned-editor');
  });
});
