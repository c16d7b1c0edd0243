import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { NotificationScheduleService } from '@app/notifications';
import { JOB_DEFAULTS, JobName, JobRegistry, runJobAttempt } from '@app/queue';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';

import { demandBody, publishAchievement, registerEnterprise } from '../factories/registry.factory';
import { createTestApp, TEST_ADMIN, TestApp } from '../utils/app';
import { TestSmtpServer } from '../utils/smtp';
import { seedManagerAndUniversity } from './fixtures';
import { accessibilityProblems, Browser, buildConsoleOnce, launchBrowser, listen, submitSignIn } from './harness';

const SHOTS = join(__dirname, '../../docs/screenshots');
const DOCS = join(__dirname, '../../docs/notifications');

/**
 * The bell, the inbox and the preferences through a real browser; the bell follows the live stream; the digest
 * e-mail as received by a real SMTP server, rendered and unsubscribed from without login.
 */
describe('notifications in the console (browser)', () => {
  const smtp = new TestSmtpServer();
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let manager: string;
  let ent: Awaited<ReturnType<typeof registerEnterprise>>;
  let chains: string[];

  async function demand(title: string): Promise<string> {
    const res = await t.http
      .post('/demands')
      .set('Authorization', ent.auth)
      .send(demandBody([chains[0]], { title }))
      .expect(201);
    await t.http.post(`/demands/${res.body.id}/submit`).set('Authorization', ent.auth).expect(200);
    return res.body.id;
  }

  beforeAll(async () => {
    buildConsoleOnce();
    await smtp.start();
    process.env.SMTP_URL = smtp.url;
    t = await createTestApp();
    base = await listen(t.app);
    const seed = await seedManagerAndUniversity(t, {
      managerEmail: 'bell.manager@example.com',
      university: { name: '苏州精密机电研究院', district: '周市镇' },
    });
    manager = seed.manager;
    chains = ((await t.http.get('/industry-chains').expect(200)).body as Array<{ id: string }>).map((c) => c.id);
    ent = await registerEnterprise(t.http, '昆山协创精密传动有限公司');
    await publishAchievement(t.http, manager, seed.universityId, [chains[0]]);
    await publishAchievement(t.http, manager, seed.universityId, [chains[0]], {
      title: '协作机器人关节一体化模组',
      abstract: '集成谐波减速器、无框力矩电机与双编码器的关节模组，重复定位精度 ±0.02 mm，已用于六轴协作机器人样机。',
      keywords: ['关节模组', '谐波减速器', '协作机器人'],
    });
    const returned = await demand('精密注塑模具随形冷却水路设计');
    await t.http
      .post(`/demands/${returned}/return`)
      .set('Authorization', manager)
      .send({ reason: '请补充模具材料、冷却介质与节拍要求', diagnosis: '建议说明目前的冷却时间占比' })
      .expect(200);
    const published = await demand('协作机器人关节用高精度谐波减速器国产化');
    await t.http.post(`/demands/${published}/publish`).set('Authorization', manager).expect(200);
    await t.settle();
    for (const a of (await t.http.get('/achievements').set('Authorization', manager)).body.items) {
      await t.http.post('/matches').set('Authorization', manager).send({ demandId: published, achievementId: a.id });
    }
    await t.settle();
    await t.app.get(NotificationScheduleService).run(new Date(Date.now() + 3600000), { everyoneNow: true });
    await t.settle();
    browser = await launchBrowser();
    page = await browser.context.newPage();
  }, 240000);

  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await t?.close();
    await smtp.stop();
    delete process.env.SMTP_URL;
  });

  async function expectAccessible(): Promise<void> {
    expect(await accessibilityProblems(page)).toEqual([]);
  }

  it('企业登录后铃铛显示未读数，实时收到新通知，在通知中心阅读并全部标为已读', async () => {
    await page.goto(`${base}/login`);
    await submitSignIn(page, { email: ent.email, password: 'Kunshan2026' });
    await page.waitForURL('**/workspace**');
    await page.getByRole('button', { name: '通知（3 条未读）' }).waitFor();

    // the manager publishes another demand meanwhile: the bell follows without a reload
    const another = await demand('注塑件表面缩痕在线视觉检测');
    await t.http.post(`/demands/${another}/publish`).set('Authorization', manager).expect(200);
    await page.getByRole('button', { name: '通知（4 条未读）' }).waitFor({ timeout: 30000 });
    await page.getByText('新通知').first().waitFor();

    await page.getByRole('button', { name: '通知（4 条未读）' }).click();
    await page.waitForURL('**/workspace/notifications');
    await page.getByRole('heading', { name: '通知中心' }).waitFor();
    await page.getByText('需求「精密注塑模具随形冷却水路设计」被退回修改').waitFor();
    await page.getByText('新的匹配推荐').first().waitFor();
    await page
      .getByRole('heading', { name: '通知设置' })
      .waitFor()
      .catch(() => undefined);
    await expectAccessible();
    await page.screenshot({ path: join(SHOTS, 'notifications-inbox.png'), fullPage: true });

    await page
      .getByRole('radio', { name: /未读/ })
      .click()
      .catch(async () => page.getByText('未读（4）').click());
    await page.waitForURL('**filter=unread**');
    await page.getByRole('button', { name: '全部标为已读' }).click();
    await page.getByText('已将 4 条通知标为已读').waitFor();
    await page.getByText('没有未读通知').waitFor();
    await page.getByRole('button', { name: '通知', exact: true }).waitFor();
  }, 150000);

  it('企业在通知设置中把退回通知改为仅站内，并设置每日推荐摘要时间', async () => {
    await page.goto(`${base}/workspace/notifications`);
    await page.getByLabel('需求被退回修改的接收方式').click();
    await page.locator('.ant-select-item-option', { hasText: '仅站内' }).click();
    await page.getByLabel('每日新匹配推荐摘要的每日发送时间').click();
    await page.locator('.ant-select-item-option', { hasText: '10:00' }).click();
    await page.getByRole('button', { name: '保存设置' }).click();
    await page.getByText('通知设置已保存').waitFor();
    const prefs = await t.http.get('/notifications/preferences').set('Authorization', ent.auth).expect(200);
    const byKind = Object.fromEntries(prefs.body.items.map((p: { kind: string }) => [p.kind, p]));
    expect(byKind.demand_returned.mode).toBe('in_app');
    expect(byKind.suggestion_digest.digestHour).toBe(10);
    await expectAccessible();
    await page.locator('.preferences').screenshot({ path: join(SHOTS, 'notifications-preferences.png') });
  });

  it('每日推荐摘要邮件：渲染成图，邮件中的退订链接无需登录即可退订', async () => {
    const [digest] = await smtp.waitFor(1, (m) => m.subject.includes('新的匹配推荐'));
    expect(digest.to).toBe(ent.email);
    writeFileSync(join(DOCS, 'digest-email.html'), digest.html);
    writeFileSync(join(DOCS, 'digest-email.txt'), `主题：${digest.subject}\n\n${digest.text}`);
    const preview = await browser.context.newPage();
    await preview.setViewportSize({ width: 720, height: 800 });
    await preview.setContent(digest.html, { waitUntil: 'load' });
    await preview.screenshot({ path: join(SHOTS, 'notifications-digest-email.png'), fullPage: true });
    await preview.close();

    // the e-mail links to PUBLIC_URL (the default address here); the console under test listens elsewhere
    const token = /\/unsubscribe\?token=(\S+)/.exec(digest.text)![1];
    const link = `${base}/unsubscribe?token=${token}`;
    const anonymous = await launchBrowser();
    try {
      const p = await anonymous.context.newPage();
      await p.goto(link);
      await p.getByRole('button', { name: '确认退订' }).click();
      await p.getByText('已退订').waitFor();
      await p.getByText(/不再收到「每日新匹配推荐摘要」邮件/).waitFor();
      expect(await accessibilityProblems(p)).toEqual([]);
      await p.screenshot({ path: join(SHOTS, 'notifications-unsubscribe.png') });
    } finally {
      await anonymous.close();
    }
    const prefs = await t.http.get('/notifications/preferences').set('Authorization', ent.auth).expect(200);
    expect(prefs.body.items.find((p: { kind: string }) => p.kind === 'suggestion_digest').mode).toBe('in_app');
  });
  it('管理员在通知中心看到重试用尽仍发送失败的邮件，确认后重新发送并送达', async () => {
    await smtp.stop();
    // published (the enterprise keeps 站内 + 邮件 for it; returns went in-app only above)
    const failing = await demand('注塑模具热流道温控系统国产化');
    await t.http.post(`/demands/${failing}/publish`).set('Authorization', manager).expect(200);
    const db = t.app.get(DataSource);
    let delivery: { id: string } | undefined;
    const deadline = Date.now() + 15000;
    while (!delivery && Date.now() < deadline) {
      [delivery] = await db.query(
        `SELECT d.id FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
          WHERE n.title LIKE '%热流道%' AND d.attempts >= 1`,
      );
      await new Promise((r) => setTimeout(r, 200));
    }
    // the last attempt right away instead of waiting for the whole backoff: the delivery is marked failed
    const handler = t.app.get(JobRegistry).get(JobName.DeliverNotification);
    await runJobAttempt(handler, { deliveryId: delivery!.id }, { attempt: JOB_DEFAULTS.attempts, jobId: 'final' });
    await smtp.start();

    const adminBrowser = await launchBrowser();
    try {
      const p = await adminBrowser.context.newPage();
      await p.goto(`${base}/login`);
      await submitSignIn(p, TEST_ADMIN);
      await p.waitForURL('**/workspace**');
      await p.goto(`${base}/workspace/notifications`);
      const card = p.locator('.failed-deliveries');
      await card.getByText('邮件发送失败').waitFor();
      await card.getByText('需求「注塑模具热流道温控系统国产化」已审核发布').waitFor();
      await card.getByText(ent.email).waitFor();
      expect(await accessibilityProblems(p)).toEqual([]);
      await card.screenshot({ path: join(SHOTS, 'notifications-failed-deliveries.png') });

      await card.getByRole('button', { name: `重新发送给 ${ent.email} 的邮件` }).click();
      await p.getByRole('dialog').getByRole('button', { name: '重新发送' }).click();
      await p.getByText('已重新发送 1 封邮件').waitFor();
      await card.getByText('没有发送失败的邮件').waitFor();
    } finally {
      await adminBrowser.close();
    }
    const mails = await smtp.waitFor(1, (m) => m.subject.includes('热流道'), 40000);
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toBe(ent.email);
  }, 120000);
});
