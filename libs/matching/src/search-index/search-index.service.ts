import { Achievement, Demand, IndustryChainService } from '@app/registry';
import { SearchService } from '@app/search';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EnqueuedTaskPromise, Index, Task } from 'meilisearch';
import { DataSource, In } from 'typeorm';

import { CandidateIndexService } from '../engine/candidate-index';
import { INDEX_SETTINGS } from './index-settings';
import {
  achievementDocument,
  demandDocument,
  INDEXED_ACHIEVEMENT_STATUSES,
  INDEXED_DEMAND_STATUSES,
  IndexKind,
} from './search-documents';

export const INDEX_KINDS: IndexKind[] = ['achievements', 'demands'];

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
  kind: IndexKind;
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

  constructor(
    readonly search: SearchService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly chains: IndustryChainService,
    private readonly candidates: CandidateIndexService,
  ) {}

  uid(kind: IndexKind): string {
    return this.search.indexName(kind);
  }

  index(kind: IndexKind): Index {
    return this.search.client.index(this.uid(kind));
  }

  /** Creates missing indexes and applies the settings kept in code. Safe to run at every boot. */
  async ensureIndexes(kinds: IndexKind[] = INDEX_KINDS): Promise<void> {
    for (const kind of kinds) await this.ensure(this.uid(kind), kind);
  }

  private async ensure(uid: string, kind: IndexKind): Promise<void> {
    const existing = await this.search.client.getIndex(uid).catch(() => null);
    if (!existing) await settle(this.search.client.createIndex(uid, { primaryKey: 'id' }));
    await settle(this.search.client.index(uid).updateSettings(INDEX_SETTINGS[kind]), 120000);
  }

  /**
   * Makes the index agree with PostgreSQL for these rows: public ones are upserted, all others removed.
   * Marks each row's `indexed_version` once Meilisearch has applied the change.
   */
  async syncRows(kind: IndexKind, ids: string[]): Promise<{ upserted: number; removed: number }> {
    if (ids.length === 0) return { upserted: 0, removed: 0 };
    const unique = [...new Set(ids)];
    const chains = await this.chains.refs();
    const index = this.index(kind);
    const table = kind === 'achievements' ? 'achievements' : 'demands';
    let keep: Array<{ id: string; version: number; doc: object }>;
    let versions: Map<string, number>;
    if (kind === 'achievements') {
      const rows = await this.dataSource
        .getRepository(Achievement)
        .find({ where: { id: In(unique) }, relations: { institution: true } });
      versions = new Map(rows.map((r) => [r.id, r.version]));
      keep = rows
        .filter((r) => INDEXED_ACHIEVEMENT_STATUSES.includes(r.status))
        .map((r) => ({ id: r.id, version: r.version, doc: achievementDocument(r, chains) }));
    } else {
      const rows = await this.dataSource
        .getRepository(Demand)
        .find({ where: { id: In(unique) }, relations: { ownerOrganisation: true } });
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
    const marks = [...versions.entries()];
    if (marks.length) {
      await this.dataSource.query(
        `UPDATE ${table} AS t SET indexed_version = v.version
           FROM unnest($1::uuid[], $2::int[]) AS v(id, version) WHERE t.id = v.id`,
        [marks.map(([id]) => id), marks.map(([, v]) => v)],
      );
    }
    return { upserted: keep.length, removed: remove.length };
  }

  /** Ids of rows whose index state lags their version (edits made while Meilisearch was away, lost jobs). */
  async lagging(kind: IndexKind, limit = 1000): Promise<string[]> {
    return (await this.laggingRows(kind, limit)).map((r) => r.id);
  }

  /** The same rows with the version each should be indexed at. */
  async laggingRows(kind: IndexKind, limit = 1000): Promise<Array<{ id: string; version: number }>> {
    const table = kind === 'achievements' ? 'achievements' : 'demands';
    return this.dataSource.query(
      `SELECT id, version FROM ${table} WHERE indexed_version IS DISTINCT FROM version ORDER BY updated_at LIMIT $1`,
      [limit],
    );
  }

  /**
   * Rebuilds an index from PostgreSQL into a fresh index and swaps it in atomically: searches never see a
   * half-built index. The old one is deleted after the swap.
   */
  async reindex(
    kind: IndexKind,
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
    const table = kind === 'achievements' ? 'achievements' : 'demands';
    const statuses = kind === 'achievements' ? INDEXED_ACHIEVEMENT_STATUSES : INDEXED_DEMAND_STATUSES;
    const total: number = (
      await this.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE status = ANY($1)`, [statuses])
    )[0].n;
    let done = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    const pending: EnqueuedTaskPromise[] = [];
    for (;;) {
      const ids: string[] = (
        await this.dataSource.query(`SELECT id FROM ${table} WHERE status = ANY($1) AND id > $2 ORDER BY id LIMIT $3`, [
          statuses,
          after,
          batchSize,
        ])
      ).map((r: { id: string }) => r.id);
      if (ids.length === 0) break;
      after = ids[ids.length - 1];
      const docs =
        kind === 'achievements'
          ? (
              await this.dataSource
                .getRepository(Achievement)
                .find({ where: { id: In(ids) }, relations: { institution: true } })
            ).map((r) => achievementDocument(r, chains))
          : (
              await this.dataSource
                .getRepository(Demand)
                .find({ where: { id: In(ids) }, relations: { ownerOrganisation: true } })
            ).map((r) => demandDocument(r, chains));
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
    await this.dataSource.query(`UPDATE ${table} SET indexed_version = version WHERE updated_at < $1`, [started]);
    this.logger.log(`Rebuilt ${live}: ${done} documents`);
    return done;
  }

  async documentCount(kind: IndexKind): Promise<number> {
    const stats = await this.index(kind).getStats();
    return stats.numberOfDocuments;
  }
}
