import { RecordStore } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';

import { MatchListQueryDto } from '../dto/match.dto';
import { Suggestion } from '../engine/suggestion';
import { Match, MatchExplanation, MatchStatus } from './match.entity';

/** A stored match an activity could present (see MatchRepository.presentable). */
export interface PresentableMatch {
  match_id: string;
  status: MatchStatus;
  score: number;
  explanation: MatchExplanation | null;
  demand_id: string;
  demand_owner: string;
  achievement_id: string;
}

export interface PresentableFilter {
  demandStatuses: string[];
  /** Owners of the demand; empty: any. */
  enterprises: string[];
  /** Institutions of the achievement; empty: any. */
  universities: string[];
  /** Chains either side touches; empty: any. */
  chains: string[];
  /** Matches already presented (left out). */
  excludeMatchIds: string[];
  limit: number;
}

/** What a person who confirms pairs led in a period (technology managers' 分级评估). */
export interface LedMatches {
  userId: string;
  confirmed: number;
  contracts: number;
  /** 万元 */
  contractValue: number;
}

/** A contracted pair as its enterprise sees it (ratings of the manager who led it). */
export interface ContractedMatch {
  id: string;
  demandTitle: string;
  achievementTitle: string;
  confirmedById: string | null;
  contractedAt: Date;
  ownerOrganisationId: string;
}

/** Pairs whose demand or achievement is among these ids, or that this person confirmed or decided. */
export interface PairConstraint {
  demandIds: string[];
  achievementIds: string[];
  decidedBy?: string;
}

/** A pair as the bureau's pipeline lists it (titles come from the registry). */
export interface PipelineMatchRow {
  id: string;
  status: MatchStatus;
  score: number;
  origin: string;
  demandId: string;
  achievementId: string;
  createdAt: Date;
  confirmedAt: Date | null;
  contractedAt: Date | null;
}

/** The matches table: stored suggestions, the human pipeline on them, pins. Write methods take the transaction. */
@Injectable()
export class MatchRepository implements RecordStore<Match> {
  readonly target = Match;

  constructor(@InjectRepository(Match) private readonly matches: Repository<Match>) {}

  /**
   * Per person who confirmed pairs (精准匹配, `confirmed_by_id`): the pairs first confirmed in [from, to), and of
   * those pairs the ones contracted in [from, to) with their amounts (万元, undisclosed as 0).
   */
  async ledBetween(from: Date, to: Date): Promise<LedMatches[]> {
    const rows: Array<{ user_id: string; confirmed: number; contracts: number; contract_value: string }> =
      await this.matches.query(
        `SELECT confirmed_by_id AS user_id,
                count(*) FILTER (WHERE confirmed_at >= $1 AND confirmed_at < $2)::int AS confirmed,
                count(*) FILTER (WHERE status = 'contracted' AND contracted_at >= $1 AND contracted_at < $2)::int
                  AS contracts,
                coalesce(sum(contract_amount) FILTER (WHERE status = 'contracted' AND contracted_at >= $1
                  AND contracted_at < $2), 0)::text AS contract_value
           FROM matches
          WHERE confirmed_by_id IS NOT NULL
            AND ((confirmed_at >= $1 AND confirmed_at < $2) OR (contracted_at >= $1 AND contracted_at < $2))
          GROUP BY confirmed_by_id`,
        [from, to],
      );
    return rows.map((r) => ({
      userId: r.user_id,
      confirmed: r.confirmed,
      contracts: r.contracts,
      contractValue: Number(r.contract_value),
    }));
  }

  /** Contracted pairs among these demands' (or this one pair), newest contract first (at most 200). */
  contractedAmong(demandIds: string[], id?: string): Promise<Match[]> {
    if (!demandIds.length) return Promise.resolve([]);
    const qb = this.matches
      .createQueryBuilder('m')
      .where("m.status = 'contracted'")
      .andWhere('m.demand_id = ANY(:demands)', { demands: demandIds });
    if (id) qb.andWhere('m.id = :id', { id });
    return qb.orderBy('m.contractedAt', 'DESC').addOrderBy('m.id', 'ASC').take(200).getMany();
  }

