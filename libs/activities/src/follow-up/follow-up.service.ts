import { Actor, AppError, applyTransition, diffFields, isStaff, RecordWorkflow, toPage } from '@app/common';
import { EventsService } from '@app/events';
import { MatchService, MatchStatus } from '@app/matching';
import { RegistryReads } from '@app/registry';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { activityParties, canManageActivity, readsAllActivities } from '../activity/activity.access';
import {
  FOLLOW_UP_DUE_DAYS,
  FOLLOW_UP_OUTCOME_LABELS,
  FOLLOW_UP_STATUS_LABELS,
  FollowUpOutcome,
  FollowUpStatus,
} from '../activity/activity.domain';
import { Activity } from '../activity/activity.entity';
import { FollowUpQueryDto, UpdateFollowUpDto } from './dto/follow-up.dto';
import { FOLLOW_UP_ACTION_TO, FOLLOW_UP_WORKFLOW, FollowUpAction } from './follow-up.workflow';
import { FollowUpsRepository, FollowUpTimeliness, OpenFollowUps } from './follow-ups.repository';
import { MatchFollowUp } from './match-follow-up.entity';

export type { FollowUpTimeliness, OpenFollowUps };

export interface FollowUpView extends Omit<MatchFollowUp, 'match' | 'activity'> {
  statusLabel: string;
  outcomeLabel: string | null;
  /** 有合作意向 and the pair still only suggested: its responsible manager is asked to confirm it. */
  awaitingConfirmation: boolean;
  overdue: boolean;
  activity: { id: string; title: string; heldAt: Date | null };
  match: {
    id: string;
    status: string;
    demand: { id: string; title: string; organisationName: string; assignedManagerId: string | null };
    achievement: { id: string; title: string; organisationName: string };
  };
}

const FIELDS: (keyof MatchFollowUp)[] = ['contacted', 'nextStep', 'dueDate', 'status', 'note', 'outcome'];

@Injectable()
export class FollowUpService {
  constructor(
    private readonly followUps: FollowUpsRepository,
    private readonly events: EventsService,
    private readonly matches: MatchService,
    private readonly registry: RegistryReads,
  ) {
    this.workflow = new RecordWorkflow<MatchFollowUp, FollowUpStatus, FollowUpAction>(
      {
        label: '跟进事项',
        statusLabels: FOLLOW_UP_STATUS_LABELS,
        workflow: FOLLOW_UP_WORKFLOW,
        editable: {
          owner: [FollowUpStatus.Open, FollowUpStatus.Done],
          staff: [FollowUpStatus.Open, FollowUpStatus.Done],
        },
        contentFields: FIELDS,
        // Whoever manages the item's activity; whoever may only read the item gets 403, anyone else 404.
        partiesTo: async (manager, actor, item) => {
          const activity = await this.followUps.activityOf(manager, item);
          if (canManageActivity(actor, activity)) return activityParties(actor, activity);
          const row = await this.withContext(item.id);
          if (!row || !this.visible(actor, row)) return [];
          throw AppError.forbidden('只有活动的组织方或技术经理人可以更新跟进事项');
        },
        toRow: (item) => item,
      },
      followUps,
    );
  }

  private readonly workflow: RecordWorkflow<MatchFollowUp, FollowUpStatus, FollowUpAction>;

  /**
   * Inside the hold transaction: every pair on the activity's list gets a follow-up item, due
   * FOLLOW_UP_DUE_DAYS after the activity's Beijing date. Idempotent on (activity, match). Returns the count.
   */
  async openForHeldActivity(manager: EntityManager, actor: Actor, activity: Activity): Promise<number> {
    // a pair a side of which was a participant marked absent was not presented: nothing to follow up
    const { matchIds, absent } = await this.followUps.listedAndAbsent(manager, activity.id);
    const present = new Set<string>(matchIds);
    if (absent.length) {
      for (const match of await this.matches.findByIds(manager, matchIds)) {
        const parties = await this.registry.pairParties(match.demandId, match.achievementId, manager);
        if (absent.includes(parties.owner ?? '') || absent.includes(parties.institution ?? ''))
          present.delete(match.id);
      }
    }
    const rows = await this.followUps.openForActivity(manager, activity.id, activity.heldAt, FOLLOW_UP_DUE_DAYS, [
      ...present,
    ]);
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
    return this.followUps.openCount(manager, activityId);
  }

