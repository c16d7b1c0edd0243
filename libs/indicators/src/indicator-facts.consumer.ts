import { DomainEvent, DomainEventConsumer, EventConsumerRegistry, EventType } from '@app/events';
import { Injectable, OnModuleInit } from '@nestjs/common';

import { FACT_RULES } from './fact-rules';
import { IndicatorFactsService } from './indicator-facts.service';

/**
 * Runs inside the `domain-event.process` BullMQ job: each committed change to a demand, achievement, activity,
 * match, user or organisation re-derives the indicator facts it touches. A failure fails the job, which retries.
 */
@Injectable()
export class IndicatorFactsConsumer implements DomainEventConsumer, OnModuleInit {
  readonly name = 'indicators';
  /** The event types some counting rule declares. */
  readonly eventTypes: readonly EventType[] = [...new Set(FACT_RULES.flatMap((r) => r.events))];

  constructor(
    private readonly consumers: EventConsumerRegistry,
    private readonly facts: IndicatorFactsService,
  ) {}

  onModuleInit(): void {
    this.consumers.register(this);
  }

  async consume(event: DomainEvent): Promise<void> {
    await this.facts.applyEvent(event);
  }
}
