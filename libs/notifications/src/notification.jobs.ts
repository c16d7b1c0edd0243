import { AppConfig } from '@app/config';
import { JobContext, JobHandler, JobName, JobPayloads, JobProcessor, QueueRole, Reconciler } from '@app/queue';
import { Injectable } from '@nestjs/common';

import { NotificationsService } from './notifications.service';

/** Sends one delivery; a failure is retried with the queue's backoff, and marked failed after the last attempt. */
@Injectable()
@JobProcessor(JobName.DeliverNotification)
export class DeliverNotificationProcessor implements JobHandler<JobName.DeliverNotification> {
  constructor(private readonly notifications: NotificationsService) {}

  handle(data: JobPayloads[JobName.DeliverNotification], context: JobContext): Promise<void> {
    return this.notifications.deliver(data.deliveryId, context.attempt);
  }

  onFinalFailure(data: JobPayloads[JobName.DeliverNotification], error: Error, context: JobContext): Promise<void> {
    return this.notifications.deliveryFailed(data.deliveryId, error, context.attempt);
  }
}

/** Deliveries still pending well after they were written (queue lost, crash after commit) are queued again. */
@Injectable()
export class NotificationsReconciler extends Reconciler {
  constructor(
    role: QueueRole,
    config: AppConfig,
    private readonly notifications: NotificationsService,
  ) {
    super(role, config);
  }

  protected pass(): Promise<number> {
    // older than two full backoff cycles: a delivery being retried right now is left alone
    return this.notifications.requeueStale(Math.max(this.config.reconcileIntervalMs, 120000));
  }
}
