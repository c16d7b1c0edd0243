import { Actor, AppError, diffFields, ErrorCode, isStaff, toPage } from '@app/common';
import { EventsService } from '@app/events';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { Achievement } from '../achievement/achievement.entity';
import { OrganisationKind } from '../domain';
import { CreateOrganisationDto, OrganisationQueryDto, UpdateOrganisationDto } from './dto/organisation.dto';
import { Organisation } from './organisation.entity';
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
  ) {}

  /** Inside a caller's transaction (registration creates an organisation and its first user together). */
  async createWith(manager: EntityManager, actor: Actor, dto: CreateOrganisationDto): Promise<Organisation> {
    const repo = manager.getRepository(Organisation);
    if (await repo.findOneBy({ kind: dto.kind, name: dto.name })) {
      throw AppError.conflict(ErrorCode.ORGANISATION_NAME_TAKEN, '同名机构已存在', { name: dto.name });
    }
    if (dto.creditCode && (await repo.findOneBy({ creditCode: dto.creditCode }))) {
      throw AppError.conflict(ErrorCode.ORGANISATION_NAME_TAKEN, '统一社会信用代码已被登记', {
        creditCode: dto.creditCode,
      });
    }
    const saved = await repo.save(repo.create({ ...dto, tierFlags: dto.tierFlags ?? [] }));
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

  async get(actor: Actor, id: string): Promise<Organisation> {
    const org = await this.dataSource.getRepository(Organisation).findOneBy({ id });
    if (!org) throw AppError.notFound('机构', id);
    return org;
  }

  /** Contacts only under the contact rule (organisationView): organisers read the list without them. */
  async list(actor: Actor, query: OrganisationQueryDto) {
    const qb = this.dataSource.getRepository(Organisation).createQueryBuilder('o');
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
      const repo = manager.getRepository(Organisation);
      const current = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw AppError.notFound('机构', id);
      if (current.version !== dto.version) {
        throw AppError.conflict(ErrorCode.STALE_VERSION, '该记录已被他人修改，请刷新后重试', {
          expected: dto.version,
          actual: current.version,
        });
      }
      if (dto.name && dto.name !== current.name && (await repo.findOneBy({ kind: current.kind, name: dto.name }))) {
        throw AppError.conflict(ErrorCode.ORGANISATION_NAME_TAKEN, '同名机构已存在', { name: dto.name });
      }
      const before = { ...current };
      const { version: _v, ...changes } = dto;
      Object.assign(current, changes);
      const saved = await repo.save(current);
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

  async assertKind(
    manager: EntityManager,
    id: string,
    kinds: OrganisationKind[],
    field: string,
  ): Promise<Organisation> {
    const org = await manager.getRepository(Organisation).findOneBy({ id });
    if (!org || !kinds.includes(org.kind)) {
      throw AppError.badRequest(ErrorCode.INVALID_ORGANISATION, '机构不存在或类型不符', [
        { field, reason: '机构不存在或类型不符', expected: kinds },
      ]);
    }
    return org;
  }

  /** 一校一档: the institution, its people, its achievements and its recent activity. */
  async profile(actor: Actor, id: string) {
    const org = await this.get(actor, id);
    const staffOrMember = isStaff(actor) || actor.organisationId === id;
    if (!staffOrMember) throw AppError.notFound('机构', id);
    const achievements = await this.dataSource.getRepository(Achievement).find({
      where: { institutionId: id },
      order: { createdAt: 'DESC' },
    });
    const byStatus: Record<string, number> = {};
    for (const a of achievements) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
    const contacts: Array<{ id: string; name: string; email: string; phone: string | null; role: string }> =
      await this.dataSource.query(
        `SELECT id, name, email, phone, role FROM users WHERE organisation_id = $1 AND active ORDER BY name`,
        [id],
      );
    const activity = await this.dataSource.query(
      `SELECT e.id, e.type, e.entity_type AS "entityType", e.entity_id AS "entityId", e.actor_id AS "actorId",
              e.occurred_at AS "occurredAt"
         FROM domain_events e
        WHERE (e.entity_type = 'organisation' AND e.entity_id = $1)
           OR (e.entity_type = 'achievement' AND e.entity_id IN (SELECT id FROM achievements WHERE institution_id = $1))
        ORDER BY e.id DESC LIMIT 50`,
      [id],
    );
    return {
      organisation: organisationView(actor, org),
      stats: { achievements: achievements.length, byStatus },
      achievements,
      contacts,
      activity,
    };
  }
}
