import { Role } from '@app/common';
import { DirectoryUser, USER_DIRECTORY, UserDirectory } from '@app/registry';
import { Global, Injectable, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EntityManager } from 'typeorm';

import { AUTH_ENTITIES } from './auth.entities';
import { User } from './user.entity';
import { UserRepository } from './user.repository';

function entry(user: User): DirectoryUser {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    phone: user.phone,
    role: user.role,
    active: user.active,
    expert: user.expert,
    organisationId: user.organisationId,
  };
}

/** The registry's UserDirectory port, answered from the users this context owns. */
@Injectable()
export class AuthUserDirectory implements UserDirectory {
  constructor(private readonly users: UserRepository) {}

  async findUser(id: string, manager?: EntityManager): Promise<DirectoryUser | null> {
    const user = await this.users.findById(id, manager);
    return user ? entry(user) : null;
  }

  async activeMembers(organisationId: string, manager?: EntityManager): Promise<DirectoryUser[]> {
    return (await this.users.activeMembers(organisationId, manager)).map(entry);
  }

  async activeWithRole(role: string): Promise<DirectoryUser[]> {
    return (await this.users.activeWithRole(role as Role)).map(entry);
  }

  async findByEmail(email: string): Promise<DirectoryUser | null> {
    const user = await this.users.findByEmail(email);
    return user ? entry(user) : null;
  }

  async firstActiveWithRole(role: string): Promise<DirectoryUser | null> {
    const user = await this.users.firstActiveWithRole(role as Role);
    return user ? entry(user) : null;
  }
}

/**
 * Provides the users table's repository and, to every module (the registry cannot import the auth module: auth
 * depends on it), the UserDirectory port.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(AUTH_ENTITIES)],
  providers: [UserRepository, AuthUserDirectory, { provide: USER_DIRECTORY, useExisting: AuthUserDirectory }],
  exports: [UserRepository, USER_DIRECTORY],
})
export class UserDirectoryModule {}
