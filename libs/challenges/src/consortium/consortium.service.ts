import { Actor, AppError, ErrorCode, isStaff, RecordKind, RecordWorkflow, toPage, Workflow } from '@app/common';
import { EventsService } from '@app/events';
import { IndustryChainService, OrganisationKind, OrganisationService, RegistryReads } from '@app/registry';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { BidMember, CONSORTIUM_STATUS_LABELS, ConsortiumStatus, fileRefFor } from '../challenge/challenge.domain';
import { InnovationConsortium } from './consortium.entity';
import { ConsortiumRepository } from './consortium.repository';
import {
  ConsortiumQueryDto,
  CreateConsortiumDto,
  DissolveConsortiumDto,
  UpdateConsortiumDto,
} from './dto/consortium.dto';

type ConsortiumAction = 'dissolve';

const CONSORTIUM_WORKFLOW: Workflow<ConsortiumStatus, ConsortiumAction> = {
  dissolve: { from: [ConsortiumStatus.Active], to: ConsortiumStatus.Dissolved, by: ['staff'], label: '解散' },
};

const CONSORTIUM_RECORD: RecordKind<InnovationConsortium, ConsortiumStatus, ConsortiumAction> = {
  label: '创新联合体',
  statusLabels: CONSORTIUM_STATUS_LABELS,
  workflow: CONSORTIUM_WORKFLOW,
  editable: { owner: [], staff: [ConsortiumStatus.Active] },
  contentFields: ['name', 'leadOrganisationId', 'members', 'industryChainIds', 'foundedOn', 'description'],
  ownerOf: (c) => c.leadOrganisationId,
  // The registry of consortia is public to every signed-in user.
  readable: () => true,
  toRow: (c) => c,
};

export interface ConsortiumView extends Omit<InnovationConsortium, 'createdById' | 'members'> {
  statusLabel: string;
  leadOrganisationName: string | null;
  members: Array<BidMember & { organisationName: string | null; organisationKind: string | null }>;
  allowedActions: string[];
}

@Injectable()
export class ConsortiumService {
  private readonly workflow: RecordWorkflow<InnovationConsortium, ConsortiumStatus, ConsortiumAction>;

  constructor(
    private readonly consortia: ConsortiumRepository,
    private readonly events: EventsService,
    private readonly organisations: OrganisationService,
    private readonly registry: RegistryReads,
    private readonly chains: IndustryChainService,
  ) {
    this.workflow = new RecordWorkflow(CONSORTIUM_RECORD, consortia);
  }

  async create(actor: Actor, dto: CreateConsortiumDto): Promise<ConsortiumView> {
    if (!isStaff(actor)) throw AppError.forbidden('只有技术经理人或管理员可以登记创新联合体');
    const saved = await this.events.transaction(async (manager) => {
      await this.check(manager, dto);
      const row = await this.consortia.save(
        manager,
        this.consortia.create({
          name: dto.name,
          leadOrganisationId: dto.leadOrganisationId,
          members: dto.members.map((m) => ({ organisationId: m.organisationId, role: m.role })),
          industryChainIds: dto.industryChainIds ?? [],
          foundedOn: dto.foundedOn,
          description: dto.description ?? '',
          status: ConsortiumStatus.Active,
          createdById: actor.userId,
        }),
      );
      await this.events.record(manager, actor, {
        type: 'consortium.created',
        entityType: 'consortium',
        entityId: row.id,
        entityVersion: row.version,
        after: { ...row },
      });
      return row;
    });
    return this.get(actor, saved.id);
  }

  async update(actor: Actor, id: string, dto: UpdateConsortiumDto): Promise<ConsortiumView> {
    const { version, ...changes } = dto;
    await this.events.transaction((manager) =>
      this.workflow.edit(manager, actor, id, version, changes as Partial<InnovationConsortium>, {
        validate: (current, patch) => this.check(manager, { ...current, ...patch }, id),
        record: (saved, diff) =>
          this.events.record(manager, actor, {
            type: 'consortium.updated',
            entityType: 'consortium',
            entityId: id,
            entityVersion: saved.version,
            before: diff.before,
            after: diff.after,
          }),
      }),
    );
    return this.get(actor, id);
  }

