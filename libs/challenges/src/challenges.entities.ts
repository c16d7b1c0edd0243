import { Challenge } from './challenge/challenge.entity';

/** The tables this context owns, registered by its module (`TypeOrmModule.forFeature`). */
export const CHALLENGES_ENTITIES = [Challenge];
