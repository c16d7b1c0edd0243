import { Actor, AppError, applyTransition, RecordStore, RecordWorkflow, Role } from '@app/common';
import { EntityManager } from 'typeorm';

import { Match, MATCH_STATUS_LABELS, MatchStatus } from '../match/match.entity';
import { MATCH_ACTIONS, MATCH_RECORD, MATCH_WORKFLOW, MatchAction } from '../match/match.workflow';

/**
 * The pipeline, written out here rather than read from MATCH_WORKFLOW: every (action, from) pair a manager may fire
 * and where it lands. Anything not listed is refused.
 */
const EXPECTED: Array<[MatchAction, MatchStatus, MatchStatus]> = [
  ['confirm', MatchStatus.Suggested, MatchStatus.Confirmed],
  ['contact', MatchStatus.Confirmed, MatchStatus.Contacted],
  ['negotiate', MatchStatus.Confirmed, MatchStatus.Negotiating],
  ['negotiate', MatchStatus.Contacted, MatchStatus.Negotiating],
  ['contract', MatchStatus.Confirmed, MatchStatus.Contracted],
  ['contract', MatchStatus.Contacted, MatchStatus.Contracted],
  ['contract', MatchStatus.Negotiating, MatchStatus.Contracted],
  ['reject', MatchStatus.Suggested, MatchStatus.Rejected],
  ['reject', MatchStatus.Confirmed, MatchStatus.Rejected],
  ['reject', MatchStatus.Contacted, MatchStatus.Rejected],
  ['reject', MatchStatus.Negotiating, MatchStatus.Rejected],
  ['reopen', MatchStatus.Rejected, MatchStatus.Suggested],
];

const ALL_STATUSES = [
  MatchStatus.Suggested,
  MatchStatus.Confirmed,
  MatchStatus.Contacted,
  MatchStatus.Negotiating,
  MatchStatus.Contracted,
  MatchStatus.Rejected,
];

function outcome(fn: () => unknown): string | number {
  try {
    return fn() as string;
  } catch (err) {
    return (err as AppError).getStatus();
  }
}

describe('match pipeline table', () => {
  it('moves exactly the listed pairs for staff and refuses every other one with 409', () => {
    for (const action of ['confirm', 'contact', 'negotiate', 'contract', 'reject', 'reopen'] as MatchAction[]) {
      for (const from of ALL_STATUSES) {
        const expected = EXPECTED.find(([a, f]) => a === action && f === from)?.[2] ?? 409;
        expect([
          action,
          from,
          outcome(() => applyTransition(MATCH_WORKFLOW, action, from, ['staff'], MATCH_STATUS_LABELS)),
        ]).toEqual([action, from, expected]);
      }
    }
  });

  it('has these six actions, all staff-only; only a rejection needs a reason', () => {
    expect([...MATCH_ACTIONS].sort()).toEqual(['confirm', 'contact', 'contract', 'negotiate', 'reject', 'reopen']);
    for (const action of MATCH_ACTIONS) {
      expect(
        outcome(() => applyTransition(MATCH_WORKFLOW, action, MatchStatus.Suggested, ['owner'], MATCH_STATUS_LABELS)),
      ).toBe(403);
      expect(!!MATCH_WORKFLOW[action].reasonRequired).toBe(action === 'reject');
    }
  });
});

/** The matches table in memory: a saved row gets the next version, as @VersionColumn does. */
class MemoryMatches implements RecordStore<Match> {
  readonly target = Match;
  readonly rows = new Map<string, Match>();

  async lockForUpdate(_manager: EntityManager, id: string): Promise<Match | null> {
    const row = this.rows.get(id);
    return row ? Object.assign(new Match(), row) : null;
  }

  async save(_manager: EntityManager, row: Match): Promise<Match> {
    const saved = Object.assign(new Match(), row, { version: row.version + 1 });
    this.rows.set(row.id, saved);
    return Object.assign(new Match(), saved);
  }
}

describe('a match on the record workflow', () => {
  const manager = {} as EntityManager;
  const staff: Actor = { userId: 'u-manager', role: Role.Manager, organisationId: null };
  const enterprise: Actor = { userId: 'u-ent', role: Role.Enterprise, organisationId: 'org-ent' };
  let store: MemoryMatches;
  let workflow: RecordWorkflow<Match, MatchStatus, MatchAction>;

  beforeEach(() => {
    store = new MemoryMatches();
    store.rows.set('m1', Object.assign(new Match(), { id: 'm1', version: 3, status: MatchStatus.Suggested }));
    workflow = new RecordWorkflow(MATCH_RECORD, store);
  });

  const status = async (fn: () => Promise<unknown>) =>
    fn().then(
      (x) => x,
      (err: AppError) => err.getStatus(),
    );

  it('lets staff confirm at the version they read, and records the step', async () => {
    const recorded: unknown[] = [];
    const to = await workflow.transition(manager, staff, 'm1', 'confirm', 3, {
      record: async (saved, from, next) => void recorded.push([saved.version, from, next]),
    });
    expect(to).toBe(MatchStatus.Confirmed);
    expect(store.rows.get('m1')).toMatchObject({ status: MatchStatus.Confirmed, version: 4 });
    expect(recorded).toEqual([[4, MatchStatus.Suggested, MatchStatus.Confirmed]]);
  });

  it('hides the pair from anyone but staff (404), before looking at the version', async () => {
    const record = jest.fn();
    expect(await status(() => workflow.transition(manager, enterprise, 'm1', 'confirm', 1, { record }))).toBe(404);
    expect(record).not.toHaveBeenCalled();
  });

  it('refuses a stale version with 409 and a step the table does not allow with 409, writing nothing', async () => {
    const record = jest.fn();
    expect(await status(() => workflow.transition(manager, staff, 'm1', 'confirm', 2, { record }))).toBe(409);
    expect(await status(() => workflow.transition(manager, staff, 'm1', 'contract', 3, { record }))).toBe(409);
    expect(store.rows.get('m1')).toMatchObject({ status: MatchStatus.Suggested, version: 3 });
    expect(record).not.toHaveBeenCalled();
  });

  it('applies a change outside the table under its own rule (the enterprise’s interest), keeping the stage', async () => {
    const saved = await workflow.update(manager, enterprise, 'm1', 3, {
      authorize: () => undefined,
      apply: (m) => {
        m.interestNote = '有合作意向';
      },
      record: async () => undefined,
    });
    expect(saved).toMatchObject({ status: MatchStatus.Suggested, version: 4, interestNote: '有合作意向' });
    const refuse = () => {
      throw AppError.forbidden('只有需求方企业可以对推荐表达意向');
    };
    const apply = jest.fn();
    expect(
      await status(() => workflow.update(manager, staff, 'm1', 4, { authorize: refuse, apply, record: jest.fn() })),
    ).toBe(403);
    expect(apply).not.toHaveBeenCalled();
    // without a rule of its own, only a party (staff) may
    expect(await status(() => workflow.update(manager, enterprise, 'm1', 4, { apply, record: jest.fn() }))).toBe(404);
  });
});
