import { Workflow } from '@app/common';

import { ProfileStatus as S } from '../managers.domain';

export type ProfileAction = 'deactivate' | 'reactivate';

/** active ⇄ deactivated, by admins only ('staff' here is an admin: see ManagerProfileService.parties). */
export const PROFILE_WORKFLOW: Workflow<S, ProfileAction> = {
  deactivate: { from: [S.Active], to: S.Deactivated, by: ['staff'], label: '停用技术经理人' },
  reactivate: { from: [S.Deactivated], to: S.Active, by: ['staff'], label: '恢复技术经理人' },
};
