import type { Page } from 'playwright-core';

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

const SECOND_ADMIN = { email: 'shenhe@example.com', password: 'Reviewer2026', name: '刘审核' };
const DEMAND_TITLE = '锂电池极片涂布厚度在线检测';
const ACHIEVEMENT_TITLE = 'β射线面密度在线测量系统';

/**
 * The bureau's workspace (admin) through a real browser (Debian's Chromium) against the real API, PostgreSQL,
 * Redis and Meilisearch. The confirmed pair is set up through the API; the admins only click.
 */
describe('bureau workspace (browser)', () => {
  // Two admins sign in within one journey and axe runs on every page: on a busy two-core machine, minutes.
  jest.setTimeout(300000);

  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let admin: string;
  let pairId: string;

  beforeAll(async () => {
    buildConsoleOnce();
    t = await createTestApp();
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    const manager = await createManager(t.http, admin, 'jingli-bureau@example.com');
    await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({
        email: SECOND_ADMIN.email,
        password: SECOND_ADMIN.password,
        name: SECOND_ADMIN.name,
        role: 'admin',
        temporaryPassword: false,
      })
      .expect(201);
    const chains = await chainIds(t.http);
    const university = (
      await t.http
        .post('/organisations')
        .set('Authorization', manager)
        .send({ kind: 'university', name: '中国科学院苏州纳米技术与纳米仿生研究所', district: '花桥镇' })
        .expect(201)
    ).body.id as string;
    const owner = await registerEnterprise(t.http, '昆山宝创新能源科技有限公司');
    // a demand in two chains: it counts once in the total and once in each chain of the breakdown
    const demand = await publishDemand(t.http, owner.auth, manager, [chains[2], chains[3]], {
      title: DEMAND_TITLE,
      description: '极片涂布面密度波动导致电芯一致性差，需在线检测涂布厚度并闭环控制，精度 ±1 μm。',
      keywords: ['涂布', '面密度', '在线检测'],
    });
    const achievement = await publishAchievement(t.http, manager, university, [chains[2]], {
      title: ACHIEVEMENT_TITLE,
      abstract: '基于β射线透射的极片面密度在线测量，扫描频率 20 Hz，重复精度 ±0.2 g/m²，已在两条产线应用。',
      keywords: ['β射线', '面密度', '在线测量'],
    });
    await t.settle();
    const suggested = await t.http.get(`/demands/${demand.id}/matches`).set('Authorization', manager).expect(200);
    const found = suggested.body.items.find((m: { achievementId: string }) => m.achievementId === achievement.id);
    pairId =
      found?.id ??
      (
        await t.http
          .post('/matches')
          .set('Authorization', manager)
          .send({ demandId: demand.id, achievementId: achievement.id, note: '对接会现场配对' })
          .expect(201)
      ).body.id;
    await t.http.post(`/matches/${pairId}/confirm`).set('Authorization', manager).expect(200);
    await t.settle();
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

  const card = (name: string) => page.getByRole('group', { name, exact: true });

  /** Picks an option of an antd Select; long lists are searched first (only the visible options are rendered). */
  async function choose(label: string, option: string, search = false) {
    const box = page.getByRole('combobox', { name: label });
    await box.click();
    if (search) await box.pressSequentially(option.slice(0, 4));
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
  }

  it('管理员打开指标看板，看到每项目标的卡片、状态和图表；规划期外的年份被拒绝', async () => {
    await signInAs(page, TEST_ADMIN, base + '/workspace/indicators?year=2026');
    await page.getByRole('heading', { level: 1, name: '指标看板' }).waitFor();
    await page.getByRole('heading', { name: '2026 年目标任务表（19 项）' }).waitFor();
    const tableCards = page.locator('section', { has: page.getByRole('heading', { name: /目标任务表/ }) });
    await expect(tableCards.locator('.figure-card').count()).resolves.toBe(19);
    // the text targets: 6000 成果库, 300 活动, 1000 精准匹配
    await card('科技成果（规划期）').getByText('/ 6,000 项').waitFor();
    await card('产学研活动（规划期）').getByText('/ 300 场').waitFor();
    const matches = card('精准匹配需求成果');
    await expect(matches.locator('.figure-actual').innerText()).resolves.toBe('1');
    await expect(matches.innerText()).resolves.toMatch(/序时进度 \d/);
    expect(await matches.locator('[role=progressbar]').getAttribute('aria-label')).toMatch(/完成 .*序时进度/);
    await page.getByRole('img', { name: /精准匹配需求成果 2026 年按月实际值与序时进度线/ }).waitFor();
    await page.getByRole('img', { name: /对接漏斗：推荐 \d+ 对，确认 1 对/ }).waitFor();
    await page.getByText(/一条记录属于多条产业链时在每条链各计 1 次/).waitFor();
    await page.getByRole('img', { name: /精准匹配需求成果按产业链/ }).waitFor();
    await expectAccessible();

    // the plan table with this year's figures, as a job with its progress, then the file
    await page.getByRole('button', { name: '导出报表（xlsx）' }).click();
    const exported = page.getByRole('dialog', { name: '2026 年指标报表' });
    const file = exported.getByRole('link', { name: '下载报表' });
    await file.waitFor({ timeout: 60000 });
    const [download] = await Promise.all([page.waitForEvent('download'), file.click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    await exported.getByRole('button', { name: '关闭' }).first().click();
    await exported.waitFor({ state: 'hidden' });

    // 2027 has not begun: nothing is late yet
    await choose('规划年度', '2027 年');
    await page.waitForURL(/year=2027/);
    await page.getByRole('heading', { name: '2027 年目标任务表（19 项）' }).waitFor();
    await expect(card('重大需求').getByText('未开始').count()).resolves.toBe(1);
    await expect(page.locator('.figure-card').getByText('滞后', { exact: true }).count()).resolves.toBe(0);

    await page.goto(base + '/workspace/indicators?year=2031');
    await page.getByRole('alert').getByText('2031 年不在三年行动方案的规划期内，请选择 2025—2027 年').waitFor();
    await expectAccessible();
  });

  it('精准匹配计入已确认的需求—成果对，明细列出该对、链接到记录并说明计数规则', async () => {
    await signInAs(page, TEST_ADMIN, base + '/workspace/indicators?year=2026');
    await card('精准匹配需求成果')
      .getByRole('button', { name: /查看明细/ })
      .click();
    const drawer = page.getByRole('dialog', { name: '精准匹配需求成果：构成数值的记录' });
    await drawer.getByText('计数规则').waitFor();
    await drawer.getByText(/技术经理人确认的需求—成果对计 1 项，每一对只计一次/).waitFor();
    const link = drawer.getByRole('link', { name: `${DEMAND_TITLE} ↔ ${ACHIEVEMENT_TITLE}` });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`/workspace/matches?match=${pairId}`);
    await drawer.getByText('共 1 条').waitFor();
    await expectAccessible();

    // the funnel's 确认 stage lists the same pair
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '确认：1 对' }).click();
    const stage = page.getByRole('dialog', { name: /对接漏斗“确认”阶段/ });
    await stage.getByRole('link', { name: `${DEMAND_TITLE} ↔ ${ACHIEVEMENT_TITLE}` }).click();
    await page.waitForURL(new RegExp(`/workspace/matches\\?match=${pairId}`));
    await page.getByRole('dialog', { name: '匹配详情' }).waitFor();
  });

  it('一位管理员带佐证材料填报指标，另一位管理员在待审核列表中审核通过后计入', async () => {
    await signInAs(page, TEST_ADMIN, base + '/workspace/indicators?year=2026');
    await page.getByRole('button', { name: '填报指标' }).click();
    const form = page.getByRole('dialog', { name: '填报指标（2026 年）' });
    await form.getByLabel('指标').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '应用场景' }).click();
    await form.getByLabel('数值').fill('2');
    await form.getByLabel('佐证说明').fill('苏州市工信局《2026年度市级应用场景示范项目名单》（苏工信〔2026〕41号）');
    await form.getByRole('button', { name: '提交审核' }).click();
    await form.getByText('请上传佐证材料').waitFor();
    await form.locator('input[type=file]').setInputFiles({
      name: '应用场景名单.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n应用场景示范项目名单\n%%EOF'),
    });
    await expectAccessible();
    await form.getByRole('button', { name: '提交审核' }).click();
    await page.getByText('已提交“应用场景”的填报，待其他管理员审核').waitFor();
    const pending = page.locator('.report-panel .ant-table-row', { hasText: '应用场景' });
    await pending.waitFor();
    // the author cannot approve their own figure, and it is not counted yet
    await expect(pending.getByRole('button', { name: '通过' }).isDisabled()).resolves.toBe(true);
    // the report list and the indicator overview are refetched separately after the submission: wait for the card's
    await card('应用场景').getByText('待审核填报 1 条（未计入）').waitFor();
    await expect(card('应用场景').locator('.figure-actual').innerText()).resolves.toBe('0');
    await expect(card('应用场景').innerText()).resolves.toContain('待审核填报 1 条（未计入）');

    await browser.context.clearCookies();
    await signInAs(page, SECOND_ADMIN, base + '/workspace/indicators?year=2026');
    await pending.getByRole('link', { name: '下载' }).waitFor();
    await expectAccessible();
    await pending.getByRole('button', { name: '通过' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '审核通过' }).click();
    await page.getByText('已审核通过“应用场景”的填报').waitFor();
    await pending.waitFor({ state: 'detached' });
    await page.getByText('没有待审核的填报').waitFor();
    // the approval is counted by the indicator job: the card shows it once the overview is read again
    await card('应用场景').locator('.figure-actual', { hasText: /^2$/ }).waitFor();
    await expect(card('应用场景').locator('.figure-actual').innerText()).resolves.toBe('2');
  });

  it('管理员在“用户与机构”创建技术经理人账号，随后停用，该账号无法再登录', async () => {
    await signInAs(page, TEST_ADMIN, base + '/workspace/users');
    await page.getByRole('heading', { level: 1, name: '用户与机构' }).waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    await expectAccessible();
    await page.getByRole('button', { name: '新建账号' }).click();
    const form = page.getByRole('dialog', { name: '新建账号' });
    await form.getByLabel('姓名').fill('周驻校');
    await form.getByLabel('登录邮箱').fill('zhou.zhuxiao@example.com');
    await form.getByLabel('初始密码', { exact: true }).fill('Zhuxiao2026');
    await form.getByLabel('确认初始密码').fill('Zhuxiao2026');
    await form.getByText('初始密码是临时密码').waitFor();
    await form.getByText('初始密码 72 小时内有效').waitFor();
    await expectAccessible();
    if (process.env.BROWSER_SHOTS) {
      await form.screenshot({ path: `${process.env.BROWSER_SHOTS}/bureau-users-create.png` });
    }
    await form.getByRole('button', { name: '创建' }).click();
    await page.getByText('已创建技术经理人账号 zhou.zhuxiao@example.com').waitFor();
    const row = page.locator('.ant-table-row', { hasText: 'zhou.zhuxiao@example.com' });
    await row.getByText('技术经理人').waitFor();
    // the password the administrator chose is temporary: it signs in, to set the person's own first
    const first = await t.http
      .post('/auth/login')
      .send({ email: 'zhou.zhuxiao@example.com', password: 'Zhuxiao2026' })
      .expect(200);
    expect(first.body.user.mustChangePassword).toBe(true);

    // an admin flags the account as a 评审专家; the filter in the URL lists the experts only
    await row.getByRole('button', { name: '设为评审专家 zhou.zhuxiao@example.com' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '设为评审专家', exact: true }).click();
    await page.getByText('已将 周驻校 设为评审专家').waitFor();
    await row.getByText('评审专家', { exact: true }).waitFor();
    await choose('评审专家', '仅评审专家');
    await page.waitForURL(/expert=true/);
    await page.getByText('共 1 个账号').waitFor();
    await expectAccessible();
    if (process.env.BROWSER_SHOTS) {
      await page.screenshot({ path: `${process.env.BROWSER_SHOTS}/bureau-users-experts.png`, fullPage: true });
    }
    await page.goto(base + '/workspace/users');
    await row.waitFor();

    await row.getByRole('button', { name: '停用 zhou.zhuxiao@example.com' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '停用', exact: true }).click();
    await page.getByText('已停用 周驻校，其登录立即失效').waitFor();
    await row.getByText('已停用').waitFor();
    await t.http.post('/auth/login').send({ email: 'zhou.zhuxiao@example.com', password: 'Zhuxiao2026' }).expect(401);

    await page.getByRole('tab', { name: '机构' }).click();
    await page.locator('.ant-table-row', { hasText: '昆山宝创新能源科技有限公司' }).waitFor();
    await expectAccessible();
  });

  it('管理员在审计日志中按事件类型、操作人和日期筛选', async () => {
    await signInAs(page, TEST_ADMIN, base + '/workspace/audit');
    await page.getByRole('heading', { level: 1, name: '审计日志' }).waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    await expectAccessible();

    await choose('事件类型', '匹配·确认（精准匹配）', true);
    await page.waitForURL(/type=match\.confirmed/);
    const rows = page.locator('.ant-table-row');
    await page.getByText('共 1 条').waitFor();
    await expect(rows.first().innerText()).resolves.toContain('陈经理（技术经理人）');

    await choose('事件类型', '用户·创建', true);
    await page.waitForURL(/type=user\.created/);
    await choose('操作人', SECOND_ADMIN.name, true);
    await page.waitForURL(/actor=/);
    await page.getByText('没有符合条件的事件').waitFor();
    await page.getByRole('combobox', { name: '操作人' }).click();
    await page.keyboard.press('Escape');
    await page.goto(page.url().replace(/&?actor=[^&]+/, ''));
    await page.getByText(/共 \d+ 条/).waitFor();
    const created = await rows.count();
    expect(created).toBeGreaterThanOrEqual(3);

    // a day range before anything happened: nothing
    await page.goto(base + '/workspace/audit?type=user.created&from=2025-01-01&to=2025-01-31');
    await page.getByText('没有符合条件的事件').waitFor();
    const today = new Date().toISOString().slice(0, 10);
    await page.goto(base + `/workspace/audit?type=user.created&from=${today}&to=${today}`);
    await page.getByText(`共 ${created} 条`).waitFor();
    await expectAccessible();
  });
});
