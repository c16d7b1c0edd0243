import { Actor, PageQueryDto, toPage } from '@app/common';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

import { DomainEvent } from './domain-event.entity';
import { DomainEventRepository, EventActivity, EventSubject } from './domain-event.repository';
import { EntityType, EventType, RecordEventInput } from './domain-events';

export interface EventQuery extends PageQueryDto {
  entityType?: string;
  entityId?: string;
  type?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

/** Values that JSON cannot carry as they are (Date) are turned into strings before they are stored. */
function jsonSafe(value: object | null | undefined): Record<string, unknown> | null {
  if (!value) return null;
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

/**
 * The domain event log. `record` takes the transaction's EntityManager: an event exists iff its change committed.
 * Listeners learn about new events through `onRecorded` hooks run after commit (the outbox relay nudges itself).
 */
@Injectable()
export class EventsService {
  private readonly afterCommitListeners: Array<() => void> = [];

  constructor(private readonly log: DomainEventRepository) {}

  /**
   * Records one event. Its type fixes its entity type, payload shape and version: an unknown type, another entity
   * type, or a missing version on a row change does not compile (see DOMAIN_EVENTS).
   */
  async record<K extends EventType>(
    manager: EntityManager,
    actor: Actor,
    input: RecordEventInput<K>,
  ): Promise<DomainEvent> {
    const event = manager.create(DomainEvent, {
      type: input.type,
      entityType: input.entityType,
      entityId: input.entityId,
      entityVersion: input.entityVersion ?? null,
      actorId: actor.userId,
      actorRole: actor.role,
      before: jsonSafe(input.before),
      after: jsonSafe(input.after),
      requestId: actor.requestId ?? null,
      dispatchedAt: null,
    });
    const saved = await manager.save(DomainEvent, event);
    return saved;
  }

  /**
   * Records many events with one multi-row INSERT (bulk imports): the same rows, in the same order, as calling
   * `record` for each input; ids ascend in input order, so consumers see the events as they would have.
   */
  async recordMany<K extends EventType>(
    manager: EntityManager,
    actor: Actor,
    inputs: RecordEventInput<K>[],
  ): Promise<void> {
    const PER_STATEMENT = 1000; // 10 parameters per event, far below PostgreSQL's 65 535
    for (let i = 0; i < inputs.length; i += PER_STATEMENT) {
      const values = inputs.slice(i, i + PER_STATEMENT).map((input) =>
        manager.create(DomainEvent, {
          type: input.type,
          entityType: input.entityType,
          entityId: input.entityId,
          entityVersion: input.entityVersion ?? null,
          actorId: actor.userId,
          actorRole: actor.role,
          before: jsonSafe(input.before),
          after: jsonSafe(input.after),
          requestId: actor.requestId ?? null,
          dispatchedAt: null,
        }),
      );
      await manager
        .createQueryBuilder()
        .insert()
        .into(DomainEvent)
        .values(values as QueryDeepPartialEntity<DomainEvent>[])
        .updateEntity(false)
        .execute();
    }
  }

  /**
   * Runs `work` in one transaction and, once it has committed, tells the outbox relay there is news.
   * Every state change of the platform goes through here, with its events recorded on the given manager.
   */
  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.log.transaction(work);
    this.notifyCommitted();
    return result;
  }

  /** Called once a transaction that recorded events has committed. */
  notifyCommitted(): void {
    for (const listener of this.afterCommitListeners) listener();
  }

  onCommitted(listener: () => void): void {
    this.afterCommitListeners.push(listener);
  }

  async list(query: EventQuery) {
    const qb = this.log.listQuery();
    if (query.entityType) qb.andWhere('e.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) qb.andWhere('e.entity_id = :entityId', { entityId: query.entityId });
    if (query.type) qb.andWhere('e.type = :type', { type: query.type });
    if (query.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
    if (query.from) qb.andWhere('e.occurred_at >= :from', { from: query.from });
    if (query.to) qb.andWhere('e.occurred_at < :to', { to: query.to });
    qb.orderBy('e.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    const [items, total] = await qb.getManyAndCount();
    return toPage(items, total, query);
  }

  /** The latest events of the given records, newest first (a record's recent activity). */
  /** Every event of one record, in the order recorded (a record's own history, for views that shape it). */
  historyOf(entityType: EntityType, entityId: string): Promise<DomainEvent[]> {
    return this.log.historyOf(entityType, entityId);
  }

  recentFor(subjects: EventSubject[], limit = 50): Promise<EventActivity[]> {
    return this.log.recentFor(subjects, limit);
  }
}