  /** Serialises every change of one demand's suggestions (forward and reverse matching). */
  async lockDemand(tx: EntityManager, demandId: string): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`match:${demandId}`]);
  }

  async achievementIdsOf(tx: EntityManager, demandId: string): Promise<string[]> {
    const rows: Array<{ achievement_id: string }> = await tx.query(
      'SELECT achievement_id FROM matches WHERE demand_id = $1',
      [demandId],
    );
    return rows.map((r) => r.achievement_id);
  }

  /** Upserts engine suggestions on (demand, achievement): a decided pair keeps its status and gets the new score. */
  async upsertSuggestions(tx: EntityManager, suggestions: Suggestion[]): Promise<void> {
    if (suggestions.length === 0) return;
    await tx.query(
      `INSERT INTO matches (demand_id, achievement_id, status, score, rank, explanation, origin, computed_at, version)
       SELECT s.demand_id, s.achievement_id, 'suggested', s.score, s.rank, s.explanation, 'engine', now(), 1
         FROM jsonb_to_recordset($1::jsonb)
           AS s(demand_id uuid, achievement_id uuid, score real, rank int, explanation jsonb)
       ON CONFLICT (demand_id, achievement_id) DO UPDATE
          SET score = EXCLUDED.score, rank = EXCLUDED.rank, explanation = EXCLUDED.explanation,
              computed_at = EXCLUDED.computed_at`,
      [
        JSON.stringify(
          suggestions.map((s, i) => ({
            demand_id: s.demandId,
            achievement_id: s.achievementId,
            score: s.score,
            rank: i + 1,
            explanation: s.explanation,
          })),
        ),
      ],
    );
  }

  /** Removes a demand's undecided, unpinned engine suggestions not in `keep`; returns how many went. */
  async deleteStaleSuggestions(tx: EntityManager, demandId: string, keep: string[]): Promise<number> {
    const removed: Array<{ id: string }> = await tx.query(
      `DELETE FROM matches WHERE demand_id = $1 AND status = $2 AND origin = 'engine' AND NOT pinned
         AND interest IS NULL AND NOT (achievement_id = ANY($3::uuid[])) RETURNING id`,
      [demandId, MatchStatus.Suggested, keep],
    );
    return removed.length;
  }

  /**
   * A demand's engine suggestions hold unique, consecutive ranks (1 = best score, ties by achievement id) whichever
   * direction stored them: forward lists and reverse matches (one achievement, several demands) interleave.
   */
  async renumber(tx: EntityManager, demandIds: string[]): Promise<void> {
    if (demandIds.length === 0) return;
    await tx.query(
      `UPDATE matches AS m SET rank = r.rn
         FROM (SELECT id, row_number() OVER (PARTITION BY demand_id ORDER BY score DESC, achievement_id)::int AS rn
                 FROM matches WHERE demand_id = ANY($1::uuid[]) AND origin = 'engine') AS r
        WHERE m.id = r.id AND m.rank IS DISTINCT FROM r.rn`,
      [[...new Set(demandIds)]],
    );
  }

  /** Deletes the undecided, unpinned suggestions of an achievement or a demand; returns the demands touched. */
  async deleteUndecided(where: { achievementId?: string; demandId?: string }): Promise<string[]> {
    const column = where.achievementId ? 'achievement_id' : 'demand_id';
    const rows: Array<{ id: string; demand_id: string }> = await this.matches.query(
      `WITH gone AS (DELETE FROM matches WHERE ${column} = $1 AND status = $2 AND NOT pinned RETURNING id, demand_id)
       SELECT id, demand_id FROM gone`,
      [where.achievementId ?? where.demandId, MatchStatus.Suggested],
    );
    return rows.map((r) => r.demand_id);
  }

  get manager(): EntityManager {
    return this.matches.manager;
  }

  /** The pairs of these achievements that reached 精准匹配 (whatever their stage now), newest first. */
  confirmedOf(achievementIds: string[], limit: number): Promise<Match[]> {
    if (!achievementIds.length) return Promise.resolve([]);
    return this.matches
      .createQueryBuilder('m')
      .where('m.achievement_id = ANY(:ids)', { ids: achievementIds })
      .andWhere('m.confirmed_at IS NOT NULL')
      .orderBy('m.confirmedAt', 'DESC')
      .addOrderBy('m.id', 'ASC')
      .take(limit)
      .getMany();
  }

  /** Engine or manual suggestions first stored in [since, until), by demand then best score. */
  suggestedBetween(since: Date, until: Date): Promise<Match[]> {
    return this.matches
      .createQueryBuilder('m')
      .where('m.status = :s', { s: MatchStatus.Suggested })
      .andWhere('m.created_at >= :since AND m.created_at < :until', { since, until })
      .orderBy('m.demand_id', 'ASC')
      .addOrderBy('m.score', 'DESC')
      .addOrderBy('m.id', 'ASC')
      .getMany();
  }

  /** One side's matches, best score first (ties by id). */
  findOneSide(
    where: { demandId?: string; achievementId?: string; status?: MatchStatus },
    limit: number,
  ): Promise<Match[]> {
    const qb = this.matches.createQueryBuilder('m');
    if (where.demandId) qb.andWhere('m.demand_id = :d', { d: where.demandId });
    if (where.achievementId) qb.andWhere('m.achievement_id = :a', { a: where.achievementId });
    if (where.status) qb.andWhere('m.status = :s', { s: where.status });
    return qb.orderBy('m.score', 'DESC').addOrderBy('m.id', 'ASC').take(limit).getMany();
  }

  /**
   * A page of matches, most recently changed first. Each constraint holds when the pair's demand or achievement is
   * among its ids (the registry's answer to a filter on the records) or, given `decidedBy`, that person confirmed
   * or decided it.
   */
  async page(query: MatchListQueryDto, constraints: PairConstraint[]): Promise<[Match[], number]> {
    const qb = this.matches.createQueryBuilder('m');
    if (query.status) qb.andWhere('m.status = :s', { s: query.status });
    if (query.demandId) qb.andWhere('m.demand_id = :d', { d: query.demandId });
    if (query.achievementId) qb.andWhere('m.achievement_id = :a', { a: query.achievementId });
    if (query.interest) qb.andWhere('m.interest = :interest', { interest: query.interest });
    constraints.forEach((c, i) => {
      const alternatives = ['m.demand_id = ANY(:d' + i + ')', 'm.achievement_id = ANY(:a' + i + ')'];
      if (c.decidedBy) alternatives.push(`m.confirmed_by_id = :by${i}`, `m.decided_by_id = :by${i}`);
      qb.andWhere(`(${alternatives.join(' OR ')})`, {
        ['d' + i]: c.demandIds,
        ['a' + i]: c.achievementIds,
        ['by' + i]: c.decidedBy,
      });
    });
    qb.orderBy('m.updatedAt', 'DESC')
      .addOrderBy('m.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    return qb.getManyAndCount();
  }

  /** Ids of the matches whose demand or achievement is among these. */
  async idsTouching(demandIds: string[], achievementIds: string[]): Promise<string[]> {
    if (!demandIds.length && !achievementIds.length) return [];
    const rows = await this.matches
      .createQueryBuilder('m')
      .select('m.id', 'id')
      .where('m.demand_id = ANY(:d) OR m.achievement_id = ANY(:a)', { d: demandIds, a: achievementIds })
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  findByIds(tx: EntityManager, ids: string[]): Promise<Match[]> {
    if (!ids.length) return Promise.resolve([]);
    return tx.getRepository(Match).findBy({ id: In(ids) });
  }

  findById(tx: EntityManager, id: string): Promise<Match | null> {
    return tx.getRepository(Match).findOneBy({ id });
  }

  findPair(demandId: string, achievementId: string, tx: EntityManager = this.matches.manager): Promise<Match | null> {
    return tx.getRepository(Match).findOneBy({ demandId, achievementId });
  }

  async demandIdsOf(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.matches.find({ select: { id: true, demandId: true }, where: { id: In(ids) } });
    return new Map(rows.map((r) => [r.id, r.demandId]));
  }

  pairExists(demandId: string, achievementId: string): Promise<boolean> {
    return this.matches.existsBy({ demandId, achievementId });
  }

  lockForUpdate(tx: EntityManager, id: string): Promise<Match | null> {
    return tx.getRepository(Match).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  save(tx: EntityManager, match: Match): Promise<Match> {
    return tx.save(Match, match);
  }

  /** Inserts a manual pair unless the pair exists (then nothing, and undefined). */
  async insertIfAbsent(tx: EntityManager, values: Partial<Match>): Promise<string | undefined> {
    const inserted = await tx
      .createQueryBuilder()
      .insert()
      .into(Match)
      .values(values)
      .orIgnore()
      .returning(['id'])
      .execute();
    return (inserted.raw as Array<{ id: string }>)[0]?.id;
  }

  /** Marks a match as presented on a list (kept by recomputation); false when it no longer exists. */
  async pin(tx: EntityManager, id: string): Promise<boolean> {
    const pinned: Array<{ id: string }> = await tx.query(
      'UPDATE matches SET pinned = true WHERE id = $1 RETURNING id',
      [id],
    );
    return pinned.length > 0;
  }

  async unpin(tx: EntityManager, id: string): Promise<void> {
    await tx.query('UPDATE matches SET pinned = false WHERE id = $1', [id]);
  }

  /** The stored matches of these pairs. */
  async ofPairs(pairs: Array<{ demandId: string; achievementId: string }>): Promise<Match[]> {
    if (!pairs.length) return [];
    const rows: Array<{ id: string; demand_id: string; achievement_id: string; status: MatchStatus }> =
      await this.matches.query(
        `SELECT id, demand_id, achievement_id, status FROM matches
          WHERE (demand_id, achievement_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
        [pairs.map((p) => p.demandId), pairs.map((p) => p.achievementId)],
      );
    return rows.map((r) =>
      Object.assign(new Match(), {
        id: r.id,
        demandId: r.demand_id,
        achievementId: r.achievement_id,
        status: r.status,
      }),
    );
  }

  /**
   * Stored matches worth presenting, not rejected, among the given demands and achievements (the registry's answer
   * to the statuses, owners and institutions asked for), touching the chain sides when given, best score first.
   */
  async presentable(filter: {
    demandIds: string[];
    achievementIds: string[];
    chainSides: { demandIds: string[]; achievementIds: string[] } | null;
    excludeMatchIds: string[];
    limit: number;
  }): Promise<Match[]> {
    if (!filter.demandIds.length || !filter.achievementIds.length) return [];
    const qb = this.matches
      .createQueryBuilder('m')
      .where("m.status <> 'rejected'")
      .andWhere('m.demand_id = ANY(:demands)', { demands: filter.demandIds })
      .andWhere('m.achievement_id = ANY(:achievements)', { achievements: filter.achievementIds })
      .andWhere('NOT (m.id = ANY(:excluded))', { excluded: filter.excludeMatchIds });
    if (filter.chainSides) {
      qb.andWhere('(m.demand_id = ANY(:cd) OR m.achievement_id = ANY(:ca))', {
        cd: filter.chainSides.demandIds,
        ca: filter.chainSides.achievementIds,
      });
    }
    return qb.orderBy('m.score', 'DESC').addOrderBy('m.id', 'ASC').take(filter.limit).getMany();
  }

  /** Pairs created in [from, before): all of them, and those standing in each group of statuses. */
  async stageCounts<K extends string>(
    window: { from: Date; before: Date },
    reached: Record<K, MatchStatus[]>,
  ): Promise<Record<K | 'suggested', number>> {
    const keys = Object.keys(reached) as K[];
    const filters = keys.map((k, i) => `count(*) FILTER (WHERE status = ANY($${i + 3}::text[]))::int AS "${k}"`);
    const [row]: Array<Record<K | 'suggested', number>> = await this.matches.query(
      `SELECT count(*)::int AS suggested${filters.map((f) => `, ${f}`).join('')}
         FROM matches WHERE created_at >= $1 AND created_at < $2`,
      [window.from, window.before, ...keys.map((k) => reached[k])],
    );
    return row;
  }

  /** A page of the pairs created in [from, before) standing in these statuses (any when null), latest change first. */
  async pipelinePage(
    window: { from: Date; before: Date },
    statuses: MatchStatus[] | null,
    offset: number,
    limit: number,
  ): Promise<{ rows: PipelineMatchRow[]; total: number }> {
    const qb = this.matches
      .createQueryBuilder('m')
      .where('m.created_at >= :from AND m.created_at < :before', window)
      .orderBy('m.updatedAt', 'DESC')
      .addOrderBy('m.id', 'ASC')
      .skip(offset)
      .take(limit);
    if (statuses) qb.andWhere('m.status IN (:...statuses)', { statuses });
    const [matches, total] = await qb.getManyAndCount();
    return {
      rows: matches.map((m) => ({
        id: m.id,
        status: m.status,
        score: m.score,
        origin: m.origin,
        demandId: m.demandId,
        achievementId: m.achievementId,
        createdAt: m.createdAt,
        confirmedAt: m.confirmedAt,
        contractedAt: m.contractedAt,
      })),
      total,
    };
  }
}
