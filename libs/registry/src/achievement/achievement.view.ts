import { Actor, isStaff, omit } from '@app/common';

import { ChainRef } from '../industry-chain/industry-chain.service';
import { Achievement, ACHIEVEMENT_RESTRICTED_FIELDS } from './achievement.entity';

export type AchievementView = Omit<Achievement, 'institution'> & {
  industryChains: ChainRef[];
  institutionName: string | null;
};

export function canSeeAchievementContacts(actor: Actor | undefined, achievement: Achievement): boolean {
  if (!actor) return false;
  return isStaff(actor) || (actor.organisationId !== null && actor.organisationId === achievement.institutionId);
}

export function toAchievementView(achievement: Achievement, actor: Actor | undefined, chains: Map<string, ChainRef>) {
  const { institution, ...rest } = achievement;
  const full: AchievementView = {
    ...rest,
    industryChains: achievement.industryChainIds.map((id) => chains.get(id)).filter((c): c is ChainRef => !!c),
    institutionName: institution?.name ?? null,
  };
  if (canSeeAchievementContacts(actor, achievement)) {
    // The holder institution reads who returned it by name and role, not the manager's user id.
    if (full.lastReturn && !isStaff(actor!))
      full.lastReturn = { ...full.lastReturn, by: { ...full.lastReturn.by, userId: null } };
    return full;
  }
  return omit(full, [...ACHIEVEMENT_RESTRICTED_FIELDS, 'createdById', 'managerId', 'version']);
}
