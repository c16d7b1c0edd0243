import { Actor, AppError, ErrorCode } from '@app/common';
import { EventsService } from '@app/events';
import {
  explainFor,
  Match,
  MatchExplanation,
  MatchingEngine,
  MatchService,
  MatchStatus,
  mayReadBudget,
  Suggestion,
} from '@app/matching';
import { Achievement, AchievementStatus, Demand, DemandStatus, PUBLIC_DEMAND_STATUSES } from '@app/registry';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';

import { canSeeMatchContacts } from '../activity/activity.access';
import { ACTIVITY_STATUS_LABELS, ActivityStatus, ParticipantRole } from '../activity/activity.domain';
import { Activity, ActivityParticipant } from '../activity/activity.entity';
import { ActivityService } from '../activity/activity.service';
import { ActivityMatchItem } from './activity-match-item.entity';
import { AddMatchItemDto, ProposalQueryDto, ReorderMatchItemsDto, UpdateMatchItemDto } from './dto/match-list.dto';
import { loadMatchListRows, MatchListRow } from './match-list.rows';

export interface MatchListView {
  activityId: string;
  activityStatus: ActivityStatus;
  /** Held (or later) activities keep the list as it was presented. */
  frozen: boolean;
  contactsVisible: boolean;
  items: MatchListRow[];
}

export interface ProposalView {
  /** The stored match, when the pair already has one. */
  matchId: string | null;
  source: 'stored' | 'engine';
  score: number;
  summary: string;
  matchStatus: MatchStatus | null;
  demand: { id: string; title: string; organisationId: string; organisationName: string };
  achievement: { id: string; title: string; organisationId: string; organisationName: string };
}

/** Demands an activity can still present: published or already in matchmaking. */
const OPEN_DEMAND_STATUSES: DemandStatus[] = [DemandStatus.Published, DemandStatus.InProgress];

/** How many open demands of participants a live proposal run matches at most (each is one engine query). */
const LIVE_DEMANDS = 30;
/** How deep the live ranking of a demand is searched for a pair an organiser adds by hand. */
const LIVE_SCORE_DEPTH = 50;

/** The organiser's curated list of pairs for an activity (对接清单). */
@Injectable()
export class MatchListService {
  private readonly logger = new Logger(MatchListService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly activities: ActivityService,
    private readonly matches: MatchService,
    private readonly engine: MatchingEngine,
  ) {}

  async get(actor: Actor, activityId: string): Promise<MatchListView> {
    const activity = await this.activities.loadReadable(this.dataSource.manager, actor, activityId);
    return this.view(this.dataSource.manager, actor, activity);
  }

  async rows(actor: Actor, activity: Activity): Promise<MatchListRow[]> {
    return loadMatchListRows(this.dataSource.manager, actor, activity);
  }

