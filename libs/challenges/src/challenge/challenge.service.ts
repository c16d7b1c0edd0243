import { Actor, AppError, ErrorCode, isStaff, RecordKind, RecordWorkflow, Role, toPage } from '@app/common';
import { EventsService, EventType } from '@app/events';
import {
  ChainRef,
  DemandKind,
  DemandStatus,
  IndustryChainService,
  OrganisationKind,
  OrganisationService,
  RegistryReads,
  USER_DIRECTORY,
  UserDirectory,
} from '@app/registry';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { BidRepository } from '../bid/bid.repository';
import { allowedChallengeActions, canReadChallenge } from './challenge.access';
import {
  BIDDER_KIND_LABELS,
  CHALLENGE_MECHANISM_LABELS,
  CHALLENGE_STATUS_LABELS,
  ChallengeStatus,
  PROGRAMME_LINE_LABELS,
  ProgrammeLine,
} from './challenge.domain';
import { Challenge } from './challenge.entity';
import { ChallengeRepository } from './challenge.repository';
import { challengeContentErrors } from './challenge.rules';
import { CHALLENGE_EDITABLE_STATUSES, CHALLENGE_WORKFLOW, ChallengeAction } from './challenge.workflow';
import { ChallengeQueryDto, ChallengeTransitionDto, CreateChallengeDto, UpdateChallengeDto } from './dto/challenge.dto';

const CONTENT_FIELDS: (keyof Challenge)[] = [
  'title',
  'problem',
  'industryChainIds',
  'indicators',
  'mechanism',
  'raceTeams',
  'directedInstitutionId',
  'programmeLine',
  'fundingTotal',
  'enterpriseShare',
  'governmentShare',
  'eligibility',
  'bidDeadline',
  'criteria',
  'managerUserId',
];

export const EVENT_OF_CHALLENGE_ACTION = {
  publish: 'challenge.published',
  close: 'challenge.closed',
  'start-review': 'challenge.review_started',
  award: 'challenge.awarded',
  complete: 'challenge.completed',
  cancel: 'challenge.cancelled',
} as const satisfies Record<ChallengeAction, EventType>;

/** Demand statuses from which a major demand may become a call (it is public and still open). */
const SOURCE_DEMAND_STATUSES: DemandStatus[] = [DemandStatus.Published, DemandStatus.InProgress];

const CHALLENGE_RECORD: RecordKind<Challenge, ChallengeStatus, ChallengeAction> = {
  label: '榜单',
  statusLabels: CHALLENGE_STATUS_LABELS,
  workflow: CHALLENGE_WORKFLOW,
  editable: CHALLENGE_EDITABLE_STATUSES,
  contentFields: CONTENT_FIELDS,
  ownerOf: (c) => c.enterpriseOrganisationId,
  readable: (actor, c) => canReadChallenge(actor, c),
  toRow: (c) => c,
};

export interface ChallengeView extends Omit<Challenge, 'createdById'> {
  mechanismLabel: string;
  statusLabel: string;
  programmeLineLabel: string;
  enterpriseName: string | null;
  directedInstitutionName: string | null;
  managerName: string | null;
  industryChains: ChainRef[];
  eligibilityLabels: { institutionKinds: string[] };
  /** Whether bids are taken now (published, before the deadline). */
  open: boolean;
  /** Live bids (not withdrawn): for staff and the call's enterprise only, null for everyone else. */
  bidCount: number | null;
  /** What the caller may do now: `edit` and workflow actions (publish, close, start-review, award, complete, cancel). */
  allowedActions: string[];
}

/** The call as the public reads it: no internal bookkeeping (manager's account, author, bid count), no actions. */
export type PublicChallengeView = Omit<ChallengeView, 'managerUserId' | 'allowedActions' | 'bidCount'>;

function snapshot(c: Challenge): Record<string, unknown> {
  return { ...c };
}

@Injectable()
export class ChallengeService {
  private readonly workflow: RecordWorkflow<Challenge, ChallengeStatus, ChallengeAction>;

  constructor(
    private readonly challenges: ChallengeRepository,
    private readonly bids: BidRepository,
    private readonly events: EventsService,
    private readonly chains: IndustryChainService,
    private readonly organisations: OrganisationService,
    private readonly registry: RegistryReads,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
  ) {
    this.workflow = new RecordWorkflow(CHALLENGE_RECORD, challenges);
  }

