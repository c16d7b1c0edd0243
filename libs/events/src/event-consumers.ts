import { Injectable, Logger } from '@nestjs/common';

import { DomainEvent } from './domain-event.entity';

/** Something that reacts to committed domain events (search index, matching, indicators). Must be idempotent. */
export interface DomainEventConsumer {
  readonly name: string;
  handles(event: DomainEvent): boolean;
  consume(event: DomainEvent): Promise<void>;
}

@Injectable()
export class EventConsumerRegistry {
  private readonly logger = new Logger(EventConsumerRegistry.name);
  private readonly consumers: DomainEventConsumer[] = [];

  register(consumer: DomainEventConsumer): void {
    if (this.consumers.some((c) => c.name === consumer.name)) {
      throw new Error(`Domain event consumer "${consumer.name}" registered twice`);
    }
    this.consumers.push(consumer);
    this.logger.debug(`Registered consumer ${consumer.name}`);
  }

  for(event: DomainEvent): DomainEventConsumer[] {
    return this.consumers.filter((c) => c.handles(event));
  }
}