  /**
   * Pairs worth presenting: stored suggestions and confirmed matches whose demand belongs to a participating
   * enterprise and whose achievement to a participating university (each side unrestricted when the activity has no
   * participant of that kind), touching the activity's chains (when it has any), not rejected and not yet on the
   * list. With `live`, the engine also runs now over participants' open demands (or the chains' newest open
   * demands when no enterprise participates) under the same restrictions.
   */
  async proposals(actor: Actor, activityId: string, query: ProposalQueryDto): Promise<ProposalView[]> {
    const activity = await this.activities.loadManageable(this.dataSource.manager, actor, activityId);
    const limit = query.limit ?? 50;
    const participants = await this.dataSource.getRepository(ActivityParticipant).findBy({ activityId });
    const enterprises = participants.filter((p) => p.role === ParticipantRole.Enterprise).map((p) => p.organisationId);
    const universities = participants.filter((p) => p.role === ParticipantRole.University).map((p) => p.organisationId);
    const chains = activity.industryChainIds;
    const stored: Array<{
      match_id: string;
      status: MatchStatus;
      score: number;
      explanation: MatchExplanation | null;
      demand_id: string;
      demand_owner: string;
      achievement_id: string;
    }> = await this.dataSource.query(
      `SELECT m.id AS match_id, m.status, m.score, m.explanation, m.demand_id,
              d.owner_organisation_id AS demand_owner, m.achievement_id
         FROM matches m
         JOIN demands d ON d.id = m.demand_id
         JOIN achievements a ON a.id = m.achievement_id
        WHERE m.status <> 'rejected'
          AND d.status = ANY($1::text[]) AND a.status = 'published'
          AND (cardinality($2::uuid[]) = 0 OR d.owner_organisation_id = ANY($2::uuid[]))
          AND (cardinality($3::uuid[]) = 0 OR a.institution_id = ANY($3::uuid[]))
          AND (cardinality($4::uuid[]) = 0 OR d.industry_chain_ids && $4::uuid[] OR a.industry_chain_ids && $4::uuid[])
          AND NOT EXISTS (SELECT 1 FROM activity_match_items i WHERE i.activity_id = $5 AND i.match_id = m.id)
        ORDER BY m.score DESC, m.id
        LIMIT $6`,
      [OPEN_DEMAND_STATUSES, enterprises, universities, chains, activityId, limit],
    );
    const byPair = new Map<string, Omit<ProposalView, 'demand' | 'achievement'> & { d: string; a: string }>();
    for (const s of stored) {
      const shown = explainFor(mayReadBudget(actor, s.demand_owner), Number(s.score), s.explanation);
      byPair.set(`${s.demand_id}:${s.achievement_id}`, {
        matchId: s.match_id,
        source: 'stored',
        score: shown.score,
        summary: shown.explanation.summary ?? '',
        matchStatus: s.status,
        d: s.demand_id,
        a: s.achievement_id,
      });
    }
    if (query.live) {
      for (const suggestion of await this.live(activityId, enterprises, universities, chains)) {
        const key = `${suggestion.demandId}:${suggestion.achievementId}`;
        if (byPair.has(key)) continue;
        const shown = explainFor(
          mayReadBudget(actor, suggestion.demandOwner),
          suggestion.score,
          suggestion.explanation,
        );
        byPair.set(key, {
          matchId: null,
          source: 'engine',
          score: shown.score,
          summary: shown.explanation.summary,
          matchStatus: null,
          d: suggestion.demandId,
          a: suggestion.achievementId,
        });
      }
      // Live pairs that already exist as matches keep their id, so adding them reuses the stored match.
      const pairs = [...byPair.values()].filter((p) => !p.matchId);
      if (pairs.length) {
        const existing: Array<{ id: string; demand_id: string; achievement_id: string; status: MatchStatus }> =
          await this.dataSource.query(
            `SELECT id, demand_id, achievement_id, status FROM matches
              WHERE (demand_id, achievement_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
            [pairs.map((p) => p.d), pairs.map((p) => p.a)],
          );
        const onList: Array<{ match_id: string }> = await this.dataSource.query(
          'SELECT match_id FROM activity_match_items WHERE activity_id = $1',
          [activityId],
        );
        const listed = new Set(onList.map((r) => r.match_id));
        for (const m of existing) {
          const key = `${m.demand_id}:${m.achievement_id}`;
          if (m.status === MatchStatus.Rejected || listed.has(m.id)) byPair.delete(key);
          else Object.assign(byPair.get(key)!, { matchId: m.id, matchStatus: m.status });
        }
      }
    }
    const ranked = [...byPair.values()].sort((x, y) => y.score - x.score).slice(0, limit);
    const names = await this.sideNames(
      ranked.map((p) => p.d),
      ranked.map((p) => p.a),
    );
    return ranked.map(({ d, a, ...rest }) => ({
      ...rest,
      demand: names.demands.get(d)!,
      achievement: names.achievements.get(a)!,
    }));
  }

  private async live(
    activityId: string,
    enterprises: string[],
    universities: string[],
    chains: string[],
  ): Promise<Array<Suggestion & { demandOwner: string | null }>> {
    const qb = this.dataSource
      .getRepository(Demand)
      .createQueryBuilder('d')
      .where('d.status IN (:...open)', { open: OPEN_DEMAND_STATUSES });
    if (enterprises.length) qb.andWhere('d.owner_organisation_id IN (:...enterprises)', { enterprises });
    else if (chains.length) qb.andWhere('d.industry_chain_ids && CAST(:chains AS uuid[])', { chains });
    else return [];
    const demands = await qb.orderBy('d.publishedAt', 'DESC', 'NULLS LAST').take(LIVE_DEMANDS).getMany();
    const suggestions: Suggestion[] = [];
    for (const demand of demands) {
      try {
        suggestions.push(...(await this.engine.forDemand(demand)).filter((s) => MatchingEngine.worthStoring(s)));
      } catch (err) {
        // Search down: the stored suggestions still answer; say so in the log, not to the organiser.
        this.logger.warn(`Live proposals for activity ${activityId} skipped: ${(err as Error).message}`);
        return [];
      }
    }
    if (!suggestions.length) return [];
    const achievements = await this.dataSource.getRepository(Achievement).find({
      select: { id: true, institutionId: true, industryChainIds: true, status: true },
      where: { id: In([...new Set(suggestions.map((s) => s.achievementId))]) },
    });
    const byId = new Map(achievements.map((a) => [a.id, a]));
    const demandChains = new Map(demands.map((d) => [d.id, d.industryChainIds]));
    const owners = new Map(demands.map((d) => [d.id, d.ownerOrganisationId]));
    const kept = suggestions.filter((s) => {
      const a = byId.get(s.achievementId);
      if (!a || a.status !== AchievementStatus.Published) return false;
      if (universities.length && !universities.includes(a.institutionId)) return false;
      if (!chains.length) return true;
      const touches = (ids: string[]) => ids.some((id) => chains.includes(id));
      return touches(a.industryChainIds) || touches(demandChains.get(s.demandId) ?? []);
    });
    return kept.map((s) => ({ ...s, demandOwner: owners.get(s.demandId) ?? null }));
  }

  private async sideNames(demandIds: string[], achievementIds: string[]) {
    const demands: Array<{ id: string; title: string; org_id: string; org_name: string }> = await this.dataSource.query(
      `SELECT d.id, d.title, o.id AS org_id, o.name AS org_name FROM demands d
         JOIN organisations o ON o.id = d.owner_organisation_id WHERE d.id = ANY($1::uuid[])`,
      [demandIds],
    );
    const achievements: Array<{ id: string; title: string; org_id: string; org_name: string }> =
      await this.dataSource.query(
        `SELECT a.id, a.title, o.id AS org_id, o.name AS org_name FROM achievements a
           JOIN organisations o ON o.id = a.institution_id WHERE a.id = ANY($1::uuid[])`,
        [achievementIds],
      );
    const side = (r: { id: string; title: string; org_id: string; org_name: string }) => ({
      id: r.id,
      title: r.title,
      organisationId: r.org_id,
      organisationName: r.org_name,
    });
    return {
      demands: new Map(demands.map((r) => [r.id, side(r)])),
      achievements: new Map(achievements.map((r) => [r.id, side(r)])),
    };
  }

  /** Adds a stored match, or a demand × achievement pair (reusing its match or creating a manual one), at the end. */
  async add(actor: Actor, activityId: string, dto: AddMatchItemDto): Promise<MatchListView> {
    if (!dto.matchId && !(dto.demandId && dto.achievementId)) {
      throw AppError.invalid(
        [{ field: 'matchId', reason: '请提供 matchId，或同时提供 demandId 与 achievementId' }],
        '请求参数校验失败：请提供 matchId，或同时提供 demandId 与 achievementId',
      );
    }
    // A pair picked from live proposals keeps the engine's score and reasons (computed before the list is locked).
    const scored = dto.matchId ? undefined : await this.liveScore(dto.demandId!, dto.achievementId!);
    return this.change(actor, activityId, async (manager, activity) => {
      let match: Match | null;
      if (dto.matchId) {
        match = await manager.getRepository(Match).findOneBy({ id: dto.matchId });
        if (!match) throw AppError.invalid([{ field: 'matchId', reason: '匹配不存在' }], '匹配不存在');
      } else {
        match = await manager
          .getRepository(Match)
          .findOneBy({ demandId: dto.demandId!, achievementId: dto.achievementId! });
      }
      if (match) {
        await this.assertPresentable(manager, match);
      } else {
        const achievement = await manager.getRepository(Achievement).findOneBy({ id: dto.achievementId! });
        if (achievement && achievement.status !== AchievementStatus.Published) {
          throw AppError.invalid([{ field: 'achievementId', reason: '成果未发布' }], '成果未发布，不能列入对接清单');
        }
        // Organisers pair by hand at roadshows too: the match is created in this transaction, recorded as manual.
        match = await this.matches.createManualWith(manager, actor, dto.demandId!, dto.achievementId!, dto.note, {
          reuseExisting: true,
          scored,
        });
        await this.assertPresentable(manager, match);
      }
      const clash = await manager.getRepository(ActivityMatchItem).findOneBy({ activityId, matchId: match.id });
      if (clash) throw AppError.conflict(ErrorCode.CONFLICT, '该匹配已在对接清单中', { itemId: clash.id });
      // Pin first: a recomputation deleting the suggestion at this moment either waits for us and then keeps it,
      // or has already removed it, which we see here instead of as a foreign-key failure.
      const pinned: Array<{ id: string }> = await manager.query(
        'UPDATE matches SET pinned = true WHERE id = $1 RETURNING id',
        [match.id],
      );
      if (!pinned.length) {
        throw AppError.conflict(ErrorCode.CONFLICT, '该匹配刚被系统重新计算移除，请刷新推荐后重试', {
          matchId: match.id,
        });
      }
      const [{ next }]: Array<{ next: number }> = await manager.query(
        'SELECT COALESCE(max(position), 0)::int + 1 AS next FROM activity_match_items WHERE activity_id = $1',
        [activityId],
      );
      const item = await manager.save(
        ActivityMatchItem,
        manager.create(ActivityMatchItem, {
          activityId,
          matchId: match.id,
          position: next,
          note: dto.note ?? '',
          addedById: actor.userId,
        }),
      );
      return {
        type: 'activity.match_added',
        after: {
          itemId: item.id,
          matchId: match.id,
          demandId: match.demandId,
          achievementId: match.achievementId,
          position: item.position,
          note: item.note,
        },
        activity,
      };
    });
  }

  async remove(actor: Actor, activityId: string, itemId: string): Promise<MatchListView> {
    return this.change(actor, activityId, async (manager, activity) => {
      const item = await this.item(manager, activityId, itemId);
      await manager.delete(ActivityMatchItem, { id: item.id });
      // Unpinned once on no list any more: the engine may then refresh or drop it like any suggestion.
      await manager.query(
        'UPDATE matches SET pinned = EXISTS (SELECT 1 FROM activity_match_items WHERE match_id = $1) WHERE id = $1',
        [item.matchId],
      );
      await manager.query(
        'UPDATE activity_match_items SET position = position - 1 WHERE activity_id = $1 AND position > $2',
        [activityId, item.position],
      );
      return {
        type: 'activity.match_removed',
        before: { itemId: item.id, matchId: item.matchId, position: item.position, note: item.note },
        activity,
      };
    });
  }

  async update(actor: Actor, activityId: string, itemId: string, dto: UpdateMatchItemDto): Promise<MatchListView> {
    return this.change(actor, activityId, async (manager, activity) => {
      const item = await this.item(manager, activityId, itemId);
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      if (dto.note !== undefined && dto.note !== item.note) {
        before.note = item.note;
        after.note = dto.note;
        await manager.update(ActivityMatchItem, { id: item.id }, { note: dto.note });
      }
      if (dto.position !== undefined) {
        const ids = (await this.orderedIds(manager, activityId)).filter((id) => id !== item.id);
        const to = Math.min(dto.position, ids.length + 1);
        if (to !== item.position) {
          ids.splice(to - 1, 0, item.id);
          await this.writeOrder(manager, activityId, ids);
          before.position = item.position;
          after.position = to;
        }
      }
      if (!Object.keys(after).length) return null;
      return {
        type: 'activity.match_updated',
        before: { itemId: item.id, matchId: item.matchId, ...before },
        after: { itemId: item.id, matchId: item.matchId, ...after },
        activity,
      };
    });
  }

  async reorder(actor: Actor, activityId: string, dto: ReorderMatchItemsDto): Promise<MatchListView> {
    return this.change(actor, activityId, async (manager, activity) => {
      const current = await this.orderedIds(manager, activityId);
      const same = current.length === dto.itemIds.length && current.every((id) => dto.itemIds.includes(id));
      if (!same) {
        throw AppError.invalidField('itemIds', '必须恰好列出清单中的全部条目');
      }
      if (current.every((id, i) => dto.itemIds[i] === id)) return null;
      await this.writeOrder(manager, activityId, dto.itemIds);
      return {
        type: 'activity.match_list_reordered',
        before: { itemIds: current },
        after: { itemIds: dto.itemIds },
        activity,
      };
    });
  }

  /**
   * One list change in one transaction: the activity row is locked first, so a change and the hold that freezes
   * the list are serialised — a change either lands before the hold (and gets its follow-up) or is refused.
   */
  private async change(
    actor: Actor,
    activityId: string,
    work: (
      manager: EntityManager,
      activity: Activity,
    ) => Promise<{
      type:
        'activity.match_added' | 'activity.match_removed' | 'activity.match_updated' | 'activity.match_list_reordered';
      before?: Record<string, unknown>;
      after?: Record<string, unknown>;
      activity: Activity;
    } | null>,
  ): Promise<MatchListView> {
    await this.events.transaction(async (manager) => {
      const activity = await this.activities.loadManageable(manager, actor, activityId, true);
      if (activity.status !== ActivityStatus.Planned) {
        const message =
          activity.status === ActivityStatus.Cancelled
            ? '活动已取消，对接清单不能再修改'
            : `活动${ACTIVITY_STATUS_LABELS[activity.status]}，对接清单已锁定，不能再修改`;
        throw AppError.conflict(ErrorCode.ACTIVITY_FROZEN, message, { status: activity.status });
      }
      const event = await work(manager, activity);
      if (!event) return;
      await this.events.record(manager, actor, {
        type: event.type,
        entityType: 'activity',
        entityId: activityId,
        entityVersion: activity.version,
        before: event.before ?? null,
        after: event.after ?? null,
      });
    });
    return this.get(actor, activityId);
  }

  /**
   * The engine's view of a pair that has no stored match yet: its score and explanation when the achievement is
   * among the demand's live candidates. Curation never depends on the search engine: any failure means no score.
   */
  private async liveScore(demandId: string, achievementId: string): Promise<Suggestion | undefined> {
    try {
      if (await this.dataSource.getRepository(Match).existsBy({ demandId, achievementId })) return undefined;
      const demand = await this.dataSource.getRepository(Demand).findOneBy({ id: demandId });
      if (!demand || !PUBLIC_DEMAND_STATUSES.includes(demand.status)) return undefined;
      const live = await this.engine.forDemand(demand, LIVE_SCORE_DEPTH);
      return live.find((s) => s.achievementId === achievementId);
    } catch {
      return undefined;
    }
  }

  private async assertPresentable(manager: EntityManager, match: Match): Promise<void> {
    if (match.status === MatchStatus.Rejected) {
      throw AppError.conflict(ErrorCode.CONFLICT, '该匹配已被否决，不能列入对接清单', { matchId: match.id });
    }
    const demand = await manager.getRepository(Demand).findOneByOrFail({ id: match.demandId });
    const achievement = await manager.getRepository(Achievement).findOneByOrFail({ id: match.achievementId });
    if (!PUBLIC_DEMAND_STATUSES.includes(demand.status) || achievement.status !== AchievementStatus.Published) {
      throw AppError.invalid([{ field: 'matchId', reason: '需求或成果未公开' }], '需求或成果未公开，不能列入对接清单');
    }
  }

  private async item(manager: EntityManager, activityId: string, itemId: string): Promise<ActivityMatchItem> {
    const item = await manager.getRepository(ActivityMatchItem).findOneBy({ id: itemId, activityId });
    if (!item) throw AppError.notFound('清单条目', itemId);
    return item;
  }

  private async orderedIds(manager: EntityManager, activityId: string): Promise<string[]> {
    const rows = await manager.getRepository(ActivityMatchItem).find({
      select: { id: true },
      where: { activityId },
      order: { position: 'ASC', createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map((r) => r.id);
  }

  private async writeOrder(manager: EntityManager, activityId: string, ids: string[]): Promise<void> {
    await manager.query(
      `UPDATE activity_match_items i SET position = o.ord
         FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, ord)
        WHERE i.id = o.id AND i.activity_id = $1`,
      [activityId, ids],
    );
  }

  private async view(manager: EntityManager, actor: Actor, activity: Activity): Promise<MatchListView> {
    return {
      activityId: activity.id,
      activityStatus: activity.status,
      frozen: activity.status !== ActivityStatus.Planned,
      contactsVisible: canSeeMatchContacts(actor),
      items: await loadMatchListRows(manager, actor, activity),
    };
  }
}