  async create(actor: Actor, dto: CreateChallengeDto): Promise<ChallengeView> {
    if (!isStaff(actor)) throw AppError.forbidden('只有技术经理人或管理员可以发榜');
    const errors = challengeContentErrors(dto);
    if (errors.length) throw AppError.invalid(errors);
    const saved = await this.events.transaction(async (manager) => {
      let enterpriseId = dto.enterpriseOrganisationId;
      let chainIds = dto.industryChainIds;
      if (dto.sourceDemandId) {
        const demand = await this.registry.demand(dto.sourceDemandId, manager);
        if (!demand) throw AppError.invalidField('sourceDemandId', '需求不存在');
        if (demand.kind !== DemandKind.Major || !SOURCE_DEMAND_STATUSES.includes(demand.status)) {
          throw AppError.conflict(ErrorCode.INCOMPLETE_FOR_TRANSITION, '只有已发布的重大需求可以转为榜单', {
            field: 'sourceDemandId',
            kind: demand.kind,
            status: demand.status,
          });
        }
        if (enterpriseId && enterpriseId !== demand.ownerOrganisationId) {
          throw AppError.invalidField('enterpriseOrganisationId', '出榜企业须为该需求的发布企业');
        }
        enterpriseId = demand.ownerOrganisationId;
        chainIds ??= demand.industryChainIds;
      }
      if (!enterpriseId) throw AppError.invalidField('enterpriseOrganisationId', '未关联需求时须指定出榜企业');
      await this.organisations.assertKind(
        manager,
        enterpriseId,
        [OrganisationKind.Enterprise],
        'enterpriseOrganisationId',
      );
      await this.checkReferences(manager, {
        industryChainIds: chainIds,
        directedInstitutionId: dto.directedInstitutionId,
        managerUserId: dto.managerUserId,
      });
      const row = this.challenges.create({
        title: dto.title,
        problem: dto.problem,
        sourceDemandId: dto.sourceDemandId ?? null,
        enterpriseOrganisationId: enterpriseId,
        industryChainIds: chainIds ?? [],
        indicators: dto.indicators.map((i) => ({ ...i })),
        mechanism: dto.mechanism,
        raceTeams: dto.raceTeams ?? null,
        directedInstitutionId: dto.directedInstitutionId ?? null,
        programmeLine: dto.programmeLine ?? ProgrammeLine.MajorTransfer,
        fundingTotal: dto.fundingTotal,
        enterpriseShare: dto.enterpriseShare,
        governmentShare: dto.governmentShare,
        eligibility: {
          institutionKinds: dto.eligibility.institutionKinds,
          region: dto.eligibility.region ?? null,
          consortiumAllowed: dto.eligibility.consortiumAllowed,
          notes: dto.eligibility.notes ?? null,
        },
        bidDeadline: new Date(dto.bidDeadline),
        criteria: dto.criteria.map((k) => ({ ...k })),
        managerUserId: dto.managerUserId ?? actor.userId!,
        status: ChallengeStatus.Draft,
        createdById: actor.userId,
      });
      const created = await this.challenges.save(manager, row);
      await this.events.record(manager, actor, {
        type: 'challenge.created',
        entityType: 'challenge',
        entityId: created.id,
        entityVersion: created.version,
        after: snapshot(created),
      });
      return created;
    });
    return this.get(actor, saved.id);
  }

