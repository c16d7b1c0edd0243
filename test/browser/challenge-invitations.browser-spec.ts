import type { Page } from 'playwright-core';

import { challengeBody } from '../factories/challenge.factory';
import { chainIds, createManager, publishAchievement, registerEnterprise } from '../factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from '../utils/app';
import {
  accessibilityProblems,
  Browser,
  buildConsoleOnce,
  launchBrowser,
  listen,
  menuEntries,
  pagePerTest,
  signInAs,
} from './harness';

const MANAGER = { email: 'yaoqing@example.com', password: 'Manager2026' };
const PRECISION_USER = { email: 'zhanglx@jnpe.edu.cn', password: 'Kunshan2026' };
const MATERIALS_USER = { email: 'liuhb@thms.ac.cn', password: 'Kunshan2026' };

const PRECISION = '江南精密工程大学';
const MATERIALS = '太湖材料科学研究院';
const MEASURING = '昆山精密测量研究所';
const CALL = '协作机器人关节高精度谐波减速器攻关';
const LATE_CALL = '单克隆抗体连续流纯化工艺攻关';
const MESSAGE = '贵单位在谐波减速器齿形修形方向成果突出，诚邀组织团队揭榜。';

/**
 * 邀请揭榜 through a real browser against the real API, engine and queue: the engine proposes institutions when a call
 * is published; the manager reads the proposals with their matching achievements, recomputes them, invites a proposed
 * institution and one chosen by hand with a message, and sees the invitations sent; a call that stops taking bids
 * is explained; the invited university finds the invitation under 揭榜邀请 and goes on to bid. Only the setup
 * (accounts, achievements, published calls) goes through the API.
 */
