import { randomBytes } from 'node:crypto';

import { CSRF_COOKIE, SESSION_COOKIE } from '@app/auth';
import { AppConfig } from '@app/config';
import { Injectable } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';

import { BrowserSessionDto, UserViewDto } from './session.dto';

/** '12h', '30m', '3600s', '7d' or seconds → milliseconds (the JWT's own lifetime, so cookie and token end together). */
export function lifetimeMs(expiresIn: string): number {
  const m = /^(\d+)\s*([smhd]?)$/.exec(expiresIn.trim());
  if (!m) return 12 * 3600_000;
  const unit = { '': 1000, s: 1000, m: 60_000, h: 3600_000, d: 86_400_000 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

/** Sets and clears the browser session cookies (the guard reads them; see libs/auth/src/session-cookie.ts). */
@Injectable()
export class SessionCookies {
  constructor(private readonly config: AppConfig) {}

  open(req: Request, res: Response, accessToken: string, user: UserViewDto): BrowserSessionDto {
    const maxAge = lifetimeMs(this.config.jwtExpiresIn);
    const csrfToken = randomBytes(24).toString('base64url');
    res.cookie(SESSION_COOKIE, accessToken, { ...this.base(req), httpOnly: true, maxAge });
    res.cookie(CSRF_COOKIE, csrfToken, { ...this.base(req), httpOnly: false, maxAge });
    return { user, csrfToken, expiresAt: new Date(Date.now() + maxAge).toISOString() };
  }

  close(req: Request, res: Response): void {
    res.clearCookie(SESSION_COOKIE, { ...this.base(req), httpOnly: true });
    res.clearCookie(CSRF_COOKIE, { ...this.base(req), httpOnly: false });
  }

  private base(req: Request): CookieOptions {
    return { sameSite: 'lax', secure: req.secure, path: '/' };
  }
}
