import { DomainEvent, DomainEventConsumer, EventConsumerRegistry, EventType } from '@app/events';
import { Injectable, OnModuleInit } from '@nestjs/common';

import { InvitationService } from './invitation.service';

/**
 * Runs inside the `domain-event.process` job: a published call gets the engine's invitation proposals. Replaying the
 * event recomputes them (replacing the previous set); a search outage fails the job, which is retried with backoff.
 */
@Injectable()
export class InvitationProposalsConsumer implements DomainEventConsumer, OnModuleInit {
  readonly name = 'challenge-invitation-proposals';
  readonly eventTypes: readonly EventType[] = ['challenge.published'];

  constructor(
    private readonly consumers: EventConsumerRegistry,
    private readonly invitations: InvitationService,
  ) {}

  onModuleInit(): void {
    this.consumers.register(this);
  }

  async consume(event: DomainEvent): Promise<void> {
    await this.invitations.computeProposals(event.entityId);
  }
}
