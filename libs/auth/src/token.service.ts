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

  async verify(token: string): Promise<TokenClaims | null> {
    try {
      return await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      return null;
    }
  }
}
