import { AuthService } from '@app/auth';
import { ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { DOMAIN_MODULES } from '@app/platform';
import { QueueModule } from '@app/queue';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Module({
  imports: [ConfigModule, DatabaseModule, QueueModule.forRoot({ consume: false }), ...DOMAIN_MODULES],
})
class CreateAdminModule {}

export async function createAdmin(databaseUrl: string, email: string, password: string): Promise<boolean> {
  process.env.DATABASE_URL = databaseUrl;
  process.env.JWT_SECRET ??= 'cli-only-secret-not-used-for-signing-000000';
  const app = await NestFactory.createApplicationContext(CreateAdminModule, { logger: ['error', 'warn'] });
  try {
    return await app.get(AuthService).ensureAdmin(email, password);
  } finally {
    await app.close();
  }
}
