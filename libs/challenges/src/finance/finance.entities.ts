import { FinancingNeed } from './financing-need.entity';
import { FinancingOffer } from './financing-offer.entity';

/** The tables of the finance variant (企业出题、银行答题). */
export const FINANCE_ENTITIES = [FinancingNeed, FinancingOffer];
