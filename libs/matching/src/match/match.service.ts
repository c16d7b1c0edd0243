import { Actor, AppError, ErrorCode, isStaff, RecordWorkflow, toPage } from '@app/common';
import { AppConfig } from '@app/config';
import { EventsService } from '@app/events';
import {
  Achievement,
  ACHIEVEMENT_WORKFLOW,
  AchievementService,
  AchievementStatus,
  beijingToday,
  CooperationMode,
  Demand,
  DEMAND_WORKFLOW,
  DemandAction,
  DemandService,
  DemandStatus,
  partiesOf,
  PUBLIC_DEMAND_STATUSES,
  RegistryReads,
} from '@app/registry';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { CONTRACT_FIELDS, MatchListQueryDto, MatchTransitionDto } from '../dto/match.dto';
import { loadShowThreshold, matchStrength } from '../engine/confidence';
import { Suggestion } from '../engine/suggestion';
import { explainFor, mayReadBudget } from './explanation-view';
import { Match, MATCH_STATUS_LABELS, MatchStatus, REJECT_REASON_LABELS } from './match.entity';
import {
  ContractedMatch,
  LedMatches,
  MatchRepository,
  PairConstraint,
  PresentableFilter,
  PresentableMatch,
} from './match.repository';
import { isLowRelevance, matchFor, MatchReader, matchReaderOf, shownToOwner } from './match.visibility';
import { EVENT_OF_MATCH_ACTION, MATCH_RECORD, MATCH_WORKFLOW, MatchAction } from './match.workflow';

export interface MatchView extends Omit<Match, 'demand' | 'achievement'> {
  statusLabel: string;
  /** An engine suggestion below the show threshold: 低相关 (not shown to the enterprise as a recommendation). */
  lowRelevance: boolean;
  demand: { id: string; title: string; status: string; ownerOrganisationName: string | null } | null;
  achievement: { id: string; title: string; status: string; institutionName: string | null } | null;
}

