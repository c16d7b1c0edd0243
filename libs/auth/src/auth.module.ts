import { AppConfig } from '@app/config';
import { EventsModule } from '@app/events';
import { RegistryModule } from '@app/registry';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';

import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { AttemptStore, createAttemptStore, LoginThrottle } from './login-throttle';
import { PasswordChangeService } from './password-change.service';
import { TokenService } from './token.service';
import { UserDirectoryModule } from './user-directory';

@Module({
  imports: [
    UserDirectoryModule,
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
  providers: [
    AuthService,
    PasswordChangeService,
    TokenService,
    AuthGuard,
    LoginThrottle,
    { provide: AttemptStore, inject: [AppConfig], useFactory: createAttemptStore },
  ],
  exports: [AuthService, PasswordChangeService, TokenService, AuthGuard],
})
export class AuthModule {}
