import { EventsModule } from '@app/events';
import { FilesModule } from '@app/files';
import { MatchingModule } from '@app/matching';
import { RegistryModule } from '@app/registry';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { ACTIVITIES_ENTITIES } from './activities.entities';
import { ActivityService } from './activity/activity.service';
import { ActivityDemoLoader } from './demo/activity-demo';
import {
  MatchListCsvExport,
  MatchListExportSource,
  MatchListPdfExport,
  MatchListXlsxExport,
} from './export/match-list-export';
import { FollowUpService } from './follow-up/follow-up.service';
import { MatchListService } from './match-list/match-list.service';

@Module({
  imports: [TypeOrmModule.forFeature(ACTIVITIES_ENTITIES), EventsModule, RegistryModule, MatchingModule, FilesModule],
  providers: [
    ActivityService,
    MatchListService,
    FollowUpService,
    MatchListExportSource,
    MatchListXlsxExport,
    MatchListCsvExport,
    MatchListPdfExport,
    ActivityDemoLoader,
  ],
  exports: [ActivityService, MatchListService, FollowUpService, ActivityDemoLoader],
})
export class ActivitiesModule {}
