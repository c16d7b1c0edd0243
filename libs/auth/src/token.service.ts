import { Role } from '@app/common';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

export interface TokenClaims {
  sub: string;
  role: Role;
  org: string | null;
  /** The user's token version when issued (absent in tokens from before versions existed: 0). */
  tv?: number;
}

@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  sign(claims: TokenClaims): Promise<string> {
    return this.jwt.signAsync(claims);
  }

  /** The claims of a valid token, else null. A token must be HS256 and carry `exp`: no token lives forever. */
  async verify(token: string): Promise<TokenClaims | null> {
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims & { exp?: unknown }>(token, { algorithms: ['HS256'] });
      return typeof claims.exp === 'number' && typeof claims.sub === 'string' ? claims : null;
    } catch {
      return null;
    }
  }
}
