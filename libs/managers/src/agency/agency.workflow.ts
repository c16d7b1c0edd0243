import { Workflow } from '@app/common';

import { AgencyStatus as S } from '../managers.domain';

export type AgencyAction = 'file' | 'revoke';

/** registered → filed (备案) → revoked (撤销备案, reason required) → filed again with new details. */
export const AGENCY_WORKFLOW: Workflow<S, AgencyAction> = {
  file: { from: [S.Registered, S.Revoked], to: S.Filed, by: ['staff'], label: '备案' },
  revoke: { from: [S.Filed], to: S.Revoked, by: ['staff'], label: '撤销备案', reasonRequired: true },
};
