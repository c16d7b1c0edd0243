import { AppConfig } from '@app/config';
import { EventsModule } from '@app/events';
import { RegistryModule } from '@app/registry';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';

import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { PasswordChangeService } from './password-change.service';
import { TokenService } from './token.service';

@Module({
  imports: [
    EventsModule,
    RegistryModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.requireRuntime().jwtSecret,
        signOptions: { expiresIn: config.jwtExpiresIn as `${number}h` },
      }),
    }),
  ],
  providers: [AuthService, PasswordChangeService, TokenService, AuthGuard],
  exports: [AuthService, PasswordChangeService, TokenService, AuthGuard],
})
export class AuthModule {}
