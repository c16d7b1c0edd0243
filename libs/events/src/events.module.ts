import { Module } from '@nestjs/common';

import { DomainEventProcessor } from './domain-event.processor';
import { EventConsumerRegistry } from './event-consumers';
import { EventsService } from './events.service';
import { EventsReconciler } from './events-reconciler';
import { OutboxRelay } from './outbox-relay';

@Module({
  providers: [EventsService, EventConsumerRegistry, DomainEventProcessor, OutboxRelay, EventsReconciler],
  exports: [EventsService, EventConsumerRegistry, OutboxRelay, EventsReconciler],
})
export class EventsModule {}
