import { Actor, AppError, isStaff, RecordKind, RecordWorkflow, Role, toPage } from '@app/common';
import { EventsService, EventType } from '@app/events';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { uncheckedChains } from '../achievement/achievement.service';
import { DEMAND_STATUS_LABELS, DemandSource, DemandStatus, OrganisationKind } from '../domain';
import { isPastDate } from '../dto-helpers';
import { IndustryChainService } from '../industry-chain/industry-chain.service';
import { OrganisationService } from '../organisation/organisation.service';
import { USER_DIRECTORY, UserDirectory } from '../ports/user-directory';
import { applyListFilters, deriveStage, recordReturn, requiredField } from '../record-helpers';
import { districtNames } from '../reference-words';
import { Demand, DemandReturn } from './demand.entity';
import { DemandRepository } from './demand.repository';
import { budgetRangeViolation } from './demand.rules';
import { toDemandView } from './demand.view';
import { DEMAND_EDITABLE_STATUSES, DEMAND_WORKFLOW, DemandAction, PUBLIC_DEMAND_STATUSES } from './demand.workflow';
import {
  CreateDemandDto,
  DemandQualityDraftDto,
  DemandQueryDto,
  DemandTransitionDto,
  UpdateDemandDto,
} from './dto/demand.dto';
import { DEMAND_QUALITY_RULES, DemandQuality, scoreDemandQuality } from './quality/demand-quality';

const CONTENT_FIELDS: (keyof Demand)[] = [
  'title',
  'description',
  'keywords',
  'industryChainIds',
  'kind',
  'expectedOutcome',
  'technicalIndicators',
  'requiredTrl',
  'requiredStage',
  'chainRequired',
  'cooperationModes',
  'deadline',
  'region',
  'source',
  'assignedManagerId',
  'budgetMin',
  'budgetMax',
  'contactName',
  'contactPhone',
  'contactEmail',
  'confidentialNotes',
];

const EVENT_OF_ACTION = {
  submit: 'demand.submitted',
  return: 'demand.returned',
  publish: 'demand.published',
  start: 'demand.started',
  solve: 'demand.solved',
  close: 'demand.closed',
} as const satisfies Record<DemandAction, EventType>;

/** Demands in the shared record workflow. */
const DEMAND_RECORD: RecordKind<Demand, DemandStatus, DemandAction> = {
  label: '需求',
  statusLabels: DEMAND_STATUS_LABELS,
  workflow: DEMAND_WORKFLOW,
  editable: DEMAND_EDITABLE_STATUSES,
  contentFields: CONTENT_FIELDS,
  ownerOf: (demand) => demand.ownerOrganisationId,
  readable: (actor, demand) => isReadable(actor, demand),
  toRow: ({ ownerOrganisation: _o, ...row }) => row as Demand,
};

/** Others' non-public demands do not exist for the caller (404, not 403: no probing for ids). */
function isReadable(actor: Actor | undefined, demand: Demand): boolean {
  if (actor && (isStaff(actor) || actor.organisationId === demand.ownerOrganisationId)) return true;
  return PUBLIC_DEMAND_STATUSES.includes(demand.status);
}

/** Snapshot for the event log (the log is admin-only, so confidential fields may be kept there). */
function snapshot(demand: Demand): Record<string, unknown> {
  const { ownerOrganisation: _o, ...rest } = demand;
  return rest;
}

/** Column sorts of the listing; `quality` is the stored 需求质量 score. */
const SORT_COLUMNS: Record<DemandQueryDto['sort'], string> = {
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
  publishedAt: 'publishedAt',
  deadline: 'deadline',
  title: 'title',
  quality: 'qualityScore',
};

/** Keeps the stored quality score in step with the content (every create and update). */
function applyQuality(demand: Demand): void {
  demand.qualityScore = scoreDemandQuality(demand).score;
  demand.qualityRulesVersion = DEMAND_QUALITY_RULES.version;
}

function checkBudget(min: number | null | undefined, max: number | null | undefined): void {
  const reason = budgetRangeViolation(min, max);
  if (reason) {
    throw AppError.invalid([{ field: 'budgetMin', constraint: 'budgetRange', reason }]);
  }
}

/** A new deadline must not be in the past (the stored one may be: see UpdateDemandDto.deadline). */
function checkDeadline(deadline: string): void {
  if (isPastDate(deadline)) {
    throw AppError.invalid([{ field: 'deadline', constraint: 'notPastDate', reason: '不能早于今天' }]);
  }
}

