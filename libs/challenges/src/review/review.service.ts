import { Actor, AppError, assertVersion, ErrorCode, isStaff, Role } from '@app/common';
import { EventsService } from '@app/events';
import { RegistryReads, USER_DIRECTORY, UserDirectory } from '@app/registry';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { ChallengeBid } from '../bid/bid.entity';
import { BidService } from '../bid/bid.service';
import { BidStatus, CHALLENGE_STATUS_LABELS, ChallengeMechanism, ChallengeStatus } from '../challenge/challenge.domain';
import { Challenge } from '../challenge/challenge.entity';
import { ChallengeRepository } from '../challenge/challenge.repository';
import { ChallengeService, ChallengeView } from '../challenge/challenge.service';
import { ChallengeTransitionDto } from '../challenge/dto/challenge.dto';
import { ProjectService } from '../project/project.service';
import { AssignReviewersDto, AwardDto, ReasonDto, ScoreBidDto } from './dto/review.dto';
import { BidScore, ChallengeReviewer } from './review.entities';
import { ReviewRepository } from './review.repository';
import { conflictOf, scoreSheetErrors, summariseReview, weightedTotal } from './review.rules';

/** Statuses in which the experts read the bids of their call. */
const REVIEW_READ_STATUSES = [ChallengeStatus.UnderReview, ChallengeStatus.Awarded, ChallengeStatus.Completed];
/** Statuses in which the expert panel may still be changed. */
const PANEL_STATUSES = [ChallengeStatus.Draft, ChallengeStatus.Published, ChallengeStatus.Closed];
/** Statuses in which an expert may declare a conflict. */
const CONFLICT_STATUSES = [ChallengeStatus.Published, ChallengeStatus.Closed, ChallengeStatus.UnderReview];

/** Who reads a review: staff see the experts; the call's enterprise sees them anonymised; an expert, their sheet. */
export type ReviewAudience = 'staff' | 'enterprise' | 'expert';

const organisationsOf = (bid: ChallengeBid) => [bid.bidderOrganisationId, ...bid.members.map((m) => m.organisationId)];

@Injectable()
export class ReviewService implements OnModuleInit {
  constructor(
    private readonly reviews: ReviewRepository,
    private readonly challengeRows: ChallengeRepository,
    private readonly challenges: ChallengeService,
    private readonly bids: BidService,
    private readonly projects: ProjectService,
    private readonly events: EventsService,
    private readonly registry: RegistryReads,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
  ) {}

  onModuleInit(): void {
    // Assigned experts (not excused) read every bid of their call once the review has started.
    this.bids.addReaders(async (actor, call, manager) => {
      if (!actor.userId || !REVIEW_READ_STATUSES.includes(call.status)) return false;
      const reviewer = await this.reviews.reviewer(call.id, actor.userId, manager);
      return !!reviewer && !reviewer.excusedAt;
    });
  }

  /** Staff set the call's expert panel (replacing it) until the review starts. */
  async assignReviewers(actor: Actor, challengeId: string, dto: AssignReviewersDto) {
    if (!isStaff(actor)) throw AppError.forbidden('只有技术经理人或管理员可以指定评审专家');
    await this.events.transaction(async (manager) => {
      const call = await this.lockCall(manager, actor, challengeId);
      assertVersion(call, dto.version);
      if (!PANEL_STATUSES.includes(call.status)) {
        throw AppError.conflict(
          ErrorCode.NOT_EDITABLE,
          `榜单处于“${CHALLENGE_STATUS_LABELS[call.status]}”状态，不能调整评审专家`,
          {
            status: call.status,
          },
        );
      }
      const rows = [];
      for (const userId of dto.userIds) {
        const user = await this.users.findUser(userId, manager);
        if (!user?.active) throw AppError.invalidField('userIds', '用户不存在或已停用', { id: userId });
        if (!user.expert) {
          throw AppError.invalidField('userIds', `“${user.name}”不是评审专家，请先由管理员在用户管理中设为评审专家`, {
            id: userId,
          });
        }
        if (user.organisationId && user.organisationId === call.enterpriseOrganisationId) {
          throw AppError.invalidField('userIds', '出榜企业的人员不能担任本榜单的评审专家', { id: userId });
        }
        rows.push({ userId, organisationId: user.organisationId, assignedById: actor.userId });
      }
      const before = (await this.reviews.reviewersOf(call.id, manager)).map((r) => r.userId);
      await this.reviews.replaceReviewers(manager, call.id, rows);
      const version = await this.challengeRows.touch(manager, call.id);
      await this.events.record(manager, actor, {
        type: 'challenge.reviewers_assigned',
        entityType: 'challenge',
        entityId: call.id,
        entityVersion: version,
        before: { reviewers: before },
        after: { reviewers: dto.userIds },
      });
    });
    return this.review(actor, challengeId);
  }

