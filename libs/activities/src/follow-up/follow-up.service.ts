import { Actor, AppError, diffFields, ErrorCode, isStaff, toPage } from '@app/common';
import { EventsService } from '@app/events';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { canManageActivity, readsAllActivities } from '../activity/activity.access';
import { FOLLOW_UP_DUE_DAYS, FOLLOW_UP_STATUS_LABELS, FollowUpStatus } from '../activity/activity.domain';
import { Activity } from '../activity/activity.entity';
import { FollowUpQueryDto, UpdateFollowUpDto } from './dto/follow-up.dto';
import { MatchFollowUp } from './match-follow-up.entity';

/** Today's date in Beijing, as PostgreSQL sees it: due dates are Beijing calendar dates. */
const TODAY_BEIJING = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;

export interface FollowUpView extends Omit<MatchFollowUp, 'match' | 'activity'> {
  statusLabel: string;
  overdue: boolean;
  activity: { id: string; title: string; heldAt: Date | null };
  match: {
    id: string;
    status: string;
    demand: { id: string; title: string; organisationName: string };
    achievement: { id: string; title: string; organisationName: string };
  };
}

const FIELDS: (keyof MatchFollowUp)[] = ['contacted', 'nextStep', 'dueDate', 'status', 'note'];

@Injectable()
export class FollowUpService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
  ) {}

  /**
   * Inside the hold transaction: every pair on the activity's list gets a follow-up item, due
   * FOLLOW_UP_DUE_DAYS after the activity's Beijing date. Idempotent on (activity, match). Returns the count.
   */
  async openForHeldActivity(manager: EntityManager, actor: Actor, activity: Activity): Promise<number> {
    const rows: Array<{ id: string; match_id: string; due_date: string; version: number }> = await manager.query(
      `INSERT INTO match_follow_ups (match_id, activity_id, due_date, status, version)
       SELECT i.match_id, i.activity_id, (($2::timestamptz AT TIME ZONE 'Asia/Shanghai')::date + $3::int), 'open', 1
         FROM activity_match_items i WHERE i.activity_id = $1 ORDER BY i.position
       ON CONFLICT (activity_id, match_id) DO NOTHING
       RETURNING id, match_id, to_char(due_date, 'YYYY-MM-DD') AS due_date, version`,
      [activity.id, activity.heldAt, FOLLOW_UP_DUE_DAYS],
    );
    for (const row of rows) {
      await this.events.record(manager, actor, {
        type: 'follow_up.created',
        entityType: 'follow_up',
        entityId: row.id,
        entityVersion: row.version,
        after: { activityId: activity.id, matchId: row.match_id, dueDate: row.due_date, status: FollowUpStatus.Open },
      });
    }
    return rows.length;
  }

  async openCount(manager: EntityManager, activityId: string): Promise<number> {
    return manager.getRepository(MatchFollowUp).countBy({ activityId, status: FollowUpStatus.Open });
  }

  async summaries(activityIds: string[]): Promise<Map<string, { total: number; done: number; overdue: number }>> {
    const rows: Array<{ activity_id: string; total: number; done: number; overdue: number }> =
      await this.dataSource.query(
        `SELECT activity_id, count(*)::int AS total,
                count(*) FILTER (WHERE status = 'done')::int AS done,
                count(*) FILTER (WHERE status = 'open' AND due_date < ${TODAY_BEIJING})::int AS overdue
           FROM match_follow_ups WHERE activity_id = ANY($1::uuid[]) GROUP BY activity_id`,
        [activityIds],
      );
    return new Map(rows.map((r) => [r.activity_id, { total: r.total, done: r.done, overdue: r.overdue }]));
  }

  /**
   * Staff see every item; an organiser the items of activities they manage; with `activityId`, whoever reads the
   * activity's match list (participants see the items of their own pairs).
   */
  async list(actor: Actor, query: FollowUpQueryDto) {
    const qb = this.baseQuery();
    if (!isStaff(actor)) {
      if (readsAllActivities(actor)) {
        qb.andWhere('(a.organiser_user_id = :me OR a.organiser_organisation_id = :org)', {
          me: actor.userId ?? '00000000-0000-0000-0000-000000000000',
          org: actor.organisationId ?? '00000000-0000-0000-0000-000000000000',
        });
      } else {
        qb.andWhere('(d.owner_organisation_id = :org OR ac.institution_id = :org)', {
          org: actor.organisationId ?? '00000000-0000-0000-0000-000000000000',
        });
      }
    }
    if (query.activityId) qb.andWhere('f.activity_id = :activityId', { activityId: query.activityId });
    if (query.matchId) qb.andWhere('f.match_id = :matchId', { matchId: query.matchId });
    if (query.status) qb.andWhere('f.status = :status', { status: query.status });
    if (query.overdue) qb.andWhere(`f.status = 'open' AND f.due_date < ${TODAY_BEIJING}`);
    // Property paths, not column names: TypeORM paginates joined queries by them.
    qb.orderBy('f.dueDate', 'ASC', 'NULLS LAST')
      .addOrderBy('f.createdAt', 'ASC')
      .addOrderBy('f.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    const [rows, total] = await qb.getManyAndCount();
    return toPage(await this.toViews(rows), total, query);
  }

  /** Managers' list of follow-ups past their due date and not done, oldest due first. */
  async overdue(actor: Actor, query: FollowUpQueryDto) {
    if (!isStaff(actor)) throw AppError.forbidden('逾期跟进清单仅对技术经理人开放');
    return this.list(actor, Object.assign(query, { overdue: true }));
  }

  async get(actor: Actor, id: string): Promise<FollowUpView> {
    const row = await this.baseQuery().where('f.id = :id', { id }).getOne();
    if (!row || !this.visible(actor, row)) throw AppError.notFound('跟进事项', id);
    return (await this.toViews([row]))[0];
  }

  async update(actor: Actor, id: string, dto: UpdateFollowUpDto): Promise<FollowUpView> {
    await this.events.transaction(async (manager) => {
      const item = await manager
        .getRepository(MatchFollowUp)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!item) throw AppError.notFound('跟进事项', id);
      const activity = await manager.getRepository(Activity).findOneByOrFail({ id: item.activityId });
      if (!canManageActivity(actor, activity)) {
        const row = await this.baseQuery().where('f.id = :id', { id }).getOne();
        if (!row || !this.visible(actor, row)) throw AppError.notFound('跟进事项', id);
        throw AppError.forbidden('只有活动的组织方或技术经理人可以更新跟进事项');
      }
      if (dto.version !== undefined && dto.version !== item.version) {
        throw AppError.conflict(ErrorCode.STALE_VERSION, '该记录已被他人修改，请刷新后重试', {
          expected: dto.version,
          actual: item.version,
        });
      }
      const { version: _v, ...changes } = dto;
      const before = { ...item };
      Object.assign(item, changes);
      if (changes.dueDate) item.dueDate = changes.dueDate.slice(0, 10);
      const diff = diffFields(before, item, FIELDS);
      if (!diff.changed.length) return;
      const now = new Date();
      if (diff.changed.includes('contacted')) item.contactedAt = item.contacted ? now : null;
      if (diff.changed.includes('status')) item.doneAt = item.status === FollowUpStatus.Done ? now : null;
      item.updatedById = actor.userId;
      const saved = await manager.save(MatchFollowUp, item);
      const type = !diff.changed.includes('status')
        ? 'follow_up.updated'
        : saved.status === FollowUpStatus.Done
          ? 'follow_up.done'
          : 'follow_up.reopened';
      await this.events.record(manager, actor, {
        type,
        entityType: 'follow_up',
        entityId: id,
        entityVersion: saved.version,
        before: diff.before,
        after: { ...diff.after, activityId: saved.activityId, matchId: saved.matchId },
      });
    });
    return this.get(actor, id);
  }

  private visible(actor: Actor, row: MatchFollowUp): boolean {
    if (isStaff(actor)) return true;
    if (row.activity && canManageActivity(actor, row.activity)) return true;
    const org = actor.organisationId;
    return (
      org !== null && (row.match?.demand?.ownerOrganisationId === org || row.match?.achievement?.institutionId === org)
    );
  }

  private baseQuery() {
    return this.dataSource
      .getRepository(MatchFollowUp)
      .createQueryBuilder('f')
      .innerJoinAndSelect('f.activity', 'a')
      .innerJoinAndSelect('f.match', 'm')
      .innerJoinAndSelect('m.demand', 'd')
      .innerJoinAndSelect('d.ownerOrganisation', 'dorg')
      .innerJoinAndSelect('m.achievement', 'ac')
      .innerJoinAndSelect('ac.institution', 'aorg');
  }

  private async toViews(rows: MatchFollowUp[]): Promise<FollowUpView[]> {
    const ids = rows.map((r) => r.id);
    const overdue: Array<{ id: string }> = ids.length
      ? await this.dataSource.query(
          `SELECT id FROM match_follow_ups WHERE id = ANY($1::uuid[]) AND status = 'open' AND due_date < ${TODAY_BEIJING}`,
          [ids],
        )
      : [];
    const late = new Set(overdue.map((r) => r.id));
    return rows.map((r) => {
      const { match, activity, ...rest } = r;
      return {
        ...rest,
        statusLabel: FOLLOW_UP_STATUS_LABELS[r.status],
        overdue: late.has(r.id),
        activity: { id: activity!.id, title: activity!.title, heldAt: activity!.heldAt },
        match: {
          id: match!.id,
          status: match!.status,
          demand: {
            id: match!.demand!.id,
            title: match!.demand!.title,
            organisationName: match!.demand!.ownerOrganisation?.name ?? '',
          },
          achievement: {
            id: match!.achievement!.id,
            title: match!.achievement!.title,
            organisationName: match!.achievement!.institution?.name ?? '',
          },
        },
      };
    });
  }
}
