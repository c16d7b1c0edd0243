import { AuthService } from '@app/auth';
import { SYSTEM_ACTOR } from '@app/common';
import { DEMO_PASSWORD, DemoLoader } from '@app/registry';
import { JwtService } from '@nestjs/jwt';
import type { Page } from 'playwright-core';

import { chainIds, publishDemand } from '../factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from '../utils/app';
import {
  accessibilityProblems,
  Browser,
  buildConsoleOnce,
  launchBrowser,
  listen,
  menuEntries,
  pagePerTest,
  searchable,
  submitSignIn,
} from './harness';

/**
 * The web console through a real browser (Debian's Chromium) against the real API, PostgreSQL, Redis and
 * Meilisearch, with the demo catalogue loaded. Only what a person does: open pages, type, click.
 */
describe('web console (browser)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    buildConsoleOnce();
    t = await createTestApp();
    const auth = t.app.get(AuthService);
    await t.app.get(DemoLoader).load((input) => auth.createUser(SYSTEM_ACTOR, input));
    // The pages need the catalogue searchable; matching jobs may still run meanwhile.
    await searchable(t, '/search/demands?q=' + encodeURIComponent('摆线轮'));
    await searchable(t, '/search/achievements?q=' + encodeURIComponent('机器视觉'));
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

  async function expectAccessible(): Promise<void> {
    expect(await accessibilityProblems(page)).toEqual([]);
  }

  it('访客打开首页，看到中文标题、平台实时数据和最新需求', async () => {
    const summary = (await t.http.get('/public/summary').expect(200)).body;
    expect(summary.publishedDemands).toBeGreaterThan(0);
    await page.goto(base + '/');
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('技术需求—科技成果供需对接平台');
    const figure = page.locator('.ant-statistic', { hasText: '已发布技术需求' });
    await expect(figure.locator('.ant-statistic-content-value').innerText()).resolves.toBe(
      String(summary.publishedDemands),
    );
    await expect(page.locator('.ant-statistic', { hasText: '精准匹配需求成果' }).innerText()).resolves.toContain(
      '/ 1000 项',
    );
    const latest = (await t.http.get('/public/demands?pageSize=5').expect(200)).body.items[0].title;
    await page.getByRole('link', { name: latest }).waitFor();
    await expectAccessible();
  });

  it('访客在需求大厅搜索并看到高亮结果，筛选项显示中文名称', async () => {
    await page.goto(base + '/hall');
    await page.getByRole('searchbox', { name: '搜索技术需求' }).fill('摆线轮');
    await page.getByRole('searchbox', { name: '搜索技术需求' }).press('Enter');
    await page.waitForURL(/\/hall\?q=%E6%91%86%E7%BA%BF%E8%BD%AE/);
    const hit = page.getByRole('listitem').filter({ hasText: 'RV 减速器' }).first();
    // Meilisearch marks the matched words (摆线 / 轮): every mark is a piece of what was typed.
    await hit.locator('mark').first().waitFor();
    const marks = await hit.locator('mark').allInnerTexts();
    expect(marks.length).toBeGreaterThan(0);
    for (const m of marks) expect('摆线轮').toContain(m);
    await expect(page.getByRole('status').filter({ hasText: '共找到' }).innerText()).resolves.toMatch(
      /共找到 \d+ 项技术需求/,
    );
    // Facets by name: the 需求类型 filter offers 重大需求 with its count, never the code "major".
    await page.getByRole('combobox', { name: '需求类型' }).click();
    const option = page.getByRole('option').filter({ hasText: '重大需求' });
    await option.first().waitFor();
    expect(await page.getByRole('option', { name: /^major/ }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await expectAccessible();
  });

  it('访客搜索到标题里带 HTML 的需求时，只看到文字，页面不执行其中的代码', async () => {
    const owner = await login(t.http, 'enterprise1@zcz.local', DEMO_PASSWORD);
    const manager = await login(t.http, 'manager@zcz.local', DEMO_PASSWORD);
    const title = '摆线轮<img src=x onerror="window.__xss=1">防注入测试需求';
    await publishDemand(t.http, owner, manager, (await chainIds(t.http)).slice(0, 1), { title });
    await searchable(t, '/search/demands?q=' + encodeURIComponent('防注入测试需求'));
    await page.goto(base + '/hall?q=' + encodeURIComponent('防注入测试需求'));
    const heading = page.locator('.hits h2').first();
    await heading.waitFor();
    // The highlight markers became <mark> elements; everything else stayed text, shown as typed.
    await expect(heading.innerText()).resolves.toBe(title);
    expect(await page.locator('.hits img').count()).toBe(0);
    expect(await heading.locator('mark').count()).toBeGreaterThan(0);
    expect(await page.evaluate<unknown>('window.__xss')).toBeUndefined();
  });

  it('访客打开需求详情，看不到预算和联系方式', async () => {
    await page.goto(base + '/hall?q=' + encodeURIComponent('摆线轮'));
    await page
      .getByRole('link', { name: /RV 减速器摆线轮/ })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: '工业机器人 RV 减速器摆线轮高精度磨削与修形技术' }).waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toContain('摆线轮齿廓误差≤3 μm');
    expect(text).toContain('昆山精毅精密机械有限公司');
    for (const secret of ['0512-57001101', 'jingyi.tech@example.com', '周建华', '150', '300 万元']) {
      expect(text).not.toContain(secret);
    }
    await expectAccessible();
  });

  it('访客在成果库按关键词检索并打开成果详情', async () => {
    await page.goto(base + '/library');
    await page.getByRole('searchbox', { name: '搜索科技成果' }).fill('机器视觉');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.waitForURL(/\/library\?q=/);
    await page.locator('.hits mark').first().waitFor();
    await expectAccessible();
    const first = page.locator('.hits h2 a').first();
    const title = (await first.innerText()).trim();
    await first.click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await expect(page.locator('main').innerText()).resolves.toContain('成果简介');
    await expectAccessible();
  });

  it('访客用自然问句检索成果库：识别出的机构、成熟度、产业链显示为可移除的中文标签', async () => {
    const question = '苏州大学有哪些中试阶段的新能源电池成果';
    await page.goto(base + '/library');
    await page.getByRole('searchbox', { name: '搜索科技成果' }).fill(question);
    await page.getByRole('button', { name: '搜索' }).click();
    const understood = page.getByRole('group', { name: '已识别的条件' });
    await understood.waitFor();
    const tags = async () => (await understood.locator('.understood-tag').allInnerTexts()).map((s) => s.trim());
    expect(await tags()).toEqual(['机构：苏州大学', '成熟度：中试', '产业链：新能源']);
    await expect(understood.innerText()).resolves.toContain('检索词：电池');
    // the demo's 苏州大学 pilot new-energy achievement (锂电池 is one word: 电池 alone does not find it by keyword)
    await page.getByRole('link', { name: '锂电隔膜用改性勃姆石水性陶瓷涂覆浆料' }).waitFor();
    await page.getByText('没有同时包含“电池”的科技成果，以下为符合已识别条件的科技成果。').waitFor();
    await expectAccessible();

    // removing a tag searches the question without those words
    await page.getByRole('button', { name: '移除条件 机构：苏州大学' }).click();
    await page.waitForURL((url) => url.searchParams.get('q') === '有哪些中试阶段的新能源电池成果');
    await understood.locator('.understood-tag').nth(2).waitFor({ state: 'detached' });
    expect(await tags()).toEqual(['成熟度：中试', '产业链：新能源']);

    // understanding can be turned off, and on again
    await page.getByRole('button', { name: '按原文搜索' }).click();
    await page.getByText('已按原文检索，未识别筛选条件。').waitFor();
    expect(new URL(page.url()).searchParams.get('understand')).toBe('false');
    await page.getByRole('button', { name: '识别问句中的条件' }).click();
    await understood.waitFor();
    await expectAccessible();
  });

  it('企业用户登录后进入本角色的工作台，菜单只显示企业可用的入口', async () => {
    await page.goto(base + '/login');
    await expectAccessible();
    await submitSignIn(page, { email: 'enterprise1@zcz.local', password: DEMO_PASSWORD });
    await page.getByRole('heading', { level: 1, name: '企业用户工作台' }).waitFor();
    expect(page.url()).toBe(base + '/workspace');
    expect(await menuEntries(page)).toEqual([
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
    // The session cookie is httpOnly: page scripts see only the CSRF token.
    const visible = await page.evaluate<string>('document.cookie');
    expect(visible).toContain('zcz_csrf=');
    expect(visible).not.toContain('zcz_session');
    await expectAccessible();
  });

  it('管理员登录后看到管理菜单，看不到企业和高校的入口', async () => {
    await page.goto(base + '/login');
    await submitSignIn(page, TEST_ADMIN);
    await page.getByRole('heading', { level: 1, name: '系统管理员工作台' }).waitFor();
    expect(await menuEntries(page)).toEqual([
      '工作台',
      '需求管理',
      '成果管理',
      '匹配管理',
      '对接活动',
      '揭榜挂帅',
      '批量导入',
      '指标监测',
      '服务对象',
      '服务记录',
      '经理人与机构',
      '分级评估',
      '用户管理',
      '审计日志',
      '通知中心',
      '账号设置',
    ]);
  });

  it('用户输错邮箱格式时错误显示在邮箱旁，密码错误时显示提示和请求编号', async () => {
    await page.goto(base + '/login');
    await submitSignIn(page, { email: '不是邮箱', password: 'whatever' });
    const emailItem = page.locator('.ant-form-item', { has: page.getByLabel('邮箱') });
    await expect(emailItem.locator('.ant-form-item-explain').innerText()).resolves.toBe('邮箱格式不正确');
    await submitSignIn(page, { email: 'enterprise1@zcz.local', password: 'wrong-password' });
    const alert = page.getByRole('alert').filter({ hasText: '邮箱或密码错误' });
    await expect(alert.innerText()).resolves.toMatch(/请求编号：[\w-]+/);
  });

  it('会话过期后回到登录页，重新登录后回到原来的页面', async () => {
    await page.goto(base + '/login');
    await submitSignIn(page, { email: 'manager@zcz.local', password: DEMO_PASSWORD });
    await page.getByRole('heading', { level: 1, name: '技术经理人工作台' }).waitFor();
    await page.getByRole('link', { name: '对接活动' }).first().click();
    await page.waitForURL(base + '/workspace/activities');
    // The token in the cookie runs out (signed as already expired by the API's own key).
    const me = (await t.http.post('/auth/login').send({ email: 'manager@zcz.local', password: DEMO_PASSWORD })).body
      .user;
    const expired = await t.app
      .get(JwtService)
      .signAsync({ sub: me.id, role: me.role, org: me.organisationId }, { expiresIn: -60 });
    await browser.context.addCookies([{ name: 'zcz_session', value: expired, url: base, httpOnly: true }]);
    await page.reload();
    await page.waitForURL(/\/login\?/);
    expect(new URL(page.url()).searchParams.get('next')).toBe('/workspace/activities');
    await submitSignIn(page, { email: 'manager@zcz.local', password: DEMO_PASSWORD });
    await page.waitForURL(base + '/workspace/activities');
    await page.getByRole('heading', { level: 1, name: '对接活动' }).waitFor();
  });

  it('用户退出登录后回到登录页，工作台不再可用', async () => {
    await page.goto(base + '/login?next=%2Fworkspace');
    await submitSignIn(page, { email: 'university1@zcz.local', password: DEMO_PASSWORD });
    await page.getByRole('heading', { level: 1, name: '高校院所工作台' }).waitFor();
    expect(await menuEntries(page)).toEqual([
      '工作台',
      '我的成果',
      '我的揭榜',
      '揭榜邀请',
      '批量导入',
      '一校一档',
      '服务记录',
      '通知中心',
      '账号设置',
    ]);
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(base + '/login');
    const cookies = await browser.context.cookies(base);
    expect(cookies.map((c) => c.name)).not.toContain('zcz_session');
    await page.goto(base + '/workspace');
    await page.waitForURL(/\/login\?next=%2Fworkspace/);
  });

  it('手机宽度（390 px）下公开页面不出现横向滚动', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/', '/hall', '/library', '/calls']) {
      await page.goto(base + path);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect({ path, width }).toEqual({ path, width: 390 });
    }
  });
});
