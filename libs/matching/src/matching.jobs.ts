import { DomainEvent, DomainEventConsumer, EventConsumerRegistry } from '@app/events';
import { JobContext, JobHandler, JobName, JobPayloads, JobProcessor, JobQueue } from '@app/queue';
import { Achievement, AchievementStatus, Demand } from '@app/registry';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { MatchingEngine } from './engine/matching-engine';
import { SUGGESTIONS_PER_DEMAND } from './engine/suggestion';
import { MatchService } from './match/match.service';
import { INDEXED_DEMAND_STATUSES } from './search-index/search-index.service';

/**
 * Demand events that (re)compute its suggestions. Achievements are reverse-matched by the search sync once their
 * document is in the index (see SearchSyncProcessor); here only their leaving the catalogue matters.
 */
const DEMAND_RECOMPUTE = new Set(['demand.published', 'demand.updated', 'demand.started']);
const DEMAND_CLOSE = new Set(['demand.closed', 'demand.solved']);
const ACHIEVEMENT_GONE = new Set(['achievement.withdrawn', 'achievement.transferred']);

@Injectable()
@JobProcessor(JobName.MatchDemand)
export class MatchDemandProcessor implements JobHandler<JobName.MatchDemand> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: MatchingEngine,
    private readonly matches: MatchService,
  ) {}

  async handle(data: JobPayloads[JobName.MatchDemand], _context: JobContext): Promise<void> {
    const demand = await this.dataSource.getRepository(Demand).findOneBy({ id: data.demandId });
    if (!demand) return;
    if (!INDEXED_DEMAND_STATUSES.includes(demand.status)) {
      await this.matches.dropSuggestions({ demandId: demand.id });
      return;
    }
    const suggestions = await this.engine.forDemand(demand, SUGGESTIONS_PER_DEMAND);
    await this.matches.storeDemandSuggestions(demand.id, suggestions.filter(MatchingEngine.worthStoring));
  }
}

@Injectable()
@JobProcessor(JobName.MatchAchievement)
export class MatchAchievementProcessor implements JobHandler<JobName.MatchAchievement> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: MatchingEngine,
    private readonly matches: MatchService,
  ) {}

  async handle(data: JobPayloads[JobName.MatchAchievement], _context: JobContext): Promise<void> {
    const achievement = await this.dataSource.getRepository(Achievement).findOneBy({ id: data.achievementId });
    if (!achievement) return;
    if (achievement.status !== AchievementStatus.Published) {
      await this.matches.dropSuggestions({ achievementId: achievement.id });
      return;
    }
    // Reverse match: the demands this achievement fits best get it among their suggestions; each demand's own
    // next recomputation settles the final order and length of its list.
    const suggestions = await this.engine.forAchievement(achievement, 10);
    await this.matches.addSuggestions(suggestions.filter(MatchingEngine.worthStoring));
  }
}

/** Turns committed domain events into matching jobs (ids only; handlers reload from PostgreSQL). */
@Injectable()
export class MatchingConsumer implements DomainEventConsumer, OnModuleInit {
  readonly name = 'matching';

  constructor(
    private readonly consumers: EventConsumerRegistry,
    private readonly queue: JobQueue,
    private readonly matches: MatchService,
  ) {}

  onModuleInit(): void {
    this.consumers.register(this);
  }

  handles(event: DomainEvent): boolean {
    return DEMAND_RECOMPUTE.has(event.type) || DEMAND_CLOSE.has(event.type) || ACHIEVEMENT_GONE.has(event.type);
  }

  async consume(event: DomainEvent): Promise<void> {
    const version = event.entityVersion ?? event.id;
    if (DEMAND_CLOSE.has(event.type)) {
      await this.matches.dropSuggestions({ demandId: event.entityId });
    } else if (ACHIEVEMENT_GONE.has(event.type)) {
      await this.matches.dropSuggestions({ achievementId: event.entityId });
    } else {
      await this.queue.enqueue(
        JobName.MatchDemand,
        { demandId: event.entityId },
        { jobId: `match-demand-${event.entityId}-${version}` },
      );
    }
  }
}
