import { AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { DOMAIN_MODULES } from '@app/platform';
import { QueueModule } from '@app/queue';
import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

/** The libs a one-shot command needs: the same modules as the apps, jobs produced but not consumed (unless in process). */
@Module({})
export class CliPlatformModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliPlatformModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        QueueModule.forRoot({ consume: false }),
        ...DOMAIN_MODULES,
      ],
    };
  }
}

/** A command signs no token, but the auth module wants a secret: one that is never used when none is configured. */
export function withCliSecret(config: AppConfig): AppConfig {
  return config.jwtSecret ? config : config.with({ jwtSecret: 'cli-only-secret-not-used-for-signing-000000' });
}

export async function withPlatform<T>(
  config: AppConfig,
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const app = await NestFactory.createApplicationContext(CliPlatformModule.forRoot(withCliSecret(config)), {
    logger: ['error', 'warn'],
  });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

/** A one-line progress bar on stderr (stdout stays machine-readable). */
export function progressBar(label: string): (done: number, total: number) => void {
  let last = -1;
  return (done, total) => {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    if (pct === last && done !== total) return;
    last = pct;
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    process.stderr.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${pct}% ${done}/${total}`);
    if (done >= total) process.stderr.write('\n');
  };
}