  async summaries(activityIds: string[]): Promise<Map<string, { total: number; done: number; overdue: number }>> {
    return this.followUps.summaries(activityIds);
  }

  /** Held activities (at or before `heldBefore`) with items still open (reminders). */
  async openAfterHeld(heldBefore: Date): Promise<OpenFollowUps[]> {
    const rows = await this.followUps.openAfterHeld(heldBefore);
    const demandOf = await this.matches.demandIdsOf([...new Set(rows.flatMap((r) => r.matchIds))]);
    const managerOf = await this.registry.demandManagers([...new Set(demandOf.values())]);
    return rows.map(({ matchIds, ...row }) => ({
      ...row,
      managerIds: [
        ...new Set(
          matchIds.flatMap((m) => {
            const manager = managerOf.get(demandOf.get(m) ?? '');
            return manager ? [manager] : [];
          }),
        ),
      ].sort(),
    }));
  }

  /** Per responsible manager (user id): follow-ups due in [from, to] and how many were done on time (分级评估). */
  /**
   * Per responsible manager (the demand's assigned manager, else the one who confirmed the pair): items due in
   * [from, to] (Beijing dates) that are past due or done, and those done on or before their due date.
   */
  async timelinessBetween(from: string, to: string): Promise<FollowUpTimeliness[]> {
    const items = await this.followUps.dueBetween(from, to);
    const matches = new Map(
      (await this.matches.findByIds(this.followUps.manager, [...new Set(items.map((i) => i.matchId))])).map((m) => [
        m.id,
        m,
      ]),
    );
    const managers = await this.registry.demandManagers([...new Set([...matches.values()].map((m) => m.demandId))]);
    const byUser = new Map<string, FollowUpTimeliness>();
    for (const item of items) {
      const match = matches.get(item.matchId);
      const userId = match ? (managers.get(match.demandId) ?? match.confirmedById) : null;
      if (!userId) continue;
      const row = byUser.get(userId) ?? { userId, due: 0, onTime: 0 };
      row.due += 1;
      if (item.onTime) row.onTime += 1;
      byUser.set(userId, row);
    }
    return [...byUser.values()];
  }

  /**
   * Staff see every item; an organiser the items of activities they manage; with `activityId`, whoever reads the
   * activity's match list (participants see the items of their own pairs).
   */
  async list(actor: Actor, query: FollowUpQueryDto) {
    const scope: { partyMatchIds?: string[]; onlyMatchIds?: string[] } = {};
    if (!isStaff(actor) && !readsAllActivities(actor) && actor.organisationId) {
      scope.partyMatchIds = await this.matches.idsOfParty(actor.organisationId);
    }
    if (query.awaitingConfirmation) {
      const intents = await this.followUps.matchIdsWithOutcome(FollowUpOutcome.CooperationIntent);
      scope.onlyMatchIds = await this.matches.idsWithStatus(intents, MatchStatus.Suggested);
    }
    const [rows, total] = await this.followUps.page(actor, query, scope);
    return toPage(await this.toViews(actor, await this.withMatches(rows)), total, query);
  }

  /** Managers' list of follow-ups past their due date and not done, oldest due first. */
  async overdue(actor: Actor, query: FollowUpQueryDto) {
    if (!isStaff(actor)) throw AppError.forbidden('逾期跟进清单仅对技术经理人开放');
    return this.list(actor, Object.assign(query, { overdue: true }));
  }

