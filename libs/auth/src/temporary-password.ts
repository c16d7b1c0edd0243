import { AppError, ErrorCode } from '@app/common';
import { HttpStatus } from '@nestjs/common';

/** The part of a user row that says whether its password is a temporary one from an administrator's reset. */
export interface TemporaryPasswordState {
  passwordTemporarySince: Date | null;
}

/** When the temporary password stops signing in; null when the password is the person's own. */
export function temporaryPasswordExpiresAt(user: TemporaryPasswordState, hours: number): Date | null {
  return user.passwordTemporarySince ? new Date(user.passwordTemporarySince.getTime() + hours * 3600_000) : null;
}

export function temporaryPasswordExpired(user: TemporaryPasswordState, hours: number, now = new Date()): boolean {
  const expiresAt = temporaryPasswordExpiresAt(user, hours);
  return expiresAt !== null && expiresAt.getTime() <= now.getTime();
}

export function temporaryPasswordExpiredError(hours: number): AppError {
  return new AppError(
    HttpStatus.UNAUTHORIZED,
    ErrorCode.TEMPORARY_PASSWORD_EXPIRED,
    `临时密码已超过 ${hours} 小时有效期，请联系管理员重新重置密码`,
  );
}

export function passwordChangeRequiredError(): AppError {
  return new AppError(
    HttpStatus.FORBIDDEN,
    ErrorCode.PASSWORD_CHANGE_REQUIRED,
    '请先修改临时密码：管理员设置或重置的临时密码只能用于登录后修改密码',
  );
}
