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
import { ChainRef, IndustryChainService, OrganisationKind, RegistryReads } from '@app/registry';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { AGENCY_STATUS_LABELS, AgencyStatus, SERVICE_SCOPE_LABELS } from '../managers.domain';
import { ManagerProfileService } from '../profile/manager-profile.service';
import { AgenciesRepository } from './agencies.repository';
import { TransferAgency } from './agency.entity';
import { AGENCY_WORKFLOW } from './agency.workflow';
import {
  AgencyQueryDto,
  AgencyResponseDto,
  CreateAgencyDto,
  FileAgencyDto,
  RevokeAgencyDto,
  UpdateAgencyDto,
} from './dto/agency.dto';

const CONTENT_FIELDS: (keyof TransferAgency)[] = ['serviceScope', 'serviceDescription', 'industryChainIds'];

function snapshot(a: TransferAgency): Record<string, unknown> {
  const { organisation: _o, ...rest } = a;
  return rest;
}

/** Technology-transfer service agencies: registered by staff on an agency organisation, filed, revoked. */
@Injectable()
export class AgencyService {
  constructor(
    private readonly agencies: AgenciesRepository,
    private readonly events: EventsService,
    private readonly chains: IndustryChainService,
    private readonly registry: RegistryReads,
    private readonly profiles: ManagerProfileService,
  ) {}

