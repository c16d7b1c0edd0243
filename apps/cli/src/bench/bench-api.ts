import { AppConfig } from '@app/config';
import { getFreePort } from '@app/embedded';
import { PlatformBootstrap } from '@app/platform';
import { RegistryBulkLoad, SyncStateRepository } from '@app/registry';
import { INestApplication } from '@nestjs/common';

// The one import of an app by another: the bench measures the real HTTP API (controllers, middleware) in this
// process, and that application is apps/api itself.
// eslint-disable-next-line platform/boundaries -- see above
import { createApiApp } from '../../../api/src/create-api-app';

/**
 * The real API (jobs consumed in process) on a free loopback port, as every benchmark section measures it, with the
 * registry's bulk loader and sync bookkeeping for the data the sections load straight into the catalogue.
 */
export async function startBenchApi(
  cleanups: Array<() => Promise<unknown>>,
  config: AppConfig,
): Promise<{ app: INestApplication; base: string; bulk: RegistryBulkLoad; state: SyncStateRepository }> {
  const app = await createApiApp({ config, consumeJobs: true, logger: ['error'] });
  cleanups.push(() => app.close());
  await app.init();
  await app.get(PlatformBootstrap).run();
  const port = await getFreePort();
  await app.listen(port, '127.0.0.1');
  return {
    app,
    base: `http://127.0.0.1:${port}`,
    bulk: app.get(RegistryBulkLoad),
    state: app.get(SyncStateRepository),
  };
}
