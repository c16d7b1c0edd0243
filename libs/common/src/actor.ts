export enum Role {
  Admin = 'admin',
  Manager = 'manager',
  Enterprise = 'enterprise',
  University = 'university',
  Organizer = 'organizer',
  /** 银行: a bank's staff answering financing needs (企业出题、银行答题). */
  Bank = 'bank',
}

export const ROLES = Object.values(Role);

/** Who performs an action: carried from the HTTP layer (JWT), the worker or the CLI into every service call. */
export interface Actor {
  userId: string | null;
  role: Role | 'system';
  organisationId: string | null;
  requestId?: string;
}

export const SYSTEM_ACTOR: Actor = { userId: null, role: 'system', organisationId: null };

export function isStaff(actor: Actor): boolean {
  return actor.role === Role.Admin || actor.role === Role.Manager || actor.role === 'system';
}
