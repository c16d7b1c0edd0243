import {
  Actor,
  AppError,
  applyTransition,
  assertVersion,
  diffFields,
  ErrorCode,
  FieldError,
  isStaff,
  Party,
  Role,
  toPage,
} from '@app/common';
import { EventsService } from '@app/events';
import {
  ChainRef,
  IndustryChainService,
  OrganisationKind,
  RegistryReads,
  USER_DIRECTORY,
  UserDirectory,
} from '@app/registry';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { isAdmin, seesContacts } from '../managers.access';
import {
  AFFILIATION_KIND_LABELS,
  AffiliationKind,
  CERTIFICATE_LEVEL_LABELS,
  PROFILE_STATUS_LABELS,
  ProfileStatus,
} from '../managers.domain';
import {
  CreateManagerProfileDto,
  ManagerProfileQueryDto,
  ManagerProfileResponseDto,
  ProfileTransitionDto,
  UpdateManagerProfileDto,
} from './dto/manager-profile.dto';
import { ManagerProfile } from './manager-profile.entity';
import { PROFILE_WORKFLOW, ProfileAction } from './manager-profile.workflow';
import { ManagerProfilesRepository } from './manager-profiles.repository';

const CONTENT_FIELDS: (keyof ManagerProfile)[] = [
  'name',
  'affiliationKind',
  'affiliationOrganisationId',
  'district',
  'industryChainIds',
  'expertise',
  'certificateLevel',
  'certificateNumber',
  'certificateIssuedOn',
  'contactPhone',
  'contactEmail',
];

/** What the organisation of each affiliation kind must be (null: any kind, optional). */
const AFFILIATION_ORGANISATION: Record<AffiliationKind, { kind: OrganisationKind | null; required: boolean }> = {
  [AffiliationKind.Agency]: { kind: OrganisationKind.Agency, required: true },
  [AffiliationKind.University]: { kind: OrganisationKind.University, required: true },
  [AffiliationKind.Institute]: { kind: null, required: false },
  [AffiliationKind.District]: { kind: null, required: false },
};

function snapshot(p: ManagerProfile): Record<string, unknown> {
  const { affiliationOrganisation: _o, ...rest } = p;
  return rest;
}

@Injectable()
export class ManagerProfileService {
  constructor(
    private readonly profiles: ManagerProfilesRepository,
    private readonly events: EventsService,
    private readonly chains: IndustryChainService,
    private readonly registry: RegistryReads,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
  ) {}