@Injectable()
export class DemandService {
  private readonly workflow: RecordWorkflow<Demand, DemandStatus, DemandAction>;

  constructor(
    private readonly demands: DemandRepository,
    private readonly events: EventsService,
    private readonly chains: IndustryChainService,
    private readonly organisations: OrganisationService,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
  ) {
    this.workflow = new RecordWorkflow(DEMAND_RECORD, demands);
  }

  async create(actor: Actor, dto: CreateDemandDto) {
    const staff = isStaff(actor);
    if (!staff && actor.role !== Role.Enterprise) throw AppError.forbidden('只有企业用户或技术经理人可以登记需求');
    if (!staff && (dto.source !== undefined || dto.assignedManagerId !== undefined)) {
      throw AppError.forbidden('来源与负责技术经理人由平台人员设置');
    }
    if (!staff && dto.ownerOrganisationId && dto.ownerOrganisationId !== actor.organisationId) {
      throw AppError.forbidden('只能为本企业登记需求');
    }
    const ownerId = staff ? dto.ownerOrganisationId : actor.organisationId;
    if (!ownerId) {
      throw requiredField('ownerOrganisationId');
    }
    const saved = await this.events.transaction((manager) =>
      this.createWith(manager, actor, { ...dto, ownerOrganisationId: ownerId }),
    );
    return this.view(actor, saved.id);
  }

  /**
   * Creates a draft and records `demand.created` inside the caller's transaction. Callers have checked the actor
   * may file for the owner. `verified`: see AchievementService.createWith.
   */
  async createWith(
    manager: EntityManager,
    actor: Actor,
    dto: CreateDemandDto & { ownerOrganisationId: string },
    verified?: Set<string>,
  ): Promise<Demand> {
    const [row] = await this.createManyWith(manager, actor, [dto], verified);
    return row;
  }

  /**
   * The bulk write path (imports), which the single create above also takes: see
   * AchievementService.createManyWith. One multi-row INSERT for the drafts, one for their `demand.created` events.
   */
  async createManyWith(
    manager: EntityManager,
    actor: Actor,
    dtos: Array<CreateDemandDto & { ownerOrganisationId: string }>,
    verified?: Set<string>,
  ): Promise<Demand[]> {
    if (!dtos.length) return [];
    for (const dto of dtos) checkBudget(dto.budgetMin, dto.budgetMax);
    await this.organisations.assertKinds(
      manager,
      dtos.map((d) => d.ownerOrganisationId),
      [OrganisationKind.Enterprise],
      'ownerOrganisationId',
      verified,
    );
    const chainIds = [...new Set(dtos.flatMap((d) => d.industryChainIds ?? []))];
    await this.chains.assertUsable(manager, uncheckedChains(chainIds, verified));
    for (const managerId of new Set(dtos.map((d) => d.assignedManagerId).filter((m): m is string => !!m))) {
      await this.assertManager(manager, managerId);
    }
    const rows = dtos.map((dto) => {
      const { ownerOrganisationId, ...fields } = dto;
      return this.demands.create({
        ...fields,
        keywords: dto.keywords ?? [],
        cooperationModes: dto.cooperationModes ?? [],
        requiredStage: deriveStage(dto.requiredTrl, dto.requiredStage),
        source: dto.source ?? DemandSource.OnlineForm,
        status: DemandStatus.Draft,
        ownerOrganisationId,
        createdById: actor.userId,
      });
    });
    rows.forEach(applyQuality);
    await this.demands.insertMany(manager, rows);
    await this.events.recordMany(
      manager,
      actor,
      rows.map((row) => ({
        type: 'demand.created',
        entityType: 'demand',
        entityId: row.id,
        entityVersion: row.version,
        after: snapshot(row),
      })),
    );
    return rows;
  }

  async get(actor: Actor | undefined, id: string) {
    const demand = await this.load(id);
    this.assertReadable(actor, demand);
    return toDemandView(demand, actor, await this.chains.refs());
  }

  async update(actor: Actor, id: string, dto: UpdateDemandDto) {
    await this.events.transaction((manager) => this.updateWith(manager, actor, id, dto));
    return this.view(actor, id);
  }

