export * from './domain-event.entity';
export * from './domain-event.processor';
export * from './event-consumers';
export * from './events.module';
export * from './events.service';
export * from './events-reconciler';
export * from './outbox-relay';
export * from './outbox-store';
