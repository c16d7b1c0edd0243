import { IndustryChainService } from '@app/registry';
import { SyncStateRepository } from '@app/registry';
import { SearchService } from '@app/search';
import { Injectable, Logger } from '@nestjs/common';
import type { EnqueuedTaskPromise, Index, Task } from 'meilisearch';

import { CandidateIndexService } from '../engine/candidate-index';
import {
  activeEmbedder,
  EMBEDDER_CHOICE_TTL_MS,
  EMBEDDER_PREFIX,
  EMBEDDER_RETIRE_DELAY_MS,
  embedderSpec,
} from './embedder';
import { INDEX_SETTINGS } from './index-settings';
import {
  achievementDocument,
  demandDocument,
  INDEXED_ACHIEVEMENT_STATUSES,
  INDEXED_DEMAND_STATUSES,
  IndexKind,
} from './search-documents';
import { isSourceKind, SearchKind, SearchSourceRegistry, SOURCE_KINDS } from './search-sources';

/** The matched catalogue's indexes (matching, candidate index, reconcilers of suggestions). */
export const INDEX_KINDS: IndexKind[] = ['achievements', 'demands'];
/** Every index kept in sync: the catalogue's and those other contexts feed (see SearchSource). */
export const SEARCH_KINDS: SearchKind[] = [...INDEX_KINDS, ...SOURCE_KINDS];

export { INDEXED_ACHIEVEMENT_STATUSES, INDEXED_DEMAND_STATUSES };

export class SearchTaskError extends Error {}

/** Waits for a Meilisearch task and turns anything but success into an error (a failed task is not a success). */
export async function settle(task: EnqueuedTaskPromise, timeoutMs = 60000): Promise<Task> {
  const done = await task.waitTask({ timeout: timeoutMs, interval: 25 });
  if (done.status !== 'succeeded') {
    throw new SearchTaskError(
      `Meilisearch task ${done.uid} (${done.type}) ${done.status}: ${done.error?.message ?? ''}`,
    );
  }
  return done;
}

export interface ReindexProgress {
  kind: SearchKind;
  done: number;
  total: number;
}

/**
 * Owns the Meilisearch indexes: settings, document shape, incremental sync from PostgreSQL, and atomic rebuilds.
 * PostgreSQL is the truth: every write here is derived from rows read back from it.
 */
@Injectable()
export class SearchIndexService {
  private readonly logger = new Logger(SearchIndexService.name);
  /** Embedder changes under way (new vectors being computed), by index uid. */
  private readonly embedderChanges = new Map<string, Promise<void>>();
  private readonly embedderChanging = new Set<string>();
  /** The embedder searches use, by index uid, as last read from Meilisearch (kept a few seconds). */
  private readonly activeEmbedders = new Map<string, { name: string | null; at: number }>();

  constructor(
    readonly search: SearchService,
    private readonly state: SyncStateRepository,
    private readonly chains: IndustryChainService,
    private readonly candidates: CandidateIndexService,
    private readonly sources: SearchSourceRegistry,
  ) {}

  uid(kind: SearchKind): string {
    return this.search.indexName(kind);
  }

  index(kind: SearchKind): Index {
    return this.search.client.index(this.uid(kind));
  }

  /**
   * Creates missing indexes and applies the settings kept in code, the semantic embedder included. Safe to run at
   * every boot. With `waitForEmbeddings: false` (the boot) a model change re-embeds in the background: searches
   * keep using the old vectors until every document has new ones (`embeddingsSettled` waits for that).
   */
  async ensureIndexes(
    kinds: SearchKind[] = SEARCH_KINDS,
    { waitForEmbeddings = true }: { waitForEmbeddings?: boolean } = {},
  ): Promise<void> {
    for (const kind of kinds) await this.ensure(this.uid(kind), kind, waitForEmbeddings);
  }

