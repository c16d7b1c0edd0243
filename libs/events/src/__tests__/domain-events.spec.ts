import { Actor } from '@app/common';
import { EntityManager } from 'typeorm';

import { DomainEvent } from '../domain-event.entity';
import { DOMAIN_EVENTS, EntityType, EVENT_TYPES, EventType, eventTypesOf } from '../domain-events';
import { DomainEventConsumer, EventConsumerRegistry, EventConsumerRegistryError } from '../event-consumers';
import { EventsService } from '../events.service';

const consumer = (name: string, eventTypes: readonly string[]): DomainEventConsumer => ({
  name,
  eventTypes: eventTypes as EventType[],
  consume: async () => undefined,
});

describe('domain event vocabulary', () => {
  it('names 120 event types over 27 entity types, each about one entity', () => {
    expect(EVENT_TYPES).toHaveLength(120);
    expect(new Set(EVENT_TYPES.map((t) => DOMAIN_EVENTS[t].entityType)).size).toBe(Object.keys(EntityType).length);
    expect(Object.keys(EntityType)).toHaveLength(27);
  });

  it('says which events leave their row unchanged: a matching run on a demand or a call, an expert’s score or conflict', () => {
    expect(EVENT_TYPES.filter((t) => DOMAIN_EVENTS[t].version === 'unchanged')).toEqual([
      'demand.matched',
      'challenge.invitations_proposed',
      'challenge_bid.scored',
      'challenge_bid.conflict_declared',
    ]);
    expect(eventTypesOf(['demand'], 'row')).not.toContain('demand.matched');
    expect(eventTypesOf(['demand'], 'row')).toContain('demand.updated');
  });

  it('refuses at compile time an unknown type, another entity type or a row change without its version', () => {
    // Never called: the point is that `tsc` (npm run typecheck) accepts the first call and refuses the others.
    const typed = (events: EventsService, m: EntityManager, a: Actor) => [
      events.record(m, a, { type: 'demand.updated', entityType: 'demand', entityId: 'x', entityVersion: 2 }),
      events.record(m, a, {
        type: 'demand.matched',
        entityType: 'demand',
        entityId: 'x',
        after: { suggestions: 1, added: 1, removed: 0 },
      }),
      // @ts-expect-error unknown event type
      events.record(m, a, { type: 'demand.deleted', entityType: 'demand', entityId: 'x', entityVersion: 2 }),
      // @ts-expect-error wrong entity type for the event
      events.record(m, a, { type: 'demand.updated', entityType: 'achievement', entityId: 'x', entityVersion: 2 }),
      // @ts-expect-error a row change carries the row's new version
      events.record(m, a, { type: 'demand.updated', entityType: 'demand', entityId: 'x' }),
      // @ts-expect-error an event that leaves its row unchanged carries no version
      events.record(m, a, { type: 'demand.matched', entityType: 'demand', entityId: 'x', entityVersion: 3 }),
      events.record(m, a, {
        type: 'demand.published',
        entityType: 'demand',
        entityId: 'x',
        entityVersion: 2,
        // @ts-expect-error a workflow step records the status it left
        before: { reason: 'x' },
      }),
    ];
    expect(typeof typed).toBe('function');
  });
});

describe('EventConsumerRegistry', () => {
  it('refuses a consumer of an unknown event type (at boot, when consumers register)', () => {
    const registry = new EventConsumerRegistry();
    expect(() => registry.register(consumer('typo', ['demand.publihsed']))).toThrow(EventConsumerRegistryError);
    expect(() => registry.register(consumer('typo', ['demand.publihsed']))).toThrow('demand.publihsed');
  });

  it('refuses a consumer registered twice or subscribed to nothing', () => {
    const registry = new EventConsumerRegistry();
    registry.register(consumer('index', ['demand.updated']));
    expect(() => registry.register(consumer('index', ['demand.updated']))).toThrow('registered twice');
    expect(() => registry.register(consumer('idle', []))).toThrow('no event type');
  });

  it('hands an event to the consumers of its type only, in registration order', () => {
    const registry = new EventConsumerRegistry();
    const index = consumer('index', ['demand.updated', 'demand.published']);
    const facts = consumer('facts', ['demand.published', 'match.confirmed']);
    registry.register(index);
    registry.register(facts);
    const of = (type: string) => registry.for({ type } as DomainEvent).map((c) => c.name);
    expect(of('demand.updated')).toEqual(['index']);
    expect(of('demand.published')).toEqual(['index', 'facts']);
    expect(of('demand.matched')).toEqual([]);
    expect(of('legacy.type')).toEqual([]);
  });
});
