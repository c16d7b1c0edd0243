import { AppConfig } from '@app/config';
import { DynamicModule, Module, Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { BullJobQueue } from './bull-job-queue';
import { BullWorkerHost } from './bull-worker-host';
import { InProcessJobQueue } from './in-process-job-queue';
import { JobQueue, QueueRole } from './job-queue';
import { JobRegistry } from './job-registry';

export interface QueueModuleOptions {
  /** Host BullMQ workers in this process (the worker app; the api only when WORKER_IN_PROCESS is set). */
  consume: boolean;
}

/**
 * With REDIS_URL: BullMQ producers (and workers when `consume`). Without: the in-process queue,
 * which always consumes, through the same handlers.
 */
@Module({})
export class QueueModule {
  static forRoot(options: QueueModuleOptions): DynamicModule {
    const providers: Provider[] = [
      JobRegistry,
      {
        provide: JobQueue,
        inject: [AppConfig, JobRegistry],
        useFactory: (config: AppConfig, registry: JobRegistry) =>
          config.queueMode === 'external' ? new BullJobQueue(config) : new InProcessJobQueue(registry),
      },
      { provide: QueueRole, useValue: new QueueRole(options.consume) },
    ];
    if (options.consume) {
      providers.push({
        provide: BullWorkerHost,
        inject: [AppConfig, JobRegistry],
        useFactory: (config: AppConfig, registry: JobRegistry) =>
          config.queueMode === 'external' ? new BullWorkerHost(config, registry) : null,
      });
    }
    return {
      module: QueueModule,
      global: true,
      imports: [DiscoveryModule],
      providers,
      exports: [JobQueue, JobRegistry, QueueRole],
    };
  }
}
