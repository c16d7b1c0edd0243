import { AppConfig } from '@app/config';
import { RematchService } from '@app/matching';

import { progressBar, withPlatform } from './platform';

/** `cli rematch`: recompute the stored suggestions of every open demand (after new weights, dictionary, imports). */
export async function rematch(config: AppConfig): Promise<void> {
  await withPlatform(config, async (app) => {
    const bar = progressBar('demands');
    const report = await app.get(RematchService).rematchDemands({ onProgress: bar });
    if (report.demands === 0) bar(0, 0);
    console.log(
      `${report.demands} demands re-matched in ${report.seconds.toFixed(1)} s; ${report.stored} suggestions stored ` +
        `(${report.queriesSent} distinct search queries, ${report.queriesShared} answered from the batch)`,
    );
  });
}
