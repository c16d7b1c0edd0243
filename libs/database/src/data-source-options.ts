import { DataSourceOptions, EntitySchema } from 'typeorm';

import { MIGRATIONS } from './migrations';
import { RedactingTypeOrmLogger } from './redacting-logger';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DatabaseOptions {
  url: string;
  /** Embedded PGlite serves one connection at a time: keep the pool at one. */
  poolSize?: number;
  logging?: boolean;
  /**
   * The entity classes to map. The apps leave this out: each context registers its own tables with
   * `TypeOrmModule.forFeature` and the Nest data source loads them (`autoLoadEntities`). Only a data source built
   * outside Nest that needs the mapping (the migration generator, the schema check) passes the full list, which
   * is composed above the domains (`PLATFORM_ENTITIES` in libs/platform). Running migrations needs none.
   */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: Array<Function | string | EntitySchema>;
}

export function dataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: options.entities ?? [],
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    // gen_random_uuid() is core PostgreSQL (13+) and PGlite: no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    logging: options.logging ? ['query', 'error'] : ['error'],
    // Never the parameters of a statement: they hold password hashes, budgets, contacts and confidential notes.
    logger: new RedactingTypeOrmLogger(!!options.logging),
    extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: 10000 },
  };
}
