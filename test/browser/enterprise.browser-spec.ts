import type { Page } from 'playwright-core';

import { demandBody, publishAchievement, registerEnterprise } from '../factories/registry.factory';
import { createTestApp, login, TestApp } from '../utils/app';
import { seedManagerAndUniversity } from './fixtures';
import {
  accessibilityProblems,
  Browser,
  buildConsoleOnce,
  fieldError,
  launchBrowser,
  listen,
  submitSignIn,
} from './harness';

/**
 * The enterprise's workspace through a real browser (Debian's Chromium) against the real API, PostgreSQL, Redis
 * and Meilisearch: register, file a demand, see it returned with a diagnosis, resubmit, mark a suggestion, change
 * the password. Managers' steps are API calls in the setup; the enterprise only opens pages, types and clicks.
 */
describe('enterprise workspace (browser)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let manager: string;
  let chains: string[];
  let chainName: string;

  const email = `li.ming.${Date.now().toString(36)}@example.com`;
  const password = 'Kunshan2026';
  const newPassword = 'Yushan2027';
  const title = '协作机器人关节用高精度谐波减速器国产化';
  let demandId = '';

  beforeAll(async () => {
    buildConsoleOnce();
    t = await createTestApp();
    const seed = await seedManagerAndUniversity(t, {
      managerEmail: 'chen.manager@example.com',
      university: { name: '苏州精密机电研究院', district: '周市镇' },
    });
    manager = seed.manager;
    const all = (await t.http.get('/industry-chains').expect(200)).body as Array<{ id: string; name: string }>;
    chains = all.map((c) => c.id);
    chainName = all[0].name;
    await publishAchievement(t.http, manager, seed.universityId, [chains[0]]);
    await publishAchievement(t.http, manager, seed.universityId, [chains[0]], {
      title: '协作机器人关节一体化模组',
      abstract: '集成谐波减速器、无框力矩电机与双编码器的关节模组，重复定位精度 ±0.02 mm，已用于六轴协作机器人样机。',
      keywords: ['关节模组', '谐波减速器', '协作机器人'],
      patentNumbers: ['ZL 2022 1 0654321.0'],
    });
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

  async function confirmDialog(button: string): Promise<void> {
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: button }).click();
  }

  it('企业从登录页进入注册，填写企业和账号信息后直接进入工作台', async () => {
    await page.goto(base + '/login');
    await page.getByRole('link', { name: '企业注册' }).click();
    await page.getByRole('heading', { level: 1, name: '企业注册' }).waitFor();
    await expectAccessible();
    await page.getByLabel('企业名称').fill('昆山精密传动科技有限公司');
    await page.getByLabel('所在区镇').fill('周市镇');
    await page.getByLabel('姓名').fill('李明');
    await page.getByLabel('邮箱').fill(email);
    await page.getByLabel('密码', { exact: true }).fill('short');
    await page.getByLabel('确认密码').fill('short');
    await page.getByRole('button', { name: '注册并进入工作台' }).click();
    // The API's password rule, shown beside the password field.
    await fieldError(page, '密码').filter({ hasText: /\S/ }).waitFor();
    await page.getByLabel('密码', { exact: true }).fill(password);
    await page.getByLabel('确认密码').fill(password);
    await page.getByRole('button', { name: '注册并进入工作台' }).click();
    await page.getByRole('heading', { level: 1, name: '企业用户工作台' }).waitFor();
    expect(page.url()).toBe(base + '/workspace');
    await expect(page.locator('.workspace-user').innerText()).resolves.toContain('昆山精密传动科技有限公司');
    const menu = page.getByRole('navigation', { name: '工作台菜单', exact: true });
    expect((await menu.getByRole('menuitem').allInnerTexts()).map((s) => s.trim())).toEqual([
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
  });

  it('企业填写需求：错误显示在字段旁，质量提示随填写更新，保存草稿后确认提交', async () => {
    await page
      .getByRole('navigation', { name: '工作台菜单', exact: true })
      .getByRole('link', { name: '我的需求' })
      .click();
    await page.getByRole('heading', { level: 1, name: '我的需求' }).waitFor();
    await page.getByText('还没有需求').waitFor();
    await expectAccessible();
    await page.getByRole('button', { name: '发布新需求' }).click();
    await page.getByRole('heading', { level: 1, name: '发布新需求' }).waitFor();

    await page.getByLabel('需求名称').fill(title);
    await page.getByLabel('需求描述').fill('需要谐波减速器。');
    await page.getByLabel('所属产业链').click();
    await page.locator('.ant-select-item-option', { hasText: chainName }).click();
    await page.keyboard.press('Escape');
    // Too short for the API (at least 20 characters): the reason appears under 需求描述, nothing is saved.
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect(fieldError(page, '需求描述').innerText()).resolves.toContain('长度不足');
    expect(page.url()).toBe(base + '/workspace/my-demands/new');

    // Live quality: the hint for quantified indicators is there until the indicators say numbers with units.
    const hints = page.getByTestId('quality-hints');
    await hints.getByText('可量化的参数').waitFor();
    const scoreBefore = Number((await page.getByTestId('quality').getAttribute('data-score')) ?? 0);
    const body = demandBody([chains[0]]);
    await page.getByLabel('需求描述').fill(body.description);
    await page.getByLabel('技术指标').fill(body.technicalIndicators);
    await hints.getByText('可量化的参数').waitFor({ state: 'detached' });
    const scoreAfter = Number(await page.getByTestId('quality').getAttribute('data-score'));
    expect(scoreAfter).toBeGreaterThan(scoreBefore);

    await page.getByLabel('预期目标').fill(body.expectedOutcome);
    const keywords = page.getByLabel('技术关键词');
    for (const k of body.keywords) {
      await keywords.fill(k);
      await keywords.press('Enter');
    }
    await page.getByLabel('合作开发').check();
    await page.getByLabel('预算下限（万元，保密）').fill('80');
    await page.getByLabel('预算上限（万元，保密）').fill('200');
    await page.getByText('只有本企业用户和平台技术经理人可见').waitFor();
    await expectAccessible();

    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForURL(/\/workspace\/my-demands\/[0-9a-f-]{36}\/edit$/);
    demandId = page.url().split('/').at(-2)!;
    await page.getByText('草稿已保存').waitFor();
    const saved = (await t.http.get(`/demands/${demandId}`).set('Authorization', manager).expect(200)).body;
    expect(saved).toMatchObject({ status: 'draft', title, budgetMin: 80, budgetMax: 200 });

    await page.getByRole('button', { name: '提交审核' }).click();
    await confirmDialog('确定提交');
    await page.waitForURL(base + `/workspace/my-demands/${demandId}`);
    await page.locator('h1 .ant-tag', { hasText: '待审核' }).waitFor();
    expect((await t.http.get(`/demands/${demandId}`).set('Authorization', manager)).body.status).toBe('submitted');
  });

  it('退回的需求显示退回原因和二次诊断，企业修改后重新提交', async () => {
    const reason = '技术指标不够具体，请补充';
    const diagnosis = '“高精度”请量化为回差、传动精度等指标；请说明年需求量与目标成本';
    await t.http
      .post(`/demands/${demandId}/return`)
      .set('Authorization', manager)
      .send({ reason, diagnosis })
      .expect(200);

    await page.goto(base + '/workspace/my-demands?status=draft');
    const row = page.getByRole('row', { name: new RegExp(title) });
    await row.getByText('已退回').waitFor();
    await expectAccessible();
    await row.getByRole('link', { name: title }).click();
    await page.waitForURL(base + `/workspace/my-demands/${demandId}`);
    await expect(page.getByTestId('return-reason').innerText()).resolves.toBe(reason);
    await expect(page.getByTestId('return-diagnosis').innerText()).resolves.toBe(diagnosis);
    await expectAccessible();

    await page.getByRole('button', { name: '修改并重新提交' }).click();
    await page.getByRole('heading', { level: 1, name: '修改被退回的需求' }).waitFor();
    await expect(page.getByTestId('return-diagnosis').innerText()).resolves.toBe(diagnosis);
    await page
      .getByLabel('技术指标')
      .fill('传动精度≤1 弧分；回差≤10 弧秒；额定寿命≥10000 h；年需求量 2 万台，目标单价≤1500 元');
    await page.getByRole('button', { name: '重新提交审核' }).click();
    await confirmDialog('确定提交');
    await page.waitForURL(base + `/workspace/my-demands/${demandId}`);
    await page.locator('h1 .ant-tag', { hasText: '待审核' }).waitFor();
    const after = (await t.http.get(`/demands/${demandId}`).set('Authorization', manager)).body;
    expect(after.status).toBe('submitted');
    expect(after.technicalIndicators).toContain('年需求量 2 万台');
  });

  it('需求发布后企业看到匹配推荐及中文理由，标记一项有意向、一项不合适（须选原因）', async () => {
    await t.http.post(`/demands/${demandId}/publish`).set('Authorization', manager).send({}).expect(200);
    await t.settle();
    const stored = (await t.http.get(`/demands/${demandId}/matches`).set('Authorization', manager).expect(200)).body;
    expect(stored.items.length).toBeGreaterThanOrEqual(2);

    await page.goto(base + `/workspace/my-demands/${demandId}`);
    await page.getByRole('button', { name: '查看匹配推荐' }).click();
    await page.waitForURL(base + `/workspace/my-demands/${demandId}/matches`);
    const cards = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: '有意向' }) });
    await cards.first().waitFor();
    const first = cards.first();
    const text = await first.innerText();
    expect(text).toContain('推荐理由：');
    expect(text).toMatch(/匹配度 \d+ 分/);
    expect(text).toContain('对接阶段：系统推荐');
    expect(text).toContain(`产业链（符合度`);
    // one number for the text everywhere on the card, maturity in words
    const strength = /技术内容相关度（符合度 (\d+)%/.exec(text)?.[1];
    expect(text).toContain(`：技术内容相关度 ${strength}%`);
    expect(text).not.toMatch(/TRL/);
    await expectAccessible();
    if (process.env.BROWSER_SHOTS) {
      await page.screenshot({ path: `${process.env.BROWSER_SHOTS}/enterprise-suggestions-card.png`, fullPage: true });
    }

    await first.getByRole('button', { name: '有意向' }).click();
    await first.getByText('已标记：有意向').waitFor();

    const second = cards.nth(1);
    await second.getByRole('button', { name: '不合适' }).click();
    const dialog = page.getByRole('dialog', { name: '标记为不合适' });
    await dialog.getByRole('button', { name: '确定' }).click();
    await dialog.getByText('请选择不合适的原因').waitFor();
    await dialog.getByLabel('原因').click();
    await page.locator('.ant-select-item-option', { hasText: '成果成熟度不够' }).click();
    await dialog.getByLabel('补充说明').fill('需要可直接量产的方案');
    await dialog.getByRole('button', { name: '确定' }).click();
    await second.getByText('已标记：不合适（成果成熟度不够）').waitFor();

    // The manager sees the enterprise's 有意向 (and it is not yet a 精准匹配).
    const interested = await t.http
      .get('/matches')
      .query({ interest: 'interested', demandId })
      .set('Authorization', manager)
      .expect(200);
    expect(interested.body.items).toHaveLength(1);
    expect(interested.body.items[0]).toMatchObject({ status: 'suggested', interest: 'interested' });

    await first.getByRole('button', { name: '对接过程' }).click();
    const drawer = page.locator('.ant-drawer', { hasText: '对接过程' });
    await drawer.getByText('企业反馈：有意向').waitFor();
    await drawer.getByText('当前阶段').waitFor();
    await expectAccessible();
    await page.keyboard.press('Escape');
  });

  it('没有对口成果时显示「暂无高匹配度成果」和简短说明，不把弱相关成果当作推荐', async () => {
    const auth = await login(t.http, email, password);
    const body = demandBody([chains[0]], {
      title: '食用菌液体菌种深层发酵工艺优化',
      description:
        '我司从事杏鲍菇工厂化栽培，希望优化液体菌种深层发酵的培养基配方与通气条件，缩短菌种培养周期至 5 天以内，降低杂菌污染率。',
      keywords: ['液体菌种', '深层发酵', '杏鲍菇'],
      technicalIndicators: '培养周期≤5 天；污染率≤1%',
      expectedOutcome: '形成可在 5 吨发酵罐上稳定运行的工艺规程',
    });
    const created = await t.http.post('/demands').set('Authorization', auth).send(body).expect(201);
    const id = created.body.id as string;
    await t.http.post(`/demands/${id}/submit`).set('Authorization', auth).expect(200);
    await t.http.post(`/demands/${id}/publish`).set('Authorization', manager).send({}).expect(200);
    await t.settle();

    await page.goto(base + `/workspace/my-demands/${id}/matches`);
    await page.getByRole('heading', { name: '暂无高匹配度成果' }).waitFor();
    const text = await page.locator('.no-strong-match').innerText();
    expect(text).toContain('不作为推荐展示');
    expect(await page.getByRole('button', { name: '有意向' }).count()).toBe(0);
    await expectAccessible();
    if (process.env.BROWSER_SHOTS) {
      await page.screenshot({ path: `${process.env.BROWSER_SHOTS}/enterprise-no-strong-match.png`, fullPage: true });
    }
  });

  it('企业在账号设置修改密码：当前密码错误显示在字段旁，成功后仍在登录状态，新密码可登录', async () => {
    await page.goto(base + '/workspace/account');
    await page.getByRole('heading', { level: 1, name: '账号设置' }).waitFor();
    await expectAccessible();
    await page.getByLabel('当前密码').fill('Kunshan2025');
    await page.getByLabel('新密码', { exact: true }).fill(newPassword);
    await page.getByLabel('确认新密码').fill(newPassword);
    await page.getByRole('button', { name: '修改密码' }).click();
    await expect(fieldError(page, '当前密码').innerText()).resolves.toBe('当前密码不正确');

    await page.getByLabel('当前密码').fill(password);
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByText('密码已修改').waitFor();
    // The session was renewed: the workspace still answers after a reload.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '账号设置' }).waitFor();
    await t.http.post('/auth/login').send({ email, password }).expect(401);
    await t.http.post('/auth/login').send({ email, password: newPassword }).expect(200);

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(base + '/login');
    await submitSignIn(page, { email, password: newPassword });
    await page.getByRole('heading', { level: 1, name: '企业用户工作台' }).waitFor();
  });

  it('一家企业的用户不能通过网址打开另一家企业的需求', async () => {
    const other = await registerEnterprise(t.http, '昆山另一家精密机械有限公司');
    const theirs = (
      await t.http
        .post('/demands')
        .set('Authorization', other.auth)
        .send(demandBody([chains[0]], { title: '另一家企业的保密需求：伺服电机编码器' }))
        .expect(201)
    ).body;
    for (const path of [`/workspace/my-demands/${theirs.id}`, `/workspace/my-demands/${theirs.id}/edit`]) {
      await page.goto(base + path);
      await page.getByRole('alert').waitFor();
      const main = await page.getByRole('main').last().innerText();
      expect(main).not.toContain('伺服电机编码器');
      expect(main).not.toContain('wang@example.com');
      expect(main).toMatch(/不存在|无权/);
    }
  });

  it('企业在“我的需求”用一句话提问：识别出的区域显示为可移除的标签，只在本企业的需求中查找', async () => {
    const auth = await login(t.http, email, newPassword);
    const add = async (overrides: Record<string, unknown>) =>
      t.http
        .post('/demands')
        .set('Authorization', auth)
        .send(demandBody([chains[0]], overrides))
        .expect(201);
    await add({ title: '周市基地伺服压机产线数字化改造', region: '昆山市周市镇' });
    await add({ title: '花桥仓储物流机器人调度系统', region: '花桥经济开发区' });
    await page.goto(base + '/workspace/my-demands?q=' + encodeURIComponent('周市有哪些需求'));
    const understood = page.getByRole('group', { name: '已识别的条件' });
    await understood.waitFor();
    expect(await understood.locator('.understood-tag').allInnerTexts()).toEqual(['区域：周市镇']);
    await page.getByRole('link', { name: '周市基地伺服压机产线数字化改造' }).waitFor();
    expect(await page.getByRole('link', { name: '花桥仓储物流机器人调度系统' }).count()).toBe(0);
    // the other enterprise's demand of the previous check is never among them
    expect(await page.getByRole('main').last().innerText()).not.toContain('伺服电机编码器');
    await expectAccessible();
    if (process.env.BROWSER_SHOTS) {
      await page.screenshot({
        path: `${process.env.BROWSER_SHOTS}/enterprise-my-demands-understood.png`,
        fullPage: true,
      });
    }
    await page.getByRole('button', { name: '移除条件 区域：周市镇' }).click();
    await page.waitForURL((url) => url.searchParams.get('q') === '有哪些需求');
    await page.getByRole('link', { name: '花桥仓储物流机器人调度系统' }).waitFor();
    await understood.waitFor({ state: 'detached' });
  });
});
