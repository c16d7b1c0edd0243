import { Actor, AppError, ErrorCode, isStaff, RecordKind, RecordWorkflow, Role, toPage } from '@app/common';
import { EventsService, EventType } from '@app/events';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { ACHIEVEMENT_STATUS_LABELS, AchievementStatus, OrganisationKind } from '../domain';
import { IndustryChainService } from '../industry-chain/industry-chain.service';
import { OrganisationService } from '../organisation/organisation.service';
import { USER_DIRECTORY, UserDirectory } from '../ports/user-directory';
import { applyListFilters, deriveStage, recordReturn, requiredField } from '../record-helpers';
import { Achievement } from './achievement.entity';
import { AchievementRepository } from './achievement.repository';
import { toAchievementView } from './achievement.view';
import {
  ACHIEVEMENT_EDITABLE_STATUSES,
  ACHIEVEMENT_WORKFLOW,
  AchievementAction,
  PUBLIC_ACHIEVEMENT_STATUSES,
} from './achievement.workflow';
import {
  AchievementQueryDto,
  AchievementTransitionDto,
  BulkPublishResultDto,
  CreateAchievementDto,
  UpdateAchievementDto,
} from './dto/achievement.dto';

const CONTENT_FIELDS: (keyof Achievement)[] = [
  'title',
  'abstract',
  'keywords',
  'team',
  'industryChainIds',
  'trl',
  'stage',
  'ipType',
  'ipStatus',
  'patentNumbers',
  'transferModes',
  'askingPrice',
  'applicationScenarios',
  'contactName',
  'contactPhone',
  'contactEmail',
];

const EVENT_OF_ACTION = {
  submit: 'achievement.submitted',
  recall: 'achievement.recalled',
  return: 'achievement.returned',
  publish: 'achievement.published',
  withdraw: 'achievement.withdrawn',
  transfer: 'achievement.transferred',
} as const satisfies Record<AchievementAction, EventType>;

/** Institutions holding achievements: universities and research institutes. */
const HOLDER_KINDS = [OrganisationKind.University];

/** The chain ids not yet verified in this transaction; marks them verified (the caller's check follows). */
export function uncheckedChains(ids: string[], verified?: Set<string>): string[] {
  if (!verified) return ids;
  const todo = ids.filter((id) => !verified.has(`chain:${id}`));
  for (const id of todo) verified.add(`chain:${id}`);
  return todo;
}

/** Achievements in the shared record workflow. */
const ACHIEVEMENT_RECORD: RecordKind<Achievement, AchievementStatus, AchievementAction> = {
  label: '成果',
  statusLabels: ACHIEVEMENT_STATUS_LABELS,
  workflow: ACHIEVEMENT_WORKFLOW,
  editable: ACHIEVEMENT_EDITABLE_STATUSES,
  contentFields: CONTENT_FIELDS,
  ownerOf: (achievement) => achievement.institutionId,
  readable: (actor, achievement) => isReadable(actor, achievement),
  toRow: ({ institution: _i, ...row }) => row as Achievement,
};

function isReadable(actor: Actor | undefined, achievement: Achievement): boolean {
  if (actor && (isStaff(actor) || actor.organisationId === achievement.institutionId)) return true;
  return PUBLIC_ACHIEVEMENT_STATUSES.includes(achievement.status);
}

function snapshot(achievement: Achievement): Record<string, unknown> {
  const { institution: _i, ...rest } = achievement;
  return rest;
}

@Injectable()
export class AchievementService {
  private readonly logger = new Logger(AchievementService.name);

  private readonly workflow: RecordWorkflow<Achievement, AchievementStatus, AchievementAction>;

  constructor(
    private readonly achievements: AchievementRepository,
    private readonly events: EventsService,
    private readonly chains: IndustryChainService,
    private readonly organisations: OrganisationService,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
  ) {
    this.workflow = new RecordWorkflow(ACHIEVEMENT_RECORD, achievements);
  }

  async create(actor: Actor, dto: CreateAchievementDto) {
    const staff = isStaff(actor);
    if (!staff && actor.role !== Role.University) throw AppError.forbidden('只有高校院所用户或技术经理人可以登记成果');
    if (!staff && dto.institutionId && dto.institutionId !== actor.organisationId) {
      throw AppError.forbidden('只能为本单位登记成果');
    }
    const institutionId = staff ? dto.institutionId : actor.organisationId;
    if (!institutionId) throw requiredField('institutionId');
    const saved = await this.events.transaction((manager) =>
      this.createWith(manager, actor, { ...dto, institutionId }),
    );
    return this.view(actor, saved.id);
  }

