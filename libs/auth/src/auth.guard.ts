import { Actor, AppError, ErrorCode, Role } from '@app/common';
import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { AuthenticatedRequest, IS_PUBLIC, ROLES } from './auth.decorators';
import { TokenService } from './token.service';
import { User } from './user.entity';

/**
 * Global guard: reads the Bearer token (if any) into `req.actor`, then enforces @Public and @Roles.
 * The user row is re-read on every request so that a deactivated account stops working at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest & { headers: Record<string, string> }>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    const header = req.headers['authorization'];
    if (header) {
      const match = /^Bearer\s+(.+)$/i.exec(header);
      const claims = match ? await this.tokens.verify(match[1]) : null;
      const user = claims ? await this.dataSource.getRepository(User).findOneBy({ id: claims.sub }) : null;
      // A password change raises the version: tokens issued before it are refused.
      if (!user || !user.active || (claims?.tv ?? 0) !== user.tokenVersion) {
        throw new AppError(HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHENTICATED, '登录已失效，请重新登录');
      }
      req.actor = {
        userId: user.id,
        role: user.role,
        organisationId: user.organisationId,
        requestId: req.id !== undefined ? String(req.id) : undefined,
      } satisfies Actor;
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
}
