import { Actor, AppError, ErrorCode } from '@app/common';
import { EventsService } from '@app/events';
import { Match, MatchingEngine, MatchService, MatchStatus, Suggestion } from '@app/matching';
import { AchievementStatus, PUBLIC_DEMAND_STATUSES, RegistryReads } from '@app/registry';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { canSeeMatchContacts } from '../activity/activity.access';
import { ACTIVITY_STATUS_LABELS, ActivityStatus } from '../activity/activity.domain';
import { Activity } from '../activity/activity.entity';
import { ActivityService } from '../activity/activity.service';
import { ActivityMatchItem } from './activity-match-item.entity';
import { AddMatchItemDto, ReorderMatchItemsDto, UpdateMatchItemDto } from './dto/match-list.dto';
import { MatchListRawRow, MatchListRow, shapeMatchListRows } from './match-list.rows';
import { MatchListItemsRepository } from './match-list-items.repository';

export interface MatchListView {
  activityId: string;
  activityStatus: ActivityStatus;
  /** Held (or later) activities keep the list as it was presented; a locked list waits for an unlock. */
  frozen: boolean;
  /** The organiser locked the list before the event (final for printing). */
  locked: boolean;
  lockedAt: Date | null;
  contactsVisible: boolean;
  items: MatchListRow[];
}

/** How deep the live ranking of a demand is searched for a pair an organiser adds by hand. */
const LIVE_SCORE_DEPTH = 50;

/** The organiser's curated list of pairs for an activity (对接清单); what to add comes from MatchProposalsService. */
@Injectable()
export class MatchListService {
  constructor(
    private readonly items: MatchListItemsRepository,
    private readonly events: EventsService,
    private readonly activities: ActivityService,
    private readonly matches: MatchService,
    private readonly engine: MatchingEngine,
    private readonly registry: RegistryReads,
  ) {}

  /**
   * The list's read model: each item in the organiser's order with its match (matching context), both records,
   * their organisations and contacts (registry context: a record's own contact, else its organisation's). Items
   * whose match or record is gone are left out, as the former join did.
   */
  private async listRows(tx: EntityManager, activityId: string): Promise<MatchListRawRow[]> {
    const items = await this.items.listed(tx, activityId);
    const matches = new Map(
      (
        await this.matches.findByIds(
          tx,
          items.map((i) => i.matchId),
        )
      ).map((m) => [m.id, m]),
    );
    const [demands, achievements] = await Promise.all([
      this.registry.partySides('demand', [...new Set([...matches.values()].map((m) => m.demandId))], tx),
      this.registry.partySides('achievement', [...new Set([...matches.values()].map((m) => m.achievementId))], tx),
    ]);
    return items.flatMap((item) => {
      const match = matches.get(item.matchId);
      const demand = match && demands.get(match.demandId);
      const achievement = match && achievements.get(match.achievementId);
      if (!match || !demand || !achievement) return [];
      return [
        {
          item_id: item.id,
          position: item.position,
          note: item.note,
          added_by_id: item.addedById,
          created_at: item.createdAt,
          match_id: match.id,
          status: match.status,
          origin: match.origin,
          score: match.score,
          explanation: match.explanation,
          demand_id: demand.id,
          demand_title: demand.title,
          demand_status: demand.status,
          demand_org_id: demand.organisationId,
          demand_org_name: demand.organisationName,
          demand_chains: demand.industryChainIds,
          demand_contact_name: demand.contact.name,
          demand_contact_phone: demand.contact.phone,
          demand_contact_email: demand.contact.email,
          achievement_id: achievement.id,
          achievement_title: achievement.title,
          achievement_status: achievement.status,
          achievement_org_id: achievement.organisationId,
          achievement_org_name: achievement.organisationName,
          achievement_chains: achievement.industryChainIds,
          achievement_contact_name: achievement.contact.name,
          achievement_contact_phone: achievement.contact.phone,
          achievement_contact_email: achievement.contact.email,
        },
      ];
    });
  }

  async get(actor: Actor, activityId: string): Promise<MatchListView> {
    const activity = await this.activities.loadReadable(this.items.manager, actor, activityId);
    return this.view(this.items.manager, actor, activity);
  }

