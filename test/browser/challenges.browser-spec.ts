import type { Page } from 'playwright-core';

import { chainIds, createManager, publishDemand, registerEnterprise } from '../factories/registry.factory';
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

const MANAGER = { email: 'jingli@example.com', password: 'Manager2026' };
const UNIVERSITY = { email: 'liuxw@example.edu.cn', password: 'Kunshan2026' };
const EXPERT = { email: 'zhuanjia@example.edu.cn', password: 'Expert2026' };
const EXPERT2 = { email: 'wangjing@example.edu.cn', password: 'Expert2026b' };
/** The call's enterprise (出榜方); its e-mail is set when it registers. */
const ENTERPRISE = { email: '', password: 'Kunshan2026' };

const DEMAND = '协作机器人关节用高精度谐波减速器国产化';
const CALL = `${DEMAND}揭榜挂帅`;
const UNIVERSITY_NAME = '江南精密工程大学';

/**
 * 揭榜挂帅 through a real browser (Debian's Chromium) against the real API and services: a manager writes a call
 * from a published major demand and publishes it; the public reads it in 榜单大厅; a university submits a bid (and
 * is shown the API's 409 once the call is closed); the manager assigns an expert and starts the review; the expert
 * scores, the other is excused by the admin (批准免评); the call's enterprise follows the review with the
 * experts anonymised (评审专家名单保密); the manager awards and sees the project. Only the setup (accounts, the demand) goes through the API.
 */
