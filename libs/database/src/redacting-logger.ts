import { Logger as NestLogger } from '@nestjs/common';
import type { Logger, QueryRunner } from 'typeorm';

/** Longest SQL text written to the log; a statement's shape is enough to find it. */
const MAX_SQL = 2000;

/**
 * TypeORM's logger without query parameters. Parameters carry what the platform keeps confidential — password
 * hashes, budgets, contacts, confidential notes — and any failing statement (a NUL byte in a name is enough) would
 * otherwise print them. Only the SQL text (placeholders, never values), the number of parameters and the
 * database's error message are written.
 */
export class RedactingTypeOrmLogger implements Logger {
  private readonly logger = new NestLogger('TypeORM');

  /** queries: also statements, migrations and schema messages (the `logging` option); otherwise failures only. */
  constructor(private readonly queries = false) {}

  logQuery(query: string, parameters?: unknown[], _queryRunner?: QueryRunner): void {
    if (this.queries) this.logger.debug(`query: ${sql(query)}${count(parameters)}`);
  }

  logQueryError(error: string | Error, query: string, parameters?: unknown[], _queryRunner?: QueryRunner): void {
    const message = typeof error === 'string' ? error : error.message;
    this.logger.error(`query failed: ${message} — ${sql(query)}${count(parameters)}`);
  }

  logQuerySlow(time: number, query: string, parameters?: unknown[], _queryRunner?: QueryRunner): void {
    this.logger.warn(`slow query (${time} ms): ${sql(query)}${count(parameters)}`);
  }

  logSchemaBuild(message: string, _queryRunner?: QueryRunner): void {
    if (this.queries) this.logger.log(message);
  }

  logMigration(message: string, _queryRunner?: QueryRunner): void {
    if (this.queries) this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown, _queryRunner?: QueryRunner): void {
    if (!this.queries) return;
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.log(String(message));
  }
}

const sql = (query: string) => (query.length > MAX_SQL ? `${query.slice(0, MAX_SQL)}…` : query);
const count = (parameters?: unknown[]) => (parameters?.length ? ` (${parameters.length} parameters, not logged)` : '');
