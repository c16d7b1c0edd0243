import { EventsModule } from '@app/events';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { ExportService, GenerateExportProcessor } from './export.service';
import { ExportRegistry } from './export-registry';
import { ExportRequestedConsumer } from './export-requested.consumer';
import { FileStore } from './file-store.service';

@Module({
  imports: [DiscoveryModule, EventsModule],
  providers: [FileStore, ExportRegistry, ExportService, GenerateExportProcessor, ExportRequestedConsumer],
  exports: [FileStore, ExportService, ExportRegistry],
})
export class FilesModule {}
