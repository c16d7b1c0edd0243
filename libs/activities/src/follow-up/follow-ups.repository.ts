import { Actor, isStaff, RecordStore } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';

import { readsAllActivities } from '../activity/activity.access';
import { FollowUpOutcome, FollowUpStatus } from '../activity/activity.domain';
import { Activity } from '../activity/activity.entity';
import { FollowUpQueryDto } from './dto/follow-up.dto';
import { MatchFollowUp } from './match-follow-up.entity';

/** Today's date in Beijing, as PostgreSQL sees it: due dates are Beijing calendar dates. */
const TODAY_BEIJING = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;

/** How one manager kept the follow-ups after activities that fell due in a period. */
export interface FollowUpTimeliness {
  userId: string;
  /** Items due in the period, already past due or done. */
  due: number;
  /** Of those, done on or before the due date. */
  onTime: number;
}

/** A held activity whose follow-ups are not all done. */
export interface OpenFollowUps {
  activityId: string;
  title: string;
  heldAt: Date;
  organiserUserId: string | null;
  openCount: number;
  /** Managers assigned to the demands of the open pairs. */
  managerIds: string[];
}

/** A held activity with open items, as the follow-ups table knows it (the open pairs by match id). */
export type OpenFollowUpRows = Omit<OpenFollowUps, 'managerIds'> & { matchIds: string[] };

/** match_follow_ups: what is to be done after an activity about each pair it presented. */
@Injectable()
export class FollowUpsRepository implements RecordStore<MatchFollowUp> {
  readonly target = MatchFollowUp;

  constructor(@InjectRepository(MatchFollowUp) private readonly followUps: Repository<MatchFollowUp>) {}

  get manager(): EntityManager {
    return this.followUps.manager;
  }

  /** The matches on the activity's list and the organisations marked absent from it (which pairs to follow up). */
  async listedAndAbsent(tx: EntityManager, activityId: string): Promise<{ matchIds: string[]; absent: string[] }> {
    const [listed, absent]: [Array<{ match_id: string }>, Array<{ organisation_id: string }>] = await Promise.all([
      tx.query('SELECT match_id FROM activity_match_items WHERE activity_id = $1', [activityId]),
      tx.query('SELECT organisation_id FROM activity_participants WHERE activity_id = $1 AND NOT attended', [
        activityId,
      ]),
    ]);
    return { matchIds: listed.map((r) => r.match_id), absent: absent.map((r) => r.organisation_id) };
  }

  /**
   * One open item for each of these pairs on the activity's list (in the list's order), due `days` after the
   * activity's Beijing date; pairs that already have one are left alone. Returns the items created.
   */
  openForActivity(
    tx: EntityManager,
    activityId: string,
    heldAt: Date | null,
    days: number,
    matchIds: string[],
  ): Promise<Array<{ id: string; match_id: string; due_date: string; version: number }>> {
    return tx.query(
      `INSERT INTO match_follow_ups (match_id, activity_id, due_date, status, version)
       SELECT i.match_id, i.activity_id, (($2::timestamptz AT TIME ZONE 'Asia/Shanghai')::date + $3::int), 'open', 1
         FROM activity_match_items i
        WHERE i.activity_id = $1 AND i.match_id = ANY($4::uuid[])
        ORDER BY i.position
       ON CONFLICT (activity_id, match_id) DO NOTHING
       RETURNING id, match_id, to_char(due_date, 'YYYY-MM-DD') AS due_date, version`,
      [activityId, heldAt, days, matchIds],
    );
  }

  openCount(tx: EntityManager, activityId: string): Promise<number> {
    return tx.getRepository(MatchFollowUp).countBy({ activityId, status: FollowUpStatus.Open });
  }

  /** Per activity: items, items done, open items past due. */
  async summaries(activityIds: string[]): Promise<Map<string, { total: number; done: number; overdue: number }>> {
    const rows: Array<{ activity_id: string; total: number; done: number; overdue: number }> =
      await this.followUps.query(
        `SELECT activity_id, count(*)::int AS total,
                count(*) FILTER (WHERE status = 'done')::int AS done,
                count(*) FILTER (WHERE status = 'open' AND due_date < ${TODAY_BEIJING})::int AS overdue
           FROM match_follow_ups WHERE activity_id = ANY($1::uuid[]) GROUP BY activity_id`,
        [activityIds],
      );
    return new Map(rows.map((r) => [r.activity_id, { total: r.total, done: r.done, overdue: r.overdue }]));
  }

