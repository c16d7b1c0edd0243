import { AppConfig } from '@app/config';
import { RegistryReads } from '@app/registry';
import { SyncStateRepository } from '@app/registry';
import { Injectable } from '@nestjs/common';

import { MatchingEngine, QueryCache } from '../engine/matching-engine';
import { SUGGESTIONS_PER_DEMAND } from '../engine/suggestion';
import { INDEXED_DEMAND_STATUSES } from '../search-index/search-index.service';
import { MatchService } from './match.service';

export interface RematchReport {
  demands: number;
  stored: number;
  seconds: number;
  /** Distinct Meilisearch queries sent, and how many of the batch's queries were answered from them. */
  queriesSent: number;
  queriesShared: number;
}

/**
 * Re-matches many demands at once (after a change of weights, dictionary or a bulk import): the same code path as
 * the per-demand job, with the batch's repeated keyword queries asked once. Human decisions are kept as always.
 */
@Injectable()
export class RematchService {
  constructor(
    private readonly registry: RegistryReads,
    private readonly engine: MatchingEngine,
    private readonly matches: MatchService,
    private readonly state: SyncStateRepository,
    private readonly config: AppConfig,
  ) {}

  /** Runs `concurrency` demands at a time (default MATCH_REMATCH_CONCURRENCY). */
  async rematchDemands(
    options: { ids?: string[]; concurrency?: number; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<RematchReport> {
    const started = performance.now();
    const demands = await this.registry.demandsWithStatus(INDEXED_DEMAND_STATUSES, options.ids);
    const cache = new QueryCache();
    let next = 0;
    let done = 0;
    let stored = 0;
    const worker = async () => {
      while (next < demands.length) {
        const demand = demands[next++];
        const suggestions = await this.engine.forDemand(demand, SUGGESTIONS_PER_DEMAND, cache);
        const worth = MatchingEngine.toStore(suggestions);
        await this.matches.storeDemandSuggestions(demand.id, worth);
        // as the per-demand job does: the suggestions now reflect this version (the reconciler leaves it alone)
        await this.state.markMatched('demands', demand.id, demand.version);
        stored += worth.length;
        options.onProgress?.(++done, demands.length);
      }
    };
    await Promise.all(
      Array.from({ length: Math.max(1, options.concurrency ?? this.config.matching.rematchConcurrency) }, worker),
    );
    return {
      demands: demands.length,
      stored,
      seconds: (performance.now() - started) / 1000,
      queriesSent: cache.size,
      queriesShared: cache.hits,
    };
  }
}
