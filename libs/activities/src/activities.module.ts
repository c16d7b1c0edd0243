import { EventsModule } from '@app/events';
import { MatchingModule } from '@app/matching';
import { RegistryModule } from '@app/registry';
import { Module } from '@nestjs/common';

import { ActivityService } from './activity/activity.service';
import { FollowUpService } from './follow-up/follow-up.service';
import { MatchListService } from './match-list/match-list.service';

@Module({
  imports: [EventsModule, RegistryModule, MatchingModule],
  providers: [ActivityService, MatchListService, FollowUpService],
  exports: [ActivityService, MatchListService, FollowUpService],
})
export class ActivitiesModule {}
