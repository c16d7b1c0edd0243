import { EventsModule } from '@app/events';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AchievementRepository } from './achievement/achievement.repository';
import { AchievementService } from './achievement/achievement.service';
import { CatalogueReads } from './catalogue/catalogue-reads';
import { DemandRepository } from './demand/demand.repository';
import { DemandService } from './demand/demand.service';
import { DemoLoader } from './demo/demo-loader';
import { CorpusRepository } from './derived/corpus.repository';
import { SyncStateRepository } from './derived/sync-state.repository';
import { IndustryChainRepository } from './industry-chain/industry-chain.repository';
import { IndustryChainService } from './industry-chain/industry-chain.service';
import { OrganisationRepository } from './organisation/organisation.repository';
import { OrganisationService } from './organisation/organisation.service';
import { REGISTRY_ENTITIES } from './registry.entities';
import { RegistryBulkLoad } from './registry-bulk-load';
import { RegistryReads } from './registry-reads';

@Module({
  imports: [TypeOrmModule.forFeature(REGISTRY_ENTITIES), EventsModule],
  providers: [
    IndustryChainRepository,
    OrganisationRepository,
    DemandRepository,
    AchievementRepository,
    CatalogueReads,
    RegistryReads,
    RegistryBulkLoad,
    SyncStateRepository,
    CorpusRepository,
    IndustryChainService,
    OrganisationService,
    DemandService,
    AchievementService,
    DemoLoader,
  ],
  exports: [
    CatalogueReads,
    RegistryReads,
    RegistryBulkLoad,
    SyncStateRepository,
    CorpusRepository,
    IndustryChainService,
    OrganisationService,
    DemandService,
    AchievementService,
    DemoLoader,
  ],
})
export class RegistryModule {}
