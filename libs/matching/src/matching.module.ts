import { EventsModule } from '@app/events';
import { RegistryModule } from '@app/registry';
import { Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AchievementBigramsRepository } from './engine/achievement-bigrams.repository';
import { CandidateIndexService } from './engine/candidate-index';
import { CorpusModelService } from './engine/corpus-model';
import { MatchingEngine } from './engine/matching-engine';
import { EvalRunner } from './eval/eval-runner';
import { MatchRepository } from './match/match.repository';
import { MatchService } from './match/match.service';
import { MatchHistoryService } from './match/match-history.service';
import { MatchInterestService } from './match/match-interest.service';
import { MatchPipelineReads } from './match/match-pipeline';
import { RematchService } from './match/rematch.service';
import { MATCHING_ENTITIES } from './matching.entities';
import { MatchAchievementProcessor, MatchDemandProcessor } from './matching.jobs';
import { ListQueryUnderstandingService } from './query/list-query-understanding.service';
import { QueryReferenceService } from './query/query-reference.service';
import { MatchingReconciler } from './reconcile/matching-reconciler';
import { CatalogueSearchService } from './search-index/catalogue-search.service';
import { SearchIndexService } from './search-index/search-index.service';
import { SearchSourceRegistry } from './search-index/search-sources';
import { IndexBatcher, SearchReconciler, SearchSyncConsumer, SearchSyncProcessor } from './search-index/search-sync';

/** Applies index settings at boot; a Meilisearch that is down now is retried by the reconciler's syncs later. */
@Injectable()
export class SearchIndexBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(SearchIndexBootstrap.name);

  constructor(private readonly index: SearchIndexService) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.index.ensureIndexes(undefined, { waitForEmbeddings: false });
    } catch (err) {
      this.logger.warn(`Could not apply search index settings now: ${(err as Error).message}`);
    }
  }
}

@Module({
  imports: [TypeOrmModule.forFeature(MATCHING_ENTITIES), EventsModule, RegistryModule],
  providers: [
    SearchSourceRegistry,
    SearchIndexService,
    SearchIndexBootstrap,
    IndexBatcher,
    SearchSyncProcessor,
    SearchSyncConsumer,
    SearchReconciler,
    MatchingReconciler,
    CatalogueSearchService,
    QueryReferenceService,
    ListQueryUnderstandingService,
    CorpusModelService,
    AchievementBigramsRepository,
    CandidateIndexService,
    MatchingEngine,
    MatchRepository,
    MatchService,
    MatchInterestService,
    MatchHistoryService,
    MatchPipelineReads,
    RematchService,
    MatchDemandProcessor,
    MatchAchievementProcessor,
    EvalRunner,
  ],
  exports: [
    ListQueryUnderstandingService,
    SearchSourceRegistry,
    SearchIndexService,
    SearchReconciler,
    MatchingReconciler,
    CatalogueSearchService,
    CorpusModelService,
    CandidateIndexService,
    MatchingEngine,
    MatchService,
    MatchInterestService,
    MatchHistoryService,
    MatchPipelineReads,
    RematchService,
  ],
})
export class MatchingModule {}
