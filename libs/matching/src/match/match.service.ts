import { Actor, AppError, ErrorCode, isStaff, toPage } from '@app/common';
import { EventsService } from '@app/events';
import {
  Achievement,
  ACHIEVEMENT_WORKFLOW,
  AchievementService,
  applyTransition,
  beijingToday,
  CooperationMode,
  Demand,
  DEMAND_WORKFLOW,
  DemandAction,
  DemandService,
  partiesOf,
  PUBLIC_DEMAND_STATUSES,
} from '@app/registry';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { CONTRACT_FIELDS, MatchListQueryDto, MatchTransitionDto } from '../dto/match.dto';
import { Suggestion } from '../engine/suggestion';
import { explainFor, mayReadBudget } from './explanation-view';
import { Match, MATCH_STATUS_LABELS, MatchStatus, REJECT_REASON_LABELS } from './match.entity';
import { matchFor, MatchReader, matchReaderOf } from './match.visibility';
import { EVENT_OF_MATCH_ACTION, MATCH_WORKFLOW, MatchAction } from './match.workflow';

export interface MatchView extends Omit<Match, 'demand' | 'achievement'> {
  statusLabel: string;
  demand: { id: string; title: string; status: string; ownerOrganisationName: string | null } | null;
  achievement: { id: string; title: string; status: string; institutionName: string | null } | null;
}

/** A match as this reader may see it: the budget's part in the score only for the demand's owner and staff. */
function toView(actor: Actor, m: Match): MatchView {
  const { demand, achievement, ...rest } = m;
  const shown = explainFor(mayReadBudget(actor, demand?.ownerOrganisationId), m.score, m.explanation);
  return {
    ...rest,
    score: shown.score,
    explanation: shown.explanation,
    statusLabel: MATCH_STATUS_LABELS[m.status],
    demand: demand
      ? {
          id: demand.id,
          title: demand.title,
          status: demand.status,
          ownerOrganisationName: demand.ownerOrganisation?.name ?? null,
        }
      : null,
    achievement: achievement
      ? {
          id: achievement.id,
          title: achievement.title,
          status: achievement.status,
          institutionName: achievement.institution?.name ?? null,
        }
      : null,
  };
}

