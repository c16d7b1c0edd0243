import { Actor, AppError, ErrorCode, isStaff, SYSTEM_ACTOR } from '@app/common';
import { EventsService } from '@app/events';
import { isLowRelevance, MatchingEngine, MatchService, matchStrength } from '@app/matching';
import { AchievementStatus, IndustryChainService, OrganisationKind, RegistryReads } from '@app/registry';
import { Injectable, Logger } from '@nestjs/common';

import { BidRepository } from '../bid/bid.repository';
import { takesBids } from '../challenge/challenge.access';
import {
  BIDDER_KIND_LABELS,
  BidderKind,
  BidStatus,
  ChallengeMechanism,
  ChallengeStatus,
} from '../challenge/challenge.domain';
import { Challenge } from '../challenge/challenge.entity';
import { ChallengeRepository } from '../challenge/challenge.repository';
import { ChallengeService, PublicChallengeView } from '../challenge/challenge.service';
import { SendInvitationsDto } from './dto/invitation.dto';
import {
  ChallengeInvitation,
  ChallengeInvitationProposal,
  INVITATION_SOURCE_LABELS,
  InvitationSource,
  ProposalAchievement,
} from './invitation.entities';
import { InvitationRepository, ProposalRepository } from './invitation.repository';

/** Achievements the engine returns for a call (before grouping by holder). */
const ACHIEVEMENTS_PER_CALL = 60;
/** Institutions proposed per call at most, and achievements shown per institution. */
export const PROPOSED_INSTITUTIONS = 20;
const ACHIEVEMENTS_PER_INSTITUTION = 5;
const TERMS_PER_INSTITUTION = 8;

export interface ProposalView {
  institutionId: string;
  institutionName: string | null;
  rank: number;
  score: number;
  matchedTerms: string[];
  achievements: ProposalAchievement[];
  /** Already invited to the call. */
  invited: boolean;
  computedAt: Date;
}

export interface InvitationView {
  id: string;
  challengeId: string;
  challengeTitle: string;
  institutionId: string;
  institutionName: string | null;
  source: InvitationSource;
  sourceLabel: string;
  message: string | null;
  invitedAt: Date;
  /** The institution leads or joins a live bid on the call. */
  bidSubmitted: boolean;
  version: number;
}

/** An invitation as the invited institution reads it: with the call as the public sees it. */
export interface MyInvitationView extends InvitationView {
  call: Pick<
    PublicChallengeView,
    | 'id'
    | 'title'
    | 'status'
    | 'statusLabel'
    | 'mechanismLabel'
    | 'enterpriseName'
    | 'bidDeadline'
    | 'open'
    | 'fundingTotal'
  >;
}

/** An invited institution that has not bid while the call's deadline comes near. */
export interface DeadlineReminder {
  call: PublicChallengeView;
  institutionId: string;
  /** Whole calendar days until the deadline (Beijing dates). */
  daysLeft: number;
}

/** The text of a call the engine matches against achievements: what it asks, its goals and chains. */
export function callBriefText(c: Pick<Challenge, 'title' | 'problem' | 'indicators'>, chainNames: string[]): string {
  return [
    c.title,
    c.problem,
    c.indicators.map((i) => `${i.name} ${i.target}${i.unit}`).join('；'),
    chainNames.join(' '),
  ].join('\n');
}

/**
 * Why an institution cannot be invited to (or bid on) this call, or null: the call's own enterprise, a kind the call
 * does not admit as lead bidder, or another institution than the one a 定向委托 names. The same rules as a bid's.
 */
export function invitationBlocker(
  c: Pick<Challenge, 'enterpriseOrganisationId' | 'mechanism' | 'directedInstitutionId' | 'eligibility'>,
  org: { id: string; kind: string },
): string | null {
  if (org.id === c.enterpriseOrganisationId) return '出榜企业不能受邀揭自己的榜';
  if (c.mechanism === ChallengeMechanism.Directed && org.id !== c.directedInstitutionId) {
    return '该榜单为定向委托，仅受托单位可以揭榜';
  }
  if (!c.eligibility.institutionKinds.includes(org.kind as BidderKind)) {
    return `该榜单仅接受${c.eligibility.institutionKinds.map((k) => BIDDER_KIND_LABELS[k]).join('、')}作为牵头单位揭榜`;
  }
  return null;
}

const beijingDay = (d: Date) => new Date(d.getTime() + 8 * 3600000).toISOString().slice(0, 10);

/**
 * 邀请揭榜: the engine proposes institutions whose published achievements match a call (grouped by holder, with
 * the achievements, scores and matched terms as reasons); staff read the proposals and send invitations; an
 * invited institution's users read their own invitations. Eligibility is the call's: an invitation admits no one.
 */
