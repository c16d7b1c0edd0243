import { EventsModule } from '@app/events';
import { FilesModule } from '@app/files';
import { MatchingModule } from '@app/matching';
import { RegistryModule } from '@app/registry';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { ImportService } from './batch/import.service';
import { ImportCommitService } from './batch/import-commit.service';
import { ImportPreviewService } from './batch/import-preview.service';
import { CommitImportProcessor, ImportEventsConsumer, PreviewImportProcessor } from './import.jobs';
import { IMPORTS_ENTITIES } from './imports.entities';
import { ImportSimilarSearch } from './dedup/similar-search';
import { InstitutionProfileExport } from './profile/institution-profile.export';

@Module({
  imports: [TypeOrmModule.forFeature(IMPORTS_ENTITIES), EventsModule, RegistryModule, MatchingModule, FilesModule],
  providers: [
    ImportService,
    ImportPreviewService,
    ImportCommitService,
    ImportSimilarSearch,
    ImportEventsConsumer,
    PreviewImportProcessor,
    CommitImportProcessor,
    InstitutionProfileExport,
  ],
  exports: [ImportService, ImportPreviewService, ImportCommitService],
})
export class ImportsModule {}
