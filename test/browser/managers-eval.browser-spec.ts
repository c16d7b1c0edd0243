import type { Page } from 'playwright-core';

import { managerAccount, organisation, profileBody } from '../factories/managers.factory';
import { registerEnterprise } from '../factories/registry.factory';
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

const TODAY = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const YEAR = TODAY.slice(0, 4);
const PASSWORD = 'Kunshan2026';

/**
 * 分级评估 through a real browser (Debian's Chromium) against the real API and services: the enterprise rates the
 * manager who visited it, the bureau computes the year's draft, reads a sheet and publishes it after confirming,
 * exports the ranking, and the manager reads 我的评估. The records are set up through the API; people only click.
 */
describe('graded evaluation of technology managers (browser)', () => {
  jest.setTimeout(300000);

  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let manager: { email: string };
  let enterpriseEmail: string;

  beforeAll(async () => {
    buildConsoleOnce();
    t = await createTestApp();
    const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    const agency = await organisation(t.http, admin, 'agency', '昆山智汇技术转移服务有限公司');
    const filing = await t.http
      .post('/agencies')
      .set('Authorization', admin)
      .send({ organisationId: agency, serviceScope: ['tech_transfer'] })
      .expect(201);
    await t.http
      .post(`/agencies/${filing.body.id}/file`)
      .set('Authorization', admin)
      .send({ filingNumber: 'KS-JSZY-2026-017', filingAuthority: '昆山市科学技术局', filedOn: TODAY })
      .expect(200);
    const chen = await managerAccount(t.http, admin, '陈思远');
    manager = chen;
    await t.http
      .post('/managers')
      .set('Authorization', chen.auth)
      .send(profileBody({ name: '陈思远', affiliationKind: 'agency', affiliationOrganisationId: agency }))
      .expect(201);
    const other = await managerAccount(t.http, admin, '王雅婷');
    await t.http
      .post('/managers')
      .set('Authorization', other.auth)
      .send(profileBody({ name: '王雅婷' }))
      .expect(201);
    const enterprise = await registerEnterprise(t.http, '昆山光彩显示科技有限公司');
    enterpriseEmail = enterprise.email;
    for (const [kind, summary] of [
      ['visit', '走访企业研发中心与 OLED 模组产线，确认精细金属掩模版国产化为重点技术方向'],
      ['roadmap_workshop', '组织技术路线图研讨会，形成新型显示材料与巨量转移装备路线图初稿'],
    ]) {
      await t.http
        .post('/service-records')
        .set('Authorization', chen.auth)
        .send({ kind, occurredOn: TODAY, organisationId: enterprise.organisationId, summary })
        .expect(201);
    }
    base = await listen(t.app);
    browser = await launchBrowser({ width: 1366, height: 900 });
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

  it('企业在服务评价中为走访过本企业的技术经理人打分，每条记录只评一次', async () => {
    await signInAs(page, { email: enterpriseEmail, password: PASSWORD }, base + '/workspace/service-ratings');
    await page.getByRole('heading', { level: 1, name: '服务评价' }).waitFor();
    const visit = page.getByRole('row', { name: /走访企业研发中心/ });
    await visit.getByRole('button', { name: '评价' }).waitFor();
    await expectAccessible();

    await visit.getByRole('button', { name: '评价' }).click();
    const dialog = page.getByRole('dialog', { name: '评价陈思远的服务' });
    await dialog.waitFor();
    // submitting without a score is refused beside the field
    await dialog.getByRole('button', { name: '提交评价' }).click();
    await dialog.getByText('请选择 1–5 分').waitFor();
    await dialog.locator('.ant-rate-star').nth(3).click();
    await dialog.getByLabel('评语').fill('走访准备充分，现场就把产线的痛点梳理清楚了');
    await expectAccessible();
    await dialog.getByRole('button', { name: '提交评价' }).click();
    await page.getByText('已评价陈思远的服务：4 分').waitFor();
    await visit.getByText('走访准备充分，现场就把产线的痛点梳理清楚了').waitFor();
    expect(await visit.getByRole('button', { name: '评价' }).count()).toBe(0);
    // the other record is still open for a rating
    await page
      .getByRole('row', { name: /组织技术路线图研讨会/ })
      .getByRole('button', { name: '评价' })
      .waitFor();
  });

  it('管理员计算本年度评估草稿，查看技术经理人的评估表，确认后发布并导出排名', async () => {
    await signInAs(page, TEST_ADMIN, base + '/workspace/evaluations');
    await page.getByRole('heading', { level: 1, name: '分级评估' }).waitFor();
    await page.getByText('尚未计算任何评估期').waitFor();
    await expectAccessible();

    await page.getByRole('combobox', { name: '计算的评估期' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: `${YEAR} 年度` }).click();
    await page.getByRole('button', { name: '计算草稿' }).click();
    await page.getByText(`已计算${YEAR} 年度评估草稿：技术经理人 2 人，机构 1 家`).waitFor();
    await page.waitForURL((u) => u.searchParams.get('period') === YEAR);
    await page.getByText(/评估为草稿/).waitFor();
    const rows = page.locator('.ant-table-tbody .ant-table-row');
    await rows.first().waitFor();
    expect((await rows.allInnerTexts()).map((r) => r.split('\t').slice(0, 2).join(' '))).toEqual([
      '1 陈思远',
      '2 王雅婷',
    ]);
    await expectAccessible();

    // drill into 陈思远's sheet: every criterion with raw value, normalised score and contribution
    await page
      .getByRole('row', { name: /陈思远/ })
      .getByRole('button', { name: '查看评估表' })
      .click();
    const drawer = page.getByRole('dialog', { name: `陈思远 · ${YEAR} 年度评估表` });
    await drawer.waitFor();
    expect(new URL(page.url()).searchParams.get('subject')).toBeTruthy();
    const rating = drawer.getByRole('row', { name: /企业评价/ });
    // one rating of 4: (4 − 1) ÷ 4 = 75, × 10 % = 7.5
    expect((await rating.innerText()).split('\t').slice(1)).toEqual(['10', '4 分（1–5）', '75', '7.5']);
    const records = drawer.getByRole('row', { name: /服务记录/ });
    // 2 records of the 12 for full marks: 16.67, × 15 % = 2.5
    expect((await records.innerText()).split('\t').slice(1)).toEqual(['15', '2 次', '16.67', '2.5']);
    await expectAccessible();
    await drawer.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });

    // the agency view sums its managers
    await page.locator('.ant-segmented').getByText('技术转移服务机构').click();
    await page.getByRole('row', { name: /昆山智汇技术转移服务有限公司/ }).waitFor();
    await page.locator('.ant-segmented').getByText('技术经理人').click();

    // publishing asks first; cancelling changes nothing
    await page.getByRole('button', { name: '发布', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: `发布${YEAR} 年度分级评估？` });
    await confirm.getByText('发布后评估结果冻结为快照').waitFor();
    await confirm.getByRole('button', { name: '取消' }).click();
    await page.getByText(/评估为草稿/).waitFor();
    await page.getByRole('button', { name: '发布', exact: true }).click();
    await page
      .getByRole('dialog', { name: `发布${YEAR} 年度分级评估？` })
      .getByRole('button', { name: '确认发布' })
      .click();
    await page.getByText(`${YEAR} 年度评估已发布`, { exact: true }).waitFor();
    await page.getByText(/发布（快照，不再变化）/).waitFor();
    expect(await page.getByRole('button', { name: '重新计算' }).count()).toBe(0);

    await page.getByRole('button', { name: '导出排名（xlsx）' }).click();
    await page.getByRole('link', { name: '下载排名（xlsx）' }).waitFor({ timeout: 60000 });
    await expectAccessible();
  });

  it('技术经理人在“我的评估”中看到本人已发布的评估表和每项指标的得分', async () => {
    await signInAs(page, { email: manager.email, password: 'Manager2026' }, base + '/workspace/my-evaluation');
    await page.getByRole('heading', { level: 1, name: '我的评估' }).waitFor();
    const menu = page.getByRole('navigation', { name: '工作台菜单', exact: true });
    await menu.getByRole('menuitem', { name: '我的评估' }).waitFor();
    await page.getByText('排名 1 / 2').waitFor();
    const rating = page.getByRole('row', { name: /企业评价/ });
    expect((await rating.innerText()).split('\t').slice(1)).toEqual(['10', '4 分（1–5）', '75', '7.5']);
    await page
      .getByRole('row', { name: /活动后跟进及时率/ })
      .getByText('无数据')
      .waitFor();
    await expectAccessible();
  });
});
