import { Injectable, Logger } from '@nestjs/common';

import { DomainEvent } from './domain-event.entity';
import { EventType, isEventType } from './domain-events';

/** Something that reacts to committed domain events (search index, matching, indicators). Must be idempotent. */
export interface DomainEventConsumer {
  readonly name: string;
  /** The event types it subscribes to: it receives those and no others. Unknown types are refused at boot. */
  readonly eventTypes: readonly EventType[];
  consume(event: DomainEvent): Promise<void>;
}

export class EventConsumerRegistryError extends Error {}

/** Consumers by the event types they subscribe to; filled by each consumer's module at init (so at boot). */
@Injectable()
export class EventConsumerRegistry {
  private readonly logger = new Logger(EventConsumerRegistry.name);
  private readonly consumers: DomainEventConsumer[] = [];
  private readonly byType = new Map<string, DomainEventConsumer[]>();

  register(consumer: DomainEventConsumer): void {
    if (this.consumers.some((c) => c.name === consumer.name)) {
      throw new EventConsumerRegistryError(`Domain event consumer "${consumer.name}" registered twice`);
    }
    const unknown = consumer.eventTypes.filter((t) => !isEventType(t));
    if (unknown.length) {
      throw new EventConsumerRegistryError(
        `Domain event consumer "${consumer.name}" subscribes to unknown event types: ${unknown.join(', ')}`,
      );
    }
    if (consumer.eventTypes.length === 0) {
      throw new EventConsumerRegistryError(`Domain event consumer "${consumer.name}" subscribes to no event type`);
    }
    this.consumers.push(consumer);
    for (const type of new Set(consumer.eventTypes))
      this.byType.set(type, [...(this.byType.get(type) ?? []), consumer]);
    this.logger.debug(`Registered consumer ${consumer.name} for ${consumer.eventTypes.length} event types`);
  }

  /** The consumers subscribed to the event's type, in registration order. */
  for(event: Pick<DomainEvent, 'type'>): DomainEventConsumer[] {
    return this.byType.get(event.type) ?? [];
  }
}
