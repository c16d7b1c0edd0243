import { Actor, AppError, applyTransition, assertVersion, ErrorCode, isStaff, Party, toPage } from '@app/common';
import { EventsService } from '@app/events';
import { OrganisationKind, RegistryReads } from '@app/registry';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { readsOrganisationLog } from '../managers.access';
import {
  ASSIGNMENT_KIND_LABELS,
  ASSIGNMENT_STATUS_LABELS,
  AssignmentKind,
  AssignmentStatus,
  ProfileStatus,
} from '../managers.domain';
import { ManagerProfile } from '../profile/manager-profile.entity';
import { ManagerProfileService } from '../profile/manager-profile.service';
import { ManagerAssignment } from './assignment.entity';
import { ASSIGNMENT_WORKFLOW, AssignmentAction } from './assignment.workflow';
import { AssignmentsRepository } from './assignments.repository';
import {
  AssignmentQueryDto,
  AssignmentResponseDto,
  CreateAssignmentDto,
  EndAssignmentDto,
  ReassignDto,
} from './dto/assignment.dto';

const ORGANISATION_KIND: Record<AssignmentKind, { kind: OrganisationKind; label: string }> = {
  [AssignmentKind.Enterprise]: { kind: OrganisationKind.Enterprise, label: '企业' },
  [AssignmentKind.University]: { kind: OrganisationKind.University, label: '高校院所' },
};

function snapshot(a: ManagerAssignment): Record<string, unknown> {
  const { managerProfile: _m, organisation: _o, ...rest } = a;
  return rest;
}

/**
 * Who serves whom: 一对一 (one active manager per leading enterprise) and 驻校 (a team per university, one active
 * assignment per manager and university). Ending and reassigning keep the history.
 */
@Injectable()
export class AssignmentService {
  constructor(
    private readonly assignments: AssignmentsRepository,
    private readonly events: EventsService,
    private readonly registry: RegistryReads,
    private readonly profiles: ManagerProfileService,
  ) {}