  private async ensure(uid: string, kind: SearchKind, waitForEmbeddings = true): Promise<void> {
    const existing = await this.search.client.getIndex(uid).catch(() => null);
    if (!existing) await settle(this.search.client.createIndex(uid, { primaryKey: 'id' }));
    await settle(this.search.client.index(uid).updateSettings(INDEX_SETTINGS[kind]), 120000);
    // the indexes other contexts feed (calls) are searched by keyword only
    if (isSourceKind(kind)) return;
    const change = this.ensureEmbedder(uid, kind);
    if (waitForEmbeddings) return change;
    change.catch((err: Error) => this.logger.warn(`Semantic embedder of ${uid} not updated: ${err.message}`));
  }

  /**
   * Brings the index's embedders in line with the configuration without a moment of missing vectors: a new
   * embedder (new model, endpoint, size or template: a new name) is added next to the old one, Meilisearch embeds
   * every document for it in that task while searches go on using the old one; searches take the new one once the
   * task has committed (settings and vectors together), and the old one is removed a few seconds later, when no
   * process can still be using it. Keyword mode (no EMBEDDING_URL) removes the platform's embedders.
   */
  private ensureEmbedder(uid: string, kind: IndexKind): Promise<void> {
    const previous = this.embedderChanges.get(uid) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        this.embedderChanging.add(uid);
        const index = this.search.client.index(uid);
        const spec = embedderSpec(kind, this.search.config.embedding);
        const present = Object.keys((await index.getEmbedders()) ?? {}).filter((n) => n.startsWith(EMBEDDER_PREFIX));
        if (spec && !present.includes(spec.name)) {
          this.logger.log(`Embedding ${uid} with ${spec.name} (${this.search.config.embedding?.model})`);
          await settle(index.updateEmbedders({ [spec.name]: spec.config }), 24 * 3600 * 1000);
        } else if (spec?.config.apiKey) {
          // A new key alone changes no vector: updated in place, nothing is re-embedded.
          await settle(index.updateEmbedders({ [spec.name]: { ...spec.config } }), 120000);
        }
        const stale = present.filter((n) => n !== spec?.name);
        // Searches switch to the new embedder as soon as they see it; the old one goes once none can still hold it.
        if (stale.length && spec) await new Promise((r) => setTimeout(r, EMBEDDER_RETIRE_DELAY_MS));
        if (stale.length) await settle(index.updateEmbedders(Object.fromEntries(stale.map((n) => [n, null]))), 120000);
        this.activeEmbedders.delete(uid);
      })
      .finally(() => this.embedderChanging.delete(uid));
    this.embedderChanges.set(uid, next);
    return next;
  }

  /**
   * For the reconciler: starts the embedder change an index still needs (the embedding service was down at boot,
   * another process changed the configuration), unless one is under way. Returns the indexes it started on.
   */
  async reconcileEmbedders(): Promise<IndexKind[]> {
    const started: IndexKind[] = [];
    for (const kind of INDEX_KINDS) {
      const uid = this.uid(kind);
      if (this.embedderChanging.has(uid)) continue;
      const present = Object.keys(
        (await this.index(kind)
          .getEmbedders()
          .catch(() => null)) ?? {},
      ).filter((n) => n.startsWith(EMBEDDER_PREFIX));
      const wanted = embedderSpec(kind, this.search.config.embedding)?.name;
      if ((wanted && !present.includes(wanted)) || present.some((n) => n !== wanted)) {
        started.push(kind);
        this.ensureEmbedder(uid, kind).catch((err: Error) =>
          this.logger.warn(`Semantic embedder of ${uid} not updated: ${err.message}`),
        );
      }
    }
    return started;
  }

  /** Waits for embedder changes started by `ensureIndexes` (tests, CLI). */
  async embeddingsSettled(): Promise<void> {
    await Promise.all([...this.embedderChanges.values()]);
  }

  /** The embedder hybrid searches of this index use now, or null (keyword search only). */
  async activeEmbedder(kind: IndexKind, { fresh = false }: { fresh?: boolean } = {}): Promise<string | null> {
    const uid = this.uid(kind);
    const cached = this.activeEmbedders.get(uid);
    if (!fresh && cached && Date.now() - cached.at < EMBEDDER_CHOICE_TTL_MS) return cached.name;
    const present = Object.keys((await this.index(kind).getEmbedders()) ?? {});
    const name = activeEmbedder(present, embedderSpec(kind, this.search.config.embedding)?.name ?? null);
    this.activeEmbedders.set(uid, { name, at: Date.now() });
    return name;
  }

  /**
   * Makes the index agree with PostgreSQL for these rows: public ones are upserted, all others removed.
   * Marks each row's `indexed_version` once Meilisearch has applied the change.
   */
  async syncRows(kind: SearchKind, ids: string[]): Promise<{ upserted: number; removed: number }> {
    if (ids.length === 0) return { upserted: 0, removed: 0 };
    const unique = [...new Set(ids)];
    const chains = await this.chains.refs();
    const index = this.index(kind);
    let keep: Array<{ id: string; version: number; doc: object }>;
    let versions: Map<string, number>;
    if (isSourceKind(kind)) {
      const rows = await this.sources.get(kind).documents(unique);
      versions = new Map(rows.map((r) => [r.id, r.version]));
      keep = rows.flatMap((r) => (r.doc ? [{ id: r.id, version: r.version, doc: r.doc }] : []));
    } else if (kind === 'achievements') {
      const rows = await this.state.achievementsForIndex(unique);
      versions = new Map(rows.map((r) => [r.id, r.version]));
      keep = rows
        .filter((r) => INDEXED_ACHIEVEMENT_STATUSES.includes(r.status))
        .map((r) => ({ id: r.id, version: r.version, doc: achievementDocument(r, chains) }));
    } else {
      const rows = await this.state.demandsForIndex(unique);
      versions = new Map(rows.map((r) => [r.id, r.version]));
      keep = rows
        .filter((r) => INDEXED_DEMAND_STATUSES.includes(r.status))
        .map((r) => ({ id: r.id, version: r.version, doc: demandDocument(r, chains) }));
    }
    const kept = new Set(keep.map((k) => k.id));
    const remove = unique.filter((id) => !kept.has(id));
    if (keep.length) await settle(index.addDocuments(keep.map((k) => k.doc)));
    if (remove.length) await settle(index.deleteDocuments(remove));
    // The engine's candidate index follows the same rows, before the version is marked as reflected.
    if (kind === 'achievements') await this.candidates.sync(unique);
    if (isSourceKind(kind)) await this.sources.get(kind).markIndexed([...versions.entries()]);
    else await this.state.markIndexed(kind, [...versions.entries()]);
    return { upserted: keep.length, removed: remove.length };
  }

  /**
   * For an edit (at `version`) of a row that is in no index (draft, returned, closed…) and whose index state and
   * suggestions reflect the version before: there is nothing to sync or match, so both are marked as reflecting
   * `version` and true is returned. False when the row is listed, has moved on, or an earlier change is still pending
   * (the caller then syncs as usual).
   */
  async acknowledgeUnlisted(kind: IndexKind, id: string, version: number): Promise<boolean> {
    const statuses = kind === 'achievements' ? INDEXED_ACHIEVEMENT_STATUSES : INDEXED_DEMAND_STATUSES;
    return this.state.acknowledgeUnlisted(kind, id, version, statuses);
  }

  /**
   * After a sync at or past `version`, when `version` changed nothing matching reads: suggestions that reflect the
   * version before it now reflect it. Returns false when they did not (the caller then runs matching as usual).
   */
  acknowledgeMatched(kind: IndexKind, id: string, version: number): Promise<boolean> {
    return this.state.acknowledgeMatched(kind, id, version);
  }

  /** Ids of rows whose index state lags their version (edits made while Meilisearch was away, lost jobs). */
  async lagging(kind: SearchKind, limit = 1000): Promise<string[]> {
    return (await this.laggingRows(kind, limit)).map((r) => r.id);
  }

  /** The same rows with the version each should be indexed at. */
  async laggingRows(kind: SearchKind, limit = 1000): Promise<Array<{ id: string; version: number }>> {
    if (isSourceKind(kind)) return this.sources.has(kind) ? this.sources.get(kind).indexLagging(limit) : [];
    return this.state.indexLagging(kind, limit);
  }

  /**
   * Rebuilds an index from PostgreSQL into a fresh index and swaps it in atomically: searches never see a
   * half-built index. The old one is deleted after the swap.
   */
  async reindex(
    kind: SearchKind,
    onProgress?: (p: ReindexProgress) => void,
    batchSize = 2000,
    { candidateIndex = true }: { candidateIndex?: boolean } = {},
  ): Promise<number> {
    const live = this.uid(kind);
    const started = new Date();
    const fresh = `${live}_rebuild_${Date.now().toString(36)}`;
    await this.ensure(live, kind);
    await this.ensure(fresh, kind);
    const chains = await this.chains.refs();
    const source = isSourceKind(kind) ? this.sources.get(kind) : null;
    const statuses: string[] = kind === 'achievements' ? INDEXED_ACHIEVEMENT_STATUSES : INDEXED_DEMAND_STATUSES;
    const catalogue = kind as IndexKind; // read only when there is no source
    const total = source ? await source.countSearchable() : await this.state.countWithStatus(catalogue, statuses);
    let done = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    const pending: EnqueuedTaskPromise[] = [];
    for (;;) {
      const ids = source
        ? await source.searchableIdsAfter(after, batchSize)
        : await this.state.idsWithStatusAfter(catalogue, statuses, after, batchSize);
      if (ids.length === 0) break;
      after = ids[ids.length - 1];
      const docs: object[] = source
        ? (await source.documents(ids)).flatMap((r) => (r.doc ? [r.doc] : []))
        : kind === 'achievements'
          ? (await this.state.achievementsForIndex(ids)).map((r) => achievementDocument(r, chains))
          : (await this.state.demandsForIndex(ids)).map((r) => demandDocument(r, chains));
      // Enqueue without waiting for the task: Meilisearch batches consecutive additions itself. At most two uploads
      // in flight: a busy Meilisearch accepts each one slowly, and dozens at once would exceed the request timeout.
      const upload = this.search.client.index(fresh).addDocuments(docs);
      upload.catch(() => undefined); // its failure surfaces where the task is awaited below
      pending.push(upload);
      if (pending.length >= 2) await pending[pending.length - 2];
      done += docs.length;
      onProgress?.({ kind, done, total });
    }
    // The candidate index is rebuilt while Meilisearch indexes (both from the same rows), once every addition has
    // been handed over: a busy event loop must not hold up the uploads. (`candidateIndex: false` leaves it
    // alone: the benchmark's reference for what the candidate index adds.)
    if (kind === 'achievements' && candidateIndex) {
      await Promise.all(pending);
      await this.candidates.rebuild();
    }
    for (const task of pending) await settle(task, 600000);
    await settle(this.search.client.swapIndexes([{ indexes: [live, fresh], rename: false }]));
    await settle(this.search.client.deleteIndex(fresh));
    // Rows edited while we copied keep their lag; their sync jobs (or the reconciler) bring them in.
    if (isSourceKind(kind)) await this.sources.get(kind).markIndexedUnchangedSince(started);
    else await this.state.markIndexedUnchangedSince(kind, started);
    this.logger.log(`Rebuilt ${live}: ${done} documents`);
    return done;
  }

  async documentCount(kind: SearchKind): Promise<number> {
    const stats = await this.index(kind).getStats();
    return stats.numberOfDocuments;
  }

  /**
   * Several free-text queries against one index in one request: for each query (in order) its first `limit`
   * hits, with the `fields` given. Queries need not match every word (a renamed copy shares only some).
   */
  async searchMany(
    kind: IndexKind,
    queries: string[],
    options: { limit: number; fields: string[] },
  ): Promise<Array<Array<Record<string, unknown>>>> {
    const uid = this.uid(kind);
    const res = await this.search.fast.post<{ results: Array<{ hits: Array<Record<string, unknown>> }> }>(
      '/multi-search',
      {
        queries: queries.map((q) => ({
          indexUid: uid,
          q,
          limit: options.limit,
          matchingStrategy: 'last',
          locales: ['cmn'],
          attributesToRetrieve: options.fields,
        })),
      },
    );
    return res.results.map((result) => result.hits);
  }
}
