import { JobContext, JobHandler, JobName, JobPayloads, JobProcessor } from '@app/queue';
import { AchievementStatus, RegistryReads } from '@app/registry';
import { SyncStateRepository } from '@app/registry';
import { Injectable } from '@nestjs/common';

import { MatchingEngine } from './engine/matching-engine';
import { SUGGESTIONS_PER_DEMAND } from './engine/suggestion';
import { MatchService } from './match/match.service';
import { INDEXED_DEMAND_STATUSES } from './search-index/search-index.service';

/*
 * Matching is triggered by the search sync (SearchSyncProcessor), once a record's document is in the index; the
 * handlers below also drop undecided suggestions of records that left the catalogue (closed, solved, withdrawn).
 * Each records the version it ran for (`matched_version`); the MatchingReconciler re-queues rows that lag.
 */

@Injectable()
@JobProcessor(JobName.MatchDemand)
export class MatchDemandProcessor implements JobHandler<JobName.MatchDemand> {
  constructor(
    private readonly registry: RegistryReads,
    private readonly state: SyncStateRepository,
    private readonly engine: MatchingEngine,
    private readonly matches: MatchService,
  ) {}

  async handle(data: JobPayloads[JobName.MatchDemand], _context: JobContext): Promise<void> {
    const demand = await this.registry.demand(data.demandId);
    if (!demand) return;
    if (!INDEXED_DEMAND_STATUSES.includes(demand.status)) {
      await this.matches.dropSuggestions({ demandId: demand.id });
    } else {
      const suggestions = await this.engine.forDemand(demand, SUGGESTIONS_PER_DEMAND);
      await this.matches.storeDemandSuggestions(demand.id, MatchingEngine.toStore(suggestions));
    }
    await this.state.markMatched('demands', demand.id, demand.version);
  }
}

@Injectable()
@JobProcessor(JobName.MatchAchievement)
export class MatchAchievementProcessor implements JobHandler<JobName.MatchAchievement> {
  constructor(
    private readonly registry: RegistryReads,
    private readonly state: SyncStateRepository,
    private readonly engine: MatchingEngine,
    private readonly matches: MatchService,
  ) {}

  async handle(data: JobPayloads[JobName.MatchAchievement], _context: JobContext): Promise<void> {
    const achievement = await this.registry.achievement(data.achievementId);
    if (!achievement) return;
    if (achievement.status !== AchievementStatus.Published) {
      await this.matches.dropSuggestions({ achievementId: achievement.id });
    } else {
      // Reverse match: the demands this achievement fits best get it among their suggestions; each demand's own
      // next recomputation settles the final order and length of its list.
      const suggestions = await this.engine.forAchievement(achievement, 10);
      await this.matches.addSuggestions(suggestions.filter(MatchingEngine.worthStoring));
    }
    await this.state.markMatched('achievements', achievement.id, achievement.version);
  }
}