describe('邀请揭榜 console (browser)', () => {
  jest.setTimeout(240000);

  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let manager: string;
  const ids: Record<string, string> = {};

  const shot = async (name: string) => {
    if (process.env.BROWSER_SHOTS) {
      await page.screenshot({ path: `${process.env.BROWSER_SHOTS}/challenge-invitations-${name}.png`, fullPage: true });
    }
  };

  beforeAll(async () => {
    buildConsoleOnce();
    t = await createTestApp();
    const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin, MANAGER.email);
    const chains = await chainIds(t.http);
    const org = async (name: string) =>
      (
        await t.http
          .post('/organisations')
          .set('Authorization', manager)
          .send({ kind: 'university', name, district: '玉山镇' })
          .expect(201)
      ).body.id as string;
    ids.precision = await org(PRECISION);
    ids.materials = await org(MATERIALS);
    ids.measuring = await org(MEASURING);
    for (const [who, name, organisationId] of [
      [PRECISION_USER, '张立新', ids.precision],
      [MATERIALS_USER, '刘海波', ids.materials],
    ] as const) {
      await t.http
        .post('/users')
        .set('Authorization', admin)
        .send({ ...who, name, role: 'university', organisationId, temporaryPassword: false })
        .expect(201);
    }
    await publishAchievement(t.http, manager, ids.precision, [chains[4]]);
    await publishAchievement(t.http, manager, ids.precision, [chains[4]], {
      title: '协作机器人关节谐波减速器柔轮疲劳寿命预测与回差补偿方法',
      abstract:
        '建立谐波减速器柔轮疲劳寿命预测模型与回差在线补偿算法，完成 10000 小时加速寿命试验验证，回差稳定在 10 弧秒以内，适用于协作机器人关节模组。',
      keywords: ['谐波减速器', '柔轮', '疲劳寿命', '回差'],
      applicationScenarios: '协作机器人关节模组、精密转台',
      patentNumbers: ['ZL 2024 1 0234567.8'],
    });
    await publishAchievement(t.http, manager, ids.materials, [chains[4]], {
      title: '谐波减速器柔轮用高强度合金钢真空热处理工艺',
      abstract:
        '针对谐波减速器柔轮薄壁件疲劳开裂问题，开发高强度合金钢真空渗碳与深冷处理工艺，柔轮疲劳寿命提升 40%，可用于机器人关节谐波减速器批量制造。',
      keywords: ['谐波减速器', '柔轮', '热处理'],
      applicationScenarios: '机器人关节谐波减速器柔轮制造',
      patentNumbers: ['ZL 2023 1 0345678.9'],
    });
    await t.settle();
    const ent = await registerEnterprise(t.http, '昆山精毅精密机械有限公司');
    const publish = async (overrides: Record<string, unknown>) => {
      const res = await t.http
        .post('/challenges')
        .set('Authorization', manager)
        .send(challengeBody({ enterpriseOrganisationId: ent.organisationId, ...overrides }))
        .expect(201);
      await t.http.post(`/challenges/${res.body.id}/publish`).set('Authorization', manager).send({}).expect(200);
      return res.body.id as string;
    };
    ids.call = await publish({ industryChainIds: [chains[4]] });
    ids.late = await publish({
      title: LATE_CALL,
      problem:
        '抗体药物下游纯化依赖批次层析，树脂成本高、产能受限。榜单征集单克隆抗体连续流纯化工艺方案，要求宿主蛋白残留低于 10 ppm，收率不低于 80%。',
      indicators: [{ name: '宿主蛋白残留', target: '≤10', unit: 'ppm', method: '第三方检测机构按药典方法测试' }],
      industryChainIds: [chains[7]],
    });
    await t.settle();
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
    await page.waitForLoadState('networkidle');
    expect(await accessibilityProblems(page)).toEqual([]);
  }

  const proposalRow = (name: string) =>
    page.locator('section[aria-labelledby="proposals-heading"] tr', { hasText: name });
  const sentRow = (name: string) => page.locator('section[aria-labelledby="sent-heading"] tr', { hasText: name });

  it('技术经理人在“邀请揭榜”中看到推荐机构与匹配成果，重新计算后勾选推荐机构、另选一家机构并附留言发送邀请', async () => {
    await signInAs(page, MANAGER, base + `/workspace/challenges/${ids.call}`);
    await page.getByRole('heading', { level: 1, name: CALL }).waitFor();
    await page.getByRole('tab', { name: '邀请揭榜' }).click();
    await page.waitForURL(/tab=invitations/);
    await proposalRow(PRECISION).waitFor();
    await proposalRow(MATERIALS).waitFor();
    // The reasons: the institution's matching achievements, each a link to its public page.
    const reason = proposalRow(PRECISION).getByRole('link', {
      name: '协作机器人关节谐波减速器柔轮疲劳寿命预测与回差补偿方法',
    });
    expect(await reason.getAttribute('href')).toMatch(/^\/library\/[0-9a-f-]{36}$/);
    await expect(proposalRow(PRECISION).innerText()).resolves.toMatch(/匹配度 \d+%/);
    await expect(proposalRow(MEASURING).count()).resolves.toBe(0);
    await page.getByText('尚未发出揭榜邀请').waitFor();
    await expectAccessible();
    await shot('proposals');

    await page.getByRole('button', { name: '重新计算' }).click();
    await page.getByText(/已重新计算，推荐 \d+ 家机构/).waitFor();
    await proposalRow(PRECISION).waitFor();

    await page.getByRole('checkbox', { name: `选择邀请${PRECISION}` }).check();
    await page.getByLabel('另选机构').fill('精密测量');
    await page.locator('.ant-select-item-option', { hasText: MEASURING }).click();
    await page.getByLabel('邀请留言（选填）').fill(MESSAGE);
    await page.getByRole('button', { name: '发送邀请（2 家）' }).click();
    await page.getByText('已向 2 家机构发出揭榜邀请').waitFor();
    await sentRow(PRECISION).filter({ hasText: '系统推荐' }).filter({ hasText: '待揭榜' }).waitFor();
    await sentRow(MEASURING).filter({ hasText: '经理人指定' }).filter({ hasText: MESSAGE }).waitFor();
    await proposalRow(PRECISION).getByText('已邀请').waitFor();
    expect(await page.getByRole('checkbox', { name: `选择邀请${PRECISION}` }).isDisabled()).toBe(true);
    await expect(page.getByRole('button', { name: /^发送邀请/ }).isDisabled()).resolves.toBe(true);
    await expectAccessible();
    await shot('sent');

    const stored = (await t.http.get(`/challenges/${ids.call}/invitations`).set('Authorization', manager).expect(200))
      .body as Array<{ institutionId: string; source: string; message: string }>;
    expect(stored.map((i) => [i.institutionId, i.source, i.message]).sort()).toEqual(
      [
        [ids.precision, 'proposal', MESSAGE],
        [ids.measuring, 'manual', MESSAGE],
      ].sort(),
    );
  });

  it('没有匹配成果的榜单显示“暂无推荐机构”；榜单在别处截止后重新计算被拒，页面说明原因且不再能邀请', async () => {
    await signInAs(page, MANAGER, base + `/workspace/challenges/${ids.late}?tab=invitations`);
    await page.getByRole('heading', { level: 1, name: LATE_CALL }).waitFor();
    await page.getByText(/暂无推荐机构：没有与本榜单匹配的已发布成果/).waitFor();
    await page.getByRole('button', { name: /^发送邀请/ }).waitFor();
    await expectAccessible();
    // Another manager closes the call while the page is open.
    await t.http.post(`/challenges/${ids.late}/close`).set('Authorization', manager).send({}).expect(200);
    await page.getByRole('button', { name: '重新计算' }).click();
    await page.getByRole('alert').filter({ hasText: '只有揭榜中的榜单可以计算邀请推荐' }).waitFor();
    await page.getByText('本榜单已截止揭榜，不能再发出揭榜邀请。').waitFor();
    await expect(page.getByRole('button', { name: /^发送邀请/ }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: '重新计算' }).count()).resolves.toBe(0);
    await expectAccessible();
    await shot('closed');
  });

  it('受邀高校在“揭榜邀请”中看到邀请与留言，打开公开榜单并去揭榜；未受邀的单位看到空状态', async () => {
    await signInAs(page, PRECISION_USER, base + '/workspace');
    expect(await menuEntries(page)).toContain('揭榜邀请');
    await page
      .getByRole('navigation', { name: '工作台菜单', exact: true })
      .getByRole('link', { name: '揭榜邀请' })
      .click();
    await page.getByRole('heading', { level: 1, name: '揭榜邀请' }).waitFor();
    const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: CALL });
    await row.filter({ hasText: MESSAGE }).filter({ hasText: '揭榜中' }).waitFor();
    await expect(page.locator('.ant-table-tbody tr.ant-table-row').count()).resolves.toBe(1);
    await expectAccessible();
    await shot('mine');

    await row.getByRole('link', { name: CALL }).click();
    await page.waitForURL(base + `/calls/${ids.call}`);
    await page.getByRole('heading', { level: 1, name: CALL }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: '揭榜邀请' }).waitFor();
    await row.getByRole('link', { name: '去揭榜' }).click();
    await page.waitForURL(base + `/workspace/my-bids/new?call=${ids.call}`);
    await page.getByRole('heading', { level: 1, name: '提交揭榜方案' }).waitFor();

    await page.context().clearCookies();
    await signInAs(page, MATERIALS_USER, base + '/workspace/my-invitations');
    await page.getByRole('heading', { level: 1, name: '揭榜邀请' }).waitFor();
    await page.getByText('暂无揭榜邀请').waitFor();
    await expectAccessible();
  });
});