  async update(actor: Actor, id: string, dto: UpdateChallengeDto): Promise<ChallengeView> {
    const { version, ...changes } = dto;
    await this.events.transaction((manager) =>
      this.workflow.edit(
        manager,
        actor,
        id,
        version,
        {
          ...changes,
          ...(changes.bidDeadline ? { bidDeadline: new Date(changes.bidDeadline) } : {}),
          ...(changes.eligibility
            ? {
                eligibility: {
                  institutionKinds: changes.eligibility.institutionKinds,
                  region: changes.eligibility.region ?? null,
                  consortiumAllowed: changes.eligibility.consortiumAllowed,
                  notes: changes.eligibility.notes ?? null,
                },
              }
            : {}),
        } as Partial<Challenge>,
        {
          validate: async (current, patch) => {
            const merged = { ...current, ...patch };
            const errors = challengeContentErrors({
              ...merged,
              // A stored deadline is judged only when it changes.
              bidDeadline: patch.bidDeadline ?? new Date(Date.now() + 3600_000),
            });
            if (errors.length) throw AppError.invalid(errors);
            await this.checkReferences(manager, {
              industryChainIds: patch.industryChainIds,
              directedInstitutionId: patch.directedInstitutionId,
              managerUserId: patch.managerUserId,
            });
          },
          record: (saved, diff) =>
            this.events.record(manager, actor, {
              type: 'challenge.updated',
              entityType: 'challenge',
              entityId: id,
              entityVersion: saved.version,
              before: diff.before,
              after: diff.after,
            }),
        },
      ),
    );
    return this.get(actor, id);
  }

  /**
   * One workflow step with its event. `guard` runs on the locked row before the step (checks of other records:
   * bids, reviews, projects) and `after` once it is saved (e.g. the award creates the projects), both in the step's
   * transaction.
   */
  async transition(
    actor: Actor,
    id: string,
    action: ChallengeAction,
    dto: ChallengeTransitionDto,
    hooks: {
      guard?: (manager: EntityManager, c: Challenge) => Promise<void>;
      /** Further changes to the row in the same save (after the workflow's own stamps). */
      apply?: (c: Challenge) => void;
      after?: (manager: EntityManager, c: Challenge) => Promise<Record<string, unknown> | void>;
    } = {},
  ): Promise<ChallengeView> {
    if (CHALLENGE_WORKFLOW[action].reasonRequired && !dto.reason) {
      throw AppError.invalidField('reason', '必填');
    }
    await this.events.transaction((manager) => this.transitionWith(manager, actor, id, action, dto, hooks));
    return this.get(actor, id);
  }

  async transitionWith(
    manager: EntityManager,
    actor: Actor,
    id: string,
    action: ChallengeAction,
    dto: ChallengeTransitionDto,
    hooks: {
      guard?: (manager: EntityManager, c: Challenge) => Promise<void>;
      /** Further changes to the row in the same save (after the workflow's own stamps). */
      apply?: (c: Challenge) => void;
      after?: (manager: EntityManager, c: Challenge) => Promise<Record<string, unknown> | void>;
    } = {},
  ): Promise<ChallengeStatus> {
    let extra: Record<string, unknown> = {};
    return this.workflow.transition(manager, actor, id, action, dto.version, {
      apply: async (row) => {
        const now = new Date();
        if (action === 'publish' && new Date(row.bidDeadline).getTime() <= now.getTime()) {
          throw AppError.conflict(ErrorCode.INCOMPLETE_FOR_TRANSITION, '揭榜截止时间已过，请先修改截止时间再发布', {
            bidDeadline: row.bidDeadline,
          });
        }
        await hooks.guard?.(manager, row);
        if (action === 'publish') row.publishedAt = now;
        if (action === 'close') row.closedAt = now;
        if (action === 'start-review') row.reviewStartedAt = now;
        if (action === 'award') row.awardedAt = now;
        if (action === 'complete') row.completedAt = now;
        if (action === 'cancel') {
          row.cancelledAt = now;
          row.cancelReason = dto.reason ?? null;
        }
        hooks.apply?.(row);
      },
      record: async (saved, from, to) => {
        extra = (await hooks.after?.(manager, saved)) ?? {};
        return this.events.record(manager, actor, {
          type: EVENT_OF_CHALLENGE_ACTION[action],
          entityType: 'challenge',
          entityId: id,
          entityVersion: saved.version,
          before: { status: from },
          after: {
            status: to,
            reason: dto.reason ?? null,
            mechanism: saved.mechanism,
            programmeLine: saved.programmeLine,
            enterpriseOrganisationId: saved.enterpriseOrganisationId,
            industryChainIds: saved.industryChainIds,
            ...extra,
          },
        });
      },
    });
  }

  async list(actor: Actor | undefined, query: ChallengeQueryDto) {
    const [rows, total] = await this.challenges.page(actor, query);
    return toPage(await this.views(actor, rows), total, query);
  }

  async listPublic(query: ChallengeQueryDto) {
    const page = await this.list(undefined, query);
    return { ...page, items: page.items.map(toPublic) };
  }

