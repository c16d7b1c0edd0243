import { Module } from '@nestjs/common';

import { DomainEventProcessor } from './domain-event.processor';
import { EventConsumerRegistry } from './event-consumers';
import { EventsService } from './events.service';
import { EventsReconciler } from './events-reconciler';
import { OutboxRelay } from './outbox-relay';
import { OutboxStore, PgOutboxStore } from './outbox-store';

@Module({
  providers: [
    EventsService,
    EventConsumerRegistry,
    DomainEventProcessor,
    { provide: OutboxStore, useClass: PgOutboxStore },
    OutboxRelay,
    EventsReconciler,
  ],
  exports: [EventsService, EventConsumerRegistry, OutboxRelay, EventsReconciler],
})
export class EventsModule {}
