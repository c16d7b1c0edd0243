import { Actor, AppError, ErrorCode } from '@app/common';
import { EventsService } from '@app/events';
import { HttpStatus, Injectable } from '@nestjs/common';

import { userView } from './auth.service';
import { ChangePasswordDto, SessionDto } from './dto/password-change.dto';
import { LoginOrigin, LoginThrottle } from './login-throttle';
import { hashPassword, verifyPassword } from './password';
import { TokenService } from './token.service';
import { UserRepository } from './user.repository';

const fieldError = (field: string, reason: string) => AppError.invalidField(field, reason);

/**
 * The signed-in user changes their own password. The change raises the user's token version, so every token issued
 * before it (another browser, a leaked token) stops working at the next request; the caller gets a fresh session.
 * A wrong current password counts as a failed login of the account: a stolen session cannot guess the password
 * faster than the login form allows. A temporary password (an administrator's reset) is replaced by the person's
 * own here, which lifts the account's restriction to this endpoint and the session.
 */
@Injectable()
export class PasswordChangeService {
  constructor(
    private readonly users: UserRepository,
    private readonly events: EventsService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
  ) {}

  async change(actor: Actor, dto: ChangePasswordDto, origin: LoginOrigin = {}): Promise<SessionDto> {
    if (!actor.userId) throw new AppError(HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHENTICATED, '请先登录');
    const user = await this.events.transaction(async (manager) => {
      // Locked: two changes at once must not both pass the check against the same old password.
      const current = await this.users.lockWithHash(manager, actor.userId!);
      if (!current || !current.active) {
        throw new AppError(HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHENTICATED, '登录已失效，请重新登录');
      }
      await this.throttle.assertAllowed(current.email, origin);
      if (!(await verifyPassword(current.passwordHash, dto.currentPassword))) {
        await this.throttle.recordFailure(current.email, origin);
        throw fieldError('currentPassword', '当前密码不正确');
      }
      if (dto.newPassword === dto.currentPassword) throw fieldError('newPassword', '新密码不能与当前密码相同');
      const changedAt = new Date();
      await this.users.changePassword(manager, current.id, await hashPassword(dto.newPassword), changedAt);
      await this.events.record(manager, actor, {
        type: 'user.password_changed',
        entityType: 'user',
        entityId: current.id,
        after: { passwordChangedAt: changedAt.toISOString() },
      });
      const changed = await this.users.findById(current.id, manager);
      if (!changed) throw new AppError(HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHENTICATED, '登录已失效，请重新登录');
      return changed;
    });
    const accessToken = await this.tokens.sign({
      sub: user.id,
      role: user.role,
      org: user.organisationId,
      tv: user.tokenVersion,
    });
    return { accessToken, tokenType: 'Bearer', user: userView(user) };
  }
}