  /** An admin excuses an expert (recorded): the review no longer waits for them, and their scores no longer count. */
  async excuse(actor: Actor, challengeId: string, userId: string, dto: ReasonDto) {
    if (actor.role !== Role.Admin) throw AppError.forbidden('只有管理员可以批准专家免评');
    await this.events.transaction(async (manager) => {
      const call = await this.lockCall(manager, actor, challengeId);
      const reviewer = await this.reviews.reviewer(call.id, userId, manager);
      if (!reviewer) throw AppError.notFound('评审专家', userId);
      if (reviewer.excusedAt) throw AppError.conflict(ErrorCode.ILLEGAL_TRANSITION, '该专家已免评');
      if (![ChallengeStatus.Closed, ChallengeStatus.UnderReview].includes(call.status)) {
        throw AppError.conflict(
          ErrorCode.ILLEGAL_TRANSITION,
          `榜单处于“${CHALLENGE_STATUS_LABELS[call.status]}”状态，不能批准免评`,
        );
      }
      reviewer.excusedAt = new Date();
      reviewer.excusedById = actor.userId;
      reviewer.excuseReason = dto.reason;
      await this.reviews.saveReviewer(manager, reviewer);
      const version = await this.challengeRows.touch(manager, call.id);
      await this.events.record(manager, actor, {
        type: 'challenge.reviewer_excused',
        entityType: 'challenge',
        entityId: call.id,
        entityVersion: version,
        before: { userId, excused: false },
        after: { userId, excused: true, reason: dto.reason },
      });
    });
    return this.review(actor, challengeId);
  }

  /**
   * An expert declares a conflict of interest with a bid: they may not score it (a score already given is removed).
   * Open from publication on: the expert's sheet lists the bidders before the review, so 回避 can be declared early.
   */
  async declareConflict(actor: Actor, bidId: string, dto: ReasonDto) {
    const callId = await this.events.transaction(async (manager) => {
      const { bid, call, reviewer } = await this.asReviewer(manager, actor, bidId);
      if (!CONFLICT_STATUSES.includes(call.status)) {
        throw AppError.conflict(
          ErrorCode.ILLEGAL_TRANSITION,
          `榜单处于“${CHALLENGE_STATUS_LABELS[call.status]}”状态，不能申报回避`,
        );
      }
      const declared = await this.reviews.conflictsOf(call.id, manager);
      if (declared.some((c) => c.bidId === bid.id && c.userId === reviewer.userId)) {
        throw AppError.conflict(ErrorCode.CONFLICT, '已对该方案申报回避');
      }
      await this.reviews.addConflict(manager, {
        bidId: bid.id,
        userId: reviewer.userId,
        challengeId: call.id,
        reason: dto.reason,
      });
      const removed = await this.reviews.deleteScore(manager, bid.id, reviewer.userId);
      await this.events.record(manager, actor, {
        type: 'challenge_bid.conflict_declared',
        entityType: 'challenge_bid',
        entityId: bid.id,
        after: { challengeId: call.id, reviewerUserId: reviewer.userId, reason: dto.reason, scoreRemoved: removed },
      });
      return call.id;
    });
    // The expert's own sheet (bidders and conflicts, no bid contents): readable before the review starts, when the
    // bids themselves are not yet open to the panel, so a declaration made early is answered like one made later.
    return this.review(actor, callId);
  }

