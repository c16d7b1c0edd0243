import { AppError, applyTransition, Party } from '@app/common';

import { FOLLOW_UP_STATUS_LABELS, FollowUpStatus } from '../activity/activity.domain';
import { FOLLOW_UP_ACTION_TO, FOLLOW_UP_WORKFLOW, FollowUpAction } from '../follow-up/follow-up.workflow';

function outcome(action: FollowUpAction, from: FollowUpStatus, parties: Party[]): string | number {
  try {
    return applyTransition(FOLLOW_UP_WORKFLOW, action, from, parties, FOLLOW_UP_STATUS_LABELS);
  } catch (err) {
    return (err as AppError).getStatus();
  }
}

describe('follow-up table', () => {
  it('goes open → done and done → open for staff and the organiser, and nothing else', () => {
    // written out here, not read from the table under test
    const expected: Array<[FollowUpAction, FollowUpStatus, string | number]> = [
      ['done', FollowUpStatus.Open, 'done'],
      ['done', FollowUpStatus.Done, 409],
      ['reopen', FollowUpStatus.Open, 409],
      ['reopen', FollowUpStatus.Done, 'open'],
    ];
    for (const parties of [['staff'], ['owner']] as Party[][]) {
      expect(expected.map(([action, from]) => [action, from, outcome(action, from, parties)])).toEqual(expected);
    }
    expect(outcome('done', FollowUpStatus.Open, [])).toBe(403);
  });

  it('fires the step that leads to the status an update sets', () => {
    expect(FOLLOW_UP_ACTION_TO).toEqual({ done: 'done', open: 'reopen' });
  });
});
