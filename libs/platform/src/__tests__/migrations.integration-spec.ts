import { dataSourceOptions } from '@app/database';
import { DataSource } from 'typeorm';

import { createTestDatabase, dropTestDatabase } from '../../../../test/utils/database';
import { PLATFORM_ENTITIES } from '../platform-entities';

/** The committed migrations and the entities describe the same schema: nothing left to generate. */
describe('migrations', () => {
  let db: { url: string; name: string };
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource(
      dataSourceOptions({ url: db.url, poolSize: 1, entities: PLATFORM_ENTITIES }),
    ).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    if (db) await dropTestDatabase(db.name);
  });

  it('leave no difference between entities and the migrated schema', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('can be reverted and applied again', async () => {
    const count = dataSource.migrations.length;
    for (let i = 0; i < count; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    const tables: Array<{ n: number }> = await dataSource.query(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`,
    );
    expect(tables[0].n).toBe(0);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied).toHaveLength(count);
  });
});