  /**
   * Applies changes and records `demand.updated` inside the caller's transaction, with the same rights and editable
   * states as the API. Without `version` the row is not version-checked. Returns the changed fields.
   */
  async updateWith(
    manager: EntityManager,
    actor: Actor,
    id: string,
    dto: Omit<UpdateDemandDto, 'version'> & { version?: number },
  ): Promise<string[]> {
    const staff = isStaff(actor);
    if (!staff && (dto.source !== undefined || dto.assignedManagerId !== undefined)) {
      throw AppError.forbidden('来源与负责技术经理人由平台人员设置');
    }
    const { version, ...changes } = dto;
    return this.workflow.edit(manager, actor, id, version, changes as Partial<Demand>, {
      validate: async (current) => {
        checkBudget(changes.budgetMin ?? current.budgetMin, changes.budgetMax ?? current.budgetMax);
        if (changes.deadline && changes.deadline !== current.deadline) checkDeadline(changes.deadline);
        if (changes.industryChainIds) await this.chains.assertUsable(manager, changes.industryChainIds);
        if (changes.assignedManagerId) await this.assertManager(manager, changes.assignedManagerId);
      },
      derive: (current) => {
        if (changes.requiredTrl !== undefined || changes.requiredStage !== undefined) {
          current.requiredStage = deriveStage(current.requiredTrl, changes.requiredStage ?? null);
        }
      },
      beforeSave: applyQuality,
      record: (saved, diff) =>
        this.events.record(manager, actor, {
          type: 'demand.updated',
          entityType: 'demand',
          entityId: id,
          entityVersion: saved.version,
          before: diff.before,
          after: diff.after,
        }),
    });
  }

  async transition(actor: Actor, id: string, action: DemandAction, dto: DemandTransitionDto) {
    const rule = DEMAND_WORKFLOW[action];
    if (rule.reasonRequired && !dto.reason) {
      throw requiredField('reason');
    }
    if (dto.diagnosis && action !== 'return') {
      throw AppError.invalidField('diagnosis', '仅退回修改时填写');
    }
    await this.events.transaction((manager) => this.transitionWith(manager, actor, id, action, dto));
    return this.view(actor, id);
  }

  /**
   * One workflow step and its event inside the caller's transaction (a contract signed on a match moves its demand
   * in the same transaction). Returns the new status.
   */
  async transitionWith(
    manager: EntityManager,
    actor: Actor,
    id: string,
    action: DemandAction,
    dto: DemandTransitionDto,
  ): Promise<DemandStatus> {
    return this.workflow.transition(manager, actor, id, action, dto.version, {
      apply: async (row) => {
        const now = new Date();
        if (action === 'submit') row.submittedAt = now;
        if (action === 'publish') row.publishedAt = now;
        if (action === 'return') row.lastReturn = await this.returnNote(manager, actor, dto, now);
      },
      record: (saved, from, to) =>
        this.events.record(manager, actor, {
          type: EVENT_OF_ACTION[action],
          entityType: 'demand',
          entityId: id,
          entityVersion: saved.version,
          before: { status: from },
          after: {
            status: to,
            reason: dto.reason ?? null,
            ...(action === 'return' ? { diagnosis: dto.diagnosis || null } : {}),
            kind: saved.kind,
            industryChainIds: saved.industryChainIds,
            ownerOrganisationId: saved.ownerOrganisationId,
          },
        }),
    });
  }

  async list(actor: Actor, query: DemandQueryDto) {
    const qb = this.filtered(query);
    if (actor.role === Role.Organizer) {
      // Organisers build event match lists from what is public; they see no confidential field.
      qb.andWhere('d.status IN (:...visible)', { visible: PUBLIC_DEMAND_STATUSES });
    } else if (!isStaff(actor)) {
      // Enterprises list their own; everyone else reads published demands through the public listing.
      qb.andWhere('d.owner_organisation_id = :own', {
        own: actor.organisationId ?? '00000000-0000-0000-0000-000000000000',
      });
    } else if (query.ownerOrganisationId) {
      qb.andWhere('d.owner_organisation_id = :owner', { owner: query.ownerOrganisationId });
    }
    if (query.status?.length) qb.andWhere('d.status IN (:...status)', { status: query.status });
    const [rows, total] = await qb.getManyAndCount();
    const chains = await this.chains.refs();
    return toPage(
      rows.map((d) => toDemandView(d, actor, chains)),
      total,
      query,
    );
  }

