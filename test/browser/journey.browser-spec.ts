import type { Page } from 'playwright-core';

import { publishAchievement } from '../factories/registry.factory';
import { createTestApp, TestApp } from '../utils/app';
import { seedManagerAndUniversity } from './fixtures';
import { Browser, buildConsoleOnce, launchBrowser, listen, submitSignIn } from './harness';

const MANAGER = { email: 'jingli@example.com', password: 'Manager2026' };

/**
 * One demand across the audiences, through the UI only: an enterprise registers and files it, a technology manager
 * returns it with a reason, the enterprise resubmits, the manager publishes it, the enterprise marks a suggestion
 * 有意向, the manager confirms the pair and records the contract, and a visitor finds the demand in the public hall
 * without its confidential fields. The published achievements it matches are set up through the API (data only);
 * the API is read afterwards only to check what the pages did.
 */
describe('cross-audience journey (browser)', () => {
  // Three people's sessions on a busy two-core machine.
  jest.setTimeout(600000);

  let t: TestApp;
  let base: string;
  let manager: string;
  let chainName: string;
  const browsers: Browser[] = [];

  const email = `zhou.lan.${Date.now().toString(36)}@example.com`;
  const password = 'Kunshan2026';
  const company = '昆山精密传动科技有限公司';
  const title = '协作机器人关节用高精度谐波减速器国产化攻关';
  const secrets = ['王建国', '0512-57009876', 'wang.jianguo@example.com', '年采购额约 3000 万元'];

  beforeAll(async () => {
    buildConsoleOnce();
    t = await createTestApp();
    const seed = await seedManagerAndUniversity(t, {
      managerEmail: MANAGER.email,
      university: { name: '苏州精密机电研究院', district: '周市镇' },
    });
    manager = seed.manager;
    const chains = (await t.http.get('/industry-chains').expect(200)).body as Array<{ id: string; name: string }>;
    chainName = chains[0].name;
    await publishAchievement(t.http, manager, seed.universityId, [chains[0].id]);
    await publishAchievement(t.http, manager, seed.universityId, [chains[0].id], {
      title: '协作机器人关节一体化模组',
      abstract: '集成谐波减速器、无框力矩电机与双编码器的关节模组，重复定位精度 ±0.02 mm，已用于六轴协作机器人样机。',
      keywords: ['关节模组', '谐波减速器', '协作机器人'],
      patentNumbers: ['ZL 2022 1 0654321.0'],
    });
    await t.settle();
    base = await listen(t.app);
  }, 240000);

  afterAll(async () => {
    for (const b of browsers) await b.close().catch(() => undefined);
    await t?.close();
  });

  async function newPage(): Promise<Page> {
    const browser = await launchBrowser();
    browsers.push(browser);
    return browser.context.newPage();
  }

  async function confirmDialog(page: Page, button: string): Promise<void> {
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: button }).click();
  }

  const demand = async (id: string) =>
    (await t.http.get(`/demands/${id}`).set('Authorization', manager).expect(200)).body;

  it('企业注册并提交需求，经理人退回、企业修改重提、经理人发布，企业标记有意向，经理人确认并签约，访客在需求大厅找到它', async () => {
    // 1. The enterprise registers from the login page and files a demand.
    const ent = await newPage();
    await ent.goto(base + '/login');
    await ent.getByRole('link', { name: '企业注册' }).click();
    await ent.getByRole('heading', { level: 1, name: '企业注册' }).waitFor();
    await ent.getByLabel('企业名称').fill(company);
    await ent.getByLabel('所在区镇').fill('周市镇');
    await ent.getByLabel('姓名').fill('周岚');
    await ent.getByLabel('邮箱').fill(email);
    await ent.getByLabel('密码', { exact: true }).fill(password);
    await ent.getByLabel('确认密码').fill(password);
    await ent.getByRole('button', { name: '注册并进入工作台' }).click();
    await ent.getByRole('heading', { level: 1, name: '企业用户工作台' }).waitFor();

    await ent
      .getByRole('navigation', { name: '工作台菜单', exact: true })
      .getByRole('link', { name: '我的需求' })
      .click();
    await ent.getByRole('heading', { level: 1, name: '我的需求' }).waitFor();
    await ent.getByRole('button', { name: '发布新需求' }).click();
    await ent.getByRole('heading', { level: 1, name: '发布新需求' }).waitFor();
    await ent.getByLabel('需求名称').fill(title);
    await ent
      .getByLabel('需求描述')
      .fill(
        '我司年产协作机器人约两万台，关节谐波减速器目前依赖进口，交期长达六个月且价格偏高。希望联合高校院所开发国产谐波减速器，并实现小批量试制。',
      );
    await ent.getByLabel('所属产业链').click();
    await ent.locator('.ant-select-item-option', { hasText: chainName }).click();
    await ent.keyboard.press('Escape');
    await ent.getByLabel('技术指标').fill('传动精度≤1 弧分；回差≤10 弧秒；额定寿命≥10000 h');
    await ent.getByLabel('预期目标').fill('完成样机并通过 2000 小时加速寿命试验');
    const keywords = ent.getByLabel('技术关键词');
    for (const k of ['谐波减速器', '柔轮', '协作机器人']) {
      await keywords.fill(k);
      await keywords.press('Enter');
    }
    await ent.getByLabel('合作开发').check();
    await ent.getByLabel('预算下限（万元，保密）').fill('80');
    await ent.getByLabel('预算上限（万元，保密）').fill('260');
    await ent.getByLabel('联系人（保密）').fill(secrets[0]);
    await ent.getByLabel('联系电话（保密）').fill(secrets[1]);
    await ent.getByLabel('联系邮箱（保密）').fill(secrets[2]);
    await ent.getByLabel('保密说明').fill(`现供应商为日本某品牌，${secrets[3]}`);
    await ent.getByRole('button', { name: '保存草稿' }).click();
    await ent.waitForURL(/\/workspace\/my-demands\/[0-9a-f-]{36}\/edit$/);
    const demandId = ent.url().split('/').at(-2)!;
    await ent.getByText('草稿已保存').waitFor();
    await ent.getByRole('button', { name: '提交审核' }).click();
    await confirmDialog(ent, '确定提交');
    await ent.waitForURL(base + `/workspace/my-demands/${demandId}`);
    await ent.locator('h1 .ant-tag', { hasText: '待审核' }).waitFor();
    expect(await demand(demandId)).toMatchObject({
      status: 'submitted',
      title,
      budgetMin: 80,
      budgetMax: 260,
      contactName: secrets[0],
      contactPhone: secrets[1],
      contactEmail: secrets[2],
    });

    // 2. The manager returns it from 审核队列 with a reason.
    const mgr = await newPage();
    await mgr.goto(base + '/login');
    await submitSignIn(mgr, MANAGER);
    await mgr.getByRole('navigation', { name: '工作台菜单', exact: true }).waitFor();
    await mgr
      .getByRole('navigation', { name: '工作台菜单', exact: true })
      .getByRole('link', { name: '需求管理' })
      .click();
    await mgr.getByRole('heading', { level: 1, name: '需求管理' }).waitFor();
    await mgr.getByRole('tab', { name: '审核队列', selected: true }).waitFor();
    const reason = '请补充年需求量和目标成本，便于匹配合适的成果';
    await mgr.getByRole('link', { name: title }).click();
    const review = mgr.getByRole('dialog');
    await review.getByLabel('退回原因').fill(reason);
    await review.getByRole('button', { name: '退回修改' }).click();
    await mgr.getByText('已退回企业修改').waitFor();
    await mgr.getByText('审核队列为空').waitFor();
    expect((await demand(demandId)).status).toBe('draft');

    // 3. The enterprise sees the reason, edits and resubmits.
    await ent.goto(base + '/workspace/my-demands?status=draft');
    const row = ent.getByRole('row', { name: new RegExp(title) });
    await row.getByText('已退回').waitFor();
    await row.getByRole('link', { name: title }).click();
    await ent.waitForURL(base + `/workspace/my-demands/${demandId}`);
    await expect(ent.getByTestId('return-reason').innerText()).resolves.toBe(reason);
    await ent.getByRole('button', { name: '修改并重新提交' }).click();
    await ent.getByRole('heading', { level: 1, name: '修改被退回的需求' }).waitFor();
    await ent
      .getByLabel('技术指标')
      .fill('传动精度≤1 弧分；回差≤10 弧秒；额定寿命≥10000 h；年需求量 2 万台，目标单价≤1500 元');
    await ent.getByRole('button', { name: '重新提交审核' }).click();
    await confirmDialog(ent, '确定提交');
    await ent.waitForURL(base + `/workspace/my-demands/${demandId}`);
    await ent.locator('h1 .ant-tag', { hasText: '待审核' }).waitFor();

    // 4. The manager publishes it.
    await mgr.reload();
    await mgr.getByRole('link', { name: title }).click();
    await mgr.getByRole('dialog').getByText('年需求量 2 万台').first().waitFor();
    await mgr.getByRole('dialog').getByRole('button', { name: '发布', exact: true }).click();
    await mgr.getByRole('button', { name: '确认发布' }).click();
    await mgr.getByText('需求已发布').waitFor();
    expect(await demand(demandId)).toMatchObject({ status: 'published' });

    // 5. Once matching has run, the enterprise sees suggestions with reasons and marks one 有意向.
    await t.settle({ timeoutMs: 180000 });
    await ent.reload();
    await ent.getByRole('button', { name: '查看匹配推荐' }).click();
    await ent.waitForURL(base + `/workspace/my-demands/${demandId}/matches`);
    const cards = ent.getByRole('listitem').filter({ has: ent.getByRole('button', { name: '有意向' }) });
    await cards.first().waitFor();
    const first = cards.first();
    const suggestion = await first.innerText();
    expect(suggestion).toContain('推荐理由：');
    expect(suggestion).toMatch(/匹配度 \d+ 分/);
    const achievementTitle = suggestion.includes('基于双圆弧齿形修形的高精度谐波减速器')
      ? '基于双圆弧齿形修形的高精度谐波减速器'
      : '协作机器人关节一体化模组';
    await first.getByRole('button', { name: '有意向' }).click();
    await first.getByText('已标记：有意向').waitFor();

    // 6. The manager sees the mark on 对接看板, confirms the pair and records the contract.
    await mgr
      .getByRole('navigation', { name: '工作台菜单', exact: true })
      .getByRole('link', { name: '匹配管理' })
      .click();
    await mgr.getByRole('heading', { level: 1, name: '对接看板' }).waitFor();
    const card = mgr
      .getByRole('region', { name: '系统推荐' })
      .getByRole('button', { name: new RegExp(`${title}.*${achievementTitle}`) });
    await card.waitFor();
    await expect(card.innerText()).resolves.toContain('企业有意向');
    await card.click();
    const drawer = mgr.getByRole('dialog', { name: '匹配详情' });
    await drawer.getByRole('region', { name: '技术需求' }).getByText(company).waitFor();
    const actions = drawer.getByRole('region', { name: '对接操作' });
    await actions.getByLabel('备注（选填）').fill('企业希望两周内看到样机，已约定到研究院现场测试');
    await actions.getByRole('button', { name: '确认为精准匹配' }).click();
    await mgr.getByRole('button', { name: '确认', exact: true }).click();
    await actions.getByRole('button', { name: '标记已签约' }).click();
    const contract = mgr.getByRole('dialog', { name: '标记已签约' });
    await contract.getByLabel('合同金额（万元）').fill('150');
    await contract.getByLabel('合作方式').click();
    await mgr.locator('.ant-select-item-option', { hasText: '合作开发' }).click();
    await contract.getByRole('button', { name: '确认签约' }).click();
    await actions.getByText('对接流程已完成').waitFor();
    await mgr.keyboard.press('Escape');
    await mgr.reload();
    await mgr
      .getByRole('region', { name: '已签约' })
      .getByRole('button', { name: new RegExp(title) })
      .waitFor();
    const pairs = (
      await t.http.get('/matches').query({ demandId, status: 'contracted' }).set('Authorization', manager).expect(200)
    ).body.items;
    expect(pairs).toEqual([expect.objectContaining({ status: 'contracted', interest: 'interested' })]);
    expect(pairs[0].confirmedAt).not.toBeNull();

    // 7. A visitor (a fresh browser, nobody signed in) finds it in 需求大厅, without budget or contacts.
    for (const b of browsers.splice(0)) await b.close();
    await t.settle();
    const visitor = await newPage();
    await visitor.goto(base + '/hall');
    await visitor.getByRole('link', { name: title }).first().waitFor();
    const search = visitor.getByRole('searchbox', { name: '搜索技术需求' });
    await search.fill('谐波减速器');
    await search.press('Enter');
    await visitor.waitForURL(/\/hall\?q=/);
    const hit = visitor.getByRole('listitem').filter({ hasText: title }).first();
    await hit.locator('mark').first().waitFor();
    for (const m of await hit.locator('mark').allInnerTexts()) expect('谐波减速器').toContain(m);
    const listed = await visitor.locator('main').innerText();
    for (const secret of [...secrets, '260']) expect(listed).not.toContain(secret);
    await hit.getByRole('link', { name: title }).first().click();
    await visitor.getByRole('heading', { level: 1, name: title }).waitFor();
    const detail = await visitor.locator('main').innerText();
    expect(detail).toContain(company);
    expect(detail).toContain('年需求量 2 万台');
    for (const secret of [...secrets, '260', '80 万元']) expect(detail).not.toContain(secret);
  });
});
