import { Actor, AppError, ErrorCode, Role, TimedRequest } from '@app/common';
import { AppConfig } from '@app/config';
import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { AuthenticatedRequest, IS_PUBLIC, ROLES, TEMPORARY_PASSWORD_OK } from './auth.decorators';
import { CSRF_COOKIE, CSRF_HEADER, csrfMatches, isSafeMethod, parseCookies, SESSION_COOKIE } from './session-cookie';
import {
  passwordChangeRequiredError,
  temporaryPasswordExpired,
  temporaryPasswordExpiredError,
} from './temporary-password';
import { TokenService } from './token.service';
import { SessionUser, UserRepository } from './user.repository';

type Resolved = { actor: Actor; user: SessionUser };

/**
 * Global guard: reads the Bearer token — or, without one, the browser session cookie (unsafe methods then need the
 * double-submit CSRF header) — into `req.actor`, then enforces @Public and @Roles. On a @Public endpoint an invalid
 * or expired token (or cookie) is ignored (anonymous), elsewhere it is 401.
 * The user row is re-read on every request so that a deactivated account stops working at once.
 * An account whose password is still a temporary one (an administrator's reset) may only call the endpoints marked
 * @AllowWithTemporaryPassword — elsewhere 403 PASSWORD_CHANGE_REQUIRED, and on public endpoints it reads as a
 * visitor; once the temporary password has expired, its tokens are refused with 401 TEMPORARY_PASSWORD_EXPIRED.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly users: UserRepository,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context
      .switchToHttp()
      .getRequest<AuthenticatedRequest & TimedRequest & { headers: Record<string, string>; method: string }>();
    const started = performance.now();
    const timing = req.serverTiming;
    if (timing) timing.add('routing', started - timing.startedAt, 'middleware and routing');
    try {
      return await this.authenticate(context, req);
    } finally {
      // the token check and the user's row, as the request's `auth` phase (Server-Timing)
      timing?.add('auth', performance.now() - started);
    }
  }

  private async authenticate(
    context: ExecutionContext,
    req: AuthenticatedRequest & { headers: Record<string, string>; method: string },
  ): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    const header = req.headers['authorization'];
    let user: SessionUser | undefined;
    if (header) {
      const match = /^Bearer\s+(.+)$/i.exec(header);
      const resolved = (match && (await this.actorFor(match[1], req))) || undefined;
      req.actor = resolved?.actor;
      user = resolved?.user;
      // A public endpoint answers an expired or foreign token as it answers no token: anonymously.
      if (!req.actor && !isPublic)
        throw new AppError(HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHENTICATED, '登录已失效，请重新登录');
    } else {
      // Browser session: the httpOnly cookie. An expired cookie on a public route reads as a visitor.
      const cookies = parseCookies(req.headers['cookie']);
      const token = cookies[SESSION_COOKIE];
      if (token) {
        const resolved = (await this.actorFor(token, req)) ?? undefined;
        req.actor = resolved?.actor;
        user = resolved?.user;
        if (!req.actor && !isPublic) {
          throw new AppError(HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHENTICATED, '登录已失效，请重新登录');
        }
        if (req.actor && !isSafeMethod(req.method) && !csrfMatches(cookies[CSRF_COOKIE], req.headers[CSRF_HEADER])) {
          throw new AppError(
            HttpStatus.FORBIDDEN,
            ErrorCode.CSRF_TOKEN_INVALID,
            '请求缺少有效的 CSRF 令牌，请刷新页面后重试',
          );
        }
      }
    }
    if (user?.passwordTemporarySince) {
      const hours = this.config.temporaryPasswordHours;
      const allowed = this.reflector.getAllAndOverride<boolean>(TEMPORARY_PASSWORD_OK, [
        context.getHandler(),
        context.getClass(),
      ]);
      if (isPublic) {
        // Public pages see such a token as a visitor's: nothing beyond what anyone may read.
        if (!allowed) req.actor = undefined;
      } else if (temporaryPasswordExpired(user, hours)) {
        throw temporaryPasswordExpiredError(hours);
      } else if (!allowed) {
        throw passwordChangeRequiredError();
      }
    }
    if (isPublic) return true;
    if (!req.actor) throw new AppError(HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHENTICATED, '请先登录');
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (roles && !roles.includes(req.actor.role as Role)) throw AppError.forbidden();
    return true;
  }

  private async actorFor(token: string, req: AuthenticatedRequest): Promise<Resolved | null> {
    const claims = await this.tokens.verify(token);
    const user = claims ? await this.users.sessionUser(claims.sub) : null;
    // A password change raises the version: tokens (and browser sessions) issued before it are refused.
    if (!user || !user.active || (claims?.tv ?? 0) !== user.tokenVersion) return null;
    const actor: Actor = {
      userId: user.id,
      role: user.role,
      organisationId: user.organisationId,
      requestId: req.id !== undefined ? String(req.id) : undefined,
    };
    return { actor, user };
  }
}