  /** Unauthenticated catalogue: published / in-progress / solved demands, without confidential fields. */
  async listPublic(query: DemandQueryDto) {
    if (query.sort === 'quality') {
      // The score reflects confidential fields (budget given or not): it orders only the owner's and staff's lists.
      throw AppError.invalidField('sort', '公开目录不能按需求质量排序');
    }
    const statuses = query.status?.length
      ? query.status.filter((s) => PUBLIC_DEMAND_STATUSES.includes(s))
      : PUBLIC_DEMAND_STATUSES;
    const qb = this.filtered(query).andWhere('d.status IN (:...statuses)', {
      statuses: statuses.length ? statuses : ['-'],
    });
    const [rows, total] = await qb.getManyAndCount();
    const chains = await this.chains.refs();
    return toPage(
      rows.map((d) => toDemandView(d, undefined, chains)),
      total,
      query,
    );
  }

  async getPublic(id: string) {
    const demand = await this.load(id);
    if (!PUBLIC_DEMAND_STATUSES.includes(demand.status)) throw AppError.notFound('需求', id);
    return toDemandView(demand, undefined, await this.chains.refs());
  }

  private filtered(query: DemandQueryDto) {
    const qb = this.demands.listQuery();
    applyListFilters(qb, {
      alias: 'd',
      chain: query.chain,
      year: query.year,
      q: query.q,
      textColumns: ['title', 'description'],
      arrayTextColumns: ['keywords'],
      sortColumn: SORT_COLUMNS[query.sort],
      order: query.order,
      page: query.page,
      pageSize: query.pageSize,
    });
    if (query.kind) qb.andWhere('d.kind = :kind', { kind: query.kind });
    if (query.stage) qb.andWhere('d.required_stage = :stage', { stage: query.stage });
    if (query.cooperationMode) qb.andWhere(':mode = ANY(d.cooperation_modes)', { mode: query.cooperationMode });
    if (query.region) qb.andWhere('d.region IN (:...regions)', { regions: districtNames(query.region) });
    return qb;
  }

  /** 需求质量 of an unsaved draft (the live form): nothing is stored. */
  scoreDraft(dto: DemandQualityDraftDto): DemandQuality {
    return scoreDemandQuality({ ...dto, requiredStage: deriveStage(dto.requiredTrl, dto.requiredStage) });
  }

  /**
   * Rescores the demands whose stored score comes from another version of the rules (after an upgrade or a rule
   * change), in batches, without touching their version: the content did not change. Returns the rows rescored.
   */
  async refreshQualityScores(batch = 500): Promise<number> {
    let done = 0;
    for (;;) {
      const rows = await this.demands.scoredByOtherRules(DEMAND_QUALITY_RULES.version, batch);
      if (!rows.length) return done;
      await this.demands.storeQualityScores(
        rows.map((r) => ({ id: r.id, score: scoreDemandQuality(r).score })),
        DEMAND_QUALITY_RULES.version,
      );
      done += rows.length;
    }
  }

  /** The return as the owner reads it: the manager's name and role, never another organisation's user id. */
  private async returnNote(
    manager: EntityManager,
    actor: Actor,
    dto: DemandTransitionDto,
    at: Date,
  ): Promise<DemandReturn> {
    const note = await recordReturn(this.users, manager, actor, dto.reason!, at);
    return { ...note, diagnosis: dto.diagnosis || null };
  }

  /** Others' non-public demands do not exist for the caller (404, not 403: no probing for ids). */
  private assertReadable(actor: Actor | undefined, demand: Demand): void {
    if (!isReadable(actor, demand)) throw AppError.notFound('需求', demand.id);
  }

  private async load(id: string): Promise<Demand> {
    const demand = await this.demands.findWithOwner(id);
    if (!demand) throw AppError.notFound('需求', id);
    return demand;
  }

  private async view(actor: Actor, id: string) {
    const demand = await this.load(id);
    return toDemandView(demand, actor, await this.chains.refs());
  }

  private async assertManager(manager: EntityManager, userId: string): Promise<void> {
    const user = await this.users.findUser(userId, manager);
    if (!user?.active || (user.role !== Role.Manager && user.role !== Role.Admin)) {
      throw AppError.invalidField('assignedManagerId', '不是有效的技术经理人');
    }
  }
}
