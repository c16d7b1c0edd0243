import { Actor } from '@app/common';
import { explainFor, MatchingEngine, MatchService, MatchStatus, mayReadBudget, Suggestion } from '@app/matching';
import { AchievementStatus, DemandStatus, RecordCard, RegistryReads } from '@app/registry';
import { Injectable, Logger } from '@nestjs/common';

import { ParticipantRole } from '../activity/activity.domain';
import { ActivityService } from '../activity/activity.service';
import { ProposalQueryDto } from './dto/match-list.dto';
import { MatchListItemsRepository } from './match-list-items.repository';

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
export const OPEN_DEMAND_STATUSES: DemandStatus[] = [DemandStatus.Published, DemandStatus.InProgress];

/** How many open demands of participants a live proposal run matches at most (each is one engine query). */
const LIVE_DEMANDS = 30;

/** Pairs an organiser may put on an activity's match list: stored matches, and with `live`, the engine's. */
@Injectable()
export class MatchProposalsService {
  private readonly logger = new Logger(MatchProposalsService.name);

  constructor(
    private readonly items: MatchListItemsRepository,
    private readonly activities: ActivityService,
    private readonly matches: MatchService,
    private readonly engine: MatchingEngine,
    private readonly registry: RegistryReads,
  ) {}

  /**
   * Pairs worth presenting: stored suggestions and confirmed matches whose demand belongs to a participating
   * enterprise and whose achievement to a participating university (each side unrestricted when the activity has no
   * participant of that kind), touching the activity's chains (when it has any), not rejected and not yet on the
   * list. With `live`, the engine also runs now over participants' open demands (or the chains' newest open
   * demands when no enterprise participates) under the same restrictions.
   */
  async proposals(actor: Actor, activityId: string, query: ProposalQueryDto): Promise<ProposalView[]> {
    const activity = await this.activities.loadManageable(this.items.manager, actor, activityId);
    const limit = query.limit ?? 50;
    const participants = await this.activities.participantsOf(this.items.manager, activityId);
    const enterprises = participants.filter((p) => p.role === ParticipantRole.Enterprise).map((p) => p.organisationId);
    const universities = participants.filter((p) => p.role === ParticipantRole.University).map((p) => p.organisationId);
    const chains = activity.industryChainIds;
    const stored = await this.matches.presentable({
      demandStatuses: OPEN_DEMAND_STATUSES,
      enterprises,
      universities,
      chains,
      excludeMatchIds: await this.items.matchIdsOn(activityId),
      limit,
    });
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
        const existing = await this.matches.ofPairs(pairs.map((p) => ({ demandId: p.d, achievementId: p.a })));
        const listed = new Set(await this.items.matchIdsOn(activityId));
        for (const m of existing) {
          const key = `${m.demandId}:${m.achievementId}`;
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
    const demands = await this.registry.newestDemands({
      statuses: OPEN_DEMAND_STATUSES,
      owners: enterprises,
      chains,
      limit: LIVE_DEMANDS,
    });
    if (!demands.length) return [];
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
    const achievements = await this.registry.achievementFacts([...new Set(suggestions.map((s) => s.achievementId))]);
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
    const byId = (cards: RecordCard[]) => new Map(cards.map((c) => [c.id, c]));
    return {
      demands: byId(await this.registry.demandCards(demandIds)),
      achievements: byId(await this.registry.achievementCards(achievementIds)),
    };
  }
}
