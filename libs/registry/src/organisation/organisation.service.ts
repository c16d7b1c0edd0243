import { Actor, AppError, assertVersion, diffFields, ErrorCode, isStaff, toPage } from '@app/common';
import { EventsService } from '@app/events';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { OrganisationKind } from '../domain';
import { CreateOrganisationDto, OrganisationQueryDto, UpdateOrganisationDto } from './dto/organisation.dto';
import { Organisation } from './organisation.entity';
import { OrganisationRepository } from './organisation.repository';
import { organisationView } from './organisation.view';

const EDITABLE: (keyof Organisation)[] = [
  'name',
  'creditCode',
  'district',
  'address',
  'website',
  'intro',
  'contactName',
  'contactPhone',
  'contactEmail',
  'tierFlags',
];

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

@Injectable()
export class OrganisationService {
  constructor(
    private readonly organisations: OrganisationRepository,
    private readonly events: EventsService,
  ) {}

  /** Inside a caller's transaction (registration creates an organisation and its first user together). */
  async createWith(manager: EntityManager, actor: Actor, dto: CreateOrganisationDto): Promise<Organisation> {
    if (await this.organisations.findByName(dto.kind, dto.name, manager)) {
      throw AppError.conflict(ErrorCode.ORGANISATION_NAME_TAKEN, '同名机构已存在', { name: dto.name });
    }
    if (dto.creditCode && (await this.organisations.findByCreditCode(dto.creditCode, manager))) {
      throw AppError.conflict(ErrorCode.ORGANISATION_NAME_TAKEN, '统一社会信用代码已被登记', {
        creditCode: dto.creditCode,
      });
    }
    const saved = await this.organisations.save(
      manager,
      this.organisations.create({ ...dto, tierFlags: dto.tierFlags ?? [] }),
    );
    await this.events.record(manager, actor, {
      type: 'organisation.created',
      entityType: 'organisation',
      entityId: saved.id,
      entityVersion: saved.version,
      after: { ...saved },
    });
    return saved;
  }

  create(actor: Actor, dto: CreateOrganisationDto): Promise<Organisation> {
    return this.events.transaction((manager) => this.createWith(manager, actor, dto));
  }

  /** The organisation or null, for callers that apply their own visibility rule. */
  find(id: string): Promise<Organisation | null> {
    return this.organisations.findById(id);
  }

  async get(actor: Actor, id: string): Promise<Organisation> {
    const org = await this.organisations.findById(id);
    if (!org) throw AppError.notFound('机构', id);
    return org;
  }

  /** Contacts only under the contact rule (organisationView): organisers read the list without them. */
  async list(actor: Actor, query: OrganisationQueryDto) {
    const qb = this.organisations.listQuery();
    if (query.kind) qb.andWhere('o.kind = :kind', { kind: query.kind });
    if (query.q) qb.andWhere("o.name ILIKE :q ESCAPE '\\'", { q: `%${escapeLike(query.q)}%` });
    qb.orderBy('o.name', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    const [items, total] = await qb.getManyAndCount();
    return toPage(
      items.map((o) => organisationView(actor, o)),
      total,
      query,
    );
  }

  /** Staff edit any organisation; members edit their own, except tier flags (granted titles are staff-recorded). */
  async update(actor: Actor, id: string, dto: UpdateOrganisationDto): Promise<Organisation> {
    if (!isStaff(actor) && actor.organisationId !== id) throw AppError.notFound('机构', id);
    if (!isStaff(actor) && dto.tierFlags !== undefined) throw AppError.forbidden('企业资质称号由管理人员登记');
    return this.events.transaction(async (manager) => {
      const current = await this.organisations.lockForUpdate(manager, id);
      if (!current) throw AppError.notFound('机构', id);
      assertVersion(current, dto.version);
      if (
        dto.name &&
        dto.name !== current.name &&
        (await this.organisations.findByName(current.kind, dto.name, manager))
      ) {
        throw AppError.conflict(ErrorCode.ORGANISATION_NAME_TAKEN, '同名机构已存在', { name: dto.name });
      }
      const before = { ...current };
      const { version: _v, ...changes } = dto;
      Object.assign(current, changes);
      const saved = await this.organisations.save(manager, current);
      const diff = diffFields(before, saved, EDITABLE);
      if (diff.changed.length) {
        await this.events.record(manager, actor, {
          type: 'organisation.updated',
          entityType: 'organisation',
          entityId: id,
          entityVersion: saved.version,
          before: diff.before,
          after: diff.after,
        });
      }
      return saved;
    });
  }

  /**
   * assertKind for each distinct id; `verified` remembers, for one transaction, the organisations already checked
   * (bulk creates check each owner once).
   */
  async assertKinds(
    manager: EntityManager,
    ids: Iterable<string>,
    kinds: OrganisationKind[],
    field: string,
    verified?: Set<string>,
  ): Promise<void> {
    for (const id of new Set(ids)) {
      if (verified?.has(`organisation:${id}`)) continue;
      await this.assertKind(manager, id, kinds, field);
      verified?.add(`organisation:${id}`);
    }
  }

  async assertKind(
    manager: EntityManager | undefined,
    id: string,
    kinds: OrganisationKind[],
    field: string,
  ): Promise<Organisation> {
    const org = await this.organisations.findById(id, manager);
    if (!org || !kinds.includes(org.kind)) {
      throw AppError.badRequest(ErrorCode.INVALID_ORGANISATION, '机构不存在或类型不符', [
        { field, reason: '机构不存在或类型不符', expected: kinds },
      ]);
    }
    return org;
  }

  /** One organisation as staff or its own members read it; others get 404 (no probing for ids). */
  async view(actor: Actor, id: string) {
    const org = await this.get(actor, id);
    if (!isStaff(actor) && actor.organisationId !== id) throw AppError.notFound('机构', id);
    return organisationView(actor, org);
  }
}
