import { EventsModule } from '@app/events';
import { FilesModule } from '@app/files';
import { RegistryModule } from '@app/registry';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { IndicatorDemoLoader } from './indicator-demo';
import { IndicatorFactsConsumer } from './indicator-facts.consumer';
import { IndicatorFactsRepository } from './indicator-facts.repository';
import { IndicatorFactsService } from './indicator-facts.service';
import { IndicatorReadModel } from './indicator-read-model';
import { IndicatorReportsRepository } from './indicator-reports.repository';
import { IndicatorReportsService } from './indicator-reports.service';
import { IndicatorTargetsRepository } from './indicator-targets.repository';
import { IndicatorTargetsService } from './indicator-targets.service';
import { INDICATORS_ENTITIES } from './indicators.entities';
import { IndicatorsService } from './indicators.service';
import { IndicatorReportCsv, IndicatorReportXlsx } from './indicators-report.export';

@Module({
  imports: [TypeOrmModule.forFeature(INDICATORS_ENTITIES), EventsModule, FilesModule, RegistryModule],
  providers: [
    IndicatorDemoLoader,
    IndicatorFactsRepository,
    IndicatorTargetsRepository,
    IndicatorReportsRepository,
    IndicatorFactsService,
    IndicatorFactsConsumer,
    IndicatorTargetsService,
    IndicatorReportsService,
    IndicatorReadModel,
    IndicatorsService,
    IndicatorReportXlsx,
    IndicatorReportCsv,
  ],
  exports: [
    IndicatorDemoLoader,
    IndicatorFactsService,
    IndicatorsService,
    IndicatorTargetsService,
    IndicatorReportsService,
    IndicatorReadModel,
  ],
})
export class IndicatorsModule {}