  async create(actor: Actor, dto: CreateAssignmentDto): Promise<AssignmentResponseDto> {
    if (!isStaff(actor)) throw AppError.forbidden('只有平台人员可以分配技术经理人');
    const id = await this.events.transaction(async (manager) => {
      const saved = await this.open(manager, actor, {
        managerProfileId: dto.managerProfileId,
        kind: dto.kind,
        organisationId: dto.organisationId,
        startOn: dto.startOn,
        note: dto.note ?? '',
        previousAssignmentId: null,
      });
      return saved.id;
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<AssignmentResponseDto> {
    const row = await this.assignments.findById(id);
    if (!row || !readsOrganisationLog(actor, row.organisationId)) throw AppError.notFound('服务分配', id);
    return (await this.views([row]))[0];
  }

  async list(actor: Actor, query: AssignmentQueryDto) {
    const [rows, total] = await this.assignments.page(actor, query);
    return toPage(await this.views(rows), total, query);
  }

  async end(actor: Actor, id: string, dto: EndAssignmentDto): Promise<AssignmentResponseDto> {
    await this.events.transaction(async (manager) => {
      const current = await this.begin(manager, actor, id, 'end', dto.version);
      if (dto.endOn < current.startOn) throw AppError.invalidField('endOn', '不能早于开始日期');
      await this.close(manager, actor, current, dto.endOn, dto.reason);
    });
    return this.get(actor, id);
  }

  /** Hands an active assignment over: the old one ends on the handover day, the new one starts that day. */
  async reassign(actor: Actor, id: string, dto: ReassignDto): Promise<AssignmentResponseDto> {
    const nextId = await this.events.transaction(async (manager) => {
      const current = await this.begin(manager, actor, id, 'reassign', dto.version);
      if (dto.managerProfileId === current.managerProfileId) {
        throw AppError.invalidField('managerProfileId', '与当前技术经理人相同');
      }
      if (dto.handoverOn < current.startOn) throw AppError.invalidField('handoverOn', '不能早于原分配的开始日期');
      await this.close(manager, actor, current, dto.handoverOn, dto.reason);
      const next = await this.open(manager, actor, {
        managerProfileId: dto.managerProfileId,
        kind: current.kind,
        organisationId: current.organisationId,
        startOn: dto.handoverOn,
        note: current.note,
        previousAssignmentId: current.id,
      });
      return next.id;
    });
    return this.get(actor, nextId);
  }

  /** The manager's assignment to this organisation covering this date, if any (service records point to it). */
  covering(manager: EntityManager, managerProfileId: string, organisationId: string, on: string) {
    return this.assignments.covering(manager, managerProfileId, organisationId, on);
  }

  private async begin(
    manager: EntityManager,
    actor: Actor,
    id: string,
    action: AssignmentAction,
    version: number | undefined,
  ): Promise<ManagerAssignment> {
    const current = await this.assignments.lockForUpdate(manager, id);
    if (!current || !readsOrganisationLog(actor, current.organisationId)) throw AppError.notFound('服务分配', id);
    assertVersion(current, version);
    const parties: Party[] = isStaff(actor) ? ['staff'] : [];
    applyTransition(ASSIGNMENT_WORKFLOW, action, current.status, parties, ASSIGNMENT_STATUS_LABELS);
    return current;
  }

  private async close(manager: EntityManager, actor: Actor, row: ManagerAssignment, endOn: string, reason: string) {
    const from = row.status;
    row.status = AssignmentStatus.Ended;
    row.endOn = endOn;
    row.endReason = reason;
    const saved = await this.assignments.save(manager, row);
    await this.events.record(manager, actor, {
      type: 'manager_assignment.ended',
      entityType: 'manager_assignment',
      entityId: row.id,
      entityVersion: saved.version,
      before: { status: from, endOn: null },
      after: { status: saved.status, endOn, endReason: reason, organisationId: row.organisationId },
    });
  }

  private async open(
    manager: EntityManager,
    actor: Actor,
    fields: Pick<
      ManagerAssignment,
      'managerProfileId' | 'kind' | 'organisationId' | 'startOn' | 'note' | 'previousAssignmentId'
    >,
  ): Promise<ManagerAssignment> {
    const profile: ManagerProfile | null = await this.profiles.lockProfileIfAny(manager, fields.managerProfileId);
    if (!profile) throw AppError.invalidField('managerProfileId', '技术经理人档案不存在');
    if (profile.status !== ProfileStatus.Active) {
      throw AppError.conflict(ErrorCode.NOT_EDITABLE, '技术经理人档案已停用，不能接受服务分配', {
        managerProfileId: profile.id,
      });
    }
    const [org] = await this.registry.organisations([fields.organisationId], manager);
    const want = ORGANISATION_KIND[fields.kind];
    if (!org) throw AppError.invalidField('organisationId', '机构不存在');
    if (org.kind !== want.kind) {
      throw AppError.invalidField('organisationId', `${ASSIGNMENT_KIND_LABELS[fields.kind]}的对象必须是${want.label}`);
    }
    if (fields.kind === AssignmentKind.Enterprise) {
      const open = await this.assignments.activeForEnterprise(manager, fields.organisationId);
      if (open) {
        throw AppError.conflict(
          ErrorCode.ASSIGNMENT_OPEN,
          '该企业已有服务中的一对一技术经理人，请使用“更换技术经理人”',
          {
            assignmentId: open.id,
          },
        );
      }
    }
    const pair = await this.assignments.activeForPair(manager, fields.managerProfileId, fields.organisationId);
    if (pair) {
      throw AppError.conflict(ErrorCode.ASSIGNMENT_OPEN, '该技术经理人已在服务此机构', { assignmentId: pair.id });
    }
    const saved = await this.assignments.save(
      manager,
      this.assignments.create(
        { ...fields, status: AssignmentStatus.Active, endOn: null, endReason: null, createdById: actor.userId },
        manager,
      ),
    );
    await this.events.record(manager, actor, {
      type: 'manager_assignment.created',
      entityType: 'manager_assignment',
      entityId: saved.id,
      entityVersion: saved.version,
      after: snapshot(saved),
    });
    return saved;
  }

  private async views(rows: ManagerAssignment[]): Promise<AssignmentResponseDto[]> {
    if (!rows.length) return [];
    const profiles = new Map(
      (await this.profiles.profilesByIds([...new Set(rows.map((r) => r.managerProfileId))])).map((p) => [p.id, p]),
    );
    const names = await this.registry.organisationNames([...new Set(rows.map((r) => r.organisationId))]);
    return rows.map((a) => ({
      id: a.id,
      manager: { id: a.managerProfileId, name: profiles.get(a.managerProfileId)?.name ?? '' },
      kind: a.kind,
      kindLabel: ASSIGNMENT_KIND_LABELS[a.kind],
      organisationId: a.organisationId,
      organisationName: names.get(a.organisationId) ?? '',
      startOn: a.startOn,
      endOn: a.endOn,
      endReason: a.endReason,
      status: a.status,
      statusLabel: ASSIGNMENT_STATUS_LABELS[a.status],
      previousAssignmentId: a.previousAssignmentId,
      note: a.note,
      version: a.version,
      createdAt: a.createdAt,
    }));
  }
}