@Injectable()
export class InvitationService {
  private readonly logger = new Logger(InvitationService.name);

  constructor(
    private readonly invitations: InvitationRepository,
    private readonly proposalRows: ProposalRepository,
    private readonly challengeRows: ChallengeRepository,
    private readonly challenges: ChallengeService,
    private readonly bids: BidRepository,
    private readonly engine: MatchingEngine,
    private readonly matches: MatchService,
    private readonly registry: RegistryReads,
    private readonly chains: IndustryChainService,
    private readonly events: EventsService,
  ) {}

  /**
   * (Re)computes the call's proposals from the published achievements that match its text as strongly as a shown
   * recommendation (not 低相关), replacing the previous ones, and records `challenge.invitations_proposed`. Only for
   * a call taking bids (a draft is not public yet, a closed call invites no one). Returns the number of institutions proposed, or null when the call is not open.
   */
  async computeProposals(challengeId: string, actor: Actor = SYSTEM_ACTOR): Promise<number | null> {
    const call = await this.challengeRows.findById(challengeId);
    if (!call || call.status !== ChallengeStatus.Published) return null;
    const refs = await this.chains.refs();
    const chainNames = call.industryChainIds.map((id) => refs.get(id)?.name).filter((n): n is string => !!n);
    const suggestions = (
      await this.engine.forBrief(
        {
          id: call.id,
          title: call.title,
          text: callBriefText(call, chainNames),
          industryChainIds: call.industryChainIds,
          chainRequired: false,
        },
        ACHIEVEMENTS_PER_CALL,
      )
    ).filter(
      // What an enterprise would be shown as a recommendation (not 低相关): institutions are told of these proposals.
      (s) =>
        MatchingEngine.worthStoring(s) &&
        !isLowRelevance('engine', matchStrength(s.explanation), this.matches.showThreshold),
    );
    const facts = new Map(
      (await this.registry.achievementFacts(suggestions.map((s) => s.achievementId))).map((a) => [a.id, a]),
    );
    const cards = new Map(
      (await this.registry.achievementCards(suggestions.map((s) => s.achievementId))).map((c) => [c.id, c]),
    );
    const byInstitution = new Map<string, ProposalAchievement[]>();
    for (const s of suggestions) {
      const a = facts.get(s.achievementId);
      if (!a || a.status !== AchievementStatus.Published) continue;
      const list = byInstitution.get(a.institutionId) ?? [];
      list.push({
        achievementId: s.achievementId,
        title: cards.get(s.achievementId)?.title ?? '',
        score: round(s.score),
        matchedTerms: s.explanation.matchedTerms ?? [],
        summary: s.explanation.summary ?? '',
      });
      byInstitution.set(a.institutionId, list);
    }
    const orgs = await this.registry.organisations([...byInstitution.keys()]);
    const now = new Date();
    const ranked = orgs
      .filter((o) => o.kind !== OrganisationKind.Agency && !invitationBlocker(call, o))
      .map((o) => {
        const achievements = byInstitution
          .get(o.id)!
          .sort((x, y) => y.score - x.score || x.achievementId.localeCompare(y.achievementId))
          .slice(0, ACHIEVEMENTS_PER_INSTITUTION);
        const terms = [...new Set(achievements.flatMap((a) => a.matchedTerms))].slice(0, TERMS_PER_INSTITUTION);
        return {
          institutionId: o.id,
          achievements,
          score: achievements[0].score,
          matchedTerms: terms,
          count: byInstitution.get(o.id)!.length,
        };
      })
      .sort((x, y) => y.score - x.score || y.count - x.count || x.institutionId.localeCompare(y.institutionId))
      .slice(0, PROPOSED_INSTITUTIONS);
    const rows = ranked.map((r, i) => ({
      challengeId: call.id,
      institutionId: r.institutionId,
      rank: i + 1,
      score: r.score,
      achievements: r.achievements,
      matchedTerms: r.matchedTerms,
      computedAt: now,
    }));
    await this.events.transaction(async (manager) => {
      await this.proposalRows.replace(manager, call.id, rows);
      await this.events.record(manager, actor, {
        type: 'challenge.invitations_proposed',
        entityType: 'challenge',
        entityId: call.id,
        after: {
          institutionIds: rows.map((r) => r.institutionId),
          achievements: rows.reduce((n, r) => n + r.achievements.length, 0),
        },
      });
    });
    this.logger.log(`Call ${call.id}: ${rows.length} institutions proposed from ${suggestions.length} achievements`);
    return rows.length;
  }

