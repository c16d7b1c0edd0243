import { EventsModule } from '@app/events';
import { FilesModule } from '@app/files';
import { RegistryModule } from '@app/registry';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { IndicatorDemoLoader } from './indicator-demo';
import { IndicatorFactsConsumer } from './indicator-facts.consumer';
import { IndicatorFactsService } from './indicator-facts.service';
import { INDICATORS_ENTITIES } from './indicators.entities';
import { IndicatorsService } from './indicators.service';
import { IndicatorReportCsv, IndicatorReportXlsx } from './indicators-report.export';

@Module({
  imports: [TypeOrmModule.forFeature(INDICATORS_ENTITIES), EventsModule, FilesModule, RegistryModule],
  providers: [
    IndicatorDemoLoader,
    IndicatorFactsService,
    IndicatorFactsConsumer,
    IndicatorsService,
    IndicatorReportXlsx,
    IndicatorReportCsv,
  ],
  exports: [IndicatorDemoLoader, IndicatorFactsService, IndicatorsService],
})
export class IndicatorsModule {}
