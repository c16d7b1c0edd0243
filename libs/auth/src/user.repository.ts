import { EntityRepository, Role } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';

import { User } from './user.entity';

/** The columns an authenticated request reads of its user (the auth guard, on every request). */
export type SessionUser = Pick<
  User,
  'id' | 'role' | 'organisationId' | 'active' | 'tokenVersion' | 'passwordTemporarySince'
>;

/** The `users` table. Other contexts read users through the UserDirectory this context provides. */
@Injectable()
export class UserRepository extends EntityRepository<User> {
  constructor(@InjectRepository(User) repository: Repository<User>) {
    super(repository);
  }

  /**
   * What authenticating a request reads of its user, on every request: one prepared-shape query of five columns,
   * without building a query from find options or hydrating an entity (the request's `auth` phase).
   */
  async sessionUser(id: string): Promise<SessionUser | null> {
    const rows = (await this.repository.query(
      `SELECT id, role, organisation_id AS "organisationId", active, token_version AS "tokenVersion",
              password_temporary_since AS "passwordTemporarySince"
         FROM users WHERE id = $1`,
      [id],
    )) as Array<SessionUser>;
    return rows[0] ?? null;
  }

  findByEmail(email: string, manager?: EntityManager): Promise<User | null> {
    return this.of(manager).findOneBy({ email });
  }

  /** The user with the password hash (not selected by default), for a login check. */
  findByEmailWithHash(email: string): Promise<User | null> {
    return this.repository
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email })
      .getOne();
  }

  /** The user with the password hash, locked `FOR UPDATE` in the caller's transaction (a password change). */
  lockWithHash(manager: EntityManager, id: string): Promise<User | null> {
    return this.of(manager)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  findAnyWithRole(role: Role, manager?: EntityManager): Promise<User | null> {
    return this.of(manager).findOneBy({ role });
  }

  /** The earliest created active user with this role. */
  firstActiveWithRole(role: Role): Promise<User | null> {
    return this.repository.findOne({ where: { role, active: true }, order: { createdAt: 'ASC' } });
  }

  /** Every active user with this role, by name. */
  activeWithRole(role: Role): Promise<User[]> {
    return this.repository.find({ where: { role, active: true }, order: { name: 'ASC' } });
  }

  /** Active users of an organisation, by name. */
  activeMembers(organisationId: string, manager?: EntityManager): Promise<User[]> {
    return this.of(manager).find({ where: { organisationId, active: true }, order: { name: 'ASC' } });
  }

  async touchLastLogin(id: string): Promise<void> {
    await this.repository.update({ id }, { lastLoginAt: new Date() });
  }

  /**
   * Stores a new password hash and raises the token version (older tokens stop working). `temporary`: the password
   * was issued by an administrator's reset and must be changed; otherwise the person chose it.
   */
  async changePassword(
    manager: EntityManager,
    id: string,
    passwordHash: string,
    changedAt: Date,
    temporary = false,
  ): Promise<void> {
    await this.of(manager).update(
      { id },
      {
        passwordHash,
        tokenVersion: () => 'token_version + 1',
        passwordChangedAt: changedAt,
        passwordTemporarySince: temporary ? changedAt : null,
      },
    );
  }

  /** Listing query (alias `u`). */
  listQuery(): SelectQueryBuilder<User> {
    return this.repository.createQueryBuilder('u');
  }
}