/** A match as this reader may see it: the budget's part in the score only for the demand's owner and staff. */
function toView(actor: Actor, m: Match, showThreshold: number): MatchView {
  const { demand, achievement, ...rest } = m;
  const shown = explainFor(mayReadBudget(actor, demand?.ownerOrganisationId), m.score, m.explanation);
  return {
    ...rest,
    score: shown.score,
    explanation: shown.explanation,
    statusLabel: MATCH_STATUS_LABELS[m.status],
    lowRelevance: isLowRelevance(m.origin, matchStrength(m.explanation), showThreshold),
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

/** Demands whose fresh suggestions go into the enterprise's digest. */
const OPEN_DEMAND_STATUSES: string[] = [DemandStatus.Published, DemandStatus.InProgress];

/** Stored suggestions and the human pipeline on them. */
@Injectable()
export class MatchService {
  constructor(
    private readonly matches: MatchRepository,
    private readonly events: EventsService,
    private readonly demands: DemandService,
    private readonly achievements: AchievementService,
    private readonly registry: RegistryReads,
    config: AppConfig,
  ) {
    this.showThreshold = loadShowThreshold(config.matching.showThreshold);
    this.workflow = new RecordWorkflow(MATCH_RECORD, matches);
  }

  private readonly workflow: RecordWorkflow<Match, MatchStatus, MatchAction>;

  /** Strength below which an engine suggestion is 低相关 (engine/confidence.ts). */
  readonly showThreshold: number;

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
      await this.matches.lockDemand(manager, demandId);
      const before = new Set(await this.matches.achievementIdsOf(manager, demandId));
      const keep = suggestions.map((s) => s.achievementId);
      await this.matches.upsertSuggestions(manager, suggestions);
      const removed = await this.matches.deleteStaleSuggestions(manager, demandId, keep);
      await this.matches.renumber(manager, [demandId]);
      const added = keep.filter((id) => !before.has(id)).length;
      if (added || removed) {
        await this.events.record(
          manager,
          { userId: null, role: 'system', organisationId: null },
          {
            type: 'demand.matched',
            entityType: 'demand',
            entityId: demandId,
            after: { suggestions: keep.length, added, removed },
          },
        );
      }
      return { added, removed };
    });
  }

  /** Adds reverse-match suggestions (one achievement, several demands) without touching other pairs. */
  async addSuggestions(suggestions: Suggestion[]): Promise<number> {
    if (suggestions.length === 0) return 0;
    return this.events.transaction(async (manager) => {
      for (const demandId of [...new Set(suggestions.map((s) => s.demandId))].sort()) {
        await this.matches.lockDemand(manager, demandId);
      }
      await this.matches.upsertSuggestions(manager, suggestions);
      await this.matches.renumber(
        manager,
        suggestions.map((s) => s.demandId),
      );
      return suggestions.length;
    });
  }

  /**
   * Undecided suggestions of an achievement that left the catalogue, or of a demand that closed, go away — except
   * pinned ones (on an activity's match list), which stay as the record of what was presented.
   */
  async dropSuggestions(where: { achievementId?: string; demandId?: string }): Promise<number> {
    const demandIds = await this.matches.deleteUndecided(where);
    await this.matches.renumber(this.matches.manager, demandIds);
    return demandIds.length;
  }

  /**
   * A demand's stored pairs. Staff read them all, 低相关 ones marked; the enterprise reads only what passes the show
   * threshold (see shownToOwner) and how many were held back, so its page can say 「暂无高匹配度成果」 honestly.
   */
  async forDemand(
    actor: Actor,
    demandId: string,
    status?: MatchStatus,
    limit = 20,
  ): Promise<{ items: MatchView[]; lowRelevanceHidden: number; matched: boolean }> {
    const demand = await this.readableDemand(actor, demandId);
    const reader = isStaff(actor) ? 'staff' : 'owner';
    const all = await this.listFor(actor, { demandId, status }, limit, reader);
    const matched = demand.matchedVersion !== null;
    if (reader === 'staff') return { items: all, lowRelevanceHidden: 0, matched };
    const items = all.filter(shownToOwner);
    return { items, lowRelevanceHidden: all.length - items.length, matched };
  }

  /**
   * The demand if this reader may see its matches (staff, or its owner), else 404 — one read, also what a live
   * match starts from (it needs neither the stored pairs nor a second read of the demand).
   */
  async readableDemand(actor: Actor, demandId: string): Promise<Demand> {
    const demand = await this.registry.demand(demandId);
    if (!demand || !partiesOf(actor, demand.ownerOrganisationId).length) throw AppError.notFound('需求', demandId);
    return demand;
  }

  async forAchievement(actor: Actor, achievementId: string, status?: MatchStatus, limit = 20) {
    await this.readableAchievement(actor, achievementId);
    return this.listFor(actor, { achievementId, status }, limit, isStaff(actor) ? 'staff' : 'institution');
  }

  /** The achievement if this reader may see its matches (staff, or its institution), else 404 — one read. */
  async readableAchievement(actor: Actor, achievementId: string): Promise<Achievement> {
    const achievement = await this.registry.achievement(achievementId);
    if (!achievement || !partiesOf(actor, achievement.institutionId).length) {
      throw AppError.notFound('成果', achievementId);
    }
    return achievement;
  }

  private async listFor(
    actor: Actor,
    where: { demandId?: string; achievementId?: string; status?: MatchStatus },
    limit: number,
    reader: MatchReader,
  ) {
    const rows = await this.withRecords(await this.matches.findOneSide(where, limit));
    // In the order of the scores as shown: an order by the full score would tell a reader without the budget
    // which pairs the budget favoured.
    return rows
      .map((m) => matchFor(reader, toView(actor, m, this.showThreshold)))
      .sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  }

  /**
   * The pairs of an institution's achievements that reached 精准匹配, contracts included, as this reader may see
   * them (一校一档): the institution never reads the enterprise's budget. Callers check the reader is staff or a
   * member of the institution.
   */
  async ofInstitution(actor: Actor, institutionId: string, limit = 500): Promise<MatchView[]> {
    const achievementIds = await this.registry.achievementIdsWhere({ institutions: [institutionId] });
    const rows = await this.withRecords(await this.matches.confirmedOf(achievementIds, limit));
    const reader: MatchReader = isStaff(actor) ? 'staff' : 'institution';
    return rows.map((m) => matchFor(reader, toView(actor, m, this.showThreshold)));
  }

  async list(actor: Actor, query: MatchListQueryDto) {
    if (!isStaff(actor)) throw AppError.forbidden();
    const [found, total] = await this.matches.page(query, await this.pageConstraints(query));
    const rows = await this.withRecords(found);
    return toPage(
      rows.map((m) => toView(actor, m, this.showThreshold)),
      total,
      query,
    );
  }

  async get(actor: Actor, id: string): Promise<MatchView> {
    const found = await this.matches.findById(this.matches.manager, id);
    const [match] = found ? await this.withRecords([found]) : [];
    if (!match) throw AppError.notFound('匹配', id);
    const reader = matchReaderOf(actor, {
      demandOwnerId: match.demand?.ownerOrganisationId,
      institutionId: match.achievement?.institutionId,
    });
    if (!reader) throw AppError.notFound('匹配', id);
    return matchFor(reader, toView(actor, match, this.showThreshold));
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
    const demand = await this.registry.demand(demandId, manager);
    if (!demand || !PUBLIC_DEMAND_STATUSES.includes(demand.status)) {
      throw AppError.invalid([{ field: 'demandId', reason: '需求不存在或未发布' }], '需求不存在或未发布');
    }
    const achievement = await this.registry.achievement(achievementId, manager);
    if (!achievement) {
      throw AppError.invalid([{ field: 'achievementId', reason: '成果不存在' }], '成果不存在');
    }
    const existing = () => this.matches.findPair(demandId, achievementId, manager);
    const taken = (clash: Match) => {
      if (options.reuseExisting) return clash;
      throw AppError.conflict(ErrorCode.CONFLICT, '该需求与成果已有匹配记录', { matchId: clash.id });
    };
    const clash = await existing();
    if (clash) return taken(clash);
    // The engine may store the same pair at this very moment: the insert yields to it instead of failing.
    const id = await this.matches.insertIfAbsent(manager, {
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
    });
    if (!id) return taken((await existing())!);
    const saved = (await this.matches.findById(manager, id))!;
    await this.events.record(manager, actor, {
      type: 'match.created',
      entityType: 'match',
      entityId: saved.id,
      entityVersion: saved.version,
      after: { demandId, achievementId, origin: 'manual', note: note ?? null },
    });
    return saved;
  }

  /**
   * Pins a match inside the caller's transaction: presented on a list, it stays when suggestions are recomputed.
   * False when the match is gone (a recomputation removed it just before).
   */
  /** These matches with both records and their organisations, by id (views in other contexts: follow-ups). */
  async withRecordsByIds(ids: string[]): Promise<Map<string, Match>> {
    const found = await this.matches.findByIds(this.matches.manager, ids);
    return new Map((await this.withRecords(found)).map((m) => [m.id, m]));
  }

  /** Ids of the matches an organisation is a party to (its demands' or its achievements'). */
  async idsOfParty(organisationId: string): Promise<string[]> {
    const [demandIds, achievementIds] = await Promise.all([
      this.registry.demandIdsWhere({ owners: [organisationId] }),
      this.registry.achievementIdsWhere({ institutions: [organisationId] }),
    ]);
    return this.matches.idsTouching(demandIds, achievementIds);
  }

  /** Of these matches, those standing at this stage. */
  async idsWithStatus(ids: string[], status: MatchStatus): Promise<string[]> {
    return (await this.matches.findByIds(this.matches.manager, ids))
      .filter((m) => m.status === status)
      .map((m) => m.id);
  }

  /** These matches with both records and their organisations (the registry's), for views; order kept. */
  private async withRecords(matches: Match[]): Promise<Match[]> {
    const [demands, achievements] = await Promise.all([
      this.registry.demandsWithOwners([...new Set(matches.map((m) => m.demandId))]),
      this.registry.achievementsWithInstitutions([...new Set(matches.map((m) => m.achievementId))]),
    ]);
    for (const m of matches) {
      m.demand = demands.get(m.demandId);
      m.achievement = achievements.get(m.achievementId);
    }
    return matches;
  }

  /** The board's filters on the records, answered by the registry as the ids they select. */
  private async pageConstraints(query: MatchListQueryDto): Promise<PairConstraint[]> {
    const constraints: PairConstraint[] = [];
    if (query.chain) {
      const chains = [query.chain];
      const [demandIds, achievementIds] = await Promise.all([
        this.registry.demandIdsWhere({ chains }),
        this.registry.achievementIdsWhere({ chains }),
      ]);
      constraints.push({ demandIds, achievementIds });
    }
    if (query.organisationId) {
      const [demandIds, achievementIds] = await Promise.all([
        this.registry.demandIdsWhere({ owners: [query.organisationId] }),
        this.registry.achievementIdsWhere({ institutions: [query.organisationId] }),
      ]);
      constraints.push({ demandIds, achievementIds });
    }
    if (query.managerId) {
      const demandIds = await this.registry.demandIdsWhere({ assignedManagerId: query.managerId });
      constraints.push({ demandIds, achievementIds: [], decidedBy: query.managerId });
    }
    return constraints;
  }

  pin(manager: EntityManager, matchId: string): Promise<boolean> {
    return this.matches.pin(manager, matchId);
  }

  /** Unpins a match no list presents any more: the engine may then refresh or drop it like any suggestion. */
  unpin(manager: EntityManager, matchId: string): Promise<void> {
    return this.matches.unpin(manager, matchId);
  }

  /** Pairs confirmed and contracts signed in [from, to), per person who confirmed them (分级评估). */
  ledBetween(from: Date, to: Date): Promise<LedMatches[]> {
    return this.matches.ledBetween(from, to);
  }

  /** The contracted pairs of an enterprise's demands (the enterprise rates the manager who led them). */
  async contractedOfOwner(organisationId: string): Promise<ContractedMatch[]> {
    const demandIds = await this.registry.demandIdsWhere({ owners: [organisationId] });
    return this.contractedViews(await this.matches.contractedAmong(demandIds), organisationId);
  }

  /** One contracted pair, or null. */
  async contracted(id: string): Promise<ContractedMatch | null> {
    const match = await this.matches.findById(this.matches.manager, id);
    if (!match) return null;
    const parties = await this.registry.pairParties(match.demandId, match.achievementId);
    if (!parties.owner) return null;
    const [view] = await this.contractedViews(await this.matches.contractedAmong([match.demandId], id), parties.owner);
    return view ?? null;
  }

  /** Contracted pairs with both titles (the registry's) as their enterprise sees them. */
  private async contractedViews(matches: Match[], ownerOrganisationId: string): Promise<ContractedMatch[]> {
    const [demands, achievements] = await Promise.all([
      this.registry.demandTitles([...new Set(matches.map((m) => m.demandId))]),
      this.registry.achievementTitles([...new Set(matches.map((m) => m.achievementId))]),
    ]);
    return matches.map((m) => ({
      id: m.id,
      demandTitle: demands.get(m.demandId) ?? '',
      achievementTitle: achievements.get(m.achievementId) ?? '',
      confirmedById: m.confirmedById,
      contractedAt: m.contractedAt!,
      ownerOrganisationId,
    }));
  }

  /** The stored matches of these pairs (id, pair and status). */
  ofPairs(pairs: Array<{ demandId: string; achievementId: string }>): Promise<Match[]> {
    return this.matches.ofPairs(pairs);
  }

  /** Stored matches an activity could present (see MatchRepository.presentable). */
  async presentable(filter: PresentableFilter): Promise<PresentableMatch[]> {
    const [demandIds, achievementIds, chainSides] = await Promise.all([
      this.registry.demandIdsWhere({
        statuses: filter.demandStatuses as DemandStatus[],
        ...(filter.enterprises.length ? { owners: filter.enterprises } : {}),
      }),
      this.registry.achievementIdsWhere({
        statuses: [AchievementStatus.Published],
        ...(filter.universities.length ? { institutions: filter.universities } : {}),
      }),
      filter.chains.length
        ? Promise.all([
            this.registry.demandIdsWhere({ chains: filter.chains }),
            this.registry.achievementIdsWhere({ chains: filter.chains }),
          ]).then(([d, a]) => ({ demandIds: d, achievementIds: a }))
        : Promise.resolve(null),
    ]);
    const found = await this.matches.presentable({
      demandIds,
      achievementIds,
      chainSides,
      excludeMatchIds: filter.excludeMatchIds,
      limit: filter.limit,
    });
    const owners = await this.registry.demandOwners([...new Set(found.map((m) => m.demandId))]);
    return found.map((m) => ({
      match_id: m.id,
      status: m.status,
      score: m.score,
      explanation: m.explanation,
      demand_id: m.demandId,
      demand_owner: owners.get(m.demandId)!,
      achievement_id: m.achievementId,
    }));
  }

  /** Suggestions first stored in [since, until) for open demands, with both records (notification digests). */
  async suggestedBetween(since: Date, until: Date): Promise<Match[]> {
    const rows = await this.withRecords(await this.matches.suggestedBetween(since, until));
    return rows.filter((m) => m.demand && OPEN_DEMAND_STATUSES.includes(m.demand.status));
  }

  /** These matches (missing ids are absent), read on the caller's manager. */
  findByIds(manager: EntityManager, ids: string[]): Promise<Match[]> {
    return this.matches.findByIds(manager, ids);
  }

  findById(manager: EntityManager, id: string): Promise<Match | null> {
    return this.matches.findById(manager, id);
  }

  findPair(demandId: string, achievementId: string, manager?: EntityManager): Promise<Match | null> {
    return this.matches.findPair(demandId, achievementId, manager);
  }

  /** The demand of each of these matches, by match id (those that still exist). */
  demandIdsOf(matchIds: string[]): Promise<Map<string, string>> {
    return this.matches.demandIdsOf(matchIds);
  }

  pairExists(demandId: string, achievementId: string): Promise<boolean> {
    return this.matches.pairExists(demandId, achievementId);
  }

  async transition(actor: Actor, id: string, action: MatchAction, dto: MatchTransitionDto): Promise<MatchView> {
    const rule = MATCH_WORKFLOW[action];
    if (rule.reasonRequired && !dto.reason) {
      throw AppError.invalidField('reason', '必填');
    }
    const misplaced = CONTRACT_FIELDS.filter((f) => dto[f] !== undefined);
    if (action !== 'contract' && misplaced.length) {
      throw AppError.invalid(misplaced.map((field) => ({ field, reason: '仅签约时填写' })));
    }
    await this.events.transaction(async (manager) => {
      let now = new Date();
      await this.workflow.transition(manager, actor, id, action, dto.version, {
        apply: (match) => {
          now = new Date();
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
        },
        record: async (saved, from, to) => {
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
        },
      });
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
    const demand = (await this.registry.demand(match.demandId, manager))!;
    const demandAction: DemandAction = dto.demandSolved ? 'solve' : 'start';
    if (DEMAND_WORKFLOW[demandAction].from.includes(demand.status)) {
      await this.demands.transitionWith(manager, actor, demand.id, demandAction, {
        reason: `签约：${match.id}`,
      });
    }
    const transfers = dto.contractMode === CooperationMode.Transfer || dto.contractMode === CooperationMode.Licence;
    const achievement = (await this.registry.achievement(match.achievementId, manager))!;
    if (transfers && ACHIEVEMENT_WORKFLOW.transfer.from.includes(achievement.status)) {
      await this.achievements.transitionWith(manager, actor, achievement.id, 'transfer', {
        reason: `签约：${match.id}`,
      });
    }
  }
}
