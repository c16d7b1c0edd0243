export * from './domain-event.entity';
export type { EventActivity, EventSubject } from './domain-event.repository';
export * from './domain-events';
export * from './event-consumers';
export * from './events.entities';
export * from './events.module';
export * from './events.service';