  /**
   * Creates a draft and records `achievement.created` inside the caller's transaction. Callers have checked the
   * actor may file for `institutionId`. `verified` remembers, for one transaction, the institution and chains
   * already checked.
   */
  async createWith(
    manager: EntityManager,
    actor: Actor,
    dto: CreateAchievementDto & { institutionId: string },
    source?: { file: string; row: number },
    verified?: Set<string>,
  ): Promise<Achievement> {
    const [row] = await this.createManyWith(manager, actor, [{ dto, source }], verified);
    return row;
  }

  /**
   * The bulk write path (imports), which the single create above also takes: checks each distinct institution and
   * chain once, inserts the drafts with one multi-row statement and their `achievement.created` events with
   * another. Each record still gets its own event, with the same snapshot a single save would have produced
   * (TypeORM merges the returned id, timestamps, version and column defaults into the entities).
   */
  async createManyWith(
    manager: EntityManager,
    actor: Actor,
    items: Array<{ dto: CreateAchievementDto & { institutionId: string }; source?: { file: string; row: number } }>,
    verified?: Set<string>,
  ): Promise<Achievement[]> {
    if (!items.length) return [];
    await this.organisations.assertKinds(
      manager,
      items.map((i) => i.dto.institutionId),
      HOLDER_KINDS,
      'institutionId',
      verified,
    );
    const chainIds = [...new Set(items.flatMap((i) => i.dto.industryChainIds ?? []))];
    await this.chains.assertUsable(manager, uncheckedChains(chainIds, verified));
    const rows = items.map(({ dto, source }) =>
      this.achievements.create({
        ...dto,
        keywords: dto.keywords ?? [],
        industryChainIds: dto.industryChainIds ?? [],
        patentNumbers: dto.patentNumbers ?? [],
        transferModes: dto.transferModes ?? [],
        stage: deriveStage(dto.trl, dto.stage),
        status: AchievementStatus.Draft,
        createdById: actor.userId,
        managerId: actor.role === Role.Manager ? actor.userId : null,
        sourceFile: source?.file ?? null,
        sourceRow: source?.row ?? null,
      }),
    );
    await this.achievements.insertMany(manager, rows);
    await this.events.recordMany(
      manager,
      actor,
      rows.map((row) => ({
        type: 'achievement.created',
        entityType: 'achievement',
        entityId: row.id,
        entityVersion: row.version,
        after: snapshot(row),
      })),
    );
    return rows;
  }

  async get(actor: Actor | undefined, id: string) {
    const achievement = await this.load(id);
    this.assertReadable(actor, achievement);
    return toAchievementView(achievement, actor, await this.chains.refs());
  }

  async update(actor: Actor, id: string, dto: UpdateAchievementDto) {
    await this.events.transaction((manager) => this.updateWith(manager, actor, id, dto));
    return this.view(actor, id);
  }

  /**
   * Applies changes and records `achievement.updated` inside the caller's transaction, with the same rights and
   * editable states as the API. Without `version` the row is not version-checked (imports lock and re-read it).
   * Returns the changed fields (none: nothing written, no event).
   */
  async updateWith(
    manager: EntityManager,
    actor: Actor,
    id: string,
    dto: Omit<UpdateAchievementDto, 'version'> & { version?: number },
  ): Promise<string[]> {
    const { version, ...changes } = dto;
    return this.workflow.edit(manager, actor, id, version, changes as Partial<Achievement>, {
      validate: async () => {
        if (changes.industryChainIds) await this.chains.assertUsable(manager, changes.industryChainIds);
      },
      derive: (current) => {
        if (changes.trl !== undefined || changes.stage !== undefined) {
          current.stage = deriveStage(current.trl, changes.stage ?? null);
        }
      },
      record: (saved, diff) =>
        this.events.record(manager, actor, {
          type: 'achievement.updated',
          entityType: 'achievement',
          entityId: id,
          entityVersion: saved.version,
          before: diff.before,
          after: diff.after,
        }),
    });
  }

  async transition(actor: Actor, id: string, action: AchievementAction, dto: AchievementTransitionDto) {
    if (ACHIEVEMENT_WORKFLOW[action].reasonRequired && !dto.reason) throw requiredField('reason');
    await this.events.transaction((manager) => this.transitionWith(manager, actor, id, action, dto));
    return this.view(actor, id);
  }

  /**
   * Publishes many records, each in its own transaction with its own workflow check and event: a record that may
   * not be published (not found for the caller, wrong state, no right) is reported and left exactly as it was, and
   * does not stop the others. Staff only (the controller restricts the route; the workflow checks each record).
   */
  async bulkPublish(actor: Actor, ids: string[]): Promise<BulkPublishResultDto> {
    if (!isStaff(actor)) throw AppError.forbidden('只有技术经理人或管理员可以批量发布');
    const results: BulkPublishResultDto['results'] = [];
    for (const id of ids) {
      try {
        const status = await this.events.transaction((manager) =>
          this.transitionWith(manager, actor, id, 'publish', {}),
        );
        results.push({ id, ok: true, status });
      } catch (error) {
        if (error instanceof AppError) {
          results.push({ id, ok: false, code: error.code, message: error.message });
        } else {
          // This record's transaction rolled back; the ones before stay published, so report rather than throw.
          this.logger.error(`bulk publish of achievement ${id} failed`, error instanceof Error ? error.stack : error);
          results.push({ id, ok: false, code: ErrorCode.INTERNAL, message: '发布失败，请稍后重试' });
        }
      }
    }
    const succeeded = results.filter((r) => r.ok).length;
    return { total: ids.length, succeeded, failed: ids.length - succeeded, results };
  }

