export * from './domain-event.entity';
export * from './domain-event.processor';
export type { EventActivity, EventSubject } from './domain-event.repository';
export * from './event-consumers';
export * from './events.entities';
export * from './events.module';
export * from './events.service';
export * from './events-reconciler';
export * from './outbox-relay';
