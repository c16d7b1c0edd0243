import { AuthGuard } from '@app/auth';
import { HttpExceptionFilter } from '@app/common';
import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { DOMAIN_MODULES, PlatformBootstrap } from '@app/platform';
import { QueueModule } from '@app/queue';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';

import { ActivitiesController } from './activities/activities.controller';
import { FollowUpsController } from './activities/follow-ups.controller';
import { AdminJobsController } from './admin/jobs.controller';
import { AuthController, UsersController } from './auth/auth.controller';
import { SessionCookies } from './auth/session-cookies';
import {
  ChallengeInvitationsController,
  ChallengeSearchController,
  MyChallengeInvitationsController,
} from './challenges/challenge-invitations.controller';
import {
  ChallengeBidsController,
  ChallengeProjectsController,
  ChallengesController,
  ConsortiaController,
  PublicChallengesController,
} from './challenges/challenges.controller';
import { EventsController } from './events/events.controller';
import { ExportsController } from './files/exports.controller';
import { FinanceController } from './finance/finance.controller';
import { HealthController } from './health/health.controller';
import { ImportsController } from './imports/imports.controller';
import { IndicatorsController } from './indicators/indicators.controller';
import { loggerParams } from './logger';
import { AgenciesController } from './managers/agencies.controller';
import { AssignmentsController } from './managers/assignments.controller';
import { EvaluationsController, ServiceRatingsController } from './managers/evaluations.controller';
import { ManagersController } from './managers/managers.controller';
import { DemandListsController, ServiceRecordsController } from './managers/service-records.controller';
import { TrainingCampsController } from './managers/training-camps.controller';
import { MatchesController } from './matching/matches.controller';
import { SearchController } from './matching/search.controller';
import { AdminNotificationsController, NotificationsController } from './notifications/notifications.controller';
import { PublicController } from './public/public.controller';
import { AchievementsController } from './registry/achievements.controller';
import { DemandsController } from './registry/demands.controller';
import { IndustryChainsController } from './registry/industry-chains.controller';
import { OrganisationsController } from './registry/organisations.controller';

export interface ApiModuleOptions {
  /** Host BullMQ workers in the API process too (tests, single-process deployments). */
  consumeJobs: boolean;
  /** Settings resolved by the caller (embedded launcher, bench); read from the environment when absent. */
  config?: AppConfig;
}

@Module({})
export class AppModule {
  static forRoot(options: ApiModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.config),
        LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: loggerParams }),
        DatabaseModule,
        QueueModule.forRoot({ consume: options.consumeJobs }),
        ...DOMAIN_MODULES,
      ],
      controllers: [
        HealthController,
        AuthController,
        UsersController,
        IndustryChainsController,
        OrganisationsController,
        DemandsController,
        AchievementsController,
        PublicController,
        EventsController,
        MatchesController,
        SearchController,
        ExportsController,
        ImportsController,
        ActivitiesController,
        FollowUpsController,
        IndicatorsController,
        AdminJobsController,
        ManagersController,
        FinanceController,
        AgenciesController,
        AssignmentsController,
        ServiceRecordsController,
        DemandListsController,
        TrainingCampsController,
        EvaluationsController,
        ServiceRatingsController,
        PublicChallengesController,
        ChallengeSearchController,
        MyChallengeInvitationsController,
        ChallengeInvitationsController,
        ChallengeBidsController,
        ChallengeProjectsController,
        ConsortiaController,
        ChallengesController,
        NotificationsController,
        AdminNotificationsController,
      ],
      providers: [
        PlatformBootstrap,
        SessionCookies,
        { provide: APP_GUARD, useExisting: AuthGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
    };
  }
}