  /**
   * Held activities (held at or before `heldBefore`) that still have open items: how many, the organiser and the
   * pairs (match ids) still open; whose demands they are is the matching and registry contexts' to say.
   */
  async openAfterHeld(heldBefore: Date): Promise<OpenFollowUpRows[]> {
    const rows: Array<{
      activity_id: string;
      title: string;
      held_at: Date;
      organiser_user_id: string | null;
      open_count: number;
      match_ids: string[];
    }> = await this.followUps.query(
      `SELECT a.id AS activity_id, a.title, a.held_at, a.organiser_user_id, count(*)::int AS open_count,
              array_agg(DISTINCT f.match_id) AS match_ids
         FROM match_follow_ups f
         JOIN activities a ON a.id = f.activity_id
        WHERE f.status = 'open' AND a.status = 'held' AND a.held_at <= $1
        GROUP BY a.id ORDER BY a.held_at`,
      [heldBefore],
    );
    return rows.map((r) => ({
      activityId: r.activity_id,
      title: r.title,
      heldAt: new Date(r.held_at),
      organiserUserId: r.organiser_user_id,
      openCount: r.open_count,
      matchIds: r.match_ids,
    }));
  }

  /**
   * Items due in [from, to] (Beijing dates) that are past due or done: each with its pair and whether it was done on
   * or before its due date (whose the pair is, is the matching and registry contexts' to say).
   */
  async dueBetween(from: string, to: string): Promise<Array<{ matchId: string; onTime: boolean }>> {
    const rows: Array<{ match_id: string; on_time: boolean }> = await this.followUps.query(
      `SELECT f.match_id,
              (f.status = 'done' AND (f.done_at AT TIME ZONE 'Asia/Shanghai')::date <= f.due_date) AS on_time
         FROM match_follow_ups f
        WHERE f.due_date BETWEEN $1::date AND $2::date
          AND (f.status = 'done' OR f.due_date < ${TODAY_BEIJING})`,
      [from, to],
    );
    return rows.map((r) => ({ matchId: r.match_id, onTime: r.on_time }));
  }

  /** Items with their activity (this context's); the pair is the matching context's to add. */
  private withActivity() {
    return this.followUps.createQueryBuilder('f').innerJoinAndSelect('f.activity', 'a');
  }

  /** Match ids of the items recorded with this outcome (candidates for 待确认, whose match stage matching knows). */
  async matchIdsWithOutcome(outcome: FollowUpOutcome): Promise<string[]> {
    const rows = await this.followUps.find({ select: { matchId: true }, where: { outcome } });
    return [...new Set(rows.map((r) => r.matchId))];
  }

  /**
   * A page of the items this actor may list: staff every item; an organiser the items of activities they organise;
   * others the items of their own pairs (`partyMatchIds`: the matches their organisation is a party to, from the
   * matching context). `onlyMatchIds` narrows to these matches (the 待确认 filter).
   */
  page(
    actor: Actor,
    query: FollowUpQueryDto,
    scope: { partyMatchIds?: string[]; onlyMatchIds?: string[] },
  ): Promise<[MatchFollowUp[], number]> {
    const qb = this.withActivity();
    if (!isStaff(actor)) {
      if (readsAllActivities(actor)) {
        qb.andWhere('(a.organiser_user_id = :me OR a.organiser_organisation_id = :org)', {
          me: actor.userId ?? '00000000-0000-0000-0000-000000000000',
          org: actor.organisationId ?? '00000000-0000-0000-0000-000000000000',
        });
      } else {
        qb.andWhere('f.match_id = ANY(:party)', { party: scope.partyMatchIds ?? [] });
      }
    }
    if (query.activityId) qb.andWhere('f.activity_id = :activityId', { activityId: query.activityId });
    if (query.matchId) qb.andWhere('f.match_id = :matchId', { matchId: query.matchId });
    if (query.status) qb.andWhere('f.status = :status', { status: query.status });
    if (query.outcome) qb.andWhere('f.outcome = :outcome', { outcome: query.outcome });
    if (query.awaitingConfirmation) {
      qb.andWhere('f.outcome = :intent AND f.match_id = ANY(:only)', {
        intent: FollowUpOutcome.CooperationIntent,
        only: scope.onlyMatchIds ?? [],
      });
    }
    if (query.overdue) qb.andWhere(`f.status = 'open' AND f.due_date < ${TODAY_BEIJING}`);
    // Property paths, not column names: TypeORM paginates joined queries by them.
    qb.orderBy('f.dueDate', 'ASC', 'NULLS LAST')
      .addOrderBy('f.createdAt', 'ASC')
      .addOrderBy('f.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    return qb.getManyAndCount();
  }

  getWithActivity(id: string): Promise<MatchFollowUp | null> {
    return this.withActivity().where('f.id = :id', { id }).getOne();
  }

  lockForUpdate(tx: EntityManager, id: string): Promise<MatchFollowUp | null> {
    return tx.getRepository(MatchFollowUp).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  activityOf(tx: EntityManager, item: MatchFollowUp): Promise<Activity> {
    return tx.getRepository(Activity).findOneByOrFail({ id: item.activityId });
  }

  save(tx: EntityManager, item: MatchFollowUp): Promise<MatchFollowUp> {
    return tx.save(MatchFollowUp, item);
  }

  /** Of these items, the open ones past their due date. */
  async overdueIds(ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows: Array<{ id: string }> = await this.followUps.query(
      `SELECT id FROM match_follow_ups WHERE id = ANY($1::uuid[]) AND status = 'open' AND due_date < ${TODAY_BEIJING}`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }
}
