import { Module } from '@nestjs/common';

import { DomainEventProcessor } from './domain-event.processor';
import { EventConsumerRegistry } from './event-consumers';
import { EventsService } from './events.service';
import { OutboxRelay } from './outbox-relay';

@Module({
  providers: [EventsService, EventConsumerRegistry, DomainEventProcessor, OutboxRelay],
  exports: [EventsService, EventConsumerRegistry, OutboxRelay],
})
export class EventsModule {}
