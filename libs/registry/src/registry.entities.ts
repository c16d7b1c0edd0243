import { Achievement } from './achievement/achievement.entity';
import { Demand } from './demand/demand.entity';
import { IndustryChain } from './industry-chain/industry-chain.entity';
import { Organisation } from './organisation/organisation.entity';

/** The tables this context owns, registered by its module (`TypeOrmModule.forFeature`). */
export const REGISTRY_ENTITIES = [IndustryChain, Organisation, Demand, Achievement];
