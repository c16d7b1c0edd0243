import 'reflect-metadata';

import { AppConfig } from '@app/config';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';

import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = AppConfig.fromEnv(process.env);
  if (config.queueMode !== 'external') {
    console.error('The worker needs REDIS_URL (without it, `npm start` runs jobs inside the API process).');
    process.exit(1);
  }
  config.requireRuntime();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  console.log(`Worker consuming BullMQ queues with prefix "${config.queuePrefix}"`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
