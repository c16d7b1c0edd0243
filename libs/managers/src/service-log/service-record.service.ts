import {
  Actor,
  AppError,
  applyTransition,
  assertVersion,
  diffFields,
  ErrorCode,
  isStaff,
  Party,
  toPage,
} from '@app/common';
import { EventsService } from '@app/events';
import { FilePurpose, FileStore, StoredFile } from '@app/files';
import { ChainRef, IndustryChainService, OrganisationKind, RegistryReads } from '@app/registry';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { AssignmentService } from '../assignment/assignment.service';
import { isAdmin, readsOrganisationLog } from '../managers.access';
import { ProfileStatus, SERVICE_RECORD_KIND_LABELS, ServiceRecordKind } from '../managers.domain';
import { ManagerProfile } from '../profile/manager-profile.entity';
import { ManagerProfileService } from '../profile/manager-profile.service';
import {
  CreateServiceRecordDto,
  LinkNeedDto,
  RemoveServiceRecordDto,
  ServiceRecordQueryDto,
  ServiceRecordResponseDto,
  UnlinkNeedDto,
  UpdateServiceRecordDto,
} from './dto/service-record.dto';
import { MinedNeed, ServiceRecord } from './service-record.entity';
import {
  NEED_STATE_LABELS,
  NEED_WORKFLOW,
  SERVICE_RECORD_STATE_LABELS,
  SERVICE_RECORD_WORKFLOW,
} from './service-record.workflow';
import { ServiceRecordsRepository } from './service-records.repository';

const CONTENT_FIELDS: (keyof ServiceRecord)[] = ['kind', 'occurredOn', 'participants', 'summary', 'assignmentId'];

export interface UploadedAttachment {
  originalname: string;
  mimetype: string;
  buffer: Buffer;
}

function snapshot(r: ServiceRecord): Record<string, unknown> {
  const { managerProfile: _m, organisation: _o, ...rest } = r;
  return rest;
}

/**
 * The service log: a manager records each visit, call, roadmap workshop, need-mining session or signed agreement
 * with an enterprise or university, with the needs it mined. Only the record's manager (or an admin) changes it.
 */
@Injectable()
export class ServiceRecordService {
  constructor(
    private readonly records: ServiceRecordsRepository,
    private readonly events: EventsService,
    private readonly chains: IndustryChainService,
    private readonly registry: RegistryReads,
    private readonly profiles: ManagerProfileService,
    private readonly assignments: AssignmentService,
    private readonly files: FileStore,
  ) {}

