import { EntityManager } from 'typeorm';

/** A platform user as the registry may read them: through this port, never the `users` table. */
export interface DirectoryUser {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  role: string;
  active: boolean;
  /** 评审专家 flag (set by an admin). */
  expert: boolean;
  organisationId: string | null;
}

/**
 * What the registry needs to know about users (a return note's author, an assigned manager, an institution's
 * contacts). The registry declares it; the auth context, which owns the users, provides it (auth depends on the
 * registry, never the reverse). Methods given the caller's EntityManager read inside its transaction.
 */
export interface UserDirectory {
  findUser(id: string, manager?: EntityManager): Promise<DirectoryUser | null>;
  /** Active users of an organisation, by name. */
  activeMembers(organisationId: string, manager?: EntityManager): Promise<DirectoryUser[]>;
  /** Every active user with this role, by name (notifications: the managers, the other admins). */
  activeWithRole(role: string): Promise<DirectoryUser[]>;
  findByEmail(email: string): Promise<DirectoryUser | null>;
  /** The earliest created active user with this role (demo loaders act as them). */
  firstActiveWithRole(role: string): Promise<DirectoryUser | null>;
}

/** Injection token of the UserDirectory (provided globally by the auth context). */
export const USER_DIRECTORY = Symbol('UserDirectory');
