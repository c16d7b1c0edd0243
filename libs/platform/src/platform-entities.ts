import { ACTIVITIES_ENTITIES } from '@app/activities';
import { AUTH_ENTITIES } from '@app/auth';
import { CHALLENGES_ENTITIES, FINANCE_ENTITIES } from '@app/challenges';
import { EVENTS_ENTITIES } from '@app/events';
import { FILES_ENTITIES } from '@app/files';
import { IMPORTS_ENTITIES } from '@app/imports';
import { INDICATORS_ENTITIES } from '@app/indicators';
import { MANAGERS_ENTITIES } from '@app/managers';
import { MATCHING_ENTITIES } from '@app/matching';
import { NOTIFICATIONS_ENTITIES } from '@app/notifications';
import { REGISTRY_ENTITIES } from '@app/registry';

/**
 * Every table of the platform, composed here — above the domains, next to DOMAIN_MODULES — for the data sources
 * built outside Nest that need the whole mapping: the migration generator (migration-data-source.ts) and the
 * check that the migrations and the entities describe the same schema. The apps do not use it: each context
 * registers its own list with `TypeOrmModule.forFeature` and the Nest data source loads what the modules register.
 */
export const PLATFORM_ENTITIES = [
  ...REGISTRY_ENTITIES,
  ...AUTH_ENTITIES,
  ...EVENTS_ENTITIES,
  ...MATCHING_ENTITIES,
  ...FILES_ENTITIES,
  ...IMPORTS_ENTITIES,
  ...INDICATORS_ENTITIES,
  ...ACTIVITIES_ENTITIES,
  ...MANAGERS_ENTITIES,
  ...CHALLENGES_ENTITIES,
  ...FINANCE_ENTITIES,
  ...NOTIFICATIONS_ENTITIES,
];
