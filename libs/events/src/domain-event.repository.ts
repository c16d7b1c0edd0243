import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';

import { DomainEvent } from './domain-event.entity';
import { EntityType } from './domain-events';

/** A record kind and the ids of its records, whose events are read together (e.g. an institution's 一校一档). */
export interface EventSubject {
  entityType: string;
  entityIds: string[];
}

/** An entry of a record's recent activity: what happened, to which record, by whom, when. */
export interface EventActivity {
  id: string;
  type: string;
  entityType: string;
  entityId: string;
  actorId: string | null;
  occurredAt: Date;
}

/**
 * The `domain_events` table (the log and its processing marks). The outbox relay's claim and dispatch are
 * OutboxRepository's, behind the relay's OutboxStore port.
 */
@Injectable()
export class DomainEventRepository {
  constructor(@InjectRepository(DomainEvent) private readonly repository: Repository<DomainEvent>) {}

  /** The platform's unit of work: `work` runs in one transaction on the returned manager. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.repository.manager.transaction(work);
  }

  findById(id: string): Promise<DomainEvent | null> {
    return this.repository.findOneBy({ id });
  }

  async markProcessed(id: string): Promise<void> {
    await this.repository.query(`UPDATE domain_events SET processed_at = now() WHERE id = $1`, [id]);
  }

  /** Of the given event ids, those already processed. */
  async processedAmong(ids: string[]): Promise<Set<string>> {
    const done: Array<{ id: string }> = await this.repository.query(
      `SELECT id::text AS id FROM domain_events WHERE id = ANY($1::bigint[]) AND processed_at IS NOT NULL`,
      [ids],
    );
    return new Set(done.map((r) => r.id));
  }

  /** Events dispatched more than `seconds` ago and still not processed, oldest first. */
  async dispatchedUnprocessed(seconds: number, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.repository.query(
      `SELECT id FROM domain_events
        WHERE processed_at IS NULL AND dispatched_at < now() - make_interval(secs => $1)
        ORDER BY id LIMIT $2`,
      [seconds, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Every event of one record, in the order recorded. */
  historyOf(entityType: EntityType, entityId: string): Promise<DomainEvent[]> {
    return this.repository.find({ where: { entityType, entityId }, order: { id: 'ASC' } });
  }

  /** Listing query (alias `e`). */
  listQuery(): SelectQueryBuilder<DomainEvent> {
    return this.repository.createQueryBuilder('e');
  }

  /** The latest events of the given records, newest first. */
  async recentFor(subjects: EventSubject[], limit: number): Promise<EventActivity[]> {
    const qb = this.repository
      .createQueryBuilder('e')
      .select([
        'e.id AS id',
        'e.type AS type',
        'e.entity_type AS "entityType"',
        'e.entity_id AS "entityId"',
        'e.actor_id AS "actorId"',
        'e.occurred_at AS "occurredAt"',
      ])
      .orderBy('e.id', 'DESC')
      .limit(limit);
    const parts = subjects
      .filter((s) => s.entityIds.length)
      .map((s, i) => {
        qb.setParameter(`type${i}`, s.entityType).setParameter(`ids${i}`, s.entityIds);
        return `(e.entity_type = :type${i} AND e.entity_id IN (:...ids${i}))`;
      });
    if (!parts.length) return [];
    qb.where(`(${parts.join(' OR ')})`);
    return qb.getRawMany<EventActivity>();
  }
}
