import { DataSource } from 'typeorm';

import { dataSourceOptions } from './data-source-options';

/** Applies every pending migration; returns the names applied. Used by `cli migrate`, embedded start and tests. */
export async function runMigrations(url: string, options: { poolSize?: number } = {}): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions({ url, poolSize: options.poolSize ?? 1 }));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
