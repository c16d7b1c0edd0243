import { Actor, AppError, ErrorCode, isStaff, RecordKind, RecordWorkflow, Role } from '@app/common';
import { EventsService } from '@app/events';
import { Organisation, OrganisationKind, RegistryReads } from '@app/registry';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { canReadChallenge, takesBids } from '../challenge/challenge.access';
import {
  BID_STATUS_LABELS,
  BIDDER_KIND_LABELS,
  BidderKind,
  BidStatus,
  ChallengeMechanism,
  fileRefFor,
} from '../challenge/challenge.domain';
import { Challenge } from '../challenge/challenge.entity';
import { ChallengeService } from '../challenge/challenge.service';
import { challengeRegion, inRegion, locationOf } from '../challenge/challenge-regions';
import { ChallengeBid } from './bid.entity';
import { BidRepository } from './bid.repository';
import { BID_EDITABLE_STATUSES, BID_WORKFLOW, BidAction } from './bid.workflow';
import { BidFieldsDto, BidTransitionDto, SubmitBidDto, UpdateBidDto } from './dto/bid.dto';

const CONTENT_FIELDS: (keyof ChallengeBid)[] = [
  'consortiumName',
  'members',
  'approach',
  'team',
  'milestones',
  'requestedFunding',
];

/** The bid's own parties for the workflow: staff, and the lead organisation as owner. */
const BID_RECORD: RecordKind<ChallengeBid, BidStatus, BidAction> = {
  label: '揭榜方案',
  statusLabels: BID_STATUS_LABELS,
  workflow: BID_WORKFLOW,
  editable: BID_EDITABLE_STATUSES,
  contentFields: CONTENT_FIELDS,
  ownerOf: (b) => b.bidderOrganisationId,
  readable: (actor, b) => isStaff(actor) || actor.organisationId === b.bidderOrganisationId,
  toRow: ({ challenge: _c, ...row }) => row as ChallengeBid,
};

export interface BidView extends Omit<ChallengeBid, 'challenge' | 'submittedById'> {
  statusLabel: string;
  challengeTitle: string;
  bidderName: string | null;
  members: Array<{ organisationId: string; role: string; organisationName: string | null }>;
  /** What the caller may do now: `edit`, `withdraw`. */
  allowedActions: string[];
}

function deadlineMessage(call: Challenge): string {
  const at = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(call.bidDeadline));
  return `揭榜已截止（截止时间 ${at}），方案不能再提交、修改或撤回`;
}

function memberOf(actor: Actor, bid: ChallengeBid): boolean {
  return !!actor.organisationId && bid.members.some((m) => m.organisationId === actor.organisationId);
}

function snapshot(b: ChallengeBid): Record<string, unknown> {
  const { challenge: _c, ...rest } = b;
  return rest;
}

@Injectable()
export class BidService {
  private readonly workflow: RecordWorkflow<ChallengeBid, BidStatus, BidAction>;
  /** Extra readers of a call's bids (the review adds the assigned experts). */
  private extraReaders: (actor: Actor, call: Challenge, manager?: EntityManager) => Promise<boolean> = () =>
    Promise.resolve(false);

  constructor(
    private readonly bids: BidRepository,
    private readonly challenges: ChallengeService,
    private readonly events: EventsService,
    private readonly registry: RegistryReads,
  ) {
    this.workflow = new RecordWorkflow(BID_RECORD, bids);
  }

  /** Lets another part of the context (the expert review) grant read access to a call's bids. */
  addReaders(readers: (actor: Actor, call: Challenge, manager?: EntityManager) => Promise<boolean>): void {
    this.extraReaders = readers;
  }

