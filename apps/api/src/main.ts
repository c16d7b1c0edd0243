import 'reflect-metadata';

import { ActivityDemoLoader } from '@app/activities';
import { AuthService } from '@app/auth';
import { ChallengesDemoLoader, FinanceDemoLoader } from '@app/challenges';
import { Role, SYSTEM_ACTOR } from '@app/common';
import { AppConfig } from '@app/config';
import { runMigrations } from '@app/database';
import { startEmbeddedBackends } from '@app/embedded';
import { beijingDate, IndicatorDemoLoader } from '@app/indicators';
import { ManagersDemoLoader } from '@app/managers';
import { NotificationsDemoLoader } from '@app/notifications';
import { PlatformBootstrap } from '@app/platform';
import { JobQueue } from '@app/queue';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DemoLoader } from '@app/registry';
import { INestApplication } from '@nestjs/common';

import { startBanner } from './banner';
import { createApiApp } from './create-api-app';
import { findConsoleDir } from './web-console';

async function main(): Promise<void> {
  let given: AppConfig;
  try {
    given = AppConfig.fromEnv(process.env);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
  const demo = process.argv.includes('--demo') || given.demo;
  const backends = await startEmbeddedBackends(given);
  let closing = false;
  const shutdown = async (code: number) => {
    if (closing) return;
    closing = true;
    await app?.close().catch(() => undefined);
    await backends.stop();
    process.exit(code);
  };
  let app: INestApplication | undefined;
  try {
    const config = backends.config;
    if (config.databaseMode === 'embedded') {
      // Embedded start migrates itself; with an external database run `npm run migrate` (or the compose job).
      const applied = await runMigrations(config.requireRuntime().databaseUrl);
      if (applied.length) console.log(`Applied migrations: ${applied.join(', ')}`);
    }
    app = await createApiApp({ config, consumeJobs: config.queueMode === 'in-process' || config.workerInProcess });
    // Nest's own hooks close the app; the embedded servers are ours to stop after it.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown(0));
    await app.init(); // lifecycle hooks (job registry, outbox relay) before any work is done
    const { admin } = await app.get(PlatformBootstrap).run();
    if (demo) await loadDemo(app);
    await app.listen(config.port, config.host);
    const consoleBuilt = findConsoleDir(config.webDist) !== null;
    const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
    console.log(
      startBanner({
        url,
        database: backends.describe.database,
        queue: backends.describe.queue,
        search: backends.describe.search,
        admin,
        consoleBuilt,
        demoLogins: demo
          ? DEMO_ACCOUNTS.map((a) => `${a.email} / ${DEMO_PASSWORD}  (${ROLE_NAMES[a.role]}: ${a.note})`)
          : [],
      }),
    );
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    await shutdown(1);
  }
}

async function loadDemo(app: INestApplication): Promise<void> {
  const auth = app.get(AuthService);
  const result = await app.get(DemoLoader).load((input) => auth.createUser(SYSTEM_ACTOR, input));
  if (result.skipped) {
    console.log('Demo data already loaded');
  } else {
    console.log(
      `Demo data: ${result.organisations} organisations, ${result.users} users, ${result.demands} demands, ` +
        `${result.achievements} achievements`,
    );
  }
  const activities = await app.get(ActivityDemoLoader).load();
  if (!activities.skipped)
    console.log(`Demo activities: ${activities.activities} activities, ${activities.pairs} pairs`);
  const managers = await app.get(ManagersDemoLoader).load((input) => auth.createUser(SYSTEM_ACTOR, input));
  if (!managers.skipped) {
    console.log(
      `Demo managers: ${managers.profiles} profiles, ${managers.agencies} agencies, ${managers.assignments} assignments, ` +
        `${managers.serviceRecords} service records, ${managers.camps} training camp, ${managers.ratings} ratings, ` +
        `分级评估 ${managers.evaluation ?? 'none'} published`,
    );
  }
  const challenges = await app.get(ChallengesDemoLoader).load();
  if (!challenges.skipped) {
    console.log(
      `Demo challenges: ${challenges.calls} calls, ${challenges.invitations} invitations, ${challenges.bids} bids, ` +
        `${challenges.scores} expert scores, ${challenges.projects} projects, ${challenges.consortia} innovation consortia`,
    );
  }
  const finance = await app.get(FinanceDemoLoader).load();
  if (!finance.skipped) {
    console.log(
      `Demo finance: ${finance.needs} financing needs, ${finance.offers} bank offers, ${finance.loans} loan granted`,
    );
  }
  const reports = await app.get(IndicatorDemoLoader).load(Number(beijingDate().slice(0, 4)));
  if (!reports.skipped) console.log(`Demo indicator reports: ${reports.reports} (one approved, one awaiting review)`);
  // the last moves people are told about, then today's digests and reminders at once, after the demo's matching
  // jobs when they finish in time; otherwise with the suggestions stored so far
  await app
    .get(JobQueue)
    .idle(120000)
    .catch(() => undefined);
  const notified = await app.get(NotificationsDemoLoader).load();
  console.log(
    `Demo notifications: ${notified.interests} 有意向, ${notified.confirmations} 精准匹配 confirmed, ` +
      `${notified.digests} digests, ${notified.reviewReminders} review reminders, ` +
      `${notified.followUpReminders} follow-up reminders, ${notified.bidDeadlineReminders} bid deadline reminders`,
  );
}

const ROLE_NAMES: Record<Role, string> = {
  [Role.Admin]: '系统管理员',
  [Role.Manager]: '技术经理人',
  [Role.Enterprise]: '企业用户',
  [Role.University]: '高校院所',
  [Role.Organizer]: '活动组织方',
  [Role.Bank]: '银行',
};

void main();