  async create(actor: Actor, dto: CreateServiceRecordDto): Promise<ServiceRecordResponseDto> {
    if (!isStaff(actor)) throw AppError.forbidden('只有技术经理人或管理员可以登记服务记录');
    const id = await this.events.transaction(async (manager) => {
      const profile = await this.authorProfile(manager, actor, dto.managerProfileId);
      if (profile.status !== ProfileStatus.Active) {
        throw AppError.conflict(ErrorCode.NOT_EDITABLE, '技术经理人档案已停用，不能登记服务记录', {
          managerProfileId: profile.id,
        });
      }
      const [org] = await this.registry.organisations([dto.organisationId], manager);
      if (!org) throw AppError.invalidField('organisationId', '机构不存在');
      if (org.kind !== OrganisationKind.Enterprise && org.kind !== OrganisationKind.University) {
        throw AppError.invalidField('organisationId', '服务对象必须是企业或高校院所');
      }
      const needs = dto.needs ?? [];
      if (needs.length && org.kind !== OrganisationKind.Enterprise) {
        throw AppError.invalidField('needs', '只有企业的服务记录可以登记挖掘的需求');
      }
      if (dto.kind === ServiceRecordKind.NeedMining && !needs.length) {
        throw AppError.invalidField('needs', '“需求挖掘”记录至少登记一项需求');
      }
      await this.chains.assertUsable(manager, [...new Set(needs.flatMap((n) => n.industryChainIds ?? []))], 'needs');
      const covering = await this.assignments.covering(manager, profile.id, org.id, dto.occurredOn);
      const saved = await this.records.save(
        manager,
        this.records.create(
          {
            managerProfileId: profile.id,
            kind: dto.kind,
            occurredOn: dto.occurredOn,
            organisationId: org.id,
            assignmentId: covering?.id ?? null,
            participants: dto.participants ?? [],
            summary: dto.summary,
            attachmentFileId: null,
            attachmentFilename: null,
            createdById: actor.userId,
            removedAt: null,
            removalReason: null,
          },
          manager,
        ),
      );
      const minedNeeds = await this.records.insertNeeds(
        manager,
        needs.map((n, position) => ({
          serviceRecordId: saved.id,
          position,
          organisationId: org.id,
          title: n.title,
          description: n.description ?? '',
          industryChainIds: n.industryChainIds ?? [],
          demandId: null,
          linkedAt: null,
        })),
      );
      await this.events.record(manager, actor, {
        type: 'service_record.created',
        entityType: 'service_record',
        entityId: saved.id,
        entityVersion: saved.version,
        after: { ...snapshot(saved), needs: minedNeeds.map((n) => ({ id: n.id, title: n.title })) },
      });
      return saved.id;
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<ServiceRecordResponseDto> {
    const row = await this.readable(actor, id);
    return (await this.views([row]))[0];
  }

  async list(actor: Actor, query: ServiceRecordQueryDto) {
    const [rows, total] = await this.records.page(actor, query);
    return toPage(await this.views(rows), total, query);
  }

  async update(actor: Actor, id: string, dto: UpdateServiceRecordDto): Promise<ServiceRecordResponseDto> {
    await this.events.transaction(async (manager) => {
      const { current } = await this.lockOwn(manager, actor, id);
      if (current.removedAt) {
        throw AppError.conflict(ErrorCode.NOT_EDITABLE, '服务记录已删除，不能修改', { status: 'removed' });
      }
      assertVersion(current, dto.version);
      const { version: _v, ...changes } = dto;
      for (const field of ['kind', 'occurredOn', 'summary', 'participants'] as const) {
        if (changes[field] === null) throw AppError.invalidField(field, '不能为空');
      }
      // A record becomes 需求挖掘 only if it mined something (as when it is logged as one).
      if (changes.kind === ServiceRecordKind.NeedMining && current.kind !== ServiceRecordKind.NeedMining) {
        const needs = await this.records.needsOf([id], manager);
        if (!needs.length) {
          throw AppError.invalidField(
            'kind',
            '本记录没有登记挖掘的需求，不能改为“需求挖掘”；请另行登记一条需求挖掘记录',
          );
        }
      }
      const before = { ...current };
      Object.assign(current, changes);
      if (changes.occurredOn && changes.occurredOn !== before.occurredOn) {
        const covering = await this.assignments.covering(
          manager,
          current.managerProfileId,
          current.organisationId,
          current.occurredOn,
        );
        current.assignmentId = covering?.id ?? null;
      }
      const diff = diffFields(before, current, CONTENT_FIELDS);
      if (!diff.changed.length) return;
      const { managerProfile: _m, organisation: _o, ...row } = current;
      const saved = await this.records.save(manager, row as ServiceRecord);
      await this.events.record(manager, actor, {
        type: 'service_record.updated',
        entityType: 'service_record',
        entityId: id,
        entityVersion: saved.version,
        before: diff.before,
        after: { ...diff.after, organisationId: saved.organisationId },
      });
    });
    return this.get(actor, id);
  }

  /** Removes a record (soft: it stays in the log, flagged, and no longer counts). */
  async remove(actor: Actor, id: string, dto: RemoveServiceRecordDto): Promise<ServiceRecordResponseDto> {
    await this.events.transaction(async (manager) => {
      const { current, parties } = await this.lockOwn(manager, actor, id);
      assertVersion(current, dto.version);
      const from = current.removedAt ? 'removed' : 'active';
      const to = applyTransition(SERVICE_RECORD_WORKFLOW, 'remove', from, parties, SERVICE_RECORD_STATE_LABELS);
      current.removedAt = new Date();
      current.removalReason = dto.reason;
      const saved = await this.records.save(manager, current);
      await this.events.record(manager, actor, {
        type: 'service_record.removed',
        entityType: 'service_record',
        entityId: id,
        entityVersion: saved.version,
        before: { status: from },
        after: { status: to, reason: dto.reason, organisationId: saved.organisationId },
      });
    });
    return this.get(actor, id);
  }

  /** Attaches (or replaces) the record's file, e.g. the signed cooperation agreement. */
  async attach(actor: Actor, id: string, file: UploadedAttachment): Promise<ServiceRecordResponseDto> {
    await this.events.transaction(async (manager) => {
      const { current } = await this.lockOwn(manager, actor, id);
      if (current.removedAt) {
        throw AppError.conflict(ErrorCode.NOT_EDITABLE, '服务记录已删除，不能上传附件', { status: 'removed' });
      }
      const stored = await this.files.save(
        {
          purpose: FilePurpose.Evidence,
          filename: file.originalname,
          contentType: file.mimetype,
          content: file.buffer,
          createdById: actor.userId,
        },
        manager,
      );
      const before = { attachmentFileId: current.attachmentFileId, attachmentFilename: current.attachmentFilename };
      current.attachmentFileId = stored.id;
      current.attachmentFilename = stored.filename;
      const saved = await this.records.save(manager, current);
      await this.events.record(manager, actor, {
        type: 'service_record.updated',
        entityType: 'service_record',
        entityId: id,
        entityVersion: saved.version,
        before,
        after: {
          attachmentFileId: stored.id,
          attachmentFilename: stored.filename,
          size: stored.size,
          sha256: stored.sha256,
          organisationId: saved.organisationId,
        },
      });
    });
    return this.get(actor, id);
  }

  /** The record's attachment, for whoever may read the record. */
  async attachment(actor: Actor, id: string): Promise<{ file: StoredFile; content: Buffer }> {
    const row = await this.readable(actor, id);
    if (!row.attachmentFileId) throw AppError.notFound('附件');
    return this.files.read(row.attachmentFileId);
  }

  /** Links a mined need to the demand it became: the demand must be the same enterprise's. */
  async linkNeed(actor: Actor, id: string, needId: string, dto: LinkNeedDto): Promise<ServiceRecordResponseDto> {
    await this.events.transaction(async (manager) => {
      const { need, parties } = await this.lockNeed(manager, actor, id, needId);
      assertVersion(need, dto.version);
      const from = need.demandId ? 'linked' : 'open';
      const to = applyTransition(NEED_WORKFLOW, 'link', from, parties, NEED_STATE_LABELS);
      const demand = await this.registry.demand(dto.demandId, manager);
      if (!demand) throw AppError.invalidField('demandId', '技术需求不存在');
      if (demand.ownerOrganisationId !== need.organisationId) {
        throw AppError.invalidField('demandId', '该技术需求不属于挖掘需求的企业');
      }
      const taken = await this.records.needLinkedTo(manager, dto.demandId);
      if (taken && taken.id !== need.id) {
        throw AppError.conflict(ErrorCode.NEED_ALREADY_LINKED, '该技术需求已关联到另一项挖掘需求', {
          needId: taken.id,
        });
      }
      need.demandId = dto.demandId;
      need.linkedAt = new Date();
      const saved = await this.records.saveNeed(manager, need);
      await this.events.record(manager, actor, {
        type: 'mined_need.linked',
        entityType: 'mined_need',
        entityId: need.id,
        entityVersion: saved.version,
        before: { status: from, demandId: null },
        after: { status: to, demandId: dto.demandId, serviceRecordId: id },
      });
    });
    return this.get(actor, id);
  }

  async unlinkNeed(actor: Actor, id: string, needId: string, dto: UnlinkNeedDto): Promise<ServiceRecordResponseDto> {
    await this.events.transaction(async (manager) => {
      const { need, parties } = await this.lockNeed(manager, actor, id, needId);
      assertVersion(need, dto.version);
      const from = need.demandId ? 'linked' : 'open';
      const to = applyTransition(NEED_WORKFLOW, 'unlink', from, parties, NEED_STATE_LABELS);
      const demandId = need.demandId;
      need.demandId = null;
      need.linkedAt = null;
      const saved = await this.records.saveNeed(manager, need);
      await this.events.record(manager, actor, {
        type: 'mined_need.unlinked',
        entityType: 'mined_need',
        entityId: need.id,
        entityVersion: saved.version,
        before: { status: from, demandId },
        after: { status: to, demandId: null, serviceRecordId: id },
      });
    });
    return this.get(actor, id);
  }

  /** The record if the actor may read it: staff, or a user of the organisation served (records that stand). */
  async readable(actor: Actor, id: string): Promise<ServiceRecord> {
    const row = await this.records.findById(id);
    if (!row || !readsOrganisationLog(actor, row.organisationId) || (!isStaff(actor) && row.removedAt)) {
      throw AppError.notFound('服务记录', id);
    }
    return row;
  }

  /** The needs mined for an enterprise in records that stand, with the record's date and manager. */
  needsOfOrganisation(organisationId: string) {
    return this.records.needsOfOrganisation(organisationId);
  }

  /** Whose record it is: an admin may log for anyone (naming the profile), a manager for themselves only. */
  private async authorProfile(manager: EntityManager, actor: Actor, profileId?: string): Promise<ManagerProfile> {
    if (!profileId) {
      if (isAdmin(actor)) throw AppError.invalidField('managerProfileId', '管理员代录时必须指定技术经理人');
      return this.profiles.ownProfile(actor, manager);
    }
    const profile = await this.profiles.lockProfileIfAny(manager, profileId);
    if (!profile) throw AppError.invalidField('managerProfileId', '技术经理人档案不存在');
    if (!isAdmin(actor) && profile.userId !== actor.userId) {
      throw AppError.forbidden('技术经理人只能登记本人的服务记录');
    }
    return profile;
  }

  /** The record locked, with the actor's parties: 'owner' its manager, 'staff' an admin; 403 for anyone else. */
  private async lockOwn(manager: EntityManager, actor: Actor, id: string) {
    const current = await this.records.lockForUpdate(manager, id);
    if (!current || !readsOrganisationLog(actor, current.organisationId)) throw AppError.notFound('服务记录', id);
    const parties: Party[] = [];
    if (isAdmin(actor)) parties.push('staff');
    const [profile] = await this.profiles.profilesByIds([current.managerProfileId]);
    if (profile && actor.userId && profile.userId === actor.userId) parties.push('owner');
    if (!parties.length) throw AppError.forbidden('只有记录的技术经理人或管理员可以修改服务记录');
    return { current, parties };
  }

  private async lockNeed(manager: EntityManager, actor: Actor, id: string, needId: string) {
    const { current, parties } = await this.lockOwn(manager, actor, id);
    if (current.removedAt) {
      throw AppError.conflict(ErrorCode.NOT_EDITABLE, '服务记录已删除，不能修改', { status: 'removed' });
    }
    const need = await this.records.lockNeed(manager, needId);
    if (!need || need.serviceRecordId !== id) throw AppError.notFound('挖掘需求', needId);
    return { need, parties };
  }

  private async views(rows: ServiceRecord[]): Promise<ServiceRecordResponseDto[]> {
    if (!rows.length) return [];
    const refs = await this.chains.refs();
    const profiles = new Map(
      (await this.profiles.profilesByIds([...new Set(rows.map((r) => r.managerProfileId))])).map((p) => [p.id, p]),
    );
    const names = await this.registry.organisationNames([...new Set(rows.map((r) => r.organisationId))]);
    const needs = await this.records.needsOf(rows.map((r) => r.id));
    const demandIds = [...new Set(needs.map((n) => n.demandId).filter((d): d is string => !!d))];
    const demandTitles = new Map((await this.registry.demandCards(demandIds)).map((d) => [d.id, d.title]));
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      kindLabel: SERVICE_RECORD_KIND_LABELS[r.kind],
      occurredOn: r.occurredOn,
      managerProfileId: r.managerProfileId,
      managerName: profiles.get(r.managerProfileId)?.name ?? '',
      organisationId: r.organisationId,
      organisationName: names.get(r.organisationId) ?? '',
      assignmentId: r.assignmentId,
      participants: r.participants,
      summary: r.summary,
      attachmentFilename: r.attachmentFilename,
      attachmentUrl: r.attachmentFileId ? `/service-records/${r.id}/attachment` : null,
      needs: needs
        .filter((n: MinedNeed) => n.serviceRecordId === r.id)
        .map((n) => ({
          id: n.id,
          title: n.title,
          description: n.description,
          industryChains: n.industryChainIds.map((c) => refs.get(c)).filter((c): c is ChainRef => !!c),
          demandId: n.demandId,
          demandTitle: n.demandId ? (demandTitles.get(n.demandId) ?? null) : null,
          linkedAt: n.linkedAt,
          version: n.version,
        })),
      removed: r.removedAt !== null,
      removalReason: r.removalReason,
      version: r.version,
      createdAt: r.createdAt,
    }));
  }
}