  async submit(actor: Actor, challengeId: string, dto: SubmitBidDto): Promise<BidView> {
    if (actor.role !== Role.University && actor.role !== Role.Enterprise) {
      throw AppError.forbidden('只有高校院所或企业用户可以揭榜');
    }
    if (!actor.organisationId) throw AppError.forbidden('账号未关联单位，不能揭榜');
    const bidder = actor.organisationId;
    const saved = await this.events.transaction(async (manager) => {
      // The call's row lock orders bids against its close and against each other.
      const call = await this.challenges.lock(manager, challengeId);
      // Read from the locked row, not through a second connection (the embedded database has a single one).
      if (!call || !canReadChallenge(actor, call)) throw AppError.notFound('榜单', challengeId);
      if (!takesBids(call)) throw AppError.conflict(ErrorCode.BID_DEADLINE_PASSED, deadlineMessage(call));
      const lead = (await this.registry.organisations([bidder], manager))[0];
      await this.assertEligible(manager, call, lead, dto);
      if (await this.bids.activeOf(manager, call.id, bidder)) {
        throw AppError.conflict(ErrorCode.CONFLICT, '本单位已提交过该榜单的揭榜方案，请修改原方案', {
          challengeId: call.id,
        });
      }
      const row = this.bids.create({
        challengeId: call.id,
        bidderOrganisationId: bidder,
        consortiumName: dto.consortiumName ?? null,
        members: (dto.members ?? []).map((m) => ({ organisationId: m.organisationId, role: m.role })),
        approach: dto.approach,
        team: {
          lead: { ...dto.team.lead, organisation: dto.team.lead.organisation ?? null },
          members: dto.team.members.map((m) => ({ ...m, organisation: m.organisation ?? null })),
        },
        milestones: dto.milestones.map((m) => ({ title: m.title, dueDate: m.dueDate, deliverable: m.deliverable })),
        requestedFunding: dto.requestedFunding,
        status: BidStatus.Submitted,
        submittedAt: new Date(),
        submittedById: actor.userId,
      });
      const created = await this.bids.save(manager, row);
      await this.events.record(manager, actor, {
        type: 'challenge_bid.submitted',
        entityType: 'challenge_bid',
        entityId: created.id,
        entityVersion: created.version,
        after: snapshot(created),
      });
      return created;
    });
    return this.get(actor, saved.id);
  }

  async update(actor: Actor, id: string, dto: UpdateBidDto): Promise<BidView> {
    const { version, ...changes } = dto;
    await this.events.transaction((manager) =>
      this.workflow.edit(manager, actor, id, version, this.normalise(changes) as Partial<ChallengeBid>, {
        validate: async (current, patch) => {
          const call = await this.challenges.lock(manager, current.challengeId);
          if (!call || !takesBids(call)) throw AppError.conflict(ErrorCode.BID_DEADLINE_PASSED, deadlineMessage(call!));
          const lead = (await this.registry.organisations([current.bidderOrganisationId], manager))[0];
          await this.assertEligible(manager, call, lead, {
            members: patch.members ?? current.members,
            requestedFunding: patch.requestedFunding ?? current.requestedFunding,
          });
        },
        record: (saved, diff) =>
          this.events.record(manager, actor, {
            type: 'challenge_bid.updated',
            entityType: 'challenge_bid',
            entityId: id,
            entityVersion: saved.version,
            before: diff.before,
            after: diff.after,
          }),
      }),
    );
    return this.get(actor, id);
  }

