import { AppConfig } from '@app/config';
import {
  DomainEvent,
  DomainEventConsumer,
  EntityType,
  EventConsumerRegistry,
  EventType,
  eventTypesOf,
} from '@app/events';
import {
  JobContext,
  JobHandler,
  JobName,
  JobPayloads,
  JobProcessor,
  JobQueue,
  QueueName,
  QueueRole,
  Reconciler,
} from '@app/queue';
import { SyncStateRepository } from '@app/registry';
import { Injectable, OnModuleInit } from '@nestjs/common';

import { resolvedRowJobs } from '../reconcile/matching-reconciler';
import { IndexKind } from './search-documents';
import { SEARCH_KINDS, SearchIndexService } from './search-index.service';
import { isSourceKind, SearchKind } from './search-sources';

const KIND_OF_ENTITY: Partial<Record<EntityType, SearchKind>> = {
  achievement: 'achievements',
  demand: 'demands',
  challenge: 'challenges',
};
/**
 * Fields of a row that matching reads: its search document's (chains and organisation included) and, for demands,
 * the budget the engine compares with asking prices. An edit of other fields (contacts, confidential notes…) leaves
 * suggestions as they are.
 */
const MATCHED_FIELDS: Record<IndexKind, ReadonlySet<string>> = {
  demands: new Set([
    'title',
    'description',
    'keywords',
    'technicalIndicators',
    'expectedOutcome',
    'kind',
    'industryChainIds',
    'chainRequired',
    'requiredTrl',
    'requiredStage',
    'cooperationModes',
    'region',
    'deadline',
    'ownerOrganisationId',
    'status',
    'publishedAt',
    'budgetMin',
    'budgetMax',
  ]),
  achievements: new Set([
    'title',
    'abstract',
    'keywords',
    'applicationScenarios',
    'team',
    'institutionId',
    'industryChainIds',
    'trl',
    'stage',
    'ipType',
    'ipStatus',
    'patentNumbers',
    'transferModes',
    'askingPrice',
    'status',
    'publishedAt',
  ]),
};

/** Edits record the changed fields only (`diffFields`); other events may change anything. */
const EDITS: ReadonlySet<EventType> = new Set(['demand.updated', 'achievement.updated']);

const BATCH_MAX = 500;
const BATCH_WAIT_MS = 30;

interface Waiter {
  id: string;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Collects concurrent sync jobs and applies them as one Meilisearch addition and one deletion per kind, flushes
 * serialised, so a burst of edits (an import, a workflow sweep) costs a handful of index tasks, not one per row.
 */
@Injectable()
export class IndexBatcher {
  private readonly queued = new Map<SearchKind, Waiter[]>();
  private readonly timers = new Map<SearchKind, NodeJS.Timeout>();
  private readonly flushing = new Map<SearchKind, Promise<void>>();

  constructor(private readonly index: SearchIndexService) {}

  sync(kind: SearchKind, id: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const list = this.queued.get(kind) ?? [];
      list.push({ id, resolve, reject });
      this.queued.set(kind, list);
      if (list.length >= BATCH_MAX) this.flushSoon(kind, 0);
      else if (!this.timers.has(kind)) this.flushSoon(kind, BATCH_WAIT_MS);
    });
  }

  private flushSoon(kind: SearchKind, ms: number): void {
    clearTimeout(this.timers.get(kind));
    this.timers.set(
      kind,
      setTimeout(() => void this.flush(kind), ms),
    );
  }

  private async flush(kind: SearchKind): Promise<void> {
    this.timers.delete(kind);
    await this.flushing.get(kind); // one flush per kind at a time keeps Meilisearch writes in order
    const batch = this.queued.get(kind) ?? [];
    if (batch.length === 0) return;
    this.queued.set(kind, []);
    const run = this.index
      .syncRows(
        kind,
        batch.map((w) => w.id),
      )
      .then(
        () => batch.forEach((w) => w.resolve()),
        (err) => batch.forEach((w) => w.reject(err)),
      );
    this.flushing.set(kind, run);
    await run;
    if ((this.queued.get(kind) ?? []).length && !this.timers.has(kind)) this.flushSoon(kind, 0);
  }
}

/**
 * Syncs one row, then queues its matching: a demand's suggestions, an achievement's reverse match. Matching only
 * after the record is searchable means that of any two records published at the same moment, the one indexed
 * second always finds the first: no pair is missed by a race, and a reconciled row is re-matched as well.
 */
