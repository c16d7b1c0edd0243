import { DataSourceOptions } from 'typeorm';

import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { RedactingTypeOrmLogger } from './redacting-logger';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DatabaseOptions {
  url: string;
  /** Embedded PGlite serves one connection at a time: keep the pool at one. */
  poolSize?: number;
  logging?: boolean;
}

export function dataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
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
