import {
  DeepPartial,
  EntityManager,
  EntityTarget,
  FindOptionsSelect,
  FindOptionsWhere,
  In,
  ObjectLiteral,
  Repository,
} from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** Rows per multi-row INSERT (about 25 parameters each; PostgreSQL allows 65 535 per statement). */
export const INSERT_ROWS = 1000;

/**
 * Base of a context's repository: the one place its table is read and written. Every method works on the
 * injected repository, or inside a caller's transaction when given its EntityManager (the unit of work stays with
 * the caller: `EventsService.transaction`).
 */
export abstract class EntityRepository<T extends ObjectLiteral & { id: string }> {
  protected constructor(protected readonly repository: Repository<T>) {}

  get target(): EntityTarget<T> {
    return this.repository.target;
  }

  /** The repository itself, or the same table inside the caller's transaction. */
  protected of(manager?: EntityManager): Repository<T> {
    return manager ? manager.getRepository<T>(this.repository.target) : this.repository;
  }

  findById(id: string, manager?: EntityManager): Promise<T | null> {
    return this.of(manager).findOneBy({ id } as FindOptionsWhere<T>);
  }

  /** These rows (missing ids are absent) with only the id and the given columns read. */
  findFieldsByIds<K extends keyof T>(
    ids: string[],
    fields: readonly K[],
    manager?: EntityManager,
  ): Promise<Array<Pick<T, K | 'id'>>> {
    if (!ids.length) return Promise.resolve([]);
    const select = Object.fromEntries(['id', ...fields].map((f) => [f, true])) as FindOptionsSelect<T>;
    return this.of(manager).find({ select, where: { id: In(ids) } as FindOptionsWhere<T> });
  }

  /** Saves a new row from plain fields (generated id and defaults merged back). */
  saveNew(fields: DeepPartial<T>): Promise<T> {
    return this.repository.save(fields);
  }

  /** Plain INSERT of these rows in one statement (no cascades, no reload). */
  /** Inserts plain rows in one statement; returns their ids in the rows' order. */
  async insertRows(rows: Array<DeepPartial<T>>): Promise<string[]> {
    const result = await this.repository.insert(rows as QueryDeepPartialEntity<T>[]);
    return result.identifiers.map((r) => r.id as string);
  }

  /** The row locked `FOR UPDATE` in the caller's transaction. */
  lockForUpdate(manager: EntityManager, id: string): Promise<T | null> {
    return this.of(manager).findOne({ where: { id } as FindOptionsWhere<T>, lock: { mode: 'pessimistic_write' } });
  }

  create(fields: Partial<T>, manager?: EntityManager): T {
    return this.of(manager).create(fields as T);
  }

  save(manager: EntityManager | undefined, row: T): Promise<T> {
    return this.of(manager).save(row);
  }

  /**
   * Inserts rows with multi-row statements of INSERT_ROWS each; TypeORM merges the generated id, timestamps,
   * version and column defaults back into the given entities.
   */
  async insertMany(manager: EntityManager, rows: T[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_ROWS) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(this.repository.target)
        .values(rows.slice(i, i + INSERT_ROWS))
        .execute();
    }
  }
}
