import { IndicatorFact, IndicatorReport, IndicatorTarget } from './indicator.entities';

/** The tables this context owns, registered by its module (`TypeOrmModule.forFeature`). */
export const INDICATORS_ENTITIES = [IndicatorFact, IndicatorTarget, IndicatorReport];
