import { FieldError } from '@app/common';

import { ChallengeMechanism } from './challenge.domain';

/** The fields the rules look at (a create body, or a stored call merged with a patch). */
export interface ChallengeContent {
  mechanism: ChallengeMechanism;
  raceTeams?: number | null;
  directedInstitutionId?: string | null;
  fundingTotal: number;
  enterpriseShare: number;
  governmentShare: number;
  criteria: Array<{ name: string; weight: number }>;
  indicators: Array<{ name: string }>;
  bidDeadline: string | Date;
}

/** Clock skew tolerated for a deadline "now". */
const DEADLINE_SKEW_MS = 60 * 1000;

/**
 * The rules of a call's content that no single field's validator can see: weights summing to 100, unique names,
 * the funding split, the mechanism's own fields and a future deadline. Pure: every rule is unit-tested.
 */
export function challengeContentErrors(c: ChallengeContent, now = new Date()): FieldError[] {
  const errors: FieldError[] = [];
  const weights = c.criteria.reduce((sum, k) => sum + k.weight, 0);
  if (weights !== 100) {
    errors.push({ field: 'criteria', reason: `评审指标权重之和必须为 100（当前为 ${weights}）`, sum: weights });
  }
  if (new Set(c.criteria.map((k) => k.name)).size !== c.criteria.length) {
    errors.push({ field: 'criteria', reason: '评审指标名称不能重复' });
  }
  if (new Set(c.indicators.map((k) => k.name)).size !== c.indicators.length) {
    errors.push({ field: 'indicators', reason: '验收指标名称不能重复' });
  }
  // Amounts have two decimals: compare in 分 to stay exact.
  if (Math.round(c.enterpriseShare * 100) + Math.round(c.governmentShare * 100) !== Math.round(c.fundingTotal * 100)) {
    errors.push({ field: 'fundingTotal', reason: '榜额必须等于企业出资与政府资助之和' });
  }
  if (c.mechanism === ChallengeMechanism.HorseRace) {
    if (c.raceTeams === null || c.raceTeams === undefined) {
      errors.push({ field: 'raceTeams', reason: '赛马制须填写并行支持的团队数' });
    }
  } else if (c.raceTeams !== null && c.raceTeams !== undefined) {
    errors.push({ field: 'raceTeams', reason: '只有赛马制填写团队数' });
  }
  if (c.mechanism === ChallengeMechanism.Directed) {
    if (!c.directedInstitutionId) errors.push({ field: 'directedInstitutionId', reason: '定向委托须指定受托单位' });
  } else if (c.directedInstitutionId) {
    errors.push({ field: 'directedInstitutionId', reason: '只有定向委托指定受托单位' });
  }
  const deadline = new Date(c.bidDeadline);
  if (Number.isNaN(deadline.getTime()) || deadline.getTime() < now.getTime() - DEADLINE_SKEW_MS) {
    errors.push({ field: 'bidDeadline', reason: '揭榜截止时间不能早于当前时间' });
  }
  return errors;
}
