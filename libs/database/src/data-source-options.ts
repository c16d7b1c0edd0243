import { DataSourceOptions } from 'typeorm';

import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
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
    // Failed queries are not logged here: TypeORM would print them with their parameters (password hashes,
    // personal data). The API's exception filter and the job runner log each error once, without parameters.
    logging: options.logging ? ['query', 'error'] : false,
    extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: 10000 },
  };
}
