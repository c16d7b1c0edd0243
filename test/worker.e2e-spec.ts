import { PlatformBootstrap } from '@app/platform';
import { BullJobQueue, JobQueue, QueueName } from '@app/queue';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { createApiApp } from '../apps/api/src/create-api-app';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { chainIds, demandBody, registerEnterprise } from './factories/registry.factory';
import { createTestDatabase, dropTestDatabase } from './utils/database';

/** Production shape: the API only produces jobs; a separate worker context consumes them from Redis. */
describe('api + worker over BullMQ (e2e)', () => {
  let db: { url: string; name: string };
  let api: Awaited<ReturnType<typeof createApiApp>>;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    process.env.TEST_QUEUE_PREFIX_BASE ??= process.env.QUEUE_PREFIX ?? 'zcz-test';
    process.env.QUEUE_PREFIX = `${process.env.TEST_QUEUE_PREFIX_BASE}-worker`;
    api = await createApiApp({ consumeJobs: false, logger: ['error'] });
    await api.init();
    await api.get(PlatformBootstrap).run();
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(), { logger: ['error'] });
    await worker.init();
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await dropTestDatabase(db.name);
  });

  it('dispatches every committed event through Redis to the worker', async () => {
    const http = request(api.getHttpServer());
    const ent = await registerEnterprise(http);
    const chains = await chainIds(http);
    await http
      .post('/demands')
      .set('Authorization', ent.auth)
      .send(demandBody([chains[3]]))
      .expect(201);

    const dataSource = api.get(DataSource);
    const deadline = Date.now() + 20000;
    let pending = -1;
    while (Date.now() < deadline) {
      const rows = await dataSource.query('SELECT count(*)::int AS n FROM domain_events WHERE dispatched_at IS NULL');
      pending = rows[0].n;
      if (pending === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(pending).toBe(0);
    const events = await dataSource.query('SELECT count(*)::int AS n FROM domain_events');
    expect(events[0].n).toBeGreaterThanOrEqual(18); // 15 chains, organisation, user, demand
    const queue = (api.get(JobQueue) as BullJobQueue).queue(QueueName.DomainEvents);
    await api.get(JobQueue).idle(20000);
    expect(await queue.getCompletedCount()).toBe(events[0].n);
    expect(await queue.getFailedCount()).toBe(0);
  });
});