  async rows(actor: Actor, activity: Activity, purpose: 'view' | 'file' = 'view'): Promise<MatchListRow[]> {
    return shapeMatchListRows(await this.listRows(this.items.manager, activity.id), actor, activity, purpose);
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
        match = await this.matches.findById(manager, dto.matchId);
        if (!match) throw AppError.invalid([{ field: 'matchId', reason: '匹配不存在' }], '匹配不存在');
      } else {
        match = await this.matches.findPair(dto.demandId!, dto.achievementId!, manager);
      }
      if (match) {
        await this.assertPresentable(manager, match);
      } else {
        const achievement = await this.registry.achievement(dto.achievementId!, manager);
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
      const clash = await this.items.findOnList(manager, activityId, match.id);
      if (clash) throw AppError.conflict(ErrorCode.CONFLICT, '该匹配已在对接清单中', { itemId: clash.id });
      // Pin first: a recomputation deleting the suggestion at this moment either waits for us and then keeps it,
      // or has already removed it, which we see here instead of as a foreign-key failure.
      if (!(await this.matches.pin(manager, match.id))) {
        throw AppError.conflict(ErrorCode.CONFLICT, '该匹配刚被系统重新计算移除，请刷新推荐后重试', {
          matchId: match.id,
        });
      }
      const item = await this.items.insert(manager, {
        activityId,
        matchId: match.id,
        position: await this.items.nextPosition(manager, activityId),
        note: dto.note ?? '',
        addedById: actor.userId,
      });
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
      await this.items.remove(manager, item);
      // Unpinned once on no list any more: the engine may then refresh or drop it like any suggestion.
      if (!(await this.items.isListed(manager, item.matchId))) await this.matches.unpin(manager, item.matchId);
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
        await this.items.setNote(manager, item.id, dto.note);
      }
      if (dto.position !== undefined) {
        const ids = (await this.items.orderedIds(manager, activityId)).filter((id) => id !== item.id);
        const to = Math.min(dto.position, ids.length + 1);
        if (to !== item.position) {
          ids.splice(to - 1, 0, item.id);
          await this.items.writeOrder(manager, activityId, ids);
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
      const current = await this.items.orderedIds(manager, activityId);
      const same = current.length === dto.itemIds.length && current.every((id) => dto.itemIds.includes(id));
      if (!same) {
        throw AppError.invalidField('itemIds', '必须恰好列出清单中的全部条目');
      }
      if (current.every((id, i) => dto.itemIds[i] === id)) return null;
      await this.items.writeOrder(manager, activityId, dto.itemIds);
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
      assertChangeable(activity);
      if (activity.matchListLockedAt) {
        throw AppError.conflict(ErrorCode.ACTIVITY_FROZEN, '对接清单已锁定，请先解锁再修改', {
          status: activity.status,
          locked: true,
        });
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
   * Locks (or unlocks) the list while the activity is planned: the printed handout and exports are final. Holding
   * the activity freezes the list for good either way.
   */
  async setLocked(actor: Actor, activityId: string, locked: boolean): Promise<MatchListView> {
    await this.events.transaction(async (manager) => {
      const activity = await this.activities.loadManageable(manager, actor, activityId, true);
      assertChangeable(activity);
      if (!!activity.matchListLockedAt === locked) return;
      const before = { matchListLockedAt: activity.matchListLockedAt };
      const saved = await this.activities.setMatchListLock(manager, activity, locked ? actor.userId : null, locked);
      await this.events.record(manager, actor, {
        type: locked ? 'activity.match_list_locked' : 'activity.match_list_unlocked',
        entityType: 'activity',
        entityId: activityId,
        entityVersion: saved.version,
        before,
        after: {
          matchListLockedAt: saved.matchListLockedAt,
          itemCount: (await this.items.orderedIds(manager, activityId)).length,
        },
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
      if (await this.matches.pairExists(demandId, achievementId)) return undefined;
      const demand = await this.registry.demand(demandId);
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
    const demand = await this.registry.demand(match.demandId, manager);
    const achievement = await this.registry.achievement(match.achievementId, manager);
    if (
      !demand ||
      !achievement ||
      !PUBLIC_DEMAND_STATUSES.includes(demand.status) ||
      achievement.status !== AchievementStatus.Published
    ) {
      throw AppError.invalid([{ field: 'matchId', reason: '需求或成果未公开' }], '需求或成果未公开，不能列入对接清单');
    }
  }

  private async item(manager: EntityManager, activityId: string, itemId: string): Promise<ActivityMatchItem> {
    const item = await this.items.findItem(manager, activityId, itemId);
    if (!item) throw AppError.notFound('清单条目', itemId);
    return item;
  }

  private async view(manager: EntityManager, actor: Actor, activity: Activity): Promise<MatchListView> {
    return {
      activityId: activity.id,
      activityStatus: activity.status,
      frozen: activity.status !== ActivityStatus.Planned || !!activity.matchListLockedAt,
      locked: !!activity.matchListLockedAt,
      lockedAt: activity.matchListLockedAt,
      contactsVisible: canSeeMatchContacts(actor),
      items: shapeMatchListRows(await this.listRows(manager, activity.id), actor, activity),
    };
  }
}

/** Only a planned activity's list changes: held ones keep what was presented, cancelled ones nothing. */
function assertChangeable(activity: Activity): void {
  if (activity.status === ActivityStatus.Planned) return;
  const message =
    activity.status === ActivityStatus.Cancelled
      ? '活动已取消，对接清单不能再修改'
      : `活动${ACTIVITY_STATUS_LABELS[activity.status]}，对接清单已锁定，不能再修改`;
  throw AppError.conflict(ErrorCode.ACTIVITY_FROZEN, message, { status: activity.status });
}
