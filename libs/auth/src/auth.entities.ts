import { User } from './user.entity';

/** The tables this context owns, registered by its module (`TypeOrmModule.forFeature`). */
export const AUTH_ENTITIES = [User];
