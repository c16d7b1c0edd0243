import { randomBytes } from 'node:crypto';

import { Actor, AppError, ErrorCode, isStaff, Role, SYSTEM_ACTOR, toPage } from '@app/common';
import { AppConfig } from '@app/config';
import { EventsService } from '@app/events';
import { OrganisationKind, OrganisationService, RegistryReads } from '@app/registry';
import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { CreateUserDto, LoginDto, RegisterEnterpriseDto, UpdateUserDto, UserQueryDto } from './dto/auth.dto';
import { LoginOrigin, LoginThrottle } from './login-throttle';
import { checkPassword, dummyPasswordHash, hashPassword } from './password';
import { temporaryPasswordExpired, temporaryPasswordExpiredError } from './temporary-password';
import { TokenService } from './token.service';
import { User } from './user.entity';
import { UserRepository } from './user.repository';

export type UserView = Omit<User, 'passwordHash' | 'organisation' | 'tokenVersion'> & {
  /** The password is a temporary one an administrator set (account creation or reset): the console asks for a new one first. */
  mustChangePassword: boolean;
};

export interface Session {
  accessToken: string;
  tokenType: 'Bearer';
  user: UserView;
}

/** Which organisation kind each role belongs to (null: none required). */
const ROLE_ORGANISATION: Record<Role, OrganisationKind[] | null> = {
  [Role.Admin]: null,
  [Role.Manager]: null,
  [Role.Organizer]: null,
  [Role.Enterprise]: [OrganisationKind.Enterprise],
  [Role.University]: [OrganisationKind.University],
  [Role.Bank]: [OrganisationKind.Bank],
};

/** 12 characters without look-alikes (0/O, 1/l/I), with letters and digits as the password rule wants. */
function temporaryPasswordOf(): string {
  const letters = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const all = letters + digits;
  const bytes = randomBytes(12);
  const chars = Array.from(bytes, (b) => all[b % all.length]);
  chars[bytes[0] % 6] = letters[bytes[1] % letters.length];
  chars[6 + (bytes[2] % 6)] = digits[bytes[3] % digits.length];
  return chars.join('');
}

export function userView(user: User): UserView {
  const { passwordHash: _p, organisation: _o, tokenVersion: _t, ...rest } = user;
  return { ...rest, mustChangePassword: user.passwordTemporarySince != null };
}
const view = userView;

@Injectable()
export class AuthService implements OnModuleInit {
  constructor(
    private readonly users: UserRepository,
    private readonly events: EventsService,
    private readonly tokens: TokenService,
    private readonly organisations: OrganisationService,
    private readonly throttle: LoginThrottle,
    private readonly registry: RegistryReads,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    void dummyPasswordHash(); // ready before the first login of an unknown e-mail
  }

  async login(dto: LoginDto, origin: LoginOrigin = {}): Promise<Session> {
    await this.throttle.assertAllowed(dto.email, origin);
    const user = await this.users.findByEmailWithHash(dto.email);
    // Same answer, and the same argon2 work, for unknown e-mail and wrong password: no account probing.
    const ok = await checkPassword(user, dto.password);
    if (!user || !ok) {
      await this.throttle.recordFailure(dto.email, origin);
      throw new AppError(HttpStatus.UNAUTHORIZED, ErrorCode.INVALID_CREDENTIALS, '邮箱或密码错误');
    }
    await this.throttle.recordSuccess(dto.email);
    // A temporary password is meant for the next sign-in, not for weeks: past its validity the account needs a new
    // reset. (The password was right, so this says nothing the caller did not know.)
    if (temporaryPasswordExpired(user, this.config.temporaryPasswordHours)) {
      throw temporaryPasswordExpiredError(this.config.temporaryPasswordHours);
    }
    await this.users.touchLastLogin(user.id);
    return this.session(user);
  }