  /** An expert scores a bid on every criterion (0–100) during the review; scoring again replaces their sheet. */
  async score(actor: Actor, bidId: string, dto: ScoreBidDto) {
    await this.events.transaction(async (manager) => {
      const { bid, call, reviewer } = await this.asReviewer(manager, actor, bidId);
      if (call.status !== ChallengeStatus.UnderReview) {
        throw AppError.conflict(
          ErrorCode.ILLEGAL_TRANSITION,
          `榜单处于“${CHALLENGE_STATUS_LABELS[call.status]}”状态，不在专家评审阶段，不能评分`,
          { status: call.status },
        );
      }
      if (bid.status !== BidStatus.Submitted)
        throw AppError.conflict(ErrorCode.ILLEGAL_TRANSITION, '该方案不在评审范围内');
      const conflict = conflictOf(
        { userId: reviewer.userId, organisationId: reviewer.organisationId },
        { id: bid.id, organisations: organisationsOf(bid) },
        await this.reviews.conflictsOf(call.id, manager),
      );
      if (conflict) {
        throw AppError.conflict(
          ErrorCode.CONFLICT_OF_INTEREST,
          conflict === 'rule' ? '您所在单位参与了该方案，需回避，不能评分' : '您已对该方案申报回避，不能评分',
        );
      }
      const sheet = scoreSheetErrors(call.criteria, dto.scores);
      if (sheet.missing.length || sheet.unknown.length || sheet.repeated.length) {
        throw AppError.invalidField(
          'scores',
          sheet.missing.length
            ? `须对每项评审指标打分，缺少：${sheet.missing.join('、')}`
            : sheet.unknown.length
              ? `不是本榜单的评审指标：${sheet.unknown.join('、')}`
              : `评审指标重复：${sheet.repeated.join('、')}`,
          sheet,
        );
      }
      const existing = await this.reviews.score(bid.id, reviewer.userId, manager);
      const total = weightedTotal(call.criteria, dto.scores);
      await this.reviews.saveScore(manager, {
        ...(existing ? { id: existing.id, createdAt: existing.createdAt } : {}),
        challengeId: call.id,
        bidId: bid.id,
        reviewerUserId: reviewer.userId,
        scores: call.criteria.map((c) => ({
          criterion: c.name,
          score: dto.scores.find((s) => s.criterion === c.name)!.score,
        })),
        comment: dto.comment ?? '',
        weightedTotal: total,
      });
      await this.events.record(manager, actor, {
        type: 'challenge_bid.scored',
        entityType: 'challenge_bid',
        entityId: bid.id,
        before: existing ? { weightedTotal: existing.weightedTotal } : null,
        after: { challengeId: call.id, reviewerUserId: reviewer.userId, weightedTotal: total },
      });
    });
    return this.myReview(actor, bidId);
  }

