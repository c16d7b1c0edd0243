import { ActivitiesModule } from '@app/activities';
import { EventsModule } from '@app/events';
import { FilesModule } from '@app/files';
import { MatchingModule } from '@app/matching';
import { RegistryModule } from '@app/registry';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { ImportBatchRepository, ImportRowRepository } from './batch/import.repositories';
import { ImportService } from './batch/import.service';
import { ImportCommitService } from './batch/import-commit.service';
import { ImportPreviewService } from './batch/import-preview.service';
import { ImportSimilarSearch } from './dedup/similar-search';
import { CommitImportProcessor, ImportEventsConsumer, PreviewImportProcessor } from './import.jobs';
import { IMPORTS_ENTITIES } from './imports.entities';
import { InstitutionProfileExport } from './profile/institution-profile.export';
import { InstitutionProfileService } from './profile/institution-profile.service';

@Module({
  imports: [
    TypeOrmModule.forFeature(IMPORTS_ENTITIES),
    EventsModule,
    ActivitiesModule,
    RegistryModule,
    MatchingModule,
    FilesModule,
  ],
  providers: [
    ImportBatchRepository,
    ImportRowRepository,
    InstitutionProfileService,
    ImportService,
    ImportPreviewService,
    ImportCommitService,
    ImportSimilarSearch,
    ImportEventsConsumer,
    PreviewImportProcessor,
    CommitImportProcessor,
    InstitutionProfileExport,
  ],
  exports: [InstitutionProfileService, ImportService, ImportPreviewService, ImportCommitService],
})
export class ImportsModule {}
