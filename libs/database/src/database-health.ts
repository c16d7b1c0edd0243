import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Whether the database answers, for the health endpoint. */
@Injectable()
export class DatabaseHealth {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The server's `version()` string (rejects when the database does not answer). */
  async version(): Promise<string | undefined> {
    const rows: Array<{ version: string }> = await this.dataSource.query('SELECT version() AS version');
    return rows[0]?.version;
  }
}
