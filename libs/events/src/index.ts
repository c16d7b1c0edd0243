export * from './domain-event.entity';
export * from './event-consumers';
export * from './events.module';
export * from './events.service';
