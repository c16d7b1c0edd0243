import { Actor, AppError, ErrorCode, Role, TimedRequest } from '@app/common';
import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { AuthenticatedRequest, IS_PUBLIC, ROLES } from './auth.decorators';
import { CSRF_COOKIE, CSRF_HEADER, csrfMatches, isSafeMethod, parseCookies, SESSION_COOKIE } from './session-cookie';
import { TokenService } from './token.service';
import { UserRepository } from './user.repository';

/**
 * Global guard: reads the Bearer token — or, without one, the browser session cookie (unsafe methods then need the
 * double-submit CSRF header) — into `req.actor`, then enforces @Public and @Roles. On a @Public endpoint an invalid
 * or expired token (or cookie) is ignored (anonymous), elsewhere it is 401.
 * The user row is re-read on every request so that a deactivated account stops working at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly users: UserRepository,
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
    if (header) {
      const match = /^Bearer\s+(.+)$/i.exec(header);
      req.actor = (match && (await this.actorFor(match[1], req))) || undefined;
      // A public endpoint answers an expired or foreign token as it answers no token: anonymously.
      if (!req.actor && !isPublic)
        throw new AppError(HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHENTICATED, '登录已失效，请重新登录');
    } else {
      // Browser session: the httpOnly cookie. An expired cookie on a public route reads as a visitor.
      const cookies = parseCookies(req.headers['cookie']);
      const token = cookies[SESSION_COOKIE];
      if (token) {
        req.actor = (await this.actorFor(token, req)) ?? undefined;
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
    if (isPublic) return true;
    if (!req.actor) throw new AppError(HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHENTICATED, '请先登录');
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (roles && !roles.includes(req.actor.role as Role)) throw AppError.forbidden();
    return true;
  }

  private async actorFor(token: string, req: AuthenticatedRequest): Promise<Actor | null> {
    const claims = await this.tokens.verify(token);
    const user = claims ? await this.users.sessionUser(claims.sub) : null;
    // A password change raises the version: tokens (and browser sessions) issued before it are refused.
    if (!user || !user.active || (claims?.tv ?? 0) !== user.tokenVersion) return null;
    return {
      userId: user.id,
      role: user.role,
      organisationId: user.organisationId,
      requestId: req.id !== undefined ? String(req.id) : undefined,
    } satisfies Actor;
  }
}
