import { Actor, isStaff, omit } from '@app/common';

import { ChainRef } from '../industry-chain/industry-chain.service';
import { returnAsReadBy } from '../record-return';
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
    if (full.lastReturn) full.lastReturn = returnAsReadBy(full.lastReturn, actor!);
    return full;
  }
  return omit(full, [...ACHIEVEMENT_RESTRICTED_FIELDS, 'createdById', 'managerId', 'version']);
}