  async withdraw(actor: Actor, id: string, dto: BidTransitionDto): Promise<BidView> {
    await this.events.transaction((manager) =>
      this.workflow.transition(manager, actor, id, 'withdraw', dto.version, {
        apply: async (row) => {
          const call = await this.challenges.lock(manager, row.challengeId);
          if (!call || !takesBids(call)) throw AppError.conflict(ErrorCode.BID_DEADLINE_PASSED, deadlineMessage(call!));
          row.withdrawnAt = new Date();
        },
        record: (saved, from, to) =>
          this.events.record(manager, actor, {
            type: 'challenge_bid.withdrawn',
            entityType: 'challenge_bid',
            entityId: id,
            entityVersion: saved.version,
            before: { status: from },
            after: { status: to, challengeId: saved.challengeId },
          }),
      }),
    );
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<BidView> {
    const { bid, call } = await this.readable(actor, id);
    return (await this.views(actor, call, [bid]))[0];
  }

  /** The bids of a call the actor may see: all for staff, the enterprise and the experts; else their own. */
  async list(actor: Actor, challengeId: string): Promise<BidView[]> {
    const call = await this.challenges.readable(actor, challengeId);
    const all = await this.readsAll(actor, call);
    if (!all && !actor.organisationId) return [];
    const rows = await this.bids.ofChallenge(call.id, all ? {} : { organisationId: actor.organisationId! });
    return this.views(actor, call, rows);
  }

  /** 我的揭榜: the bids the actor's organisation leads or joins, across calls, newest first. */
  async mine(actor: Actor): Promise<BidView[]> {
    if (!actor.organisationId) return [];
    const rows = await this.bids.ofOrganisation(actor.organisationId);
    const out: BidView[] = [];
    for (const bid of rows) {
      const { challenge: call, ...row } = bid;
      out.push(...(await this.views(actor, call!, [row as ChallengeBid])));
    }
    return out;
  }

  /** The bid and its call, if the actor may read the bid; 404 otherwise (no probing for ids). */
  async readable(actor: Actor, id: string, manager?: EntityManager): Promise<{ bid: ChallengeBid; call: Challenge }> {
    const bid = await this.bids.findById(id, manager);
    if (bid) {
      const own = actor.organisationId === bid.bidderOrganisationId || memberOf(actor, bid);
      const call = await this.challenges.readable(actor, bid.challengeId, manager).catch(() => null);
      if (call && (own || (await this.readsAll(actor, call, manager)))) return { bid, call };
    }
    throw AppError.notFound('揭榜方案', id);
  }

  /** Bids of a call in these statuses (for the review and the award, inside their transaction). */
  async ofChallenge(
    manager: EntityManager | undefined,
    challengeId: string,
    statuses: BidStatus[],
  ): Promise<ChallengeBid[]> {
    return (await this.bids.ofChallenge(challengeId, {}, manager)).filter((b) => statuses.includes(b.status));
  }

  /** Sets the award outcome of these bids (the award's transaction records the call's event). */
  async setOutcome(manager: EntityManager, bids: ChallengeBid[], status: BidStatus): Promise<void> {
    for (const bid of bids) {
      const { challenge: _c, ...row } = bid;
      await this.bids.save(manager, { ...row, status } as ChallengeBid);
    }
  }

  /** The bid locked for update (or only read, `lock` false) in the caller's transaction, or null. */
  lockBid(manager: EntityManager, id: string, lock = true): Promise<ChallengeBid | null> {
    return lock ? this.bids.lockForUpdate(manager, id) : this.bids.findById(id, manager);
  }

  /** Saves a bid whose attachments changed (the files service checks the rules and records the event). */
  saveAttachments(manager: EntityManager, bid: ChallengeBid): Promise<ChallengeBid> {
    return this.bids.save(manager, bid);
  }

  submittedCounts(challengeIds: string[]): Promise<Map<string, number>> {
    return this.bids.submittedCounts(challengeIds);
  }

  private async readsAll(actor: Actor, call: Challenge, manager?: EntityManager): Promise<boolean> {
    if (isStaff(actor) || (actor.organisationId && actor.organisationId === call.enterpriseOrganisationId)) return true;
    return this.extraReaders(actor, call, manager);
  }

  /**
   * Eligibility of the lead (and members) for the call: institution kind, not the call's own enterprise, the named
   * institution of a 定向委托, consortium admitted, members that exist and differ from the lead, funding within
   * the 榜额. 409 NOT_ELIGIBLE with a Chinese message for the first three (the bidder cannot fix them), 400 for input.
   */
  private async assertEligible(
    manager: EntityManager,
    call: Challenge,
    lead: Organisation | undefined,
    dto: Partial<Pick<BidFieldsDto, 'members' | 'requestedFunding'>>,
  ): Promise<void> {
    if (!lead) throw AppError.forbidden('账号未关联有效单位，不能揭榜');
    if (lead.id === call.enterpriseOrganisationId) {
      throw AppError.conflict(ErrorCode.NOT_ELIGIBLE, '出榜企业不能揭自己的榜');
    }
    if (call.mechanism === ChallengeMechanism.Directed && lead.id !== call.directedInstitutionId) {
      throw AppError.conflict(ErrorCode.NOT_ELIGIBLE, '该榜单为定向委托，仅受托单位可以提交方案');
    }
    const kinds = call.eligibility.institutionKinds;
    if (!kinds.includes(lead.kind as unknown as BidderKind)) {
      throw AppError.conflict(
        ErrorCode.NOT_ELIGIBLE,
        `该榜单仅接受${kinds.map((k) => BIDDER_KIND_LABELS[k]).join('、')}作为牵头单位揭榜`,
        { institutionKinds: kinds, bidderKind: lead.kind },
      );
    }
    // 地域要求: the lead's location decides, for a consortium too (see challenge-regions.ts).
    const region = challengeRegion(call.eligibility.region);
    if (region && !inRegion(region, lead)) {
      throw AppError.conflict(
        ErrorCode.NOT_ELIGIBLE,
        `该榜单仅限${region.name}的单位牵头揭榜，本单位所在地（${locationOf(lead)}）不在${region.name}范围内`,
        { region: region.name, district: lead.district },
      );
    }
    const members = dto.members ?? [];
    if (members.length && !call.eligibility.consortiumAllowed) {
      throw AppError.conflict(ErrorCode.NOT_ELIGIBLE, '该榜单不接受联合体揭榜，请以单一单位提交方案');
    }
    if (members.length) {
      const ids = members.map((m) => m.organisationId);
      if (new Set(ids).size !== ids.length) throw AppError.invalidField('members', '成员单位不能重复');
      if (ids.includes(lead.id)) throw AppError.invalidField('members', '牵头单位不必列为成员单位');
      if (ids.includes(call.enterpriseOrganisationId)) {
        throw AppError.invalidField('members', '出榜企业不能作为联合体成员');
      }
      const found = await this.registry.organisations(ids, manager);
      const missing = ids.filter(
        (id) =>
          !found.some(
            (o) => o.id === id && [OrganisationKind.Enterprise, OrganisationKind.University].includes(o.kind),
          ),
      );
      if (missing.length)
        throw AppError.invalidField('members', '成员单位不存在或不是企业、高校院所', { ids: missing });
    }
    if (dto.requestedFunding !== undefined && dto.requestedFunding > call.fundingTotal) {
      throw AppError.invalidField('requestedFunding', `申请经费不能超过榜额（${call.fundingTotal} 万元）`);
    }
  }

  private normalise(changes: Omit<UpdateBidDto, 'version'>): Partial<ChallengeBid> {
    const out: Partial<ChallengeBid> = {};
    if (changes.consortiumName !== undefined) out.consortiumName = changes.consortiumName;
    if (changes.members) out.members = changes.members.map((m) => ({ organisationId: m.organisationId, role: m.role }));
    if (changes.approach !== undefined) out.approach = changes.approach;
    if (changes.team) {
      out.team = {
        lead: { ...changes.team.lead, organisation: changes.team.lead.organisation ?? null },
        members: changes.team.members.map((m) => ({ ...m, organisation: m.organisation ?? null })),
      };
    }
    if (changes.milestones) {
      out.milestones = changes.milestones.map((m) => ({
        title: m.title,
        dueDate: m.dueDate,
        deliverable: m.deliverable,
      }));
    }
    if (changes.requestedFunding !== undefined) out.requestedFunding = changes.requestedFunding;
    return out;
  }

  private async views(actor: Actor, call: Challenge, bids: ChallengeBid[]): Promise<BidView[]> {
    if (!bids.length) return [];
    const names = await this.registry.organisationNames([
      ...new Set(bids.flatMap((b) => [b.bidderOrganisationId, ...b.members.map((m) => m.organisationId)])),
    ]);
    const open = takesBids(call);
    const staffReader = isStaff(actor);
    return bids.map((b) => {
      const { challenge: _c, submittedById: _s, ...rest } = b;
      const lead = actor.organisationId === b.bidderOrganisationId;
      // The call's enterprise and the experts read the files, not who uploaded them (a user id of the bidder).
      const party = lead || memberOf(actor, b);
      return {
        ...rest,
        attachments: b.attachments.map((a) => fileRefFor(a, staffReader || party)),
        statusLabel: BID_STATUS_LABELS[b.status],
        challengeTitle: call.title,
        bidderName: names.get(b.bidderOrganisationId) ?? null,
        members: b.members.map((m) => ({ ...m, organisationName: names.get(m.organisationId) ?? null })),
        allowedActions: lead && open && b.status === BidStatus.Submitted ? ['edit', 'withdraw'] : [],
      };
    });
  }
}
