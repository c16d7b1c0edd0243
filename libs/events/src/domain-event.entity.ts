import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { EntityType, EventType } from './domain-events';

/**
 * The domain event log, written in the same transaction as the change it describes.
 * It doubles as the transactional outbox: `dispatchedAt` is null until the relay has handed the event to the queue,
 * `processedAt` until its consumers have run.
 */
@Entity('domain_events')
@Index('ix_domain_events_entity', ['entityType', 'entityId', 'id'])
@Index('ix_domain_events_type', ['type', 'id'])
@Index('ix_domain_events_undispatched', ['id'], { where: 'dispatched_at IS NULL' })
@Index('ix_domain_events_unprocessed', ['id'], { where: 'processed_at IS NULL' })
export class DomainEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt: Date;

  /** One of DOMAIN_EVENTS (rows written before a type was retired may hold others: they reach no consumer). */
  @Column({ type: 'text' })
  type: EventType;

  @Column({ type: 'text' })
  entityType: EntityType;

  @Column({ type: 'uuid' })
  entityId: string;

  /** The row's new version when the event's version meaning is `row`; null otherwise (see VersionMeaning). */
  @Column({ type: 'integer', nullable: true })
  entityVersion: number | null;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'text' })
  actorRole: string;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  requestId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;

  /**
   * Set when every consumer has handled the event. Dispatched but unprocessed for long means its job was lost
   * (Redis data gone) or failed for good: the events reconciler queues it again.
   */
  @Column({ type: 'timestamptz', nullable: true })
  processedAt: Date | null;
}
