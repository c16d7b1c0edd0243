import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import AxeBuilder from '@axe-core/playwright';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

const ROOT = resolve(__dirname, '../..');
const WEB_SRC = join(ROOT, 'apps/web');
const WEB_DIST = join(ROOT, 'dist/web');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * Builds the console into dist/web unless a build newer than every source file is there already (the API
 * app serves whatever is in dist/web when it is created). A lock directory keeps parallel spec files apart.
 */
export function buildConsoleOnce(): void {
  const index = join(WEB_DIST, 'index.html');
  const fresh = () => existsSync(index) && statSync(index).mtimeMs >= newest(join(WEB_SRC, 'src'));
  if (fresh()) return;
  const lock = join(ROOT, 'dist/.web-build.lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (i > 600) throw new Error('console build lock held for 5 minutes');
      execFileSync('sleep', ['0.5']);
    }
  }
  try {
    if (!fresh()) {
      execFileSync(
        process.execPath,
        [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(WEB_SRC, 'vite.config.mts')],
        {
          cwd: ROOT,
          // A production build, as npm start serves it: under Jest NODE_ENV is "test", in which antd's
          // components give every element the same id ("test-id") and label fields and dialogs wrongly.
          env: { ...process.env, NODE_ENV: 'production' },
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's Chromium driven by playwright-core: headless, no sandbox (root), a fresh profile, nothing downloaded. */
export async function launchBrowser(options: { width?: number; height?: number } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'zcz-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    locale: 'zh-CN',
    // No animations: axe measures colours of settled elements, screenshots show the final state.
    reducedMotion: 'reduce',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(20000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The API (serving the console) on a free loopback port. */
export async function listen(app: {
  listen(port: number, host: string): Promise<unknown>;
  getHttpServer(): { address(): AddressInfo | string | null };
}): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

/** axe-core on the page as it is: the serious and critical violations, described for a readable failure. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 200)} ${n.failureSummary ?? ''}`).join(', ')}`,
    );
}

/** Waits until a search answers with at least one hit (the demo catalogue is indexed asynchronously). */
export async function searchable(
  t: { http: { get(url: string): PromiseLike<{ body: { total?: number } }> } },
  url: string,
): Promise<void> {
  const deadline = Date.now() + 180000;
  for (;;) {
    const res = await t.http.get(url);
    if ((res.body.total ?? 0) > 0) return;
    if (Date.now() > deadline) throw new Error(`${url} found nothing within 180 s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Who signs in: an account's login email and password. */
export interface Account {
  email: string;
  password: string;
}

/** Fills the login form open on the page and presses 登录 (where the browser goes next is the caller's to await). */
export async function submitSignIn(page: Page, account: Account): Promise<void> {
  await page.getByLabel('邮箱').fill(account.email);
  await page.getByLabel('密码').fill(account.password);
  await page.getByRole('main').getByRole('button', { name: '登录' }).click();
}

/**
 * Signs in through the login page as a person does, asking for `url` (the API's origin and a console path) as the
 * page to return to, and waits until the browser is there.
 */
export async function signInAs(page: Page, account: Account, url: string): Promise<void> {
  const { origin, pathname, search } = new URL(url);
  await page.goto(origin + '/login?next=' + encodeURIComponent(pathname + search));
  await submitSignIn(page, account);
  await page.waitForURL(url);
}

/**
 * The hooks of a spec that opens a page per test: cookies cleared and a new page before each test (handed to
 * `use`), and after it a screenshot into $BROWSER_SHOTS when that is set, then the page closed.
 */
export function pagePerTest(browser: () => Browser, use: (page: Page) => void): void {
  let page: Page | undefined;
  beforeEach(async () => {
    await browser().context.clearCookies();
    page = await browser().context.newPage();
    use(page);
  });
  afterEach(async () => {
    if (process.env.BROWSER_SHOTS) {
      await page?.screenshot({ path: `${process.env.BROWSER_SHOTS}/${expect.getState().currentTestName}.png` });
    }
    await page?.close();
  });
}

/** The error shown under a form field, found by the field's label. */
export function fieldError(page: Page, label: string) {
  return page
    .locator('.ant-form-item', { has: page.getByLabel(label, { exact: true }) })
    .locator('.ant-form-item-explain');
}

/** The entries of the workspace's side menu, as the signed-in role sees them. */
export async function menuEntries(page: Page): Promise<string[]> {
  const menu = page.getByRole('navigation', { name: '工作台菜单', exact: true });
  await menu.getByRole('menuitem').first().waitFor();
  return (await menu.getByRole('menuitem').allInnerTexts()).map((s) => s.trim());
}
