import { Match } from './match/match.entity';

/** The tables this context owns, registered by its module (`TypeOrmModule.forFeature`). */
export const MATCHING_ENTITIES = [Match];