  /**
   * The review of a call, by audience:
   * - staff: every bid's aggregate (weighted mean, spread, rank), the panel (who, progress, excuse reason) and the
   *   pairs still to score and in conflict, naming the experts;
   * - the call's enterprise: the same aggregates and the panel's progress, but the experts stay confidential
   *   (评审专家名单保密): each row is only a label (专家 1, 专家 2 … in the order of assignment) with its counts and
   *   whether the expert was excused; no user id, name or excuse reason, and no pairs (`pending`, `conflicts` are null:
   *   a pair would tie a label to a bid, and a `rule` conflict to a bidder's organisation);
   * - an assigned expert: their own sheet only (the bids, their scores, their conflicts).
   * Others: 404.
   */
  async review(actor: Actor, challengeId: string) {
    const call = await this.challenges.readable(actor, challengeId);
    const reviewers = await this.reviews.reviewersOf(call.id);
    const view: ReviewAudience = isStaff(actor)
      ? 'staff'
      : actor.organisationId && actor.organisationId === call.enterpriseOrganisationId
        ? 'enterprise'
        : 'expert';
    const me = actor.userId ? reviewers.find((r) => r.userId === actor.userId) : undefined;
    if (view === 'expert' && !me) throw AppError.notFound('评审', challengeId);
    const bids = await this.bids.ofChallenge(undefined, call.id, [
      BidStatus.Submitted,
      BidStatus.Awarded,
      BidStatus.NotAwarded,
    ]);
    const conflicts = await this.reviews.conflictsOf(call.id);
    const scores = await this.reviews.scoresOf(call.id);
    const summary = summariseReview({
      criteria: call.criteria,
      bids: bids.map((b) => ({ id: b.id, organisations: organisationsOf(b) })),
      reviewers: reviewers.map((r) => ({ userId: r.userId, organisationId: r.organisationId, excused: !!r.excusedAt })),
      conflicts,
      scores,
    });
    const names = await this.registry.organisationNames([...new Set(bids.map((b) => b.bidderOrganisationId))]);
    const bidderOf = (bidId: string) => {
      const bid = bids.find((b) => b.id === bidId)!;
      return {
        bidderOrganisationId: bid.bidderOrganisationId,
        bidderName: names.get(bid.bidderOrganisationId) ?? null,
        status: bid.status,
      };
    };
    const mine = me ? this.sheetOf(me, bids, conflicts, scores, bidderOf) : null;
    const base = {
      challengeId: call.id,
      status: call.status,
      criteria: call.criteria,
      complete: summary.complete,
      view,
      mine,
    };
    if (view === 'expert') return { ...base, bids: null, panel: null, pending: null, conflicts: null };
    const staff = view === 'staff';
    const panel = [];
    // reviewersOf keeps the order of assignment (never the user ids'), so a label means the same expert to everyone.
    for (const [i, r] of reviewers.entries()) {
      const user = staff ? await this.users.findUser(r.userId) : null;
      panel.push({
        label: `专家 ${i + 1}`,
        userId: staff ? r.userId : null,
        name: user?.name ?? null,
        excused: !!r.excusedAt,
        excuseReason: staff ? r.excuseReason : null,
        pending: summary.pending.filter((p) => p.userId === r.userId).length,
        scored: scores.filter((s) => s.reviewerUserId === r.userId).length,
        conflicts: summary.conflicts.filter((c) => c.userId === r.userId).length,
      });
    }
    return {
      ...base,
      bids: summary.bids.map((b) => ({ ...b, ...bidderOf(b.bidId) })),
      panel,
      pending: staff ? summary.pending : null,
      conflicts: staff ? summary.conflicts : null,
    };
  }

  async startReview(actor: Actor, id: string, dto: ChallengeTransitionDto): Promise<ChallengeView> {
    return this.challenges.transition(actor, id, 'start-review', dto, {
      guard: async (manager, call) => {
        const bids = await this.bids.ofChallenge(manager, call.id, [BidStatus.Submitted]);
        const active = (await this.reviews.reviewersOf(call.id, manager)).filter((r) => !r.excusedAt);
        if (!bids.length || !active.length) {
          throw AppError.conflict(
            ErrorCode.INCOMPLETE_FOR_TRANSITION,
            !bids.length ? '没有有效的揭榜方案，不能开始评审' : '尚未指定评审专家，不能开始评审',
            { bids: bids.length, reviewers: active.length },
          );
        }
      },
    });
  }

  /**
   * 定榜: once every assigned expert has scored every bid they may score (or is excused), the winners (one, or up to
   * raceTeams for 赛马制) are awarded, the other bids are not, and a project is created per winner.
   */
  async award(actor: Actor, id: string, dto: AwardDto): Promise<ChallengeView> {
    return this.challenges.transition(actor, id, 'award', dto, {
      guard: async (manager, call) => {
        const max = call.mechanism === ChallengeMechanism.HorseRace ? (call.raceTeams ?? 1) : 1;
        if (dto.bidIds.length > max) {
          throw AppError.invalidField(
            'bidIds',
            call.mechanism === ChallengeMechanism.HorseRace
              ? `赛马制最多支持 ${max} 支团队`
              : '揭榜挂帅与定向委托只能确定一个揭榜单位',
          );
        }
        const bids = await this.bids.ofChallenge(manager, call.id, [BidStatus.Submitted]);
        const unknown = dto.bidIds.filter((b) => !bids.some((x) => x.id === b));
        if (unknown.length) throw AppError.invalidField('bidIds', '不是本榜单的有效揭榜方案', { ids: unknown });
        const summary = summariseReview({
          criteria: call.criteria,
          bids: bids.map((b) => ({ id: b.id, organisations: organisationsOf(b) })),
          reviewers: (await this.reviews.reviewersOf(call.id, manager)).map((r) => ({
            userId: r.userId,
            organisationId: r.organisationId,
            excused: !!r.excusedAt,
          })),
          conflicts: await this.reviews.conflictsOf(call.id, manager),
          scores: await this.reviews.scoresOf(call.id, manager),
        });
        if (!summary.complete) {
          throw AppError.conflict(
            ErrorCode.REVIEW_INCOMPLETE,
            `专家评审尚未完成：还有 ${summary.pending.length} 份评分未提交（或由管理员批准免评），不能定榜`,
            { pending: summary.pending },
          );
        }
        const unscored = dto.bidIds.filter((b) => !summary.bids.find((s) => s.bidId === b)?.scoreCount);
        if (unscored.length) {
          throw AppError.conflict(ErrorCode.REVIEW_INCOMPLETE, '入选方案没有有效的专家评分，不能定榜', {
            ids: unscored,
          });
        }
      },
      after: async (manager, call) => {
        const bids = await this.bids.ofChallenge(manager, call.id, [BidStatus.Submitted]);
        const winners = bids.filter((b) => dto.bidIds.includes(b.id));
        await this.bids.setOutcome(manager, winners, BidStatus.Awarded);
        await this.bids.setOutcome(
          manager,
          bids.filter((b) => !dto.bidIds.includes(b.id)),
          BidStatus.NotAwarded,
        );
        const projects = await this.projects.createForAward(manager, actor, call, winners, call.awardedAt!);
        return { awardedBidIds: dto.bidIds, projectIds: projects.map((p) => p.id), awardedAt: call.awardedAt };
      },
    });
  }

