import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { Page } from 'playwright-core';

import { achievementBody, chainIds } from '../factories/registry.factory';
import { createTestApp, TestApp } from '../utils/app';
import { createUniversityUser, seedManagerAndUniversity } from './fixtures';
import {
  accessibilityProblems,
  Account,
  Browser,
  buildConsoleOnce,
  launchBrowser,
  listen,
  pagePerTest,
  signInAs,
} from './harness';

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
  let manager: Account;
  const shots = process.env.SCREENSHOT_DIR;

  beforeAll(async () => {
    buildConsoleOnce();
    t = await createTestApp();
    const seed = await seedManagerAndUniversity(t, {
      managerEmail: 'chen.manager@example.com',
      university: { name: '苏州大学', district: '独墅湖科教创新区' },
    });
    manager = seed.managerAccount;
    const chains = await chainIds(t.http);
    const university = await createUniversityUser(t, seed.admin, seed.universityId, {
      ...UNIVERSITY,
      name: '刘晓雯',
    });
    const draft = await t.http
      .post('/achievements')
      .set('Authorization', university)
      .send(achievementBody(seed.universityId, [chains[2]], { title: TITLE }))
      .expect(201);
    await t.http.post(`/achievements/${draft.body.id}/submit`).set('Authorization', university).expect(200);
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

  async function shot(name: string): Promise<void> {
    if (!shots) return;
    mkdirSync(resolve(shots), { recursive: true });
    await page.screenshot({ path: join(resolve(shots), `${name}.png`), fullPage: true });
  }

  it('技术经理人在成果管理退回一项待审成果（原因必填）', async () => {
    await signInAs(page, manager, base + '/workspace/achievements?status=submitted');
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
    await signInAs(page, UNIVERSITY, base + '/workspace/my-achievements');
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
