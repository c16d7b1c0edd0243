import { EventsModule } from '@app/events';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';

import { ExportService, GenerateExportProcessor } from './export.service';
import { ExportRegistry } from './export-registry';
import { ExportRequestedConsumer } from './export-requested.consumer';
import { ExportJobRepository, StoredFileRepository } from './file.repositories';
import { FileStore } from './file-store.service';
import { FILES_ENTITIES } from './files.entities';

@Module({
  imports: [TypeOrmModule.forFeature(FILES_ENTITIES), DiscoveryModule, EventsModule],
  providers: [
    StoredFileRepository,
    ExportJobRepository,
    FileStore,
    ExportRegistry,
    ExportService,
    GenerateExportProcessor,
    ExportRequestedConsumer,
  ],
  exports: [FileStore, ExportService, ExportRegistry],
})
export class FilesModule {}
