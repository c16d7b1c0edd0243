import { ActivitiesModule } from '@app/activities';
import { AuthModule } from '@app/auth';
import { ChallengesModule, FinanceModule } from '@app/challenges';
import { EventsModule } from '@app/events';
import { FilesModule } from '@app/files';
import { ImportsModule } from '@app/imports';
import { IndicatorsModule } from '@app/indicators';
import { ManagersModule } from '@app/managers';
import { MatchingModule } from '@app/matching';
import { NotificationsModule } from '@app/notifications';
import { RegistryModule } from '@app/registry';
import { SearchModule } from '@app/search';

/**
 * The domain modules every process of the platform loads (API, worker, CLI): one list, so a job handler or event
 * consumer added to a lib is present wherever jobs may run (the job registry refuses to boot without it).
 */
export const DOMAIN_MODULES = [
  SearchModule,
  EventsModule,
  RegistryModule,
  AuthModule,
  MatchingModule,
  FilesModule,
  ImportsModule,
  IndicatorsModule,
  ActivitiesModule,
  ManagersModule,
  ChallengesModule,
  FinanceModule,
  NotificationsModule,
];

export { BootstrapAdmin, EMBEDDED_ADMIN, PlatformBootstrap } from './platform-bootstrap';
export * from './platform-entities';
