import { ActivitiesModule } from '@app/activities';
import { ChallengesModule, FinanceModule } from '@app/challenges';
import { EventsModule } from '@app/events';
import { IndicatorsModule } from '@app/indicators';
import { MatchingModule } from '@app/matching';
import { RegistryModule } from '@app/registry';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { EmailChannel } from './email.channel';
import { NOTIFICATIONS_ENTITIES } from './notification.entities';
import { DeliverNotificationProcessor, NotificationsReconciler } from './notification.jobs';
import { NotificationRepository } from './notification.repository';
import { NOTIFICATION_CHANNELS } from './notification-channel';
import { NotificationRules } from './notification-rules';
import { NotificationScheduleProcessor, NotificationScheduleService } from './notification-schedule';
import { NotificationStream } from './notification-stream';
import { NotificationsConsumer } from './notifications.consumer';
import { NotificationsService } from './notifications.service';
import { NotificationsDemoLoader } from './notifications-demo';

/** Inbox, e-mail, digests and reminders: reacts to domain events, owns its three tables. */
@Module({
  imports: [
    TypeOrmModule.forFeature(NOTIFICATIONS_ENTITIES),
    EventsModule,
    RegistryModule,
    MatchingModule,
    ActivitiesModule,
    ChallengesModule,
    FinanceModule,
    IndicatorsModule,
  ],
  providers: [
    NotificationRepository,
    EmailChannel,
    { provide: NOTIFICATION_CHANNELS, inject: [EmailChannel], useFactory: (email: EmailChannel) => [email] },
    NotificationStream,
    NotificationRules,
    NotificationsService,
    NotificationsConsumer,
    DeliverNotificationProcessor,
    NotificationsReconciler,
    NotificationScheduleService,
    NotificationScheduleProcessor,
    NotificationsDemoLoader,
  ],
  exports: [
    NotificationsService,
    NotificationStream,
    EmailChannel,
    NotificationScheduleService,
    NotificationsDemoLoader,
  ],
})
export class NotificationsModule {}
