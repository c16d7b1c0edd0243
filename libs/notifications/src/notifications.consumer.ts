import { DomainEvent, DomainEventConsumer, EventConsumerRegistry, EventType } from '@app/events';
import { Injectable, OnModuleInit } from '@nestjs/common';

import { NotificationRules, NOTIFIED_EVENT_TYPES } from './notification-rules';
import { NotificationsService } from './notifications.service';

/**
 * Runs inside the `domain-event.process` job: turns a committed event into notifications. The event id is the
 * notifications' key (a call's matching institutions: the call, see NotificationRules.keyOf), so a replayed event (a retried job, the events reconciler) adds and sends nothing twice.
 */
@Injectable()
export class NotificationsConsumer implements DomainEventConsumer, OnModuleInit {
  readonly name = 'notifications';
  readonly eventTypes: readonly EventType[] = NOTIFIED_EVENT_TYPES;

  constructor(
    private readonly consumers: EventConsumerRegistry,
    private readonly rules: NotificationRules,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    this.consumers.register(this);
  }

  async consume(event: DomainEvent): Promise<void> {
    const drafts = await this.rules.draftsFor(event);
    await this.notifications.notify(this.rules.keyOf(event), drafts);
  }
}