  async get(actor: Actor, id: string): Promise<FollowUpView> {
    const row = await this.withContext(id);
    if (!row || !this.visible(actor, row)) throw AppError.notFound('跟进事项', id);
    return (await this.toViews(actor, [row]))[0];
  }

  async update(actor: Actor, id: string, dto: UpdateFollowUpDto): Promise<FollowUpView> {
    await this.events.transaction(async (manager) => {
      let diff: ReturnType<typeof diffFields> | undefined;
      await this.workflow.update(manager, actor, id, dto.version, {
        apply: (item, parties) => {
          const { version: _v, ...changes } = dto;
          const before = { ...item };
          Object.assign(item, changes);
          if (changes.dueDate) item.dueDate = changes.dueDate.slice(0, 10);
          diff = diffFields(before, item, FIELDS);
          if (!diff.changed.length) return false;
          const now = new Date();
          if (diff.changed.includes('contacted')) item.contactedAt = item.contacted ? now : null;
          if (diff.changed.includes('status')) {
            const action = FOLLOW_UP_ACTION_TO[item.status];
            applyTransition(FOLLOW_UP_WORKFLOW, action, before.status, parties, FOLLOW_UP_STATUS_LABELS);
            item.doneAt = item.status === FollowUpStatus.Done ? now : null;
          }
          item.updatedById = actor.userId;
        },
        record: (saved) =>
          this.events.record(manager, actor, {
            type: !diff!.changed.includes('status')
              ? 'follow_up.updated'
              : saved.status === FollowUpStatus.Done
                ? 'follow_up.done'
                : 'follow_up.reopened',
            entityType: 'follow_up',
            entityId: id,
            entityVersion: saved.version,
            before: diff!.before,
            after: { ...diff!.after, activityId: saved.activityId, matchId: saved.matchId },
          }),
      });
    });
    return this.get(actor, id);
  }

  /** The item with its activity and its pair (both records and their organisations). */
  private async withContext(id: string): Promise<MatchFollowUp | null> {
    const row = await this.followUps.getWithActivity(id);
    return row ? ((await this.withMatches([row]))[0] ?? null) : null;
  }

  /** The items with their pairs attached; an item whose pair is gone is left out. */
  private async withMatches(rows: MatchFollowUp[]): Promise<MatchFollowUp[]> {
    const matches = await this.matches.withRecordsByIds([...new Set(rows.map((r) => r.matchId))]);
    return rows.flatMap((r) => {
      const match = matches.get(r.matchId);
      if (!match?.demand || !match.achievement) return [];
      r.match = match;
      return [r];
    });
  }

  private visible(actor: Actor, row: MatchFollowUp): boolean {
    if (isStaff(actor)) return true;
    if (row.activity && canManageActivity(actor, row.activity)) return true;
    const org = actor.organisationId;
    return (
      org !== null && (row.match?.demand?.ownerOrganisationId === org || row.match?.achievement?.institutionId === org)
    );
  }

  private async toViews(actor: Actor, rows: MatchFollowUp[]): Promise<FollowUpView[]> {
    const late = await this.followUps.overdueIds(rows.map((r) => r.id));
    return rows.map((r) => {
      const { match, activity, ...rest } = r;
      return {
        ...rest,
        statusLabel: FOLLOW_UP_STATUS_LABELS[r.status],
        outcomeLabel: r.outcome ? FOLLOW_UP_OUTCOME_LABELS[r.outcome] : null,
        awaitingConfirmation: r.outcome === FollowUpOutcome.CooperationIntent && match!.status === 'suggested',
        overdue: late.has(r.id),
        activity: { id: activity!.id, title: activity!.title, heldAt: activity!.heldAt },
        match: {
          id: match!.id,
          status: match!.status,
          demand: {
            id: match!.demand!.id,
            title: match!.demand!.title,
            organisationName: match!.demand!.ownerOrganisation?.name ?? '',
            // a user id of the platform's staff: shown to staff only
            assignedManagerId: isStaff(actor) ? (match!.demand!.assignedManagerId ?? null) : null,
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
