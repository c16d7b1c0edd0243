// DataSource for the TypeORM CLI (migration:generate / run). The apps build their own from AppConfig.
import 'reflect-metadata';

import { AppConfig } from '@app/config';
import { DataSource } from 'typeorm';

import { dataSourceOptions } from './data-source-options';

export default new DataSource(
  dataSourceOptions({ url: AppConfig.fromEnv().databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/zcz_dev' }),
);