/** Stored suggestions and the human pipeline on them. */
@Injectable()
export class MatchService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly demands: DemandService,
    private readonly achievements: AchievementService,
  ) {}

  /**
   * Replaces a demand's engine suggestions with a fresh list, idempotently: pairs are upserted on (demand,
   * achievement); a pair a person has decided on keeps its status and history and only gets the new score;
   * undecided suggestions that fell out of the list are removed.
   */
  async storeDemandSuggestions(
    demandId: string,
    suggestions: Suggestion[],
  ): Promise<{ added: number; removed: number }> {
    return this.events.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`match:${demandId}`]);
      const existing: Array<{ achievement_id: string }> = await manager.query(
        'SELECT achievement_id FROM matches WHERE demand_id = $1',
        [demandId],
      );
      const before = new Set(existing.map((r) => r.achievement_id));
      const keep = suggestions.map((s) => s.achievementId);
      await this.upsert(manager, suggestions);
      const removed: Array<{ id: string }> = await manager.query(
        `DELETE FROM matches WHERE demand_id = $1 AND status = $2 AND origin = 'engine' AND NOT pinned
           AND interest IS NULL AND NOT (achievement_id = ANY($3::uuid[])) RETURNING id`,
        [demandId, MatchStatus.Suggested, keep],
      );
      await this.renumber(manager, [demandId]);
      const added = keep.filter((id) => !before.has(id)).length;
      if (added || removed.length) {
        await this.events.record(
          manager,
          { userId: null, role: 'system', organisationId: null },
          {
            type: 'demand.matched',
            entityType: 'demand',
            entityId: demandId,
            after: { suggestions: keep.length, added, removed: removed.length },
          },
        );
      }
      return { added, removed: removed.length };
    });
  }

  /** Adds reverse-match suggestions (one achievement, several demands) without touching other pairs. */
  async addSuggestions(suggestions: Suggestion[]): Promise<number> {
    if (suggestions.length === 0) return 0;
    return this.events.transaction(async (manager) => {
      for (const demandId of [...new Set(suggestions.map((s) => s.demandId))].sort()) {
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`match:${demandId}`]);
      }
      await this.upsert(manager, suggestions);
      await this.renumber(
        manager,
        suggestions.map((s) => s.demandId),
      );
      return suggestions.length;
    });
  }

  private async upsert(manager: EntityManager, suggestions: Suggestion[]): Promise<void> {
    if (suggestions.length === 0) return;
    await manager.query(
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

  /**
   * A demand's engine suggestions hold unique, consecutive ranks (1 = best score, ties by achievement id) whichever
   * direction stored them: forward lists and reverse matches (one achievement, several demands) interleave.
   */
  private async renumber(manager: EntityManager, demandIds: string[]): Promise<void> {
    if (demandIds.length === 0) return;
    await manager.query(
      `UPDATE matches AS m SET rank = r.rn
         FROM (SELECT id, row_number() OVER (PARTITION BY demand_id ORDER BY score DESC, achievement_id)::int AS rn
                 FROM matches WHERE demand_id = ANY($1::uuid[]) AND origin = 'engine') AS r
        WHERE m.id = r.id AND m.rank IS DISTINCT FROM r.rn`,
      [[...new Set(demandIds)]],
    );
  }

  /**
   * Undecided suggestions of an achievement that left the catalogue, or of a demand that closed, go away — except
   * pinned ones (on an activity's match list), which stay as the record of what was presented.
   */
  async dropSuggestions(where: { achievementId?: string; demandId?: string }): Promise<number> {
    const column = where.achievementId ? 'achievement_id' : 'demand_id';
    const rows: Array<{ id: string; demand_id: string }> = await this.dataSource.query(
      `WITH gone AS (DELETE FROM matches WHERE ${column} = $1 AND status = $2 AND NOT pinned RETURNING id, demand_id)
       SELECT id, demand_id FROM gone`,
      [where.achievementId ?? where.demandId, MatchStatus.Suggested],
    );
    await this.renumber(
      this.dataSource.manager,
      rows.map((r) => r.demand_id),
    );
    return rows.length;
  }

  async forDemand(actor: Actor, demandId: string, status?: MatchStatus, limit = 20) {
    const demand = await this.dataSource.getRepository(Demand).findOneBy({ id: demandId });
    if (!demand || !partiesOf(actor, demand.ownerOrganisationId).length) throw AppError.notFound('需求', demandId);
    return this.query(actor, { demandId, status }, limit, isStaff(actor) ? 'staff' : 'owner');
  }

  async forAchievement(actor: Actor, achievementId: string, status?: MatchStatus, limit = 20) {
    const achievement = await this.dataSource.getRepository(Achievement).findOneBy({ id: achievementId });
    if (!achievement || !partiesOf(actor, achievement.institutionId).length) {
      throw AppError.notFound('成果', achievementId);
    }
    return this.query(actor, { achievementId, status }, limit, isStaff(actor) ? 'staff' : 'institution');
  }

  private async query(
    actor: Actor,
    where: { demandId?: string; achievementId?: string; status?: MatchStatus },
    limit: number,
    reader: MatchReader,
  ) {
    const qb = this.baseQuery();
    if (where.demandId) qb.andWhere('m.demand_id = :d', { d: where.demandId });
    if (where.achievementId) qb.andWhere('m.achievement_id = :a', { a: where.achievementId });
    if (where.status) qb.andWhere('m.status = :s', { s: where.status });
    const rows = await qb.orderBy('m.score', 'DESC').addOrderBy('m.id', 'ASC').take(limit).getMany();
    // In the order of the scores as shown: an order by the full score would tell a reader without the budget
    // which pairs the budget favoured.
    return rows
      .map((m) => matchFor(reader, toView(actor, m)))
      .sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  }

  private baseQuery() {
    return this.dataSource
      .getRepository(Match)
      .createQueryBuilder('m')
      .leftJoinAndSelect('m.demand', 'd')
      .leftJoinAndSelect('d.ownerOrganisation', 'o')
      .leftJoinAndSelect('m.achievement', 'a')
      .leftJoinAndSelect('a.institution', 'i');
  }

  async list(actor: Actor, query: MatchListQueryDto) {
    if (!isStaff(actor)) throw AppError.forbidden();
    const qb = this.baseQuery();
    if (query.status) qb.andWhere('m.status = :s', { s: query.status });
    if (query.demandId) qb.andWhere('m.demand_id = :d', { d: query.demandId });
    if (query.achievementId) qb.andWhere('m.achievement_id = :a', { a: query.achievementId });
    if (query.interest) qb.andWhere('m.interest = :interest', { interest: query.interest });
    if (query.chain) {
      qb.andWhere('(:chain = ANY(d.industry_chain_ids) OR :chain = ANY(a.industry_chain_ids))', { chain: query.chain });
    }
    if (query.organisationId) {
      qb.andWhere('(d.owner_organisation_id = :org OR a.institution_id = :org)', { org: query.organisationId });
    }
    if (query.managerId) {
      qb.andWhere('(d.assigned_manager_id = :mgr OR m.confirmed_by_id = :mgr OR m.decided_by_id = :mgr)', {
        mgr: query.managerId,
      });
    }
    qb.orderBy('m.updatedAt', 'DESC')
      .addOrderBy('m.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    const [rows, total] = await qb.getManyAndCount();
    return toPage(
      rows.map((m) => toView(actor, m)),
      total,
      query,
    );
  }

  async get(actor: Actor, id: string): Promise<MatchView> {
    const match = await this.baseQuery().where('m.id = :id', { id }).getOne();
    if (!match) throw AppError.notFound('匹配', id);
    const reader = matchReaderOf(actor, {
      demandOwnerId: match.demand?.ownerOrganisationId,
      institutionId: match.achievement?.institutionId,
    });
    if (!reader) throw AppError.notFound('匹配', id);
    return matchFor(reader, toView(actor, match));
  }

  /** A manager pairs a demand and an achievement by hand (e.g. met at a roadshow). */
  async createManual(actor: Actor, demandId: string, achievementId: string, note?: string): Promise<MatchView> {
    if (!isStaff(actor)) throw AppError.forbidden();
    const saved = await this.events.transaction((manager) =>
      this.createManualWith(manager, actor, demandId, achievementId, note),
    );
    return this.get(actor, saved.id);
  }

  /**
   * The same inside the caller's transaction, without the role check: the caller decides who may pair (an
   * activity's organiser curating its match list may). 409 when the pair already exists.
   */
  async createManualWith(
    manager: EntityManager,
    actor: Actor,
    demandId: string,
    achievementId: string,
    note?: string,
    /**
     * reuseExisting: return the pair when it exists (or appears concurrently) instead of answering 409.
     * scored: the engine's live score and explanation of this pair, when a person picked it from live proposals.
     */
    options: { reuseExisting?: boolean; scored?: Pick<Suggestion, 'score' | 'explanation'> } = {},
  ): Promise<Match> {
    const demand = await manager.getRepository(Demand).findOneBy({ id: demandId });
    if (!demand || !PUBLIC_DEMAND_STATUSES.includes(demand.status)) {
      throw AppError.badRequest(ErrorCode.VALIDATION_FAILED, '需求不存在或未发布', [
        { field: 'demandId', reason: '需求不存在或未发布' },
      ]);
    }
    const achievement = await manager.getRepository(Achievement).findOneBy({ id: achievementId });
    if (!achievement) {
      throw AppError.badRequest(ErrorCode.VALIDATION_FAILED, '成果不存在', [
        { field: 'achievementId', reason: '成果不存在' },
      ]);
    }
    const existing = () => manager.getRepository(Match).findOneBy({ demandId, achievementId });
    const taken = (clash: Match) => {
      if (options.reuseExisting) return clash;
      throw AppError.conflict(ErrorCode.CONFLICT, '该需求与成果已有匹配记录', { matchId: clash.id });
    };
    const clash = await existing();
    if (clash) return taken(clash);
    // The engine may store the same pair at this very moment: the insert yields to it instead of failing.
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(Match)
      .values({
        demandId,
        achievementId,
        status: MatchStatus.Suggested,
        origin: 'manual',
        score: options.scored?.score ?? 0,
        explanation: options.scored
          ? {
              ...options.scored.explanation,
              summary: `人工推荐${note ? `：${note}` : ''}；${options.scored.explanation.summary}`,
            }
          : { matchedTerms: [], factors: {}, summary: note ? `人工推荐：${note}` : '人工推荐' },
      })
      .orIgnore()
      .returning(['id'])
      .execute();
    const id = (inserted.raw as Array<{ id: string }>)[0]?.id;
    if (!id) return taken((await existing())!);
    const saved = await manager.getRepository(Match).findOneByOrFail({ id });
    await this.events.record(manager, actor, {
      type: 'match.created',
      entityType: 'match',
      entityId: saved.id,
      entityVersion: saved.version,
      after: { demandId, achievementId, origin: 'manual', note: note ?? null },
    });
    return saved;
  }

  async transition(actor: Actor, id: string, action: MatchAction, dto: MatchTransitionDto): Promise<MatchView> {
    const rule = MATCH_WORKFLOW[action];
    if (rule.reasonRequired && !dto.reason) {
      throw AppError.badRequest(ErrorCode.VALIDATION_FAILED, '请求参数校验失败：reason：必填', [
        { field: 'reason', reason: '必填' },
      ]);
    }
    const misplaced = CONTRACT_FIELDS.filter((f) => dto[f] !== undefined);
    if (action !== 'contract' && misplaced.length) {
      throw AppError.badRequest(
        ErrorCode.VALIDATION_FAILED,
        `请求参数校验失败：${misplaced.map((f) => `${f}：仅签约时填写`).join('；')}`,
        misplaced.map((field) => ({ field, reason: '仅签约时填写' })),
      );
    }
    await this.events.transaction(async (manager) => {
      const match = await manager.getRepository(Match).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!match) throw AppError.notFound('匹配', id);
      if (!isStaff(actor)) throw AppError.notFound('匹配', id);
      if (dto.version !== undefined && dto.version !== match.version) {
        throw AppError.conflict(ErrorCode.STALE_VERSION, '该记录已被他人修改，请刷新后重试', {
          expected: dto.version,
          actual: match.version,
        });
      }
      const from = match.status;
      const to = applyTransition(MATCH_WORKFLOW, action, from, ['staff'], MATCH_STATUS_LABELS);
      const now = new Date();
      match.status = to;
      match.decidedById = actor.userId;
      match.decidedAt = now;
      if (action === 'confirm' && !match.confirmedAt) {
        match.confirmedAt = now;
        match.confirmedById = actor.userId;
      }
      if (action === 'contract') {
        // A date in the past is the day it was signed (Beijing midnight, so the indicator counts it in the right
        // year); today keeps the moment of recording.
        match.contractedAt =
          dto.contractedAt && dto.contractedAt !== beijingToday(now)
            ? new Date(`${dto.contractedAt}T00:00:00+08:00`)
            : now;
        match.contractAmount = dto.contractAmount ?? null;
        match.contractMode = dto.contractMode ?? null;
      }
      if (action === 'reject') {
        match.rejectReason = dto.reason!;
        match.rejectNote = dto.note ?? null;
      }
      if (action === 'reopen') {
        match.rejectReason = null;
        match.rejectNote = null;
      }
      const saved = await manager.save(Match, match);
      await this.events.record(manager, actor, {
        type: EVENT_OF_MATCH_ACTION[action],
        entityType: 'match',
        entityId: id,
        entityVersion: saved.version,
        before: { status: from },
        after: {
          status: to,
          demandId: saved.demandId,
          achievementId: saved.achievementId,
          reason: dto.reason ?? null,
          reasonLabel: dto.reason ? REJECT_REASON_LABELS[dto.reason] : null,
          note: dto.note ?? null,
          firstConfirmation: action === 'confirm' && saved.confirmedAt?.getTime() === now.getTime(),
          ...(action === 'contract'
            ? {
                contractedAt: saved.contractedAt,
                contractAmount: saved.contractAmount,
                contractMode: saved.contractMode,
                demandSolved: dto.demandSolved ?? false,
              }
            : {}),
        },
      });
      if (action === 'contract') await this.followContract(manager, actor, saved, dto);
    });
    return this.get(actor, id);
  }

  /**
   * The records follow the contract, each through its own workflow and with its own event, in the contract's
   * transaction: the demand starts (开始对接 → in progress), or is solved when the enterprise or the manager says
   * the need is met; a transfer or licence contract marks the achievement transferred (已转化). A record the
   * workflow does not let move (a demand already solved or closed, an achievement not published — say a second
   * licence of a transferred one) keeps its status: the contract itself still counts.
   */
  private async followContract(manager: EntityManager, actor: Actor, match: Match, dto: MatchTransitionDto) {
    const demand = await manager.getRepository(Demand).findOneByOrFail({ id: match.demandId });
    const demandAction: DemandAction = dto.demandSolved ? 'solve' : 'start';
    if (DEMAND_WORKFLOW[demandAction].from.includes(demand.status)) {
      await this.demands.transitionWith(manager, actor, demand.id, demandAction, {
        reason: `签约：${match.id}`,
      });
    }
    const transfers = dto.contractMode === CooperationMode.Transfer || dto.contractMode === CooperationMode.Licence;
    const achievement = await manager.getRepository(Achievement).findOneByOrFail({ id: match.achievementId });
    if (transfers && ACHIEVEMENT_WORKFLOW.transfer.from.includes(achievement.status)) {
      await this.achievements.transitionWith(manager, actor, achievement.id, 'transfer', {
        reason: `签约：${match.id}`,
      });
    }
  }
}
