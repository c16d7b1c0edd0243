/**
 * Starts the platform with demo data (embedded database and search, in a temporary data directory), opens each
 * main page of the console in Debian's Chromium and saves screenshots into docs/screenshots/.
 *
 *   npm run screenshots            (builds first)
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { DEMO_AWARDED_CALL_TITLE, DEMO_OPEN_CALL_TITLE } from '@app/challenges';
import { EMBEDDED_ADMIN } from '@app/platform';
import { DEMO_PASSWORD } from '@app/registry';
import type { Page } from 'playwright-core';

import { launchBrowser } from '../test/browser/harness';

const ROOT = resolve(__dirname, '..');
const OUT = join(ROOT, 'docs/screenshots');

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => res(port));
    });
    server.on('error', rej);
  });
}

async function waitFor(url: string, ok: (body: unknown) => boolean, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      const res = await fetch(url, { headers: { accept: 'application/json' } });
      if (res.ok && ok(await res.json())) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * The technology managers' pages from the demo (陈思远 serves 昆山光彩显示 with four records, one mining a need;
 * two agencies; a training camp): the manager's, then the admin's. Leaves the browser signed out.
 */
async function managersShots(page: Page, base: string): Promise<void> {
  const save = async (name: string) => {
    await page.mouse.move(600, 790);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    console.log(`docs/screenshots/${name}.png`);
  };
  const signIn = async (email: string, password: string) => {
    await page.context().clearCookies();
    await page.goto(base + '/login');
    await page.getByLabel('邮箱').fill(email);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('main').getByRole('button', { name: '登录' }).click();
    await page.waitForURL(base + '/workspace');
  };
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await signIn('manager@zcz.local', DEMO_PASSWORD);
  await page.goto(base + '/workspace/my-profile');
  await page.locator('.ant-descriptions').waitFor();
  await save('managers-my-profile');
  await page.goto(base + '/workspace/assignments');
  await rows.first().waitFor();
  await save('managers-assignments');
  await rows.first().getByRole('link', { name: '服务记录' }).click();
  await rows.first().waitFor();
  await rows
    .filter({ hasText: '需求挖掘' })
    .first()
    .getByRole('button', { name: /展开行/ })
    .click();
  await page.getByRole('region', { name: '挖掘的需求' }).waitFor();
  await save('managers-service-records');
  await page.getByRole('button', { name: '登记服务记录' }).click();
  const dialog = page.getByRole('dialog', { name: '登记服务记录' });
  await dialog.getByRole('button', { name: '添加挖掘的需求' }).click();
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(OUT, 'managers-service-record-form.png') });
  console.log('docs/screenshots/managers-service-record-form.png');
  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: '该企业的需求清单' }).click();
  await page.getByRole('heading', { level: 1, name: /^需求清单：/ }).waitFor();
  await rows.first().waitFor();
  await save('managers-demand-list');
  await signIn(EMBEDDED_ADMIN.email, EMBEDDED_ADMIN.password);
  await page.goto(base + '/workspace/manager-directory');
  await rows.first().waitFor();
  await save('managers-directory');
  await page.goto(base + '/workspace/manager-directory?tab=agencies');
  await rows.first().waitFor();
  await rows
    .first()
    .getByRole('button', { name: /展开行/ })
    .click();
  await save('managers-agencies');
  await page.goto(base + '/workspace/manager-directory?tab=camps');
  await rows.first().waitFor();
  await rows
    .first()
    .getByRole('button', { name: /展开行/ })
    .click();
  await page.locator('.camp-detail').waitFor();
  await save('managers-training-camps');
  await page.context().clearCookies();
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zcz-screens-'));
  // SCREENSHOTS_PORT: a port of one's own on a shared machine; else any free one
  const port = Number(process.env.SCREENSHOTS_PORT) || (await freePort());
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  for (const key of ['DATABASE_URL', 'REDIS_URL', 'MEILI_URL', 'MEILI_MASTER_KEY', 'NODE_ENV']) delete env[key];
  const api: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js'), '--demo'], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const browser = await launchBrowser();
  try {
    await waitFor(`${base}/health`, () => true, 600);
    await waitFor(
      `${base}/search/demands?q=${encodeURIComponent('摆线轮')}`,
      (b) => (b as { total: number }).total > 0,
      600,
    );
    await waitFor(`${base}/search/achievements`, (b) => (b as { total: number }).total > 0, 600);
    mkdirSync(OUT, { recursive: true });
    const page = await browser.context.newPage();
    // A busy machine answers searches slowly: the script waits longer than the tests do.
    page.setDefaultTimeout(120000);
    const shot = async (name: string, path: string, ready: (p: Page) => Promise<unknown>) => {
      await page.goto(base + path);
      await ready(page);
      await page.mouse.move(600, 790);
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
      console.log(`docs/screenshots/${name}.png`);
    };
    const h1 = (p: Page) => p.getByRole('heading', { level: 1 }).first().waitFor();
    // SCREENSHOTS_ONLY=challenges: only the 揭榜挂帅 pages (the other screenshots stay as they are).
    if (process.env.SCREENSHOTS_ONLY === 'challenges') {
      await challengeShots(page, base, shot);
      return;
    }
    if (process.argv.includes('--managers')) {
      // npm run screenshots -- --managers: only the technology managers' pages
      await managersShots(page, base);
      return;
    }

    await shot('home', '/', (p) => p.locator('.ant-statistic').first().waitFor());
    await shot('demand-hall', `/hall?q=${encodeURIComponent('摆线轮')}`, (p) =>
      p.locator('.hits mark').first().waitFor(),
    );
    await page.locator('.hits h2 a').first().click();
    await h1(page);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(OUT, 'demand-detail.png'), fullPage: true });
    console.log('docs/screenshots/demand-detail.png');
    await shot('achievement-library', '/library', (p) => p.locator('.hits li').first().waitFor());
    await shot('smart-search', `/library?q=${encodeURIComponent('苏州大学有哪些中试阶段的新能源电池成果')}`, (p) =>
      p.locator('.understood-tag').first().waitFor(),
    );
    await page.locator('.hits h2 a').first().click();
    await h1(page);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(OUT, 'achievement-detail.png'), fullPage: true });
    console.log('docs/screenshots/achievement-detail.png');
    await shot('login', '/login', h1);
    await page.getByLabel('邮箱').fill('manager@zcz.local');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('main').getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '技术经理人工作台' }).waitFor();
    await page.locator('.ant-statistic').first().waitFor();
    await page.mouse.move(600, 790);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(OUT, 'workspace-manager.png'), fullPage: true });
    console.log('docs/screenshots/workspace-manager.png');
    // The technology manager's pages, with a record opened where the page has one.
    const still = async (name: string) => {
      await page.mouse.move(600, 790);
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
      console.log(`docs/screenshots/${name}.png`);
    };
    await shot('manager-review-queue', '/workspace/demands', (p) => p.locator('.quality-score').first().waitFor());
    await page.locator('.ant-table-tbody a').first().click();
    await page.getByRole('region', { name: '审核操作' }).waitFor();
    await still('manager-review-demand');
    await shot('manager-achievements', '/workspace/achievements', (p) =>
      p.locator('.ant-table-tbody tr.ant-table-row').first().waitFor(),
    );
    await shot('manager-match-board', '/workspace/matches', async (p) => {
      await p.locator('.match-card').first().waitFor();
      await p.locator('.board .state-loading').first().waitFor({ state: 'detached', timeout: 120000 });
    });
    await page.locator('.match-card').first().click();
    await page.getByRole('region', { name: '对接过程' }).locator('.history-step').first().waitFor();
    await page.getByRole('region', { name: '科技成果' }).locator('.ant-descriptions').waitFor();
    await still('manager-match-drawer');
    await browser.context.clearCookies();

    // The enterprise workspace (enterprise1 of the demo: a returned demand with its 二次诊断, suggestions).
    const settle = async (name: string) => {
      await page.mouse.move(600, 790);
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
      console.log(`docs/screenshots/${name}.png`);
    };
    await shot('register', '/register', h1);
    await page.goto(base + '/login');
    await page.getByLabel('邮箱').fill('enterprise1@zcz.local');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('main').getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '企业用户工作台' }).waitFor();
    await shot('enterprise-my-demands', '/workspace/my-demands', (p) => p.locator('.ant-table-row').first().waitFor());
    await page.getByRole('link', { name: '协作机器人关节减速器国产化替代' }).click();
    await page.getByTestId('return-diagnosis').waitFor();
    await settle('enterprise-demand-returned');
    await page.getByRole('button', { name: '修改并重新提交' }).click();
    await page.getByTestId('quality-hints').waitFor();
    await settle('enterprise-demand-form');
    await page.goto(base + '/workspace/my-demands');
    await page.getByRole('link', { name: '工业机器人 RV 减速器摆线轮高精度磨削与修形技术' }).click();
    await page.getByRole('button', { name: '查看匹配推荐' }).click();
    // Suggestions are computed by background jobs after the demo load: look again until they are there.
    const interested = page
      .getByRole('listitem')
      .filter({ hasText: '对接阶段：系统推荐' })
      .getByRole('button', { name: '有意向' })
      .first();
    for (let i = 0; ; i++) {
      try {
        await interested.waitFor({ state: 'visible', timeout: 5000 });
        break;
      } catch (err) {
        if (i > 120) throw err;
        await page.reload();
      }
    }
    await interested.click();
    await page.getByText('已标记：有意向').first().waitFor();
    await settle('enterprise-suggestions');
    await shot('managers-evaluation-rating', '/workspace/service-ratings', (p) =>
      p.getByRole('button', { name: '评价' }).first().waitFor(),
    );
    await page.getByRole('button', { name: '评价' }).first().click();
    await page.getByRole('dialog').locator('.ant-rate-star').nth(4).click();
    await page.getByRole('dialog').getByLabel('评语').fill('走访时把摆线轮磨削的难点讲透了，推荐的高校团队很对口');
    await page.screenshot({ path: join(OUT, 'managers-evaluation-rating-dialog.png') });
    console.log('docs/screenshots/managers-evaluation-rating-dialog.png');
    await page.keyboard.press('Escape');
    await shot('account', '/workspace/account', h1);
    await browser.context.clearCookies();

    // University workspace (university1: 苏州大学)
    await page.goto(base + '/login');
    await page.getByLabel('邮箱').fill('university1@zcz.local');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('main').getByRole('button', { name: '登录' }).click();
    await page.getByRole('navigation', { name: '工作台菜单', exact: true }).waitFor();
    await shot('university-my-achievements', '/workspace/my-achievements', (p) =>
      p.locator('.ant-table-row').first().waitFor(),
    );
    await shot('university-import-upload', '/workspace/imports', h1);
    await page.goto(base + '/workspace/institution');
    await page.getByRole('tab', { name: /产学研活动/ }).click();
    await settle('university-institution-profile');
    await browser.context.clearCookies();
    // The bureau's workspace (the embedded admin): dashboard, a drill-down, users and the audit log.
    await page.goto(base + '/login');
    await page.getByLabel('邮箱').fill(EMBEDDED_ADMIN.email);
    await page.getByLabel('密码').fill(EMBEDDED_ADMIN.password);
    await page.getByRole('main').getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '系统管理员工作台' }).waitFor();
    await page.setViewportSize({ width: 1440, height: 900 });
    await shot('bureau-indicators', '/workspace/indicators', async (p) => {
      await p.getByRole('img', { name: /对接漏斗/ }).waitFor();
      await p.getByRole('img', { name: /按月实际值与序时进度线/ }).waitFor();
      await p.locator('.state-loading').first().waitFor({ state: 'detached' });
    });
    await page
      .getByRole('group', { name: '精准匹配需求成果', exact: true })
      .getByRole('button', { name: /查看明细/ })
      .click();
    await page.getByRole('dialog').locator('.ant-table-row').first().waitFor();
    await page.waitForLoadState('networkidle');
    // the drawer covers the window, not the long page under it
    await page.screenshot({ path: join(OUT, 'bureau-indicator-drill.png') });
    console.log('docs/screenshots/bureau-indicator-drill.png');
    await shot('bureau-users', '/workspace/users', (p) => p.locator('.ant-table-row').first().waitFor());
    await shot('bureau-audit', '/workspace/audit?entity=match', (p) => p.locator('.ant-table-row').first().waitFor());
    // 分级评估: the demo's published year, the ranking and 陈思远's sheet
    await shot('managers-evaluation', '/workspace/evaluations', (p) => p.locator('.ant-table-row').first().waitFor());
    await page
      .getByRole('row', { name: /陈思远/ })
      .getByRole('button', { name: '查看评估表' })
      .click();
    await page
      .getByRole('dialog')
      .getByRole('row', { name: /企业评价/ })
      .waitFor();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(OUT, 'managers-evaluation-sheet.png') });
    console.log('docs/screenshots/managers-evaluation-sheet.png');
    await browser.context.clearCookies();
    await page.setViewportSize({ width: 1280, height: 800 });
    // The organiser's workspace (organizer@zcz.local: the held fair, the roadshow ahead) and the manager's
    // 活动跟进待确认 (a pair the fair's follow-up found 有合作意向).
    await page.goto(base + '/login');
    await page.getByLabel('邮箱').fill('organizer@zcz.local');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('main').getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '活动组织方工作台' }).waitFor();
    await shot('organiser-activities', '/workspace/activities', (p) =>
      p.locator('.ant-table-tbody tr.ant-table-row').first().waitFor(),
    );
    await page.getByRole('button', { name: '新建活动' }).click();
    await page.getByRole('dialog', { name: '新建活动' }).getByLabel('活动名称').fill('2026 百校群英荟·新材料专场');
    await page.screenshot({ path: join(OUT, 'organiser-activity-form.png') });
    console.log('docs/screenshots/organiser-activity-form.png');
    await page.keyboard.press('Escape');
    const roadshowMonth = new Date(Date.now() + (20 * 24 + 8) * 3600 * 1000).toISOString().slice(0, 7);
    await shot('organiser-calendar', `/workspace/activities?view=calendar&month=${roadshowMonth}`, (p) =>
      p.locator('.calendar-event').first().waitFor(),
    );
    await page.locator('.calendar-event', { hasText: '新能源汽车与新材料项目路演' }).click();
    // Proposals are the engine's stored suggestions, computed by background jobs after the demo load: look again
    // until there are some.
    const proposal = page
      .getByRole('region', { name: '推荐配对' })
      .getByRole('button', { name: /^加入清单/ })
      .first();
    for (let i = 0; ; i++) {
      try {
        await proposal.waitFor({ state: 'visible', timeout: 5000 });
        break;
      } catch (err) {
        if (i > 120) throw err;
        await page.reload();
      }
    }
    await still('organiser-match-list');
    await page.getByRole('button', { name: '下载对接手册（PDF）' }).click();
    await page.getByRole('dialog', { name: '下载对接手册（PDF）' }).getByRole('link', { name: '下载文件' }).waitFor();
    await page.screenshot({ path: join(OUT, 'organiser-export.png') });
    console.log('docs/screenshots/organiser-export.png');
    await page.keyboard.press('Escape');
    await page.goto(base + '/workspace/activities');
    await page.getByRole('link', { name: '百校群英荟·智能制造与机器人专场' }).click();
    await page.getByText('待技术经理人确认').waitFor();
    await still('organiser-follow-ups');
    await browser.context.clearCookies();
    await page.goto(base + '/login');
    await page.getByLabel('邮箱').fill('manager@zcz.local');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('main').getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '技术经理人工作台' }).waitFor();
    await shot('manager-awaiting-confirmation', '/workspace/matches', async (p) => {
      await p.getByRole('region', { name: '活动跟进待确认' }).waitFor();
      await p.locator('.board .state-loading').first().waitFor({ state: 'detached', timeout: 120000 });
    });
    await shot('managers-evaluation-mine', '/workspace/my-evaluation', (p) =>
      p.getByRole('row', { name: /企业评价/ }).waitFor(),
    );
    await browser.context.clearCookies();

    await challengeShots(page, base, shot);
    await browser.context.clearCookies();
    await managersShots(page, base);

    await page.setViewportSize({ width: 390, height: 844 });
    await shot('home-mobile', '/', (p) => p.locator('.ant-statistic').first().waitFor());
    await shot('demand-hall-mobile', `/hall?q=${encodeURIComponent('检测')}`, (p) =>
      p.locator('.hits li, .empty-result').first().waitFor(),
    );
  } finally {
    await browser.close();
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type Shot = (name: string, path: string, ready: (p: Page) => Promise<unknown>) => Promise<void>;

/**
 * 揭榜挂帅 on the demo's calls (libs/challenges/src/demo): the public hall and a call, 苏州大学's bid and 我的揭榜,
 * the manager's board, the awarded call with its review, a new call, the projects and consortia; then the manager
 * takes the open call through 截止 and 开始评审 with enterprise1 as the expert, for the scoring page.
 */
async function challengeShots(page: Page, base: string, shot: Shot): Promise<void> {
  const still = async (name: string) => {
    await page.mouse.move(600, 790);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    console.log(`docs/screenshots/${name}.png`);
  };
  const signIn = async (email: string, heading: string) => {
    await page.context().clearCookies();
    await page.goto(base + '/login');
    await page.getByLabel('邮箱').fill(email);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('main').getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  };
  await page.context().clearCookies();
  await shot('challenges-hall', '/calls', (p) => p.locator('.hits li').nth(1).waitFor());
  await page.getByRole('link', { name: DEMO_OPEN_CALL_TITLE }).click();
  await page.getByRole('heading', { level: 1, name: DEMO_OPEN_CALL_TITLE }).waitFor();
  await still('challenges-detail');

  await signIn('university1@zcz.local', '高校院所工作台');
  await shot('challenges-my-bids', '/workspace/my-bids', (p) => p.locator('.ant-table-row').nth(1).waitFor());
  await page.getByRole('link', { name: DEMO_OPEN_CALL_TITLE }).click();
  await page.getByRole('button', { name: '保存修改' }).waitFor();
  await still('challenges-bid-form');

  await signIn('manager@zcz.local', '技术经理人工作台');
  await shot('challenges-board', '/workspace/challenges', (p) => p.locator('.match-card').nth(1).waitFor());
  await page.getByRole('button', { name: '新建榜单' }).click();
  await page.getByRole('dialog', { name: '新建榜单' }).getByLabel('榜单名称').waitFor();
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(OUT, 'challenges-call-form.png') });
  console.log('docs/screenshots/challenges-call-form.png');
  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: new RegExp(DEMO_AWARDED_CALL_TITLE) }).click();
  await page.getByRole('heading', { level: 1, name: DEMO_AWARDED_CALL_TITLE }).waitFor();
  await page.getByRole('cell', { name: '苏州大学' }).waitFor();
  await still('challenges-call-review');
  await shot('challenges-projects', '/workspace/challenges/projects', (p) =>
    p.locator('.ant-table-row').first().waitFor(),
  );
  await shot('challenges-consortia', '/workspace/challenges/consortia', (p) =>
    p.locator('.ant-table-row').first().waitFor(),
  );

  // The open call to 专家评审中 with enterprise1 (昆山精毅, not a party to it) on the panel, then their scoring page.
  await page.goto(base + '/workspace/challenges');
  await page.getByRole('link', { name: new RegExp(DEMO_OPEN_CALL_TITLE) }).click();
  await page.getByRole('heading', { level: 1, name: DEMO_OPEN_CALL_TITLE }).waitFor();
  await page.getByRole('tab', { name: '评审专家' }).click();
  await page.getByRole('combobox', { name: '评审专家' }).fill('enterprise1');
  await page.locator('.ant-select-item-option', { hasText: 'enterprise1@zcz.local' }).click();
  await page.getByRole('button', { name: '保存专家名单' }).click();
  await page.getByRole('tabpanel').locator('.ant-table-row').first().waitFor();
  for (const [button, ok] of [
    ['截止揭榜', '确认截止揭榜'],
    ['开始评审', '确认开始评审'],
  ]) {
    await page.getByRole('button', { name: button }).click();
    await page.getByRole('dialog').getByRole('button', { name: ok }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
  }
  await page.getByText('专家评审中', { exact: true }).first().waitFor();
  await signIn('enterprise1@zcz.local', '企业用户工作台');
  await shot('challenges-review-tasks', '/workspace/reviews', (p) => p.locator('.ant-table-row').first().waitFor());
  await page.getByRole('link', { name: DEMO_OPEN_CALL_TITLE }).click();
  await page.getByRole('button', { name: '提交评分' }).waitFor();
  await page.getByLabel('技术方案先进性（40%）').fill('86');
  await page.getByLabel('团队实力与业绩（30%）').fill('84');
  await still('challenges-scoring');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