  /** Staff: the call's proposals, strongest first, each marked when already invited. */
  async proposals(actor: Actor, challengeId: string): Promise<ProposalView[]> {
    if (!isStaff(actor)) throw AppError.forbidden('只有技术经理人或管理员可以查看邀请推荐');
    const call = await this.challenges.readable(actor, challengeId);
    const rows = await this.proposalRows.ofChallenge(call.id);
    const names = await this.registry.organisationNames(rows.map((r) => r.institutionId));
    const invited = new Set((await this.invitations.ofChallenge(call.id)).map((i) => i.institutionId));
    return rows.map((r: ChallengeInvitationProposal) => ({
      institutionId: r.institutionId,
      institutionName: names.get(r.institutionId) ?? null,
      rank: r.rank,
      score: r.score,
      matchedTerms: r.matchedTerms,
      achievements: r.achievements,
      invited: invited.has(r.institutionId),
      computedAt: r.computedAt,
    }));
  }

  /** Staff: recompute now (e.g. after new achievements were published), then read. */
  async recompute(actor: Actor, challengeId: string): Promise<ProposalView[]> {
    if (!isStaff(actor)) throw AppError.forbidden('只有技术经理人或管理员可以重新计算邀请推荐');
    const call = await this.challenges.readable(actor, challengeId);
    if (call.status !== ChallengeStatus.Published) {
      throw AppError.conflict(ErrorCode.INCOMPLETE_FOR_TRANSITION, '只有揭榜中的榜单可以计算邀请推荐', {
        status: call.status,
      });
    }
    await this.computeProposals(call.id, actor);
    return this.proposals(actor, call.id);
  }

  /**
   * Staff invite institutions to a call taking bids: one invitation (and one `challenge_invitation.sent`) per
   * institution not yet invited; every institution must exist and be eligible for the call, else nothing is stored.
   */
  async invite(
    actor: Actor,
    challengeId: string,
    dto: SendInvitationsDto,
  ): Promise<{ invited: InvitationView[]; alreadyInvited: string[] }> {
    if (!isStaff(actor)) throw AppError.forbidden('只有技术经理人或管理员可以发出揭榜邀请');
    const result = await this.events.transaction(async (manager) => {
      const call = await this.challenges.lock(manager, challengeId);
      if (!call) throw AppError.notFound('榜单', challengeId);
      if (call.status !== ChallengeStatus.Published) {
        throw AppError.conflict(ErrorCode.INCOMPLETE_FOR_TRANSITION, '只有揭榜中的榜单可以发出揭榜邀请', {
          status: call.status,
        });
      }
      if (!takesBids(call)) throw AppError.conflict(ErrorCode.BID_DEADLINE_PASSED, '揭榜已截止，不能再发出邀请');
      const orgs = await this.registry.organisations(dto.institutionIds, manager);
      const missing = dto.institutionIds.filter(
        (id) => !orgs.some((o) => o.id === id && o.kind !== OrganisationKind.Agency),
      );
      if (missing.length) {
        throw AppError.invalidField('institutionIds', '单位不存在或不是高校院所、企业', { ids: missing });
      }
      for (const org of orgs) {
        const blocker = invitationBlocker(call, org);
        if (blocker) {
          throw AppError.conflict(ErrorCode.NOT_ELIGIBLE, `${org.name}：${blocker}`, { institutionId: org.id });
        }
      }
      const already = await this.invitations.invitedIn(manager, call.id, dto.institutionIds);
      const proposed = new Set((await this.proposalRows.ofChallenge(call.id, manager)).map((p) => p.institutionId));
      const created: ChallengeInvitation[] = [];
      const now = new Date();
      for (const institutionId of dto.institutionIds.filter((id) => !already.has(id))) {
        const source = proposed.has(institutionId) ? InvitationSource.Proposal : InvitationSource.Manual;
        const row = await this.invitations.save(
          manager,
          this.invitations.create({
            challengeId: call.id,
            institutionId,
            source,
            message: dto.message ?? null,
            invitedById: actor.userId,
            invitedAt: now,
          }),
        );
        await this.events.record(manager, actor, {
          type: 'challenge_invitation.sent',
          entityType: 'challenge_invitation',
          entityId: row.id,
          entityVersion: row.version,
          after: { challengeId: call.id, institutionId, source, message: row.message },
        });
        created.push(row);
      }
      return { call, created, already: [...already] };
    });
    return { invited: await this.views(result.call, result.created), alreadyInvited: result.already };
  }

