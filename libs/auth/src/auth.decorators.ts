import { Actor, Role } from '@app/common';
import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'zcz:public';
export const ROLES = 'zcz:roles';
export const TEMPORARY_PASSWORD_OK = 'zcz:temporary-password-ok';

/** No token needed (a token, when sent, is still read so the handler knows who asks). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/**
 * The few endpoints a token may call while its account still has a temporary password (reading the own session,
 * changing the password); every other authenticated endpoint then answers 403 PASSWORD_CHANGE_REQUIRED.
 */
export const AllowWithTemporaryPassword = (): MethodDecorator & ClassDecorator =>
  SetMetadata(TEMPORARY_PASSWORD_OK, true);

/** Only these roles may call the handler. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES, roles);

export interface AuthenticatedRequest {
  actor?: Actor;
  id?: string | number;
}

export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor | undefined => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  return req.actor;
});
