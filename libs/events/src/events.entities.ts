import { DomainEvent } from './domain-event.entity';

/** The tables this context owns, registered by its module (`TypeOrmModule.forFeature`). */
export const EVENTS_ENTITIES = [DomainEvent];
