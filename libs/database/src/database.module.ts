import { AppConfig } from '@app/config';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { dataSourceOptions } from './data-source-options';
import { DatabaseHealthRepository } from './database-health.repository';

/**
 * The platform's PostgreSQL connection (embedded PGlite serves one session, so its pool is one). The entities are
 * those the loaded domain modules register with `TypeOrmModule.forFeature`.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions({
          url: config.requireRuntime().databaseUrl,
          poolSize: config.databaseMode === 'embedded' ? 1 : 10,
        }),
        // Each context registers its own entities (TypeOrmModule.forFeature): this lib knows no domain.
        autoLoadEntities: true,
      }),
    }),
  ],
  providers: [DatabaseHealthRepository],
  exports: [DatabaseHealthRepository],
})
export class DatabaseModule {}
