import { Injectable } from '@nestjs/common';
import { InjectEntityManager } from '@nestjs/typeorm';
import { EntityManager } from 'typeorm';

/** Whether the database answers, for the health endpoint. */
@Injectable()
export class DatabaseHealthRepository {
  constructor(@InjectEntityManager() private readonly manager: EntityManager) {}

  /** The server's `version()` string (rejects when the database does not answer). */
  async version(): Promise<string | undefined> {
    const rows: Array<{ version: string }> = await this.manager.query('SELECT version() AS version');
    return rows[0]?.version;
  }
}
