import { AuthModule } from '@app/auth';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { EventsModule } from '@app/events';
import { MatchingModule } from '@app/matching';
import { QueueModule } from '@app/queue';
import { RegistryModule } from '@app/registry';
import { SearchModule } from '@app/search';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

/** No HTTP: BullMQ processors and the outbox relay, over the same libs as the API. */
@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ pinoHttp: { level: config.logLevel } }),
    }),
    DatabaseModule,
    QueueModule.forRoot({ consume: true }),
    SearchModule,
    EventsModule,
    RegistryModule,
    AuthModule,
    MatchingModule,
  ],
})
export class WorkerModule {}