  /**
   * Self-service registration of an enterprise and its first user. A taken e-mail answers 409 EMAIL_TAKEN (the
   * person must learn to log in instead; there is no mail confirmation to hide it behind), but each such answer
   * counts as a failed attempt of the client address, so the endpoint cannot be used to probe e-mails in bulk.
   */
  async registerEnterprise(dto: RegisterEnterpriseDto, origin: LoginOrigin = {}): Promise<Session> {
    await this.throttle.assertAddressAllowed(origin);
    const user = await this.events.transaction(async (manager) => {
      if (await this.users.findByEmail(dto.email, manager)) {
        await this.throttle.recordFailure(undefined, origin);
        throw AppError.conflict(ErrorCode.EMAIL_TAKEN, '该邮箱已注册，请直接登录或联系平台管理员');
      }
      const org = await this.organisations.createWith(manager, SYSTEM_ACTOR, {
        ...dto.organisation,
        kind: OrganisationKind.Enterprise,
      });
      return this.insertUser(manager, SYSTEM_ACTOR, {
        email: dto.email,
        password: dto.password,
        name: dto.name,
        phone: dto.phone,
        role: Role.Enterprise,
        organisationId: org.id,
      });
    });
    return this.session(user);
  }

  /** Admins create anyone; managers create enterprise, university and organizer accounts. */
  async createUser(actor: Actor, dto: CreateUserDto): Promise<UserView> {
    if (actor.role !== Role.Admin && actor.role !== 'system' && [Role.Admin, Role.Manager].includes(dto.role)) {
      throw AppError.forbidden('只有管理员可以创建管理员或技术经理人账号');
    }
    if (dto.expert && actor.role !== Role.Admin && actor.role !== 'system') {
      throw AppError.forbidden('只有管理员可以设置评审专家');
    }
    if (dto.temporaryPassword === false && actor.role !== Role.Admin && actor.role !== 'system') {
      throw AppError.forbidden('只有管理员可以设置无需修改的初始密码');
    }
    // The password was chosen by whoever creates the account and passed on to the person: like a reset's, it is
    // temporary unless an administrator says otherwise. The system's own accounts (demo seeds) are not handed on.
    const temporary = dto.temporaryPassword ?? actor.role !== 'system';
    const user = await this.events.transaction(async (manager) => {
      await this.assertEmailFree(manager, dto.email);
      const kinds = ROLE_ORGANISATION[dto.role];
      if (kinds) {
        if (!dto.organisationId) {
          throw AppError.invalidField('organisationId', '必填');
        }
        await this.organisations.assertKind(manager, dto.organisationId, kinds, 'organisationId');
      } else if (dto.organisationId) {
        await this.organisations.assertKind(
          manager,
          dto.organisationId,
          [OrganisationKind.Agency, OrganisationKind.University, OrganisationKind.Enterprise],
          'organisationId',
        );
      }
      return this.insertUser(manager, actor, { ...dto, temporary });
    });
    return view(user);
  }