  /**
   * One workflow step and its event inside the caller's transaction (a transfer or licence contract signed on a
   * match marks its achievement transferred in the same transaction). Returns the new status.
   */
  async transitionWith(
    manager: EntityManager,
    actor: Actor,
    id: string,
    action: AchievementAction,
    dto: AchievementTransitionDto,
  ): Promise<AchievementStatus> {
    return this.workflow.transition(manager, actor, id, action, dto.version, {
      apply: async (row) => {
        if (action === 'publish' && !row.publishedAt) row.publishedAt = new Date();
        if (action === 'return') row.lastReturn = await recordReturn(this.users, manager, actor, dto.reason!);
      },
      record: (saved, from, to) =>
        this.events.record(manager, actor, {
          type: EVENT_OF_ACTION[action],
          entityType: 'achievement',
          entityId: id,
          entityVersion: saved.version,
          before: { status: from },
          after: {
            status: to,
            reason: dto.reason ?? null,
            institutionId: saved.institutionId,
            industryChainIds: saved.industryChainIds,
          },
        }),
    });
  }

  async list(actor: Actor, query: AchievementQueryDto) {
    const qb = this.filtered(query);
    if (actor.role === Role.Organizer) {
      qb.andWhere('a.status IN (:...visible)', { visible: PUBLIC_ACHIEVEMENT_STATUSES });
    } else if (!isStaff(actor)) {
      // Institutions list their own catalogue; everyone else reads the public listing.
      qb.andWhere('a.institution_id = :own', { own: actor.organisationId ?? '00000000-0000-0000-0000-000000000000' });
    }
    if (query.status?.length) qb.andWhere('a.status IN (:...status)', { status: query.status });
    return this.page(qb, actor, query);
  }

  async listPublic(query: AchievementQueryDto) {
    const statuses = query.status?.length
      ? query.status.filter((s) => PUBLIC_ACHIEVEMENT_STATUSES.includes(s))
      : [AchievementStatus.Published];
    const qb = this.filtered(query).andWhere('a.status IN (:...statuses)', {
      statuses: statuses.length ? statuses : ['-'],
    });
    return this.page(qb, undefined, query);
  }

  /** An institution's achievements, newest first, as stored (its 一校一档; callers check the reader is staff or a member). */
  ofInstitution(institutionId: string): Promise<Achievement[]> {
    return this.achievements.ofInstitution(institutionId);
  }

  async getPublic(id: string) {
    const achievement = await this.load(id);
    if (!PUBLIC_ACHIEVEMENT_STATUSES.includes(achievement.status)) throw AppError.notFound('成果', id);
    return toAchievementView(achievement, undefined, await this.chains.refs());
  }

  private async page(
    qb: ReturnType<AchievementService['filtered']>,
    actor: Actor | undefined,
    query: AchievementQueryDto,
  ) {
    const [rows, total] = await qb.getManyAndCount();
    const chains = await this.chains.refs();
    return toPage(
      rows.map((a) => toAchievementView(a, actor, chains)),
      total,
      query,
    );
  }

  private filtered(query: AchievementQueryDto) {
    const qb = this.achievements.listQuery();
    applyListFilters(qb, {
      alias: 'a',
      chain: query.chain,
      q: query.q,
      textColumns: ['title', 'abstract', 'application_scenarios'],
      arrayTextColumns: ['keywords', 'patent_numbers'],
      sortColumn: query.sort,
      order: query.order,
      page: query.page,
      pageSize: query.pageSize,
    });
    if (query.institutionId) qb.andWhere('a.institution_id = :inst', { inst: query.institutionId });
    if (query.stage) qb.andWhere('a.stage = :stage', { stage: query.stage });
    if (query.transferMode) qb.andWhere(':mode = ANY(a.transfer_modes)', { mode: query.transferMode });
    return qb;
  }

  private assertReadable(actor: Actor | undefined, achievement: Achievement): void {
    if (!isReadable(actor, achievement)) throw AppError.notFound('成果', achievement.id);
  }

  private async load(id: string): Promise<Achievement> {
    const achievement = await this.achievements.findWithInstitution(id);
    if (!achievement) throw AppError.notFound('成果', id);
    return achievement;
  }

  private async view(actor: Actor, id: string) {
    const achievement = await this.load(id);
    return toAchievementView(achievement, actor, await this.chains.refs());
  }
}
