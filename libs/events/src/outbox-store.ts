import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * The outbox relay's data access: claims undispatched events, lets the relay hand them to the queue, marks them
 * dispatched — all or nothing. A port, so that the relay's logic can be tested without PostgreSQL.
 */
export abstract class OutboxStore {
  /**
   * In one transaction: claims up to `limit` undispatched event ids (oldest first; rows another relay holds are
   * skipped), runs `send` with them, then marks them dispatched. If `send` throws, nothing is marked and the error is
   * rethrown. Returns how many events were claimed (0: nothing to do, `send` is not called).
   */
  abstract dispatch(limit: number, send: (ids: string[]) => Promise<void>): Promise<number>;
}

/** PostgreSQL: `FOR UPDATE SKIP LOCKED`, so any number of relays (api, worker) may run at once. */
@Injectable()
export class PgOutboxStore extends OutboxStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  dispatch(limit: number, send: (ids: string[]) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: Array<{ id: string }> = await manager.query(
        `SELECT id FROM domain_events WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      const ids = rows.map((r) => String(r.id));
      await send(ids);
      await manager.query(`UPDATE domain_events SET dispatched_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
      return ids.length;
    });
  }
}
