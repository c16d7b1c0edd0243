import { EventsModule } from '@app/events';
import { FilesModule } from '@app/files';
import { RegistryModule } from '@app/registry';
import { Module } from '@nestjs/common';

import { IndicatorFactsConsumer } from './indicator-facts.consumer';
import { IndicatorFactsService } from './indicator-facts.service';
import { IndicatorsService } from './indicators.service';
import { IndicatorReportCsv, IndicatorReportXlsx } from './indicators-report.export';

@Module({
  imports: [EventsModule, FilesModule, RegistryModule],
  providers: [
    IndicatorFactsService,
    IndicatorFactsConsumer,
    IndicatorsService,
    IndicatorReportXlsx,
    IndicatorReportCsv,
  ],
  exports: [IndicatorFactsService, IndicatorsService],
})
export class IndicatorsModule {}
