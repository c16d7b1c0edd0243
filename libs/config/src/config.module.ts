import { DynamicModule, Global, Module } from '@nestjs/common';

import { AppConfig } from './app-config';

/**
 * AppConfig for every module. `forRoot()` reads and validates the environment; `forRoot(config)` uses settings
 * resolved by the caller (the embedded launcher, the CLI's scratch platform, the bench).
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [
        config
          ? { provide: AppConfig, useValue: config }
          : { provide: AppConfig, useFactory: () => AppConfig.fromEnv() },
      ],
      exports: [AppConfig],
    };
  }
}
