import { DomainEvent, DomainEventConsumer, EventConsumerRegistry } from '@app/events';
import { JobContext, JobHandler, JobName, JobPayloads, JobProcessor, JobQueue } from '@app/queue';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';

import { IndexKind } from './search-documents';
import { INDEX_KINDS, SearchIndexService } from './search-index.service';

const KIND_OF_ENTITY: Record<string, IndexKind> = { achievement: 'achievements', demand: 'demands' };
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
  private readonly queued = new Map<IndexKind, Waiter[]>();
  private readonly timers = new Map<IndexKind, NodeJS.Timeout>();
  private readonly flushing = new Map<IndexKind, Promise<void>>();

  constructor(private readonly index: SearchIndexService) {}

  sync(kind: IndexKind, id: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const list = this.queued.get(kind) ?? [];
      list.push({ id, resolve, reject });
      this.queued.set(kind, list);
      if (list.length >= BATCH_MAX) this.flushSoon(kind, 0);
      else if (!this.timers.has(kind)) this.flushSoon(kind, BATCH_WAIT_MS);
    });
  }

  private flushSoon(kind: IndexKind, ms: number): void {
    clearTimeout(this.timers.get(kind));
    this.timers.set(
      kind,
      setTimeout(() => void this.flush(kind), ms),
    );
  }

  private async flush(kind: IndexKind): Promise<void> {
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
  ) {}

  async handle(data: JobPayloads[JobName.SyncSearchDocument], context: JobContext): Promise<void> {
    await this.batcher.sync(data.kind, data.id);
    const jobId = `match-${context.jobId || `${data.kind}-${data.id}-${Date.now().toString(36)}`}`;
    if (data.kind === 'achievements') {
      await this.queue.enqueue(JobName.MatchAchievement, { achievementId: data.id }, { jobId });
    } else {
      await this.queue.enqueue(JobName.MatchDemand, { demandId: data.id }, { jobId });
    }
  }
}

/** Domain events about demands and achievements → one sync job per entity version. */
@Injectable()
export class SearchSyncConsumer implements DomainEventConsumer, OnModuleInit {
  readonly name = 'search-index';

  constructor(
    private readonly consumers: EventConsumerRegistry,
    private readonly queue: JobQueue,
  ) {}

  onModuleInit(): void {
    this.consumers.register(this);
  }

  /** Only changes of the row itself (they carry its new version); e.g. `demand.matched` changes no document. */
  handles(event: DomainEvent): boolean {
    return event.entityType in KIND_OF_ENTITY && event.entityVersion !== null;
  }

  async consume(event: DomainEvent): Promise<void> {
    const kind = KIND_OF_ENTITY[event.entityType];
    await this.queue.enqueue(
      JobName.SyncSearchDocument,
      { kind, id: event.entityId },
      { jobId: `search-${kind}-${event.entityId}-${event.entityVersion}` },
    );
  }
}

/**
 * Safety net: at boot and then periodically, finds rows whose index state lags their version (edits made while
 * Meilisearch was down beyond the job retries, lost Redis data) and queues their sync. Nothing is lost for long.
 */
@Injectable()
export class SearchReconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SearchReconciler.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly index: SearchIndexService,
    private readonly queue: JobQueue,
  ) {}

  onApplicationBootstrap(): void {
    const every = Number(process.env.SEARCH_RECONCILE_MS ?? 30000);
    this.timer = setInterval(() => void this.reconcile().catch(() => undefined), every);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Queues a sync for every lagging row; returns how many. */
  async reconcile(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      let queued = 0;
      for (const kind of INDEX_KINDS) {
        for (const id of await this.index.lagging(kind)) {
          // A fresh job id per pass: the earlier job for this version may have failed for good.
          await this.queue.enqueue(
            JobName.SyncSearchDocument,
            { kind, id },
            { jobId: `search-${kind}-${id}-r${Date.now().toString(36)}` },
          );
          queued++;
        }
      }
      if (queued) this.logger.log(`Queued ${queued} lagging search documents`);
      return queued;
    } catch (err) {
      this.logger.warn(`Search reconcile failed: ${(err as Error).message}`);
      throw err;
    } finally {
      this.running = false;
    }
  }
}
