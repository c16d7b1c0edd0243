import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { INDEXED_ACHIEVEMENT_STATUSES, INDEXED_DEMAND_STATUSES, IndexKind } from './indexed-records';

/** The public text fields of an achievement the engine compares (achievementText). */
export interface AchievementTextRow {
  id: string;
  title: string;
  abstract: string;
  keywords?: string[];
  applicationScenarios?: string;
  /** The row's version (what its search document carries as `updatedAt`); read by the catalogue scan. */
  updatedAt?: Date;
}

/** The public text fields of a demand the engine compares (demandText). */
export interface DemandTextRow {
  id: string;
  title: string;
  description: string;
  keywords?: string[];
  technicalIndicators?: string;
  expectedOutcome?: string;
  /** The row's version (what its search document carries as `updatedAt`); read by the catalogue scan. */
  updatedAt?: Date;
}

const ACHIEVEMENT_TEXT_SQL = `SELECT id, title, abstract, keywords, application_scenarios AS "applicationScenarios"
  FROM achievements`;

/** Rows per page of a catalogue scan. */
const PAGE = 5000;

/**
 * The catalogue as the matching engine models it: the indexed (published) achievements' and demands' text fields
 * and the catalogue's size and latest change, read as bulk keyset scans of a few columns. The registry provides it
 * (its tables) to the matching context, read-only.
 */
@Injectable()
export class CorpusRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Size of the catalogue and the latest change of any row of the table (one index-backed query). */
  async fingerprint(kind: IndexKind): Promise<{ count: number; changed: string }> {
    const table = kind === 'achievements' ? 'achievements' : 'demands';
    const statuses = kind === 'achievements' ? INDEXED_ACHIEVEMENT_STATUSES : INDEXED_DEMAND_STATUSES;
    const rows = await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM ${table} WHERE status = ANY($1)) AS n,
              (SELECT coalesce(max(updated_at)::text, '') FROM ${table}) AS changed`,
      [statuses],
    );
    return { count: rows[0].n, changed: rows[0].changed };
  }

  /**
   * The next page (PAGE rows, by id) of the indexed records of a catalogue after the given id, optionally inside
   * the caller's transaction.
   */
  page(kind: 'achievements', after: string, manager?: EntityManager): Promise<AchievementTextRow[]>;
  page(kind: IndexKind, after: string, manager?: EntityManager): Promise<Array<AchievementTextRow | DemandTextRow>>;
  page(kind: IndexKind, after: string, manager?: EntityManager): Promise<Array<AchievementTextRow | DemandTextRow>> {
    const sql =
      kind === 'achievements'
        ? `SELECT id, title, abstract, keywords, application_scenarios AS "applicationScenarios",
                  updated_at AS "updatedAt"
             FROM achievements WHERE status = ANY($1) AND id > $2 ORDER BY id LIMIT ${PAGE}`
        : `SELECT id, title, description, keywords, technical_indicators AS "technicalIndicators",
                  expected_outcome AS "expectedOutcome", updated_at AS "updatedAt"
             FROM demands WHERE status = ANY($1) AND id > $2 ORDER BY id LIMIT ${PAGE}`;
    const statuses = kind === 'achievements' ? INDEXED_ACHIEVEMENT_STATUSES : INDEXED_DEMAND_STATUSES;
    return (manager ?? this.dataSource).query(sql, [statuses, after]);
  }

  /** The texts of those of these achievements that are indexed (published). */
  indexedAchievements(ids: string[]): Promise<AchievementTextRow[]> {
    return this.dataSource.query(`${ACHIEVEMENT_TEXT_SQL} WHERE id = ANY($1::uuid[]) AND status = ANY($2)`, [
      ids,
      INDEXED_ACHIEVEMENT_STATUSES,
    ]);
  }
}
