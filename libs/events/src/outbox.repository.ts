import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { DomainEvent } from './domain-event.entity';
import { OutboxStore } from './outbox-store';

/**
 * The outbox on the `domain_events` table: `FOR UPDATE SKIP LOCKED`, so any number of relays (api, worker) may run
 * at once.
 */
@Injectable()
export class OutboxRepository extends OutboxStore {
  constructor(@InjectRepository(DomainEvent) private readonly events: Repository<DomainEvent>) {
    super();
  }

  dispatch(limit: number, send: (ids: string[]) => Promise<void>): Promise<number> {
    return this.events.manager.transaction(async (manager) => {
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
