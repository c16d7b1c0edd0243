import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { DomainEventProcessor } from './domain-event.processor';
import { DomainEventRepository } from './domain-event.repository';
import { EventConsumerRegistry } from './event-consumers';
import { EVENTS_ENTITIES } from './events.entities';
import { EventsService } from './events.service';
import { EventsReconciler } from './events-reconciler';
import { OutboxRepository } from './outbox.repository';
import { OutboxRelay } from './outbox-relay';
import { OutboxStore } from './outbox-store';

@Module({
  imports: [TypeOrmModule.forFeature(EVENTS_ENTITIES)],
  providers: [
    DomainEventRepository,
    EventsService,
    EventConsumerRegistry,
    DomainEventProcessor,
    { provide: OutboxStore, useClass: OutboxRepository },
    OutboxRelay,
    EventsReconciler,
  ],
  exports: [EventsService, EventConsumerRegistry, OutboxRelay, EventsReconciler],
})
export class EventsModule {}
