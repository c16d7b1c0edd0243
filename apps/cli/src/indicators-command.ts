import { AppConfig } from '@app/config';
import { IndicatorFactsService } from '@app/indicators';

import { withPlatform } from './platform';

/** `cli indicators recompute|verify`: rebuild every fact from the records, or compare the incremental state with it. */
export async function indicators(config: AppConfig, action: 'recompute' | 'verify'): Promise<number> {
  return withPlatform(config, async (app) => {
    const facts = app.get(IndicatorFactsService);
    if (action === 'recompute') {
      const started = Date.now();
      const counts = await facts.recompute();
      for (const c of counts) console.log(`${c.indicatorKey.padEnd(28)} ${c.facts}`);
      console.log(`Recomputed ${counts.length} indicators in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return 0;
    }
    const differences = await facts.verify();
    if (!differences.length) {
      console.log('Indicator facts agree with the records');
      return 0;
    }
    for (const d of differences.slice(0, 50)) {
      console.error(`${d.indicatorKey} ${d.subjectId} ${d.year}: ${d.problem}${d.detail ? ` (${d.detail})` : ''}`);
    }
    console.error(`${differences.length} difference(s); run "indicators recompute" after finding the cause`);
    return 1;
  });
}