describe('揭榜挂帅 console (browser)', () => {
  jest.setTimeout(240000);

  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let manager: string;
  const ids: Record<string, string> = {};

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
          .send({ kind: 'university', name, district: '周市镇' })
          .expect(201)
      ).body.id as string;
    ids.university = await org(UNIVERSITY_NAME);
    const expertOrg = await org('东吴智能制造研究院');
    for (const [who, name, organisationId] of [
      [UNIVERSITY, '刘晓雯', ids.university],
      [EXPERT, '周明远', expertOrg],
      [EXPERT2, '王静', expertOrg],
    ] as const) {
      await t.http
        .post('/users')
        .set('Authorization', admin)
        .send({
          ...who,
          name,
          role: 'university',
          organisationId,
          expert: who !== UNIVERSITY,
          temporaryPassword: false,
        })
        .expect(201);
    }
    const ent = await registerEnterprise(t.http, '昆山精毅精密机械有限公司');
    ENTERPRISE.email = ent.email;
    await publishDemand(t.http, ent.auth, manager, [chains[4]]);
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

  async function confirm(button: string): Promise<void> {
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: button }).click();
    await dialog.waitFor({ state: 'hidden' });
  }

  it('技术经理人由已发布的重大需求新建榜单并发布', async () => {
    await signInAs(page, MANAGER, base + '/workspace/challenges');
    await page.getByRole('heading', { level: 1, name: '揭榜挂帅' }).waitFor();
    const menu = page.getByRole('navigation', { name: '工作台菜单', exact: true });
    expect((await menu.getByRole('menuitem').allInnerTexts()).map((s) => s.trim())).toContain('揭榜挂帅');
    await expectAccessible();
    await page.getByRole('button', { name: '新建榜单' }).click();
    const form = page.getByRole('dialog', { name: '新建榜单' });
    await form.getByLabel('重大需求', { exact: true }).fill('谐波减速器');
    await page.locator('.ant-select-item-option', { hasText: DEMAND }).click();
    await expect(form.getByLabel('榜单名称').inputValue()).resolves.toBe(CALL);
    await form.getByLabel('指标 1 名称').fill('回差');
    await form.getByLabel('目标值').fill('≤10');
    await form.getByLabel('单位', { exact: true }).fill('弧秒');
    await form.getByLabel('检测方法').fill('第三方检测机构按 GB/T 35089 测试');
    await form.getByLabel('榜额（万元）').fill('500');
    await form.getByLabel('企业出资（万元）').fill('350');
    await form.getByLabel('政府资助（万元）').fill('150');
    await form.getByLabel('地区要求').fill('长三角地区');
    await form.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForURL(/\/workspace\/challenges\/[0-9a-f-]{36}$/);
    ids.call = page.url().split('/').pop()!;
    await page.getByRole('heading', { level: 1, name: CALL }).waitFor();
    await page.getByText('草稿', { exact: true }).waitFor();
    await page.getByRole('tab', { name: '榜单信息' }).click();
    await page.getByRole('cell', { name: '第三方检测机构按 GB/T 35089 测试' }).waitFor();
    await expectAccessible();
    await page.getByRole('button', { name: '发布榜单' }).click();
    await confirm('确认发布榜单');
    await page.getByText('揭榜中', { exact: true }).waitFor();
    const stored = (await t.http.get(`/challenges/${ids.call}`).set('Authorization', manager).expect(200)).body;
    expect(stored).toMatchObject({ status: 'published', fundingTotal: 500, sourceDemandId: expect.any(String) });
  });

  it('访客在榜单大厅按机制筛选看到榜单，详情页有验收指标与榜额，没有揭榜方案', async () => {
    await page.goto(base + '/');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '榜单大厅' }).click();
    await page.getByRole('heading', { level: 1, name: '榜单大厅' }).waitFor();
    await page.getByRole('link', { name: CALL }).waitFor();
    await expectAccessible();
    await page.goto(base + '/calls?mechanism=horse_race');
    await page.getByText('没有符合条件的榜单').waitFor();
    await page.goto(base + '/calls?mechanism=open_call&status=published');
    await page.getByRole('link', { name: CALL }).click();
    await page.getByRole('heading', { level: 1, name: CALL }).waitFor();
    await page.getByText('企业出资 350 万元，政府资助 150 万元').waitFor();
    await page.getByRole('cell', { name: '回差' }).waitFor();
    await page.getByRole('button', { name: '登录后揭榜' }).waitFor();
    // The public reads the call, never bids: no bidder, no bid count.
    await expect(page.locator('main').innerText()).resolves.not.toMatch(/揭榜单位|方案 \d+ 份/);
    await expectAccessible();
  });

  it('高校用户提交揭榜方案，在“我的揭榜”中看到；截止后修改被拒绝并显示原因', async () => {
    await signInAs(page, UNIVERSITY, base + `/calls/${ids.call}`);
    await page.getByRole('button', { name: '我要揭榜' }).click();
    await page.waitForURL(/\/workspace\/my-bids\/new\?call=/);
    await page.getByRole('heading', { level: 1, name: '提交揭榜方案' }).waitFor();
    await expectAccessible();
    await page
      .getByLabel('技术方案 / 技术路线')
      .fill(
        '采用双圆弧齿形修形与柔轮残余应力控制工艺，结合有限元仿真优化柔轮壁厚分布；第一阶段完成样机设计与试制，第二阶段完成第三方检测与加速寿命试验。',
      );
    await page.getByLabel('姓名', { exact: true }).fill('刘晓雯');
    await page.getByLabel('职称 / 职务').fill('教授、博士生导师');
    await page.getByLabel('所在单位').fill(UNIVERSITY_NAME);
    await page.getByLabel('里程碑 1', { exact: true }).fill('完成样机设计与试制');
    const due = new Date(Date.now() + 180 * 86400 * 1000).toISOString().slice(0, 10);
    await page.getByLabel('里程碑 1 完成日期').fill(due);
    await page.getByLabel('里程碑 1 完成日期').press('Enter');
    await page.getByLabel('里程碑 1 交付物').fill('样机 3 台及第三方检测报告');
    await page.getByLabel('申请经费（万元）').fill('480');
    await page.getByRole('button', { name: '提交揭榜方案' }).click();
    await page.waitForURL(/\/workspace\/my-bids\/[0-9a-f-]{36}$/);
    ids.bid = page.url().split('/').pop()!;
    await page.getByRole('button', { name: '撤回方案' }).waitFor();
    await page
      .getByRole('navigation', { name: '工作台菜单', exact: true })
      .getByRole('link', { name: '我的揭榜' })
      .click();
    await page.getByRole('heading', { level: 1, name: '我的揭榜' }).waitFor();
    await page.getByRole('link', { name: CALL }).waitFor();
    await expectAccessible();
    // The manager closes the call while the form is open: saving answers the API's 409, shown on the page.
    await page.getByRole('link', { name: CALL }).click();
    await page.getByRole('button', { name: '保存修改' }).waitFor();
    await t.http.post(`/challenges/${ids.call}/close`).set('Authorization', manager).send({}).expect(200);
    await page.getByLabel('申请经费（万元）').fill('450');
    await page.getByRole('button', { name: '保存修改' }).click();
    await page.getByRole('alert').filter({ hasText: '揭榜已截止' }).waitFor();
    const bid = (await t.http.get(`/challenges/bids/${ids.bid}`).set('Authorization', manager).expect(200)).body;
    expect(bid.requestedFunding).toBe(480);
    await page.reload();
    await page.getByText('揭榜已截止，方案已冻结，不能再修改或撤回').waitFor();
  });

  it('技术经理人指定评审专家并开始评审；专家评分，管理员批准另一位专家免评；技术经理人定榜后看到攻关项目', async () => {
    await signInAs(page, MANAGER, base + `/workspace/challenges/${ids.call}?tab=experts`);
    await page.getByRole('heading', { level: 1, name: CALL }).waitFor();
    for (const name of ['周明远', '王静']) {
      await page.getByRole('combobox', { name: '评审专家' }).fill(name);
      await page.locator('.ant-select-item-option', { hasText: name }).click();
    }
    await page.getByRole('button', { name: '保存专家名单' }).click();
    await page.getByRole('cell', { name: '周明远' }).waitFor();
    await page.getByRole('cell', { name: '王静', exact: true }).waitFor();
    // 批准免评 is for administrators only.
    await expect(page.getByRole('button', { name: /免评/ }).count()).resolves.toBe(0);
    await expectAccessible();
    await page.getByRole('button', { name: '开始评审' }).click();
    await confirm('确认开始评审');
    await page.getByText('专家评审中', { exact: true }).first().waitFor();

    // The expert: 评审任务 → the call → scores per criterion with a comment.
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(base + '/login');
    await signInAs(page, EXPERT, base + '/workspace/reviews');
    await page.getByRole('heading', { level: 1, name: '评审任务' }).waitFor();
    await expectAccessible();
    await page.getByRole('link', { name: CALL }).click();
    await page.getByRole('heading', { level: 1, name: `专家评分：${CALL}` }).waitFor();
    const sheet = page.getByRole('region', { name: `方案 1：${UNIVERSITY_NAME}` });
    await sheet.getByText('待评分').waitFor();
    for (const [criterion, score] of [
      ['技术方案先进性（40%）', '88'],
      ['团队实力与业绩（30%）', '85'],
      ['产业化可行性（20%）', '80'],
      ['经费预算合理性（10%）', '90'],
    ]) {
      await sheet.getByLabel(criterion).fill(score);
    }
    await sheet.getByLabel('评审意见').fill('技术路线清晰，寿命试验方案可行，建议补充量产工艺验证计划。');
    await expectAccessible();
    await sheet.getByRole('button', { name: '提交评分' }).click();
    await sheet.getByText('已评分 85.7 分').waitFor();

    // The admin excuses the other expert (批准免评) with a reason; the one who has scored cannot be excused.
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(base + '/login');
    await signInAs(page, TEST_ADMIN, base + `/workspace/challenges/${ids.call}?tab=experts`);
    await page.getByRole('cell', { name: '王静', exact: true }).waitFor();
    await expect(page.getByRole('button', { name: '批准免评 周明远' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: '批准免评 王静' }).click();
    const excuse = page.getByRole('dialog', { name: '批准免评：王静' });
    await excuse.getByRole('button', { name: '批准免评' }).click();
    await excuse.getByText('请填写免评原因').waitFor();
    await excuse.getByLabel('免评原因').fill('王静近三年与江南精密工程大学有合作项目，申请回避全部方案');
    await expectAccessible();
    if (process.env.BROWSER_SHOTS) {
      await page.screenshot({ path: `${process.env.BROWSER_SHOTS}/challenges-excuse-dialog.png` });
    }
    await excuse.getByRole('button', { name: '批准免评' }).click();
    await excuse.waitFor({ state: 'hidden' });
    await page.getByText('已免评：王静近三年与江南精密工程大学有合作项目，申请回避全部方案').waitFor();
    await expect(page.getByRole('button', { name: /免评/ }).count()).resolves.toBe(0);
    await expectAccessible();

    // The call's enterprise follows the review from the call's page, without learning who the experts are
    // (评审专家名单保密): numbered experts with their progress, no names, no excuse reason, no 批准免评.
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(base + '/login');
    await signInAs(page, ENTERPRISE, base + `/calls/${ids.call}`);
    await page.getByRole('link', { name: '查看揭榜方案与评审进展' }).click();
    await page.getByRole('heading', { level: 1, name: CALL }).waitFor();
    await page.getByText('专家评审已完成，等待定榜').waitFor();
    await page.getByRole('cell', { name: '85.7' }).waitFor();
    await expectAccessible();
    await page.getByRole('tab', { name: '评审专家' }).click();
    await page.getByText('评审专家名单对出榜企业保密').waitFor();
    await page.getByRole('cell', { name: '专家 1', exact: true }).waitFor();
    await page.getByRole('cell', { name: '专家 2', exact: true }).waitFor();
    await page.getByText('已免评', { exact: true }).waitFor();
    const seen = await page.content();
    for (const secret of ['周明远', '王静', '近三年与江南精密工程大学有合作项目', EXPERT.email, EXPERT2.email]) {
      expect(seen).not.toContain(secret);
    }
    await expect(page.getByRole('button', { name: /免评|保存专家名单|定榜/ }).count()).resolves.toBe(0);
    await expectAccessible();
    if (process.env.BROWSER_SHOTS) {
      await page.screenshot({ path: `${process.env.BROWSER_SHOTS}/challenges-enterprise-review.png`, fullPage: true });
    }

    // The manager awards: weighted mean and rank on the bids table, then the project.
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(base + '/login');
    await signInAs(page, MANAGER, base + `/workspace/challenges/${ids.call}`);
    await page.getByText('专家评审已完成，可以定榜').waitFor();
    await page.getByRole('cell', { name: '85.7' }).waitFor();
    await expectAccessible();
    await page.getByLabel(`选择${UNIVERSITY_NAME}为揭榜单位`).check();
    await page.getByRole('button', { name: '定榜' }).click();
    await confirm('确认定榜');
    await page.getByText('已定榜', { exact: true }).waitFor();
    await page.getByRole('link', { name: '查看本榜单的攻关项目' }).click();
    await page.getByRole('heading', { level: 1, name: '攻关项目' }).waitFor();
    await page.getByRole('cell', { name: UNIVERSITY_NAME }).waitFor();
    await page.getByRole('cell', { name: '完成样机设计与试制', exact: true }).waitFor();
    await expectAccessible();
    await page.getByRole('button', { name: '验收里程碑' }).click();
    await page.getByRole('dialog').getByRole('textbox').fill('样机 3 台已交付，现场核验回差 8 弧秒');
    await confirm('确认验收');
    await page.getByRole('cell', { name: /^已验收 \d{4}-\d{2}-\d{2}$/ }).waitFor();
    await page.getByRole('cell', { name: '样机 3 台已交付，现场核验回差 8 弧秒', exact: true }).waitFor();
    await page.getByText('创新联合体', { exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '创新联合体' }).waitFor();
    await expectAccessible();
    const projects = (await t.http.get('/challenges/projects').set('Authorization', manager).expect(200)).body;
    expect(projects).toEqual([expect.objectContaining({ challengeId: ids.call, status: 'running' })]);
  });
});
