import { AppError } from '@app/common';

import { ACHIEVEMENT_WORKFLOW } from '../achievement/achievement.workflow';
import { DEMAND_WORKFLOW } from '../demand/demand.workflow';
import { ACHIEVEMENT_STATUS_LABELS, AchievementStatus, DEMAND_STATUS_LABELS, DemandStatus } from '../domain';
import { applyTransition, partiesOf } from '../workflow';

const fire = (action: keyof typeof DEMAND_WORKFLOW, from: DemandStatus, parties: ('staff' | 'owner')[]) =>
  applyTransition(DEMAND_WORKFLOW, action, from, parties, DEMAND_STATUS_LABELS);

function statusOf(fn: () => unknown): number | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (err) {
    return (err as AppError).getStatus();
  }
}

describe('demand workflow', () => {
  it('follows draft → submitted → published → in_progress → solved', () => {
    let s = DemandStatus.Draft;
    s = fire('submit', s, ['owner']);
    s = fire('publish', s, ['staff']);
    s = fire('start', s, ['staff']);
    s = fire('solve', s, ['owner']);
    expect(s).toBe(DemandStatus.Solved);
  });

  it('refuses every transition not in the table with 409, and wrong parties with 403', () => {
    // The table the workflow must implement, stated here rather than read from DEMAND_WORKFLOW, so that a change
    // to the workflow (an added source status, a removed action) fails this test.
    const allowed: Record<keyof typeof DEMAND_WORKFLOW, DemandStatus[]> = {
      submit: [DemandStatus.Draft],
      return: [DemandStatus.Submitted],
      publish: [DemandStatus.Submitted],
      start: [DemandStatus.Published],
      solve: [DemandStatus.Published, DemandStatus.InProgress],
      close: [DemandStatus.Draft, DemandStatus.Submitted, DemandStatus.Published, DemandStatus.InProgress],
    };
    expect(Object.keys(DEMAND_WORKFLOW).sort()).toEqual(Object.keys(allowed).sort());
    const all = Object.values(DemandStatus);
    for (const [action, sources] of Object.entries(allowed)) {
      for (const from of all) {
        const expected = sources.includes(from) ? 'ok' : 409;
        expect([
          action,
          from,
          statusOf(() => fire(action as keyof typeof DEMAND_WORKFLOW, from, ['staff', 'owner'])),
        ]).toEqual([action, from, expected]);
      }
    }
    expect(statusOf(() => fire('publish', DemandStatus.Submitted, ['owner']))).toBe(403);
    expect(statusOf(() => fire('return', DemandStatus.Submitted, []))).toBe(403);
  });

  it('never leaves a terminal state', () => {
    for (const rule of Object.values(DEMAND_WORKFLOW)) {
      expect(rule.from).not.toContain(DemandStatus.Solved);
      expect(rule.from).not.toContain(DemandStatus.Closed);
    }
  });
});

describe('achievement workflow', () => {
  it('publishes, withdraws and republishes; transferred is final', () => {
    const go = (a: keyof typeof ACHIEVEMENT_WORKFLOW, s: AchievementStatus) =>
      applyTransition(ACHIEVEMENT_WORKFLOW, a, s, ['staff'], ACHIEVEMENT_STATUS_LABELS);
    let s = go('publish', AchievementStatus.Draft);
    s = go('withdraw', s);
    s = go('publish', s);
    s = go('transfer', s);
    expect(s).toBe(AchievementStatus.Transferred);
    expect(statusOf(() => go('withdraw', AchievementStatus.Transferred))).toBe(409);
  });
});

describe('partiesOf', () => {
  it('tells staff and owners apart', () => {
    expect(partiesOf({ userId: 'u', role: 'manager' as never, organisationId: null }, 'org')).toEqual(['staff']);
    expect(partiesOf({ userId: 'u', role: 'enterprise' as never, organisationId: 'org' }, 'org')).toEqual(['owner']);
    expect(partiesOf({ userId: 'u', role: 'enterprise' as never, organisationId: 'other' }, 'org')).toEqual([]);
  });
});
