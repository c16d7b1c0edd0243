import { AppConfig } from '@app/config';
import { SEARCH_KINDS, SearchIndexService, SearchKind } from '@app/matching';

import { progressBar, withPlatform } from './platform';

/** `cli reindex [--index NAME]`: rebuild from PostgreSQL into fresh indexes, swapped in atomically. */
export async function reindex(config: AppConfig, only?: SearchKind): Promise<void> {
  await withPlatform(config, async (app) => {
    const index = app.get(SearchIndexService);
    for (const kind of only ? [only] : SEARCH_KINDS) {
      const bar = progressBar(kind);
      const started = Date.now();
      const count = await index.reindex(kind, (p) => bar(p.done, p.total));
      if (count === 0) bar(0, 0);
      console.log(`${index.uid(kind)}: ${count} documents in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  });
}
