import { REDACTING_LOG_OPTIONS } from '@app/common';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { DOMAIN_MODULES } from '@app/platform';
import { QueueModule } from '@app/queue';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

/** No HTTP: BullMQ processors and the outbox relay, over the same libs as the API. */
@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ pinoHttp: { level: config.logLevel, ...REDACTING_LOG_OPTIONS } }),
    }),
    DatabaseModule,
    QueueModule.forRoot({ consume: true }),
    ...DOMAIN_MODULES,
  ],
})
export class WorkerModule {}