  async dissolve(actor: Actor, id: string, dto: DissolveConsortiumDto): Promise<ConsortiumView> {
    await this.events.transaction((manager) =>
      this.workflow.transition(manager, actor, id, 'dissolve', dto.version, {
        apply: (row) => {
          if (dto.dissolvedOn < row.foundedOn) throw AppError.invalidField('dissolvedOn', '解散日期不能早于成立日期');
          row.dissolvedOn = dto.dissolvedOn;
          row.dissolveReason = dto.reason;
        },
        record: (saved, from, to) =>
          this.events.record(manager, actor, {
            type: 'consortium.dissolved',
            entityType: 'consortium',
            entityId: id,
            entityVersion: saved.version,
            before: { status: from },
            after: { status: to, dissolvedOn: saved.dissolvedOn, reason: saved.dissolveReason },
          }),
      }),
    );
    return this.get(actor, id);
  }

  async list(actor: Actor, query: ConsortiumQueryDto) {
    const [rows, total] = await this.consortia.page(query);
    return toPage(await this.views(actor, rows), total, query);
  }

  async get(actor: Actor, id: string): Promise<ConsortiumView> {
    const row = await this.consortia.findById(id);
    if (!row) throw AppError.notFound('创新联合体', id);
    return (await this.views(actor, [row]))[0];
  }

  /** Lead is an enterprise; members exist, differ from the lead and each other; chains usable; name unique. */
  private async check(
    manager: EntityManager,
    c: Pick<CreateConsortiumDto, 'name' | 'leadOrganisationId' | 'members' | 'industryChainIds'>,
    id?: string,
  ): Promise<void> {
    await this.organisations.assertKind(
      manager,
      c.leadOrganisationId,
      [OrganisationKind.Enterprise],
      'leadOrganisationId',
    );
    const ids = c.members.map((m) => m.organisationId);
    if (new Set(ids).size !== ids.length) throw AppError.invalidField('members', '成员单位不能重复');
    if (ids.includes(c.leadOrganisationId)) throw AppError.invalidField('members', '牵头企业不必列为成员单位');
    const found = await this.registry.organisations(ids, manager);
    const missing = ids.filter(
      (o) =>
        !found.some((f) => f.id === o && [OrganisationKind.Enterprise, OrganisationKind.University].includes(f.kind)),
    );
    if (missing.length) throw AppError.invalidField('members', '成员单位不存在或不是企业、高校院所', { ids: missing });
    if (c.industryChainIds?.length) await this.chains.assertUsable(manager, c.industryChainIds);
    if (await this.consortia.nameTaken(manager, c.name, id)) {
      throw AppError.conflict(ErrorCode.CONFLICT, `已有名为“${c.name}”的创新联合体`, { field: 'name' });
    }
  }

  private async views(actor: Actor, rows: InnovationConsortium[]): Promise<ConsortiumView[]> {
    if (!rows.length) return [];
    const orgIds = [...new Set(rows.flatMap((c) => [c.leadOrganisationId, ...c.members.map((m) => m.organisationId)]))];
    const orgs = new Map((await this.registry.organisations(orgIds)).map((o) => [o.id, o]));
    return rows.map((c) => {
      const { createdById: _c, ...rest } = c;
      const active = c.status === ConsortiumStatus.Active;
      // The registry is public; who uploaded the agreement (a user id) is for staff and the consortium's own.
      const party =
        !!actor.organisationId &&
        (c.leadOrganisationId === actor.organisationId ||
          c.members.some((m) => m.organisationId === actor.organisationId));
      return {
        ...rest,
        agreement: c.agreement && fileRefFor(c.agreement, isStaff(actor) || party),
        statusLabel: CONSORTIUM_STATUS_LABELS[c.status],
        leadOrganisationName: orgs.get(c.leadOrganisationId)?.name ?? null,
        members: c.members.map((m) => ({
          ...m,
          organisationName: orgs.get(m.organisationId)?.name ?? null,
          organisationKind: orgs.get(m.organisationId)?.kind ?? null,
        })),
        allowedActions: isStaff(actor) && active ? ['edit', 'dissolve'] : [],
      };
    });
  }
}
