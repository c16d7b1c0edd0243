import { Activity, ActivityMatchItem, ActivityParticipant, MatchFollowUp } from '@app/activities';
import { User } from '@app/auth';
import { DomainEvent } from '@app/events';
import { ExportJob, StoredFile } from '@app/files';
import { ImportBatch, ImportRow } from '@app/imports';
import { IndicatorFact, IndicatorReport, IndicatorTarget } from '@app/indicators';
import { Match } from '@app/matching';
import { Achievement, Demand, IndustryChain, Organisation } from '@app/registry';

/** Every entity of the platform; the single list used by the app data source and the migration CLI. */
export const ENTITIES = [
  IndustryChain,
  Organisation,
  User,
  Demand,
  Achievement,
  DomainEvent,
  Match,
  StoredFile,
  ExportJob,
  ImportBatch,
  ImportRow,
  IndicatorFact,
  IndicatorTarget,
  IndicatorReport,
  Activity,
  ActivityParticipant,
  ActivityMatchItem,
  MatchFollowUp,
];
