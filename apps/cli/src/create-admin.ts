import { AuthService } from '@app/auth';
import { AppConfig } from '@app/config';
import { NestFactory } from '@nestjs/core';

import { CliPlatformModule, withCliSecret } from './platform';

export async function createAdmin(
  config: AppConfig,
  databaseUrl: string,
  email: string,
  password: string,
): Promise<boolean> {
  const module = CliPlatformModule.forRoot(withCliSecret(config.with({ databaseUrl })));
  const app = await NestFactory.createApplicationContext(module, { logger: ['error', 'warn'] });
  try {
    return await app.get(AuthService).ensureAdmin(email, password);
  } finally {
    await app.close();
  }
}
