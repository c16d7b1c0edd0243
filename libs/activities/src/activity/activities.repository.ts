import { Actor, RecordStore } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DeepPartial, EntityManager, Repository } from 'typeorm';

import { readsAllActivities } from './activity.access';
import { Activity, ActivityParticipant } from './activity.entity';
import { ActivityQueryDto } from './dto/activity.dto';

/** activities and activity_participants. Write methods take the transaction's EntityManager. */
@Injectable()
export class ActivitiesRepository implements RecordStore<Activity> {
  readonly target = Activity;

  constructor(@InjectRepository(Activity) private readonly activities: Repository<Activity>) {}

  get manager(): EntityManager {
    return this.activities.manager;
  }

  /** Whether an activity with this exact title exists. */
  existsWithTitle(title: string): Promise<boolean> {
    return this.activities.existsBy({ title });
  }

  load(tx: EntityManager, id: string, lock = false): Promise<Activity | null> {
    return tx
      .getRepository(Activity)
      .findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** The row locked for update (the record workflow's), without its organiser organisation. */
  lockForUpdate(tx: EntityManager, id: string): Promise<Activity | null> {
    return this.load(tx, id, true);
  }

  insert(tx: EntityManager, values: DeepPartial<Activity>): Promise<Activity> {
    return tx.save(Activity, tx.create(Activity, values));
  }

  save(tx: EntityManager, activity: DeepPartial<Activity>): Promise<Activity> {
    return tx.save(Activity, activity);
  }

  /** Bumps the row's version (and updated_at) without changing a field: the update builder adds version + 1. */
  async touch(tx: EntityManager, id: string): Promise<void> {
    await tx
      .createQueryBuilder()
      .update(Activity)
      .set({ updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .execute();
  }

  /**
   * A page of the activities this actor may list (all, or those their organisation takes part in), newest
   * scheduled first.
   */
  page(actor: Actor, query: ActivityQueryDto): Promise<[Activity[], number]> {
    const qb = this.activities.createQueryBuilder('a');
    if (!readsAllActivities(actor)) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM activity_participants p WHERE p.activity_id = a.id AND p.organisation_id = :own)',
        { own: actor.organisationId ?? '00000000-0000-0000-0000-000000000000' },
      );
    }
    if (query.kind) qb.andWhere('a.kind = :kind', { kind: query.kind });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.chain) qb.andWhere(':chain = ANY(a.industry_chain_ids)', { chain: query.chain });
    if (query.year) {
      // Held activities count in the year they took place, the others in the year they are planned for.
      qb.andWhere(
        `COALESCE(a.held_at, a.scheduled_at) >= make_timestamptz(:yearFrom, 1, 1, 0, 0, 0, 'Asia/Shanghai')
         AND COALESCE(a.held_at, a.scheduled_at) < make_timestamptz(:yearTo, 1, 1, 0, 0, 0, 'Asia/Shanghai')`,
        { yearFrom: query.year, yearTo: query.year + 1 },
      );
    }
    qb.orderBy('a.scheduledAt', 'DESC')
      .addOrderBy('a.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    return qb.getManyAndCount();
  }

  /** The activities an organisation takes part in, newest scheduled first. */
  ofParticipant(organisationId: string, limit: number): Promise<Activity[]> {
    return this.activities
      .createQueryBuilder('a')
      .where('EXISTS (SELECT 1 FROM activity_participants p WHERE p.activity_id = a.id AND p.organisation_id = :org)', {
        org: organisationId,
      })
      .orderBy('a.scheduledAt', 'DESC')
      .addOrderBy('a.id', 'ASC')
      .take(limit)
      .getMany();
  }

  participantsOf(tx: EntityManager, activityId: string): Promise<ActivityParticipant[]> {
    return tx.getRepository(ActivityParticipant).findBy({ activityId });
  }

  /** Participants of these activities. */
  participantsOfMany(activityIds: string[]): Promise<ActivityParticipant[]> {
    if (!activityIds.length) return Promise.resolve([]);
    return this.activities.manager
      .getRepository(ActivityParticipant)
      .createQueryBuilder('p')
      .where('p.activity_id = ANY(:ids)', { ids: activityIds })
      .getMany();
  }

  participates(tx: EntityManager, activityId: string, organisationId: string): Promise<boolean> {
    return tx.getRepository(ActivityParticipant).existsBy({ activityId, organisationId });
  }

  async replaceParticipants(
    tx: EntityManager,
    activityId: string,
    rows: Array<Pick<ActivityParticipant, 'organisationId' | 'role' | 'attended'>>,
  ): Promise<ActivityParticipant[]> {
    await tx.delete(ActivityParticipant, { activityId });
    const created = rows.map((r) => tx.create(ActivityParticipant, { activityId, ...r }));
    return created.length ? tx.save(ActivityParticipant, created) : [];
  }

  /** Marks who attended: exactly these organisations among the participants. */
  async markAttendance(tx: EntityManager, activityId: string, attended: string[]): Promise<void> {
    await tx.query(
      `UPDATE activity_participants SET attended = (organisation_id = ANY($2::uuid[])) WHERE activity_id = $1`,
      [activityId, attended],
    );
  }

  /** Pairs on each activity's list. */
  async matchItemCounts(activityIds: string[]): Promise<Map<string, number>> {
    const counts: Array<{ activity_id: string; items: number }> = await this.activities.query(
      `SELECT activity_id, count(*)::int AS items FROM activity_match_items WHERE activity_id = ANY($1::uuid[])
        GROUP BY activity_id`,
      [activityIds],
    );
    return new Map(counts.map((c) => [c.activity_id, c.items]));
  }
}