@Injectable()
@JobProcessor(JobName.SyncSearchDocument)
export class SearchSyncProcessor implements JobHandler<JobName.SyncSearchDocument> {
  constructor(
    private readonly batcher: IndexBatcher,
    private readonly queue: JobQueue,
    private readonly index: SearchIndexService,
  ) {}

  async handle(data: JobPayloads[JobName.SyncSearchDocument], context: JobContext): Promise<void> {
    await this.batcher.sync(data.kind, data.id);
    // Other contexts' records are searched, not matched.
    if (isSourceKind(data.kind)) return;
    if (data.unmatchedVersion !== undefined) {
      if (await this.index.acknowledgeMatched(data.kind, data.id, data.unmatchedVersion)) return;
    }
    const jobId = `match-${context.jobId || `${data.kind}-${data.id}-${Date.now().toString(36)}`}`;
    if (data.kind === 'achievements') {
      await this.queue.enqueue(JobName.MatchAchievement, { achievementId: data.id }, { jobId });
    } else {
      await this.queue.enqueue(JobName.MatchDemand, { demandId: data.id }, { jobId });
    }
  }
}

/**
 * Domain events about demands and achievements → one sync job per entity version, except for edits that change
 * nothing public: an edit of a row in no index is acknowledged without a job, and an edit of fields matching does
 * not read is synced (the document's updatedAt) without a match job.
 */
@Injectable()
export class SearchSyncConsumer implements DomainEventConsumer, OnModuleInit {
  readonly name = 'search-index';
  /**
   * Changes of the row itself: they carry its new version. `demand.matched` (version meaning `unchanged`) changes
   * no document and is not subscribed.
   */
  readonly eventTypes: readonly EventType[] = eventTypesOf(['demand', 'achievement', 'challenge'], 'row');

  constructor(
    private readonly consumers: EventConsumerRegistry,
    private readonly queue: JobQueue,
    private readonly index: SearchIndexService,
  ) {}

  onModuleInit(): void {
    this.consumers.register(this);
  }

  async consume(event: DomainEvent): Promise<void> {
    const kind = KIND_OF_ENTITY[event.entityType]!;
    const version = event.entityVersion!;
    let unmatchedVersion: number | undefined;
    if (EDITS.has(event.type) && !isSourceKind(kind)) {
      // An edit of a row in no index (a draft…) changes nothing public: no sync, no matching.
      if (await this.index.acknowledgeUnlisted(kind, event.entityId, version)) return;
      const changed = Object.keys(event.after ?? {});
      if (!changed.some((field) => MATCHED_FIELDS[kind].has(field))) unmatchedVersion = version;
    }
    await this.queue.enqueue(
      JobName.SyncSearchDocument,
      { kind, id: event.entityId, ...(unmatchedVersion !== undefined ? { unmatchedVersion } : {}) },
      { jobId: syncJobId(kind, event.entityId, version) },
    );
  }
}

/** Job id of a row version's index sync (the consumer's and the reconciler's: enqueuing both is one job). */
export function syncJobId(kind: SearchKind, id: string, version: number | null): string {
  return `search-${kind}-${id}-${version}`;
}

/**
 * Safety net: at boot and then every RECONCILE_INTERVAL_MS, finds rows whose index state lags their version (edits
 * made while Meilisearch was down beyond the job retries, jobs lost with Redis) and queues their sync under the
 * consumer's job id: one that failed for good is retried, one still waiting is left alone. Nothing is lost for long.
 */
@Injectable()
export class SearchReconciler extends Reconciler {
  constructor(
    private readonly index: SearchIndexService,
    private readonly queue: JobQueue,
    private readonly state: SyncStateRepository,
    role: QueueRole,
    config: AppConfig,
  ) {
    super(role, config);
  }

  protected async pass(): Promise<number> {
    await this.dropResolvedFailures(this.queue, QueueName.SearchIndex, (failed) =>
      resolvedRowJobs(this.state, failed, 'indexed_version', (job) =>
        job.name === JobName.SyncSearchDocument
          ? { kind: job.data.kind as IndexKind, id: String(job.data.id) }
          : undefined,
      ),
    );
    // An embedder the indexes still lack (embedding service down at boot) is added now, in the background.
    await this.index.reconcileEmbedders();
    let queued = 0;
    for (const kind of SEARCH_KINDS) {
      for (const row of await this.index.laggingRows(kind)) {
        await this.queue.enqueue(
          JobName.SyncSearchDocument,
          { kind, id: row.id },
          { jobId: syncJobId(kind, row.id, row.version), rerun: true },
        );
        queued++;
      }
    }
    return queued;
  }
}
