import { Workflow } from '@app/common';

import { AssignmentStatus as S } from '../managers.domain';

export type AssignmentAction = 'end' | 'reassign';

/** active → ended (by ending it, or by handing it over to another manager). */
export const ASSIGNMENT_WORKFLOW: Workflow<S, AssignmentAction> = {
  end: { from: [S.Active], to: S.Ended, by: ['staff'], label: '结束服务', reasonRequired: true },
  reassign: { from: [S.Active], to: S.Ended, by: ['staff'], label: '更换技术经理人', reasonRequired: true },
};
