import type { Page } from 'playwright-core';

import {
  achievementBody,
  chainIds,
  demandBody,
  MANAGER_PASSWORD,
  publishAchievement,
  publishDemand,
  registerEnterprise,
} from '../factories/registry.factory';
import { createTestApp, TestApp } from '../utils/app';
import { seedManagerAndUniversity } from './fixtures';
import {
  accessibilityProblems,
  Browser,
  buildConsoleOnce,
  fieldError,
  launchBrowser,
  listen,
  pagePerTest,
  signInAs,
} from './harness';

const MANAGER = { email: 'jingli@example.com', password: MANAGER_PASSWORD };

/**
 * The technology manager's workspace through a real browser (Debian's Chromium) against the real API, PostgreSQL,
 * Redis and Meilisearch. The enterprise and university side is set up through the API; the manager only clicks.
 */
describe('technology-manager workspace (browser)', () => {
  // Each journey runs axe several times: on a busy two-core machine that alone can take a minute.
  jest.setTimeout(180000);

  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let manager: string;
  let owner: Awaited<ReturnType<typeof registerEnterprise>>;
  let chains: string[];
  let universityId: string;
  const ids: Record<string, string> = {};

  const demandStatus = async (id: string) =>
    (await t.http.get(`/demands/${id}`).set('Authorization', manager).expect(200)).body;

  beforeAll(async () => {
    buildConsoleOnce();
    t = await createTestApp();
    ({ manager, universityId } = await seedManagerAndUniversity(t, {
      managerEmail: MANAGER.email,
      university: { name: '苏州精密传动研究院', district: '周市镇' },
    }));
    chains = await chainIds(t.http);
    owner = await registerEnterprise(t.http, '昆山精工机器人有限公司');

    // 审核队列: a vague demand to return and a well-specified one to publish, both submitted by the enterprise.
    const submit = async (overrides: Record<string, unknown>) => {
      const res = await t.http
        .post('/demands')
        .set('Authorization', owner.auth)
        .send(demandBody([chains[4]], overrides))
        .expect(201);
      await t.http.post(`/demands/${res.body.id}/submit`).set('Authorization', owner.auth).expect(200);
      return res.body.id as string;
    };
    ids.vague = await submit({
      title: '减速器相关技术合作',
      description: '我司希望与高校合作，开展减速器相关技术研究，提升产品水平，欢迎有意向的单位联系。',
      technicalIndicators: '',
      expectedOutcome: '',
      requiredTrl: undefined,
      cooperationModes: [],
      deadline: undefined,
      budgetMin: undefined,
      budgetMax: undefined,
    });
    ids.good = await submit({ title: '六轴机器人 RV 减速器摆线轮精密磨削工艺' });

    // 成果管理: two drafts and one already published achievement for the bulk publish.
    const draft = async (title: string) =>
      (
        await t.http
          .post('/achievements')
          .set('Authorization', manager)
          .send(achievementBody(universityId, [chains[4]], { title, patentNumbers: [] }))
          .expect(201)
      ).body.id as string;
    ids.draft1 = await draft('批量发布测试：柔性机器人抓手');
    ids.draft2 = await draft('批量发布测试：伺服电机无感控制算法');
    ids.alreadyPublished = await draft('批量发布测试：已发布的力矩传感器');
    await t.http.post(`/achievements/${ids.alreadyPublished}/publish`).set('Authorization', manager).expect(200);

    // 对接看板: a published demand with suggestions; the enterprise marks the best one 有意向.
    ids.harmonicAchievement = (await publishAchievement(t.http, manager, universityId, [chains[4]])).id;
    ids.pairingAchievement = (
      await publishAchievement(t.http, manager, universityId, [chains[0]], {
        title: '海水淡化用高通量反渗透复合膜',
        abstract: '界面聚合制备聚酰胺复合膜，脱盐率 99.8%，通量较商用膜提高 30%，已完成中试线验证。',
        keywords: ['反渗透膜', '海水淡化', '聚酰胺'],
        patentNumbers: ['ZL 2021 1 0765432.1'],
        transferModes: ['licence'],
      })
    ).id;
    ids.boardDemand = (await publishDemand(t.http, owner.auth, manager, [chains[4]])).id;
    // Only achievements of its own chain are suggested for it: the pairing with a membrane is the manager's own.
    ids.pairingDemand = (
      await publishDemand(t.http, owner.auth, manager, [chains[4]], {
        title: '伺服压力机闭环控制系统升级',
        chainRequired: true,
      })
    ).id;
    await t.settle();
    const suggestions = await t.http
      .get(`/demands/${ids.boardDemand}/matches`)
      .set('Authorization', owner.auth)
      .expect(200);
    const best = suggestions.body.items.find(
      (m: { achievementId: string }) => m.achievementId === ids.harmonicAchievement,
    );
    expect(best).toBeDefined();
    ids.interestedMatch = best.id;
    await t.http
      .post(`/matches/${best.id}/interest`)
      .set('Authorization', owner.auth)
      .send({ interest: 'interested', note: '希望安排样机测试' })
      .expect(200);
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

  it('技术经理人在审核队列按质量分看到待审需求，退回一项（原因必填）并发布另一项', async () => {
    await signInAs(page, MANAGER, base + '/workspace/demands');
    await page.getByRole('heading', { level: 1, name: '需求管理' }).waitFor();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    // best-specified first, each with its score
    await expect(rows.first().innerText()).resolves.toContain('六轴机器人 RV 减速器摆线轮精密磨削工艺');
    await expect(rows.nth(1).innerText()).resolves.toContain('减速器相关技术合作');
    const scores = page.locator('.quality-score [role=progressbar]');
    await expect(scores.count()).resolves.toBe(2);
    const high = Number(await scores.nth(0).getAttribute('aria-valuenow'));
    const low = Number(await scores.nth(1).getAttribute('aria-valuenow'));
    expect(high).toBeGreaterThan(low);
    await expectAccessible();

    await page.getByRole('link', { name: '减速器相关技术合作' }).click();
    expect(new URL(page.url()).searchParams.get('open')).toBe(ids.vague);
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('button', { name: '退回修改' }).click();
    await expect(fieldError(page, '退回原因').innerText()).resolves.toBe('请填写退回原因');
    await expectAccessible();
    await drawer.getByLabel('退回原因').fill('请补充量化的技术指标和预期目标');
    await drawer
      .getByLabel('二次诊断（选填）')
      .fill('“提升产品水平”请量化为回差、传动精度、寿命等指标，并说明年需求量');
    await drawer.getByRole('button', { name: '退回修改' }).click();
    await page.getByText('已退回企业修改').waitFor();
    await rows.filter({ hasText: '减速器相关技术合作' }).waitFor({ state: 'detached' });
    await expect(rows.count()).resolves.toBe(1);
    const returned = await demandStatus(ids.vague);
    expect(returned.status).toBe('draft');
    expect(returned.lastReturn).toMatchObject({
      reason: '请补充量化的技术指标和预期目标',
      diagnosis: '“提升产品水平”请量化为回差、传动精度、寿命等指标，并说明年需求量',
      by: { name: '陈经理' },
    });

    await page.getByRole('link', { name: '六轴机器人 RV 减速器摆线轮精密磨削工艺' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '发布', exact: true }).click();
    await page.getByRole('button', { name: '确认发布' }).click();
    await page.getByText('需求已发布').waitFor();
    expect((await demandStatus(ids.good)).status).toBe('published');
    await page.getByText('审核队列为空').waitFor();

    // the full list with its status filter, kept in the address bar
    await page.getByRole('tab', { name: '全部需求' }).click();
    await page.getByRole('combobox', { name: '需求状态' }).click();
    await page.locator('.ant-select-item-option', { hasText: '已发布' }).click();
    await page.waitForURL(/view=all.*status=published/);
    await page
      .locator('.ant-table-tbody tr.ant-table-row', { hasText: '六轴机器人 RV 减速器摆线轮精密磨削工艺' })
      .waitFor();
    await expectAccessible();
  });

  it('技术经理人选中多项成果一次发布，逐条看到成功和失败的结果', async () => {
    await signInAs(page, MANAGER, base + '/workspace/achievements?q=' + encodeURIComponent('批量发布测试'));
    await page.getByRole('heading', { level: 1, name: '成果管理' }).waitFor();
    await page.locator('.ant-table-tbody tr.ant-table-row').nth(2).waitFor();
    await expectAccessible();
    for (const title of [
      '批量发布测试：柔性机器人抓手',
      '批量发布测试：伺服电机无感控制算法',
      '批量发布测试：已发布的力矩传感器',
    ]) {
      await page.getByLabel(`选择 ${title}`).check();
    }
    await page.getByRole('button', { name: '批量发布（3）' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '批量发布' }).click();
    const result = page.getByRole('dialog', { name: '批量发布结果' });
    await result.getByText('共 3 项：发布成功 2 项，未能发布 1 项').waitFor();
    const lines = await result.getByRole('listitem').allInnerTexts();
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^已发布\s*批量发布测试：柔性机器人抓手$/),
        expect.stringMatching(/^已发布\s*批量发布测试：伺服电机无感控制算法$/),
        expect.stringMatching(/^未发布\s*批量发布测试：已发布的力矩传感器：.+/),
      ]),
    );
    await expectAccessible();
    await result.getByRole('button', { name: '知道了' }).click();
    for (const id of [ids.draft1, ids.draft2]) {
      const a = await t.http.get(`/achievements/${id}`).set('Authorization', manager).expect(200);
      expect(a.body.status).toBe('published');
    }

    // edit a record: the form opens with its values, the change is saved with the version read
    await page.getByRole('button', { name: '编辑 批量发布测试：柔性机器人抓手' }).click();
    const edit = page.getByRole('dialog', { name: '编辑成果：批量发布测试：柔性机器人抓手' });
    await expect(edit.getByLabel('成果名称').inputValue()).resolves.toBe('批量发布测试：柔性机器人抓手');
    await edit.getByLabel('成果名称').fill('批量发布测试：柔性气动机器人抓手');
    await edit.getByRole('button', { name: '保存' }).click();
    await page.getByText('修改已保存').waitFor();
    const edited = await t.http.get(`/achievements/${ids.draft1}`).set('Authorization', manager).expect(200);
    expect(edited.body).toMatchObject({ title: '批量发布测试：柔性气动机器人抓手', status: 'published' });

    // the editor: every field with its guidance, the API's answer beside the field
    await page.getByRole('button', { name: '新建成果' }).click();
    await page.waitForURL(/edit=new/);
    const editor = page.getByRole('dialog', { name: '新建成果' });
    await editor.getByText('说明解决的问题、关键技术和量化的性能指标').waitFor();
    await editor.getByRole('button', { name: '保存' }).click();
    await expect(editor.getByLabel('成果名称').inputValue()).resolves.toBe('');
    await expect(fieldError(page, '成果名称').innerText()).resolves.toBe('请填写成果名称');
    await expect(fieldError(page, '所属单位').innerText()).resolves.toBe('请选择成果所属的高校院所');
    await expectAccessible();
  });

  it('技术经理人在对接看板看到企业“有意向”的推荐，确认精准匹配并推进到已签约', async () => {
    await signInAs(page, MANAGER, base + '/workspace/matches?interest=interested');
    await page.getByRole('heading', { level: 1, name: '对接看板' }).waitFor();
    const suggested = page.getByRole('region', { name: '系统推荐' });
    const card = suggested.getByRole('button', {
      name: /协作机器人关节用高精度谐波减速器国产化.*基于双圆弧齿形修形的高精度谐波减速器/,
    });
    await card.waitFor();
    await expect(card.innerText()).resolves.toContain('企业有意向');
    await expectAccessible();

    await card.click();
    await page.waitForURL(new RegExp(`match=${ids.interestedMatch}`));
    const drawer = page.getByRole('dialog', { name: '匹配详情' });
    await drawer.getByRole('region', { name: '技术需求' }).getByText('昆山精工机器人有限公司').waitFor();
    await drawer.getByRole('region', { name: '科技成果' }).getByText('苏州精密传动研究院').waitFor();
    await expect(drawer.getByRole('region', { name: '推荐理由' }).innerText()).resolves.toContain('产业链');
    const history = drawer.getByRole('region', { name: '对接过程' });
    await history.getByText('希望安排样机测试').waitFor();
    // only what the stage allows
    const actions = drawer.getByRole('region', { name: '对接操作' });
    expect(await actions.getByRole('button').allInnerTexts()).toEqual(['确认为精准匹配', '标记未成功']);
    await expectAccessible();

    await actions.getByLabel('备注（选填）').fill('企业希望两周内看到样机');
    await actions.getByRole('button', { name: '确认为精准匹配' }).click();
    await page.getByRole('button', { name: '确认', exact: true }).click();
    await history.getByText('企业希望两周内看到样机').waitFor();
    await expect(history.innerText()).resolves.toContain('陈经理（技术经理人）');
    await actions.getByRole('button', { name: '标记已联系' }).waitFor();
    expect(await actions.getByRole('button').allInnerTexts()).toEqual([
      '标记已联系',
      '进入洽谈',
      '标记已签约',
      '标记未成功',
    ]);

    await actions.getByRole('button', { name: '标记已签约' }).click();
    const contract = page.getByRole('dialog', { name: '标记已签约' });
    await contract.getByLabel('合同金额（万元）').fill('120');
    await contract.getByLabel('合作方式').click();
    await page.locator('.ant-select-item-option', { hasText: '合作开发' }).click();
    await expectAccessible();
    await contract.getByRole('button', { name: '确认签约' }).click();
    await actions.getByText('对接流程已完成').waitFor();
    const match = await t.http.get(`/matches/${ids.interestedMatch}`).set('Authorization', manager).expect(200);
    expect(match.body).toMatchObject({ status: 'contracted', interest: 'interested' });
    expect(match.body.confirmedAt).not.toBeNull();
    const steps = (await t.http.get(`/matches/${ids.interestedMatch}/history`).set('Authorization', manager)).body
      .steps as Array<{ action: string }>;
    expect(steps.map((s) => s.action)).toEqual(expect.arrayContaining(['interest', 'confirm', 'contract']));

    // the board moved the card
    await drawer
      .getByRole('button', { name: 'Close' })
      .click()
      .catch(() => page.keyboard.press('Escape'));
    await page.goto(base + '/workspace/matches?interest=interested');
    await page
      .getByRole('region', { name: '已签约' })
      .getByRole('button', { name: /协作机器人关节用高精度谐波减速器国产化/ })
      .waitFor();
  });

  it('技术经理人人工配对一项需求和一项成果（可搜索选择）', async () => {
    const before = await t.http
      .get('/matches')
      .query({ demandId: ids.pairingDemand, achievementId: ids.pairingAchievement })
      .set('Authorization', manager)
      .expect(200);
    expect(before.body.total).toBe(0);
    await signInAs(page, MANAGER, base + '/workspace/matches');
    await page.getByRole('button', { name: '人工配对' }).click();
    const dialog = page.getByRole('dialog', { name: '人工配对' });
    await dialog.getByLabel('技术需求').fill('伺服压力机');
    await page.locator('.ant-select-item-option', { hasText: '伺服压力机闭环控制系统升级' }).click();
    await dialog.getByLabel('科技成果').fill('反渗透');
    await page.locator('.ant-select-item-option', { hasText: '海水淡化用高通量反渗透复合膜' }).click();
    await dialog.getByLabel('配对说明（选填）').fill('路演现场双方表达合作意向');
    await expectAccessible();
    await dialog.getByRole('button', { name: '配对' }).click();
    const drawer = page.getByRole('dialog', { name: '匹配详情' });
    await drawer.getByText('人工配对').first().waitFor();
    await drawer.getByRole('region', { name: '对接过程' }).getByText('路演现场双方表达合作意向').waitFor();
    const after = await t.http
      .get('/matches')
      .query({ demandId: ids.pairingDemand, achievementId: ids.pairingAchievement })
      .set('Authorization', manager)
      .expect(200);
    expect(after.body.items).toEqual([expect.objectContaining({ origin: 'manual', status: 'suggested' })]);
  });

  it('技术经理人在成果管理用一句话提问，看到识别出的条件，移除一项后按其余条件搜索', async () => {
    // a 小试 record of the same institution that the understood 中试 leaves out until the tag is removed
    await t.http
      .post('/achievements')
      .set('Authorization', manager)
      .send(achievementBody(universityId, [chains[4]], { title: '谐波减速器柔轮小试样件', trl: 4, patentNumbers: [] }))
      .expect(201);
    const question = '苏州精密传动研究院有哪些中试阶段的谐波减速器成果';
    await signInAs(page, MANAGER, base + '/workspace/achievements?q=' + encodeURIComponent(question));
    await page.getByRole('heading', { level: 1, name: '成果管理' }).waitFor();
    const understood = page.getByRole('group', { name: '已识别的条件' });
    await understood.waitFor();
    const tags = () => understood.locator('.understood-tag').allInnerTexts();
    expect(await tags()).toEqual(['机构：苏州精密传动研究院', '成熟度：中试']);
    await understood.getByText('谐波减速器', { exact: true }).waitFor();
    await page.getByRole('link', { name: '基于双圆弧齿形修形的高精度谐波减速器' }).waitFor();
    expect(await page.getByRole('link', { name: '谐波减速器柔轮小试样件' }).count()).toBe(0);
    await expectAccessible();
    if (process.env.BROWSER_SHOTS) {
      await page.screenshot({
        path: `${process.env.BROWSER_SHOTS}/manager-achievements-understood.png`,
        fullPage: true,
      });
    }

    // removing a tag searches the question without those words: the 小试 record comes in
    await page.getByRole('button', { name: '移除条件 成熟度：中试' }).click();
    await page.waitForURL((url) => url.searchParams.get('q') === '苏州精密传动研究院有哪些的谐波减速器成果');
    await page.getByRole('link', { name: '谐波减速器柔轮小试样件' }).waitFor();
    expect(await tags()).toEqual(['机构：苏州精密传动研究院']);

    // understanding can be turned off (the whole question as typed matches nothing), and on again
    await page.getByRole('button', { name: '按原文搜索' }).click();
    await page.getByText('已按原文检索，未识别筛选条件。').waitFor();
    expect(new URL(page.url()).searchParams.get('understand')).toBe('false');
    await page.getByText('没有符合条件的成果').waitFor();
    await page.getByRole('button', { name: '识别问句中的条件' }).click();
    await page.getByRole('link', { name: '谐波减速器柔轮小试样件' }).waitFor();
    await expectAccessible();
  });
});
