// DataSource for the TypeORM CLI (migration:generate / run). The apps build their own from AppConfig.
// It lives here, above the domains, because generating a migration needs every entity of the platform.
import 'reflect-metadata';

import { AppConfig } from '@app/config';
import { dataSourceOptions } from '@app/database';
import { DataSource } from 'typeorm';

import { PLATFORM_ENTITIES } from './platform-entities';

export default new DataSource(
  dataSourceOptions({
    url: AppConfig.fromEnv().databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/zcz_dev',
    entities: PLATFORM_ENTITIES,
  }),
);