  async updateUser(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserView> {
    const user = await this.events.transaction(async (manager) => {
      const current = await this.users.findById(id, manager);
      if (!current) throw AppError.notFound('用户', id);
      if (actor.role !== Role.Admin && [Role.Admin, Role.Manager].includes(current.role)) {
        throw AppError.forbidden('只有管理员可以修改管理员或技术经理人账号');
      }
      if (dto.expert !== undefined && actor.role !== Role.Admin) {
        throw AppError.forbidden('只有管理员可以设置评审专家');
      }
      if (dto.active === false && current.id === actor.userId) {
        throw AppError.conflict(ErrorCode.ILLEGAL_TRANSITION, '不能停用自己正在使用的账号');
      }
      const before = { active: current.active, name: current.name, expert: current.expert };
      Object.assign(current, dto);
      const saved = await this.users.save(manager, current);
      await this.events.record(manager, actor, {
        type: 'user.updated',
        entityType: 'user',
        entityId: id,
        before,
        after: { active: saved.active, name: saved.name, expert: saved.expert },
      });
      return saved;
    });
    return view(user);
  }

  /**
   * An administrator sets a temporary password for someone who lost theirs (managers: for the accounts they may
   * create). Every token of the account stops working; the temporary password is answered once and never stored.
   * It is marked temporary: until the person sets their own, tokens only read the session and change the password,
   * and after TEMPORARY_PASSWORD_HOURS it no longer signs in.
   */
  async resetPassword(actor: Actor, id: string): Promise<{ user: UserView; temporaryPassword: string }> {
    const temporaryPassword = temporaryPasswordOf();
    const user = await this.events.transaction(async (manager) => {
      const current = await this.users.findById(id, manager);
      if (!current) throw AppError.notFound('用户', id);
      if (actor.role !== Role.Admin && [Role.Admin, Role.Manager].includes(current.role)) {
        throw AppError.forbidden('只有管理员可以重置管理员或技术经理人的密码');
      }
      const changedAt = new Date();
      await this.users.changePassword(manager, id, await hashPassword(temporaryPassword), changedAt, true);
      await this.events.record(manager, actor, {
        type: 'user.password_reset',
        entityType: 'user',
        entityId: id,
        after: { passwordChangedAt: changedAt.toISOString() },
      });
      return (await this.users.findById(id, manager))!;
    });
    await this.throttle.recordSuccess(user.email);
    return { user: view(user), temporaryPassword };
  }

  /** The session's user and organisation, with the platform's temporary-password validity (the console shows it). */
  async me(actor: Actor): Promise<UserView & { organisation: unknown; temporaryPasswordHours: number }> {
    const user = await this.users.findById(actor.userId!);
    if (!user) throw AppError.notFound('用户', actor.userId ?? undefined);
    const [organisation] = user.organisationId ? await this.registry.organisations([user.organisationId]) : [];
    return {
      ...view(user),
      organisation: organisation ?? null,
      temporaryPasswordHours: this.config.temporaryPasswordHours,
    };
  }

  async listUsers(actor: Actor, query: UserQueryDto) {
    if (!isStaff(actor)) throw AppError.forbidden();
    const qb = this.users.listQuery();
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.organisationId) qb.andWhere('u.organisation_id = :org', { org: query.organisationId });
    if (query.expert !== undefined) qb.andWhere('u.expert = :expert', { expert: query.expert });
    qb.orderBy('u.createdAt', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    const [rows, total] = await qb.getManyAndCount();
    return toPage(rows.map(view), total, query);
  }

  /** Creates the first admin when none exists (embedded start, `cli create-admin`). Returns true if created. */
  async ensureAdmin(email: string, password: string, name = '平台管理员'): Promise<boolean> {
    return this.events.transaction(async (manager) => {
      const existing = await this.users.findAnyWithRole(Role.Admin, manager);
      if (existing) return false;
      await this.insertUser(manager, SYSTEM_ACTOR, { email: email.toLowerCase(), password, name, role: Role.Admin });
      return true;
    });
  }

  private async insertUser(
    manager: EntityManager,
    actor: Actor,
    input: {
      email: string;
      password: string;
      name: string;
      phone?: string;
      role: Role;
      organisationId?: string;
      expert?: boolean;
      /** The password must be changed at the first sign-in (see `UserRepository.changePassword`). */
      temporary?: boolean;
    },
  ): Promise<User> {
    const now = new Date();
    const saved = await this.users.save(
      manager,
      this.users.create({
        email: input.email,
        passwordHash: await hashPassword(input.password),
        name: input.name,
        phone: input.phone ?? null,
        role: input.role,
        organisationId: input.organisationId ?? null,
        active: true,
        expert: input.expert ?? false,
        passwordTemporarySince: input.temporary ? now : null,
      }),
    );
    await this.events.record(manager, actor, {
      type: 'user.created',
      entityType: 'user',
      entityId: saved.id,
      after: { ...view(saved) },
    });
    return saved;
  }

  private async assertEmailFree(manager: EntityManager, email: string): Promise<void> {
    if (await this.users.findByEmail(email, manager)) {
      throw AppError.conflict(ErrorCode.EMAIL_TAKEN, '该邮箱已注册', { email });
    }
  }

  private async session(user: User): Promise<Session> {
    const accessToken = await this.tokens.sign({
      sub: user.id,
      role: user.role,
      org: user.organisationId,
      tv: user.tokenVersion,
    });
    return { accessToken, tokenType: 'Bearer', user: view(user) };
  }
}
