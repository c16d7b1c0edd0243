import { EventsModule } from '@app/events';
import { Module } from '@nestjs/common';

import { AchievementService } from './achievement/achievement.service';
import { DemandService } from './demand/demand.service';
import { DemoLoader } from './demo/demo-loader';
import { IndustryChainService } from './industry-chain/industry-chain.service';
import { OrganisationService } from './organisation/organisation.service';
import { RegistryReads } from './registry-reads';

@Module({
  imports: [EventsModule],
  providers: [IndustryChainService, OrganisationService, DemandService, AchievementService, DemoLoader, RegistryReads],
  exports: [IndustryChainService, OrganisationService, DemandService, AchievementService, DemoLoader, RegistryReads],
})
export class RegistryModule {}