  /**
   * A technology manager creates their own profile; an admin creates one for any manager account. One profile per
   * account (409 PROFILE_EXISTS), one per certificate number (409 NUMBER_TAKEN).
   */
  async create(actor: Actor, dto: CreateManagerProfileDto): Promise<ManagerProfileResponseDto> {
    const userId = dto.userId ?? actor.userId;
    if (!isStaff(actor) || !userId) throw AppError.forbidden('只有技术经理人或管理员可以建立技术经理人档案');
    if (!isAdmin(actor) && userId !== actor.userId) throw AppError.forbidden('技术经理人只能建立本人的档案');
    const id = await this.events.transaction(async (manager) => {
      const user = await this.users.findUser(userId, manager);
      if (!user) throw AppError.invalidField('userId', '账号不存在');
      if (user.role !== Role.Manager) throw AppError.invalidField('userId', '该账号不是技术经理人');
      if (!user.active) throw AppError.invalidField('userId', '该账号已停用');
      if (await this.profiles.findByUser(userId, manager)) {
        throw AppError.conflict(ErrorCode.PROFILE_EXISTS, '该技术经理人已有档案，请修改原档案', { userId });
      }
      const { userId: _u, ...fields } = dto;
      const row = this.profiles.create(
        {
          ...fields,
          userId,
          affiliationOrganisationId: dto.affiliationOrganisationId ?? null,
          district: dto.district ?? null,
          industryChainIds: dto.industryChainIds ?? [],
          expertise: dto.expertise ?? '',
          certificateLevel: dto.certificateLevel ?? null,
          certificateNumber: dto.certificateNumber ?? null,
          certificateIssuedOn: dto.certificateIssuedOn ?? null,
          contactPhone: dto.contactPhone ?? null,
          contactEmail: dto.contactEmail ?? null,
          status: ProfileStatus.Active,
        },
        manager,
      );
      await this.validate(manager, row, null);
      const saved = await this.profiles.save(manager, row);
      await this.events.record(manager, actor, {
        type: 'manager_profile.created',
        entityType: 'manager_profile',
        entityId: saved.id,
        entityVersion: saved.version,
        after: snapshot(saved),
      });
      return saved.id;
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<ManagerProfileResponseDto> {
    const row = await this.profiles.findById(id);
    if (!row) throw AppError.notFound('技术经理人档案', id);
    return (await this.views(actor, [row]))[0];
  }

  /** The signed-in manager's own profile. */
  async mine(actor: Actor): Promise<ManagerProfileResponseDto> {
    const row = actor.userId ? await this.profiles.findByUser(actor.userId) : null;
    if (!row) throw AppError.notFound('技术经理人档案');
    return (await this.views(actor, [row]))[0];
  }

  async list(actor: Actor, query: ManagerProfileQueryDto) {
    const [rows, total] = await this.profiles.page(query);
    return toPage(await this.views(actor, rows), total, query);
  }

  /** Admins edit any profile, a manager their own; a deactivated profile is not edited (409). */
  async update(actor: Actor, id: string, dto: UpdateManagerProfileDto): Promise<ManagerProfileResponseDto> {
    await this.events.transaction(async (manager) => {
      const current = await this.profiles.lockForUpdate(manager, id);
      if (!current) throw AppError.notFound('技术经理人档案', id);
      if (!isAdmin(actor) && current.userId !== actor.userId) {
        throw AppError.forbidden('技术经理人只能修改本人的档案');
      }
      if (current.status !== ProfileStatus.Active) {
        throw AppError.conflict(ErrorCode.NOT_EDITABLE, '技术经理人档案已停用，不能修改', { status: current.status });
      }
      assertVersion(current, dto.version);
      const { version: _v, ...changes } = dto;
      for (const field of ['name', 'affiliationKind'] as const) {
        if (changes[field] === null) throw AppError.invalidField(field, '不能为空');
      }
      const before = { ...current };
      Object.assign(current, changes);
      const diff = diffFields(before, current, CONTENT_FIELDS);
      if (!diff.changed.length) return;
      await this.validate(manager, current, before);
      const { affiliationOrganisation: _o, ...row } = current;
      const saved = await this.profiles.save(manager, row as ManagerProfile);
      await this.events.record(manager, actor, {
        type: 'manager_profile.updated',
        entityType: 'manager_profile',
        entityId: id,
        entityVersion: saved.version,
        before: diff.before,
        after: diff.after,
      });
    });
    return this.get(actor, id);
  }

  /** Admins deactivate a profile (it no longer counts, cannot take assignments) or bring it back. */
  async transition(
    actor: Actor,
    id: string,
    action: ProfileAction,
    dto: ProfileTransitionDto,
  ): Promise<ManagerProfileResponseDto> {
    await this.events.transaction(async (manager) => {
      const current = await this.profiles.lockForUpdate(manager, id);
      if (!current) throw AppError.notFound('技术经理人档案', id);
      assertVersion(current, dto.version);
      const parties: Party[] = isAdmin(actor) ? ['staff'] : [];
      const from = current.status;
      const to = applyTransition(PROFILE_WORKFLOW, action, from, parties, PROFILE_STATUS_LABELS);
      current.status = to;
      current.deactivatedAt = action === 'deactivate' ? new Date() : null;
      current.deactivationReason = action === 'deactivate' ? (dto.reason ?? null) : null;
      const saved = await this.profiles.save(manager, current);
      await this.events.record(manager, actor, {
        type: action === 'deactivate' ? 'manager_profile.deactivated' : 'manager_profile.reactivated',
        entityType: 'manager_profile',
        entityId: id,
        entityVersion: saved.version,
        before: { status: from },
        after: { status: to, reason: saved.deactivationReason },
      });
    });
    return this.get(actor, id);
  }

  /** The profile, locked in the caller's transaction; 404 when missing. */
  async lockProfile(manager: EntityManager, id: string): Promise<ManagerProfile> {
    const row = await this.profiles.lockForUpdate(manager, id);
    if (!row) throw AppError.notFound('技术经理人档案', id);
    return row;
  }

  /** The profile locked in the caller's transaction, or null. */
  lockProfileIfAny(manager: EntityManager, id: string): Promise<ManagerProfile | null> {
    return this.profiles.lockForUpdate(manager, id);
  }

  /** The actor's own profile (a manager acting on their own behalf), or 409 asking to create one first. */
  async ownProfile(actor: Actor, manager?: EntityManager): Promise<ManagerProfile> {
    const row = actor.userId ? await this.profiles.findByUser(actor.userId, manager) : null;
    if (!row) {
      throw AppError.conflict(ErrorCode.CONFLICT, '请先建立本人的技术经理人档案', { userId: actor.userId });
    }
    return row;
  }

  profilesByIds(ids: string[]): Promise<ManagerProfile[]> {
    return this.profiles.byIds(ids);
  }

  activeOf(organisationId: string): Promise<ManagerProfile[]> {
    return this.profiles.activeOf(organisationId);
  }

  /** Affiliation (organisation of the right kind, district when a district manager), chains, certificate. */
  private async validate(manager: EntityManager, p: ManagerProfile, before: ManagerProfile | null): Promise<void> {
    const errors: FieldError[] = [];
    const rule = AFFILIATION_ORGANISATION[p.affiliationKind];
    const label = AFFILIATION_KIND_LABELS[p.affiliationKind];
    if (p.affiliationOrganisationId) {
      const [org] = await this.registry.organisations([p.affiliationOrganisationId], manager);
      if (!org) errors.push({ field: 'affiliationOrganisationId', reason: '机构不存在' });
      else if (p.affiliationKind === AffiliationKind.District) {
        errors.push({ field: 'affiliationOrganisationId', reason: '所属为区镇时不填所属机构' });
      } else if (rule.kind && org.kind !== rule.kind) {
        const want = rule.kind === OrganisationKind.Agency ? '技术转移服务机构' : '高校院所';
        errors.push({ field: 'affiliationOrganisationId', reason: `所属为${label}时必须是${want}` });
      }
    } else if (rule.required) {
      errors.push({ field: 'affiliationOrganisationId', reason: `所属为${label}时必须选择所属机构` });
    }
    if (p.affiliationKind === AffiliationKind.District && !p.district) {
      errors.push({ field: 'district', reason: '所属为区镇时必须填写区镇' });
    }
    const certificate = [p.certificateLevel, p.certificateNumber, p.certificateIssuedOn];
    if (certificate.some((v) => v) && !certificate.every((v) => v)) {
      for (const field of ['certificateLevel', 'certificateNumber', 'certificateIssuedOn'] as const) {
        if (!p[field]) errors.push({ field, reason: '证书等级、编号、发证日期须同时填写' });
      }
    }
    if (errors.length) throw AppError.invalid(errors);
    if (!before || before.industryChainIds.join() !== p.industryChainIds.join()) {
      await this.chains.assertUsable(manager, p.industryChainIds);
    }
    if (p.certificateNumber && p.certificateNumber !== before?.certificateNumber) {
      const holder = await this.profiles.findByCertificateNumber(p.certificateNumber, manager);
      if (holder && holder.id !== p.id) {
        throw AppError.conflict(ErrorCode.NUMBER_TAKEN, '该证书编号已登记在其他技术经理人名下', {
          field: 'certificateNumber',
        });
      }
    }
  }

  async views(actor: Actor, rows: ManagerProfile[]): Promise<ManagerProfileResponseDto[]> {
    if (!rows.length) return [];
    const refs = await this.chains.refs();
    const names = await this.registry.organisationNames([
      ...new Set(rows.map((r) => r.affiliationOrganisationId).filter((x): x is string => !!x)),
    ]);
    const contacts = seesContacts(actor);
    return rows.map((p) => {
      const view: ManagerProfileResponseDto = {
        id: p.id,
        name: p.name,
        affiliationKind: p.affiliationKind,
        affiliationKindLabel: AFFILIATION_KIND_LABELS[p.affiliationKind],
        affiliationOrganisationId: p.affiliationOrganisationId,
        affiliationOrganisationName: p.affiliationOrganisationId
          ? (names.get(p.affiliationOrganisationId) ?? null)
          : null,
        district: p.district,
        industryChainIds: p.industryChainIds,
        industryChains: p.industryChainIds.map((c) => refs.get(c)).filter((c): c is ChainRef => !!c),
        expertise: p.expertise,
        certificateLevel: p.certificateLevel,
        certificateLevelLabel: p.certificateLevel ? CERTIFICATE_LEVEL_LABELS[p.certificateLevel] : null,
        certificateNumber: p.certificateNumber,
        certificateIssuedOn: p.certificateIssuedOn,
        status: p.status,
        statusLabel: PROFILE_STATUS_LABELS[p.status],
        deactivatedAt: p.deactivatedAt,
        version: p.version,
        createdAt: p.createdAt,
        updatedAt: p.updatedAt,
      };
      if (contacts) {
        view.userId = p.userId;
        view.contactPhone = p.contactPhone;
        view.contactEmail = p.contactEmail;
        view.deactivationReason = p.deactivationReason;
      }
      return view;
    });
  }
}
