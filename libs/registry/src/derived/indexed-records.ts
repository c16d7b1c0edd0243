import { PUBLIC_DEMAND_STATUSES } from '../demand/demand.workflow';
import { AchievementStatus, DemandStatus } from '../domain';

/** The registry tables whose rows downstream contexts derive state from (search documents, suggestions). */
export type IndexKind = 'achievements' | 'demands';

/** Demands are searchable (and matchable) while published or in progress; solved/closed ones leave the index. */
export const INDEXED_DEMAND_STATUSES: DemandStatus[] = PUBLIC_DEMAND_STATUSES.filter((s) => s !== DemandStatus.Solved);
/** Only published achievements are offered; transferred ones stay visible publicly but are not matched. */
export const INDEXED_ACHIEVEMENT_STATUSES: AchievementStatus[] = [AchievementStatus.Published];
