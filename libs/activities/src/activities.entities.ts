import { Activity, ActivityParticipant } from './activity/activity.entity';
import { MatchFollowUp } from './follow-up/match-follow-up.entity';
import { ActivityMatchItem } from './match-list/activity-match-item.entity';

/** The tables this context owns, registered by its module (`TypeOrmModule.forFeature`). */
export const ACTIVITIES_ENTITIES = [Activity, ActivityParticipant, ActivityMatchItem, MatchFollowUp];
