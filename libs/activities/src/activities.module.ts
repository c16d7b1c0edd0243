import { EventsModule } from '@app/events';
import { FilesModule } from '@app/files';
import { MatchingModule } from '@app/matching';
import { RegistryModule } from '@app/registry';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { ACTIVITIES_ENTITIES } from './activities.entities';
import { ActivitiesRepository } from './activity/activities.repository';
import { ActivityService } from './activity/activity.service';
import { ActivityDemoLoader } from './demo/activity-demo';
import {
  MatchListCsvExport,
  MatchListExportSource,
  MatchListPdfExport,
  MatchListXlsxExport,
} from './export/match-list-export';
import { FollowUpService } from './follow-up/follow-up.service';
import { FollowUpsRepository } from './follow-up/follow-ups.repository';
import { MatchListService } from './match-list/match-list.service';
import { MatchListItemsRepository } from './match-list/match-list-items.repository';
import { MatchProposalsService } from './match-list/match-proposals.service';

@Module({
  imports: [TypeOrmModule.forFeature(ACTIVITIES_ENTITIES), EventsModule, RegistryModule, MatchingModule, FilesModule],
  providers: [
    ActivitiesRepository,
    FollowUpsRepository,
    ActivityService,
    MatchListItemsRepository,
    MatchListService,
    MatchProposalsService,
    FollowUpService,
    MatchListExportSource,
    MatchListXlsxExport,
    MatchListCsvExport,
    MatchListPdfExport,
    ActivityDemoLoader,
  ],
  exports: [ActivityService, MatchListService, MatchProposalsService, FollowUpService, ActivityDemoLoader],
})
export class ActivitiesModule {}