  /** The call's invitations: all for staff; an institution's users only their own; no one else sees any. */
  async list(actor: Actor, challengeId: string): Promise<InvitationView[]> {
    const call = await this.challenges.readable(actor, challengeId);
    if (isStaff(actor)) return this.views(call, await this.invitations.ofChallenge(call.id));
    if (!actor.organisationId) return [];
    return this.views(call, await this.invitations.ofChallenge(call.id, actor.organisationId));
  }

  /** The invitations of the actor's institution, newest first, each with its call as the public reads it. */
  async mine(actor: Actor): Promise<MyInvitationView[]> {
    if (!actor.organisationId) return [];
    const rows = await this.invitations.ofInstitution(actor.organisationId);
    const out: MyInvitationView[] = [];
    for (const row of rows) {
      const call = await this.challenges.getPublic(row.challengeId).catch(() => null);
      if (!call) continue; // a cancelled call is no longer public: its invitation goes with it
      const [view] = await this.views(call as unknown as Challenge, [row]);
      out.push({
        ...view,
        call: {
          id: call.id,
          title: call.title,
          status: call.status,
          statusLabel: call.statusLabel,
          mechanismLabel: call.mechanismLabel,
          enterpriseName: call.enterpriseName,
          bidDeadline: call.bidDeadline,
          open: call.open,
          fundingTotal: call.fundingTotal,
        },
      });
    }
    return out;
  }

  /** The stored proposal of one institution for a call, or null (notifications name its matching achievements). */
  async proposalOf(challengeId: string, institutionId: string): Promise<ChallengeInvitationProposal | null> {
    return (await this.proposalRows.ofChallenge(challengeId)).find((p) => p.institutionId === institutionId) ?? null;
  }

  /** One invitation with its call as the public reads it (notifications), or null once the call is not public. */
  async invitationFacts(id: string): Promise<{ invitation: ChallengeInvitation; call: PublicChallengeView } | null> {
    const invitation = await this.invitations.findById(id);
    if (!invitation) return null;
    const call = await this.challenges.getPublic(invitation.challengeId).catch(() => null);
    return call ? { invitation, call } : null;
  }

  /**
   * Invited institutions that have not bid (neither leading nor joining a live bid) on a call taking bids whose
   * deadline is at most `days` calendar days (Beijing dates) after `at` and still ahead of it.
   */
  async deadlineReminders(at: Date, days: number): Promise<DeadlineReminder[]> {
    const today = Date.parse(beijingDay(at));
    const calls = (await this.challengeRows.withStatus([ChallengeStatus.Published])).filter((c) => {
      const deadline = new Date(c.bidDeadline);
      return deadline.getTime() > at.getTime() && (Date.parse(beijingDay(deadline)) - today) / 86400000 <= days;
    });
    const invitations = await this.invitations.ofChallenges(calls.map((c) => c.id));
    const out: DeadlineReminder[] = [];
    for (const call of calls) {
      const invited = invitations.filter((i) => i.challengeId === call.id);
      if (!invited.length) continue;
      const bidders = await this.biddersOf(call.id);
      const pending = invited.filter((i) => !bidders.has(i.institutionId));
      if (!pending.length) continue;
      const view = await this.challenges.getPublic(call.id).catch(() => null);
      if (!view) continue;
      const daysLeft = Math.round((Date.parse(beijingDay(new Date(call.bidDeadline))) - today) / 86400000);
      for (const i of pending) out.push({ call: view, institutionId: i.institutionId, daysLeft });
    }
    return out;
  }

  /** Organisations leading or joining a live bid of the call. */
  private async biddersOf(challengeId: string): Promise<Set<string>> {
    const live = (await this.bids.ofChallenge(challengeId, {})).filter((b) => b.status !== BidStatus.Withdrawn);
    return new Set(live.flatMap((b) => [b.bidderOrganisationId, ...b.members.map((m) => m.organisationId)]));
  }

  private async views(call: Pick<Challenge, 'id' | 'title'>, rows: ChallengeInvitation[]): Promise<InvitationView[]> {
    if (!rows.length) return [];
    const names = await this.registry.organisationNames(rows.map((r) => r.institutionId));
    const bidders = await this.biddersOf(call.id);
    return rows.map((r) => ({
      id: r.id,
      challengeId: r.challengeId,
      challengeTitle: call.title,
      institutionId: r.institutionId,
      institutionName: names.get(r.institutionId) ?? null,
      source: r.source,
      sourceLabel: INVITATION_SOURCE_LABELS[r.source],
      message: r.message,
      invitedAt: r.invitedAt,
      bidSubmitted: bidders.has(r.institutionId),
      version: r.version,
    }));
  }
}

const round = (x: number) => Math.round(x * 10000) / 10000;