  async get(actor: Actor, id: string): Promise<ChallengeView> {
    const [view] = await this.views(actor, [await this.readable(actor, id)]);
    return view;
  }

  async getPublic(id: string): Promise<PublicChallengeView> {
    const [view] = await this.views(undefined, [await this.readable(undefined, id)]);
    return toPublic(view);
  }

  /** These calls as the public reads them, leaving out those the public may not read (search, notifications). */
  async publicViewsOf(rows: Challenge[]): Promise<PublicChallengeView[]> {
    return (
      await this.views(
        undefined,
        rows.filter((c) => canReadChallenge(undefined, c)),
      )
    ).map(toPublic);
  }

  /** The call if the actor may read it; 404 otherwise (no probing for ids). */
  async readable(actor: Actor | undefined, id: string, manager?: EntityManager): Promise<Challenge> {
    const c = await this.challenges.findById(id, manager);
    if (!c || !canReadChallenge(actor, c)) throw AppError.notFound('榜单', id);
    return c;
  }

  /** The call locked for update in the caller's transaction (bids and reviews serialise on it). */
  async lock(manager: EntityManager, id: string): Promise<Challenge | null> {
    return this.challenges.lockForUpdate(manager, id);
  }

  private async checkReferences(
    manager: EntityManager,
    refs: { industryChainIds?: string[]; directedInstitutionId?: string | null; managerUserId?: string },
  ): Promise<void> {
    if (refs.industryChainIds?.length) await this.chains.assertUsable(manager, refs.industryChainIds);
    if (refs.directedInstitutionId) {
      await this.organisations.assertKind(
        manager,
        refs.directedInstitutionId,
        [OrganisationKind.University, OrganisationKind.Enterprise],
        'directedInstitutionId',
      );
    }
    if (refs.managerUserId) {
      const user = await this.users.findUser(refs.managerUserId, manager);
      if (!user?.active || (user.role !== Role.Manager && user.role !== Role.Admin)) {
        throw AppError.invalidField('managerUserId', '不是有效的技术经理人');
      }
    }
  }

  private async views(actor: Actor | undefined, rows: Challenge[]): Promise<ChallengeView[]> {
    if (!rows.length) return [];
    const refs = await this.chains.refs();
    const names = await this.registry.organisationNames([
      ...new Set(rows.flatMap((c) => [c.enterpriseOrganisationId, c.directedInstitutionId ?? []].flat())),
    ]);
    const managers = new Map<string, string | null>();
    for (const id of new Set(rows.map((c) => c.managerUserId))) {
      managers.set(id, (await this.users.findUser(id))?.name ?? null);
    }
    const counts = await this.bids.submittedCounts(rows.map((c) => c.id));
    const now = new Date();
    return rows.map((c) => {
      const { createdById: _a, ...rest } = c;
      return {
        ...rest,
        mechanismLabel: CHALLENGE_MECHANISM_LABELS[c.mechanism],
        statusLabel: CHALLENGE_STATUS_LABELS[c.status],
        programmeLineLabel: PROGRAMME_LINE_LABELS[c.programmeLine],
        enterpriseName: names.get(c.enterpriseOrganisationId) ?? null,
        directedInstitutionName: c.directedInstitutionId ? (names.get(c.directedInstitutionId) ?? null) : null,
        managerName: managers.get(c.managerUserId) ?? null,
        industryChains: c.industryChainIds.map((id) => refs.get(id)).filter((r): r is ChainRef => !!r),
        eligibilityLabels: { institutionKinds: c.eligibility.institutionKinds.map((k) => BIDDER_KIND_LABELS[k]) },
        open: c.status === ChallengeStatus.Published && now.getTime() <= new Date(c.bidDeadline).getTime(),
        bidCount:
          actor && (isStaff(actor) || actor.organisationId === c.enterpriseOrganisationId)
            ? (counts.get(c.id) ?? 0)
            : null,
        allowedActions: actor ? allowedChallengeActions(actor, c) : [],
      };
    });
  }
}

function toPublic(view: ChallengeView): PublicChallengeView {
  const { managerUserId: _m, allowedActions: _a, bidCount: _b, ...rest } = view;
  return rest;
}