  async create(actor: Actor, dto: CreateAgencyDto): Promise<AgencyResponseDto> {
    if (!isStaff(actor)) throw AppError.forbidden('只有平台人员可以登记技术转移服务机构');
    const id = await this.events.transaction(async (manager) => {
      const [org] = await this.registry.organisations([dto.organisationId], manager);
      if (!org) throw AppError.invalidField('organisationId', '机构不存在');
      if (org.kind !== OrganisationKind.Agency) {
        throw AppError.invalidField('organisationId', '该机构不是技术转移服务机构');
      }
      if (await this.agencies.findByOrganisation(dto.organisationId, manager)) {
        throw AppError.conflict(ErrorCode.PROFILE_EXISTS, '该机构已登记为技术转移服务机构', {
          organisationId: dto.organisationId,
        });
      }
      await this.chains.assertUsable(manager, dto.industryChainIds ?? []);
      const saved = await this.agencies.save(
        manager,
        this.agencies.create(
          {
            organisationId: dto.organisationId,
            serviceScope: dto.serviceScope,
            serviceDescription: dto.serviceDescription ?? '',
            industryChainIds: dto.industryChainIds ?? [],
            status: AgencyStatus.Registered,
          },
          manager,
        ),
      );
      await this.events.record(manager, actor, {
        type: 'transfer_agency.created',
        entityType: 'transfer_agency',
        entityId: saved.id,
        entityVersion: saved.version,
        after: { ...snapshot(saved), name: org.name },
      });
      return saved.id;
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<AgencyResponseDto> {
    const row = await this.agencies.findById(id);
    if (!row) throw AppError.notFound('技术转移服务机构', id);
    const [view] = await this.views([row]);
    const managers = await this.profiles.activeOf(row.organisationId);
    return { ...view, managers: await this.profiles.views(actor, managers) };
  }

  async list(query: AgencyQueryDto) {
    // by the organisation's name (the registry orders its organisations in the database's collation), then id
    const found = await this.agencies.matching(query);
    const byOrganisation = new Map(found.map((a) => [a.organisationId, a]));
    const ordered = (await this.registry.organisations([...byOrganisation.keys()])).flatMap((o) => {
      const agency = byOrganisation.get(o.id);
      return agency ? [agency] : [];
    });
    const start = (query.page - 1) * query.pageSize;
    return toPage(await this.views(ordered.slice(start, start + query.pageSize)), ordered.length, query);
  }

  async update(actor: Actor, id: string, dto: UpdateAgencyDto): Promise<AgencyResponseDto> {
    if (!isStaff(actor)) throw AppError.forbidden('只有平台人员可以修改技术转移服务机构');
    await this.events.transaction(async (manager) => {
      const current = await this.lock(manager, id);
      assertVersion(current, dto.version);
      const { version: _v, ...changes } = dto;
      if (changes.serviceScope === null) throw AppError.invalidField('serviceScope', '不能为空');
      if (changes.industryChainIds) await this.chains.assertUsable(manager, changes.industryChainIds);
      const before = { ...current };
      Object.assign(current, changes);
      const diff = diffFields(before, current, CONTENT_FIELDS);
      if (!diff.changed.length) return;
      const saved = await this.agencies.save(manager, current);
      await this.events.record(manager, actor, {
        type: 'transfer_agency.updated',
        entityType: 'transfer_agency',
        entityId: id,
        entityVersion: saved.version,
        before: diff.before,
        after: diff.after,
      });
    });
    return this.get(actor, id);
  }

  /** 备案: records the filing details; a filing number belongs to one agency (409 NUMBER_TAKEN). */
  async file(actor: Actor, id: string, dto: FileAgencyDto): Promise<AgencyResponseDto> {
    await this.events.transaction(async (manager) => {
      const current = await this.lock(manager, id);
      assertVersion(current, dto.version);
      const from = current.status;
      const to = applyTransition(AGENCY_WORKFLOW, 'file', from, this.parties(actor), AGENCY_STATUS_LABELS);
      const holder = await this.agencies.findByFilingNumber(dto.filingNumber, manager);
      if (holder && holder.id !== id) {
        throw AppError.conflict(ErrorCode.NUMBER_TAKEN, '该备案编号已属于其他机构', { field: 'filingNumber' });
      }
      Object.assign(current, {
        status: to,
        filingNumber: dto.filingNumber,
        filingAuthority: dto.filingAuthority,
        filedOn: dto.filedOn,
        revokedAt: null,
        revocationReason: null,
      });
      const saved = await this.agencies.save(manager, current);
      await this.events.record(manager, actor, {
        type: 'transfer_agency.filed',
        entityType: 'transfer_agency',
        entityId: id,
        entityVersion: saved.version,
        before: { status: from },
        after: {
          status: to,
          filingNumber: dto.filingNumber,
          filingAuthority: dto.filingAuthority,
          filedOn: dto.filedOn,
        },
      });
    });
    return this.get(actor, id);
  }

  async revoke(actor: Actor, id: string, dto: RevokeAgencyDto): Promise<AgencyResponseDto> {
    await this.events.transaction(async (manager) => {
      const current = await this.lock(manager, id);
      assertVersion(current, dto.version);
      const from = current.status;
      const to = applyTransition(AGENCY_WORKFLOW, 'revoke', from, this.parties(actor), AGENCY_STATUS_LABELS);
      current.status = to;
      current.revokedAt = new Date();
      current.revocationReason = dto.reason;
      const saved = await this.agencies.save(manager, current);
      await this.events.record(manager, actor, {
        type: 'transfer_agency.revoked',
        entityType: 'transfer_agency',
        entityId: id,
        entityVersion: saved.version,
        before: { status: from },
        after: { status: to, reason: dto.reason },
      });
    });
    return this.get(actor, id);
  }

  private parties(actor: Actor): Party[] {
    return isStaff(actor) ? ['staff'] : [];
  }

  private async lock(manager: EntityManager, id: string): Promise<TransferAgency> {
    const row = await this.agencies.lockForUpdate(manager, id);
    if (!row) throw AppError.notFound('技术转移服务机构', id);
    return row;
  }

  private async views(rows: TransferAgency[]): Promise<AgencyResponseDto[]> {
    if (!rows.length) return [];
    const refs = await this.chains.refs();
    const orgs = new Map(
      (await this.registry.organisations([...new Set(rows.map((r) => r.organisationId))])).map((o) => [o.id, o]),
    );
    const counts = await this.agencies.managerCounts(rows.map((r) => r.organisationId));
    return rows.map((a) => {
      const org = orgs.get(a.organisationId);
      return {
        id: a.id,
        organisationId: a.organisationId,
        name: org?.name ?? '',
        district: org?.district ?? null,
        serviceScope: a.serviceScope,
        serviceScopes: a.serviceScope.map((code) => ({ code, label: SERVICE_SCOPE_LABELS[code] })),
        serviceDescription: a.serviceDescription,
        industryChainIds: a.industryChainIds,
        industryChains: a.industryChainIds.map((c) => refs.get(c)).filter((c): c is ChainRef => !!c),
        status: a.status,
        statusLabel: AGENCY_STATUS_LABELS[a.status],
        filingNumber: a.filingNumber,
        filingAuthority: a.filingAuthority,
        filedOn: a.filedOn,
        revokedAt: a.revokedAt,
        revocationReason: a.revocationReason,
        managerCount: counts.get(a.organisationId) ?? 0,
        version: a.version,
        createdAt: a.createdAt,
        updatedAt: a.updatedAt,
      };
    });
  }
}