  /** The call completes once none of its projects runs (each accepted, failed or eliminated). */
  async complete(actor: Actor, id: string, dto: ChallengeTransitionDto): Promise<ChallengeView> {
    return this.challenges.transition(actor, id, 'complete', dto, {
      guard: async (manager, call) => {
        const running = await this.projects.running(manager, call.id);
        if (running.length) {
          throw AppError.conflict(
            ErrorCode.INCOMPLETE_FOR_TRANSITION,
            `还有 ${running.length} 个攻关项目未验收，不能完成榜单`,
            {
              projects: running.map((p) => p.id),
            },
          );
        }
      },
    });
  }

  private sheetOf(
    me: ChallengeReviewer,
    bids: ChallengeBid[],
    conflicts: Array<{ bidId: string; userId: string; reason: string }>,
    scores: BidScore[],
    bidderOf: (bidId: string) => Record<string, unknown>,
  ) {
    return {
      excused: !!me.excusedAt,
      bids: bids.map((b) => {
        const conflict = conflictOf(me, { id: b.id, organisations: organisationsOf(b) }, conflicts);
        const mine = scores.find((s) => s.bidId === b.id && s.reviewerUserId === me.userId);
        return {
          bidId: b.id,
          ...bidderOf(b.id),
          conflict,
          conflictReason: conflicts.find((c) => c.bidId === b.id && c.userId === me.userId)?.reason ?? null,
          score: mine ? { scores: mine.scores, comment: mine.comment, weightedTotal: mine.weightedTotal } : null,
        };
      }),
    };
  }

  private async myReview(actor: Actor, bidId: string) {
    const { call } = await this.bids.readable(actor, bidId);
    return this.review(actor, call.id);
  }

  private async lockCall(manager: EntityManager, actor: Actor, id: string): Promise<Challenge> {
    const call = await this.challenges.lock(manager, id);
    if (!call || !isStaff(actor)) throw AppError.notFound('榜单', id);
    return call;
  }

  /** The bid, its call and the actor's (not excused) place on the call's panel; 404 for anyone else. */
  private async asReviewer(manager: EntityManager, actor: Actor, bidId: string) {
    // The call first, then the bid: the order the award takes.
    const found = await this.bids.lockBid(manager, bidId, false);
    const call = found ? await this.challenges.lock(manager, found.challengeId) : null;
    const bid = call ? await this.bids.lockBid(manager, bidId) : null;
    const reviewer = call && actor.userId ? await this.reviews.reviewer(call.id, actor.userId, manager) : null;
    if (!bid || !call || !reviewer) throw AppError.notFound('揭榜方案', bidId);
    if (reviewer.excusedAt) throw AppError.forbidden('您已免评，不能再评分或申报回避');
    return { bid, call, reviewer };
  }
}
