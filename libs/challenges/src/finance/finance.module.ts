import { EventsModule } from '@app/events';
import { RegistryModule } from '@app/registry';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { FINANCE_ENTITIES } from './finance.entities';
import { FinancingNeedRepository, FinancingOfferRepository } from './finance.repository';
import { FinanceService } from './finance.service';
import { FinanceDemoLoader } from './finance-demo';

/** 科技金融「揭榜挂帅」: 企业出题（融资需求）、银行答题（产品方案）. */
@Module({
  imports: [TypeOrmModule.forFeature(FINANCE_ENTITIES), EventsModule, RegistryModule],
  providers: [FinancingNeedRepository, FinancingOfferRepository, FinanceService, FinanceDemoLoader],
  exports: [FinanceService, FinanceDemoLoader],
})
export class FinanceModule {}
