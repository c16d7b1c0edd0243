import { REDACTING_LOG_OPTIONS } from '@app/common';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { DOMAIN_MODULES } from '@app/platform';
import { QueueModule } from '@app/queue';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

/** No HTTP: BullMQ processors and the outbox relay, over the same libs as the API. */
@Module({})
export class WorkerModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (c: AppConfig) => ({ pinoHttp: { level: c.logLevel, ...REDACTING_LOG_OPTIONS } }),
        }),
        DatabaseModule,
        QueueModule.forRoot({ consume: true }),
        ...DOMAIN_MODULES,
      ],
    };
  }
}
