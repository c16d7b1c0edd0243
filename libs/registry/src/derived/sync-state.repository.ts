import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';

import { Achievement } from '../achievement/achievement.entity';
import { Demand } from '../demand/demand.entity';
import { IndexKind } from './indexed-records';

const TABLE: Record<IndexKind, string> = { achievements: 'achievements', demands: 'demands' };

export type SyncColumn = 'indexed_version' | 'matched_version';

/**
 * The derived-state bookkeeping of the catalogue's rows: which version each row's search document
 * (`indexed_version`) and stored suggestions (`matched_version`) reflect, and the rows read to build documents.
 * The registry keeps these two columns for the contexts that derive state from its rows (search and matching),
 * which reach them only through this repository; nothing else of the rows is written here.
 */
@Injectable()
export class SyncStateRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Achievements with their institution, as the index documents need them. */
  achievementsForIndex(ids: string[]): Promise<Achievement[]> {
    return this.dataSource
      .getRepository(Achievement)
      .find({ where: { id: In(ids) }, relations: { institution: true } });
  }

  /** Demands with their owner, as the index documents need them. */
  demandsForIndex(ids: string[]): Promise<Demand[]> {
    return this.dataSource
      .getRepository(Demand)
      .find({ where: { id: In(ids) }, relations: { ownerOrganisation: true } });
  }

  async countWithStatus(kind: IndexKind, statuses: string[]): Promise<number> {
    const [{ n }] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM ${TABLE[kind]} WHERE status = ANY($1)`,
      [statuses],
    );
    return n;
  }

  /** The next batch of ids (in id order) with one of these statuses, after `after`. */
  async idsWithStatusAfter(kind: IndexKind, statuses: string[], after: string, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM ${TABLE[kind]} WHERE status = ANY($1) AND id > $2 ORDER BY id LIMIT $3`,
      [statuses, after, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Records that these rows' documents reflect these versions. */
  async markIndexed(kind: IndexKind, marks: Array<[string, number]>): Promise<void> {
    if (!marks.length) return;
    await this.dataSource.query(
      `UPDATE ${TABLE[kind]} AS t SET indexed_version = v.version
         FROM unnest($1::uuid[], $2::int[]) AS v(id, version) WHERE t.id = v.id`,
      [marks.map(([id]) => id), marks.map(([, v]) => v)],
    );
  }

  /** After a rebuild: every row not edited since it started is indexed at its version. */
  async markIndexedUnchangedSince(kind: IndexKind, started: Date): Promise<void> {
    await this.dataSource.query(`UPDATE ${TABLE[kind]} SET indexed_version = version WHERE updated_at < $1`, [started]);
  }

  /** Rows whose index state lags their version, oldest change first. */
  indexLagging(kind: IndexKind, limit: number): Promise<Array<{ id: string; version: number }>> {
    return this.dataSource.query(
      `SELECT id, version FROM ${TABLE[kind]} WHERE indexed_version IS DISTINCT FROM version ORDER BY updated_at LIMIT $1`,
      [limit],
    );
  }

  /** Rows indexed at their current version whose suggestions lag it, oldest change first. */
  matchLagging(kind: IndexKind, limit: number): Promise<Array<{ id: string; version: number }>> {
    return this.dataSource.query(
      `SELECT id, version FROM ${TABLE[kind]}
        WHERE indexed_version = version AND matched_version IS DISTINCT FROM version
        ORDER BY updated_at LIMIT $1`,
      [limit],
    );
  }

  /** Of these rows, the ones whose `column` has not reached their version (rows that are gone are not listed). */
  async stillLagging(kind: IndexKind, ids: string[], column: SyncColumn): Promise<Set<string>> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM ${TABLE[kind]} WHERE id = ANY($1::uuid[]) AND ${column} IS DISTINCT FROM version`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Records that a row's suggestions reflect `version` — as far as the index did: a match run before the row's
   * latest version was searchable counts only for the indexed one. Never moves back (a slower, older job cannot
   * undo it).
   */
  async markMatched(
    kind: IndexKind,
    id: string,
    version: number,
    tx: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await tx.query(
      `UPDATE ${TABLE[kind]} SET matched_version = LEAST($2::int, indexed_version)
        WHERE id = $1 AND indexed_version IS NOT NULL
          AND (matched_version IS NULL OR matched_version < LEAST($2::int, indexed_version))`,
      [id, version],
    );
  }

  /**
   * An edit (at `version`) of a row in no index whose index state and suggestions reflect the version before: both
   * now reflect `version`. True when it was so; false when the row is listed, has moved on, or an earlier change is
   * still pending.
   */
  async acknowledgeUnlisted(kind: IndexKind, id: string, version: number, listed: string[]): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE ${TABLE[kind]} SET indexed_version = version, matched_version = version
        WHERE id = $1 AND version = $2 AND indexed_version = $2 - 1 AND matched_version = $2 - 1
          AND status <> ALL($3::text[])`,
      [id, version, listed],
    );
    return affected === 1;
  }

  /** Suggestions that reflect the version before `version` now reflect it (the edit changed nothing matching reads). */
  async acknowledgeMatched(kind: IndexKind, id: string, version: number): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE ${TABLE[kind]} SET matched_version = version
        WHERE id = $1 AND version = $2 AND matched_version = $2 - 1 AND indexed_version = $2`,
      [id, version],
    );
    return affected === 1;
  }

  /**
   * Offline tools only (benchmarks on a scratch database): these columns of the rows (all, or these ids) reflect
   * the rows' current versions, as if synced, so the reconcilers leave bulk-loaded rows alone.
   */
  async markCurrent(kind: IndexKind, columns: SyncColumn[], ids?: string[]): Promise<void> {
    const set = columns.map((c) => `${c} = version`).join(', ');
    if (ids) await this.dataSource.query(`UPDATE ${TABLE[kind]} SET ${set} WHERE id = ANY($1::uuid[])`, [ids]);
    else await this.dataSource.query(`UPDATE ${TABLE[kind]} SET ${set}`);
  }
}
