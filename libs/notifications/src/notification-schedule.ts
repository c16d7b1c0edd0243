import { FollowUpService } from '@app/activities';
import { InvitationService } from '@app/challenges';
import { isLowRelevance, Match, MatchService, matchStrength } from '@app/matching';
import { JobContext, JobHandler, JobName, JobPayloads, JobProcessor, JobQueue, QueueRole } from '@app/queue';
import { DemandStatus, DirectoryUser, RegistryReads, USER_DIRECTORY, UserDirectory } from '@app/registry';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';

import { NotificationKind } from './notification-kinds';
import { callValues } from './notification-rules';
import { NotificationDraft, NotificationsService } from './notifications.service';
import { beijingDay, beijingHour, WorkingCalendar } from './working-calendar';

/** A demand waits too long for review after this many working days. */
export const REVIEW_WAIT_WORKING_DAYS = 2;
/** Follow-ups still open this many days after the activity was held bring a reminder (then weekly). */
export const FOLLOW_UP_REMINDER_DAYS = 7;
/** Invited institutions that have not bid are reminded when the call's deadline is this many calendar days away. */
export const BID_DEADLINE_REMINDER_DAYS = 3;
/** Suggestions listed in one digest at most (the console has the rest). */
const DIGEST_ITEMS = 10;

export const SCHEDULER_ID = 'notifications-hourly';

/**
 * A suggestion the enterprise is shown as a recommendation: not 低相关 (its text strength reaches the calibrated
 * show threshold, `MatchService.showThreshold`); a manager's own pairing always counts.
 */
export function isShownSuggestion(m: Pick<Match, 'origin' | 'explanation'>, showThreshold: number): boolean {
  return !isLowRelevance(m.origin, matchStrength(m.explanation), showThreshold);
}

export interface ScheduleResult {
  digests: number;
  reviewReminders: number;
  followUpReminders: number;
  bidDeadlineReminders: number;
}

/**
 * The daily messages, run every hour: each person gets a daily kind at their digest hour. Every message is keyed by
 * (subject, Beijing day), so a second worker, a retried job or a restart in the middle sends nothing twice.
 */
@Injectable()
export class NotificationScheduleService {
  private readonly logger = new Logger(NotificationScheduleService.name);
  private readonly calendar = new WorkingCalendar();

  constructor(
    private readonly notifications: NotificationsService,
    private readonly matches: MatchService,
    private readonly registry: RegistryReads,
    private readonly followUps: FollowUpService,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
    private readonly invitations: InvitationService,
  ) {}

  /**
   * One tick. `everyoneNow`: send each daily kind to everyone regardless of their hour (the demo loader, so a fresh
   * demo shows today's digests and reminders at once); the once-per-day keys still hold.
   */
  async run(at: Date = new Date(), options: { everyoneNow?: boolean } = {}): Promise<ScheduleResult> {
    const everyone = options.everyoneNow ?? false;
    const result = {
      digests: await this.suggestionDigests(at, everyone),
      reviewReminders: await this.reviewReminders(at, everyone),
      followUpReminders: await this.followUpReminders(at, everyone),
      bidDeadlineReminders: await this.bidDeadlineReminders(at, everyone),
    };
    if (result.digests || result.reviewReminders || result.followUpReminders || result.bidDeadlineReminders) {
      this.logger.log(
        `${beijingDay(at)} ${beijingHour(at)}h: ${result.digests} digests, ${result.reviewReminders} review reminders, ` +
          `${result.followUpReminders} follow-up reminders, ${result.bidDeadlineReminders} bid deadline reminders`,
      );
    }
    return result;
  }

  /** Those of `users` whose hour for this daily kind is the hour of `at`. */
  private async dueNow(
    users: DirectoryUser[],
    kind: NotificationKind,
    at: Date,
    everyone: boolean,
  ): Promise<DirectoryUser[]> {
    const active = users.filter((u) => u.active);
    if (everyone) return active;
    const hours = await this.notifications.digestHours(
      active.map((u) => u.id),
      kind,
    );
    const hour = beijingHour(at);
    return active.filter((u) => hours.get(u.id) === hour);
  }

  /** New suggestions of the last 24 hours, one digest per demand for each member of its enterprise. */
  private async suggestionDigests(at: Date, everyone: boolean): Promise<number> {
    const until = new Date(Math.floor(at.getTime() / 3600000) * 3600000);
    const since = new Date(until.getTime() - 24 * 3600000);
    const fresh = (await this.matches.suggestedBetween(since, until)).filter((m) =>
      isShownSuggestion(m, this.matches.showThreshold),
    );
    const byDemand = new Map<string, Match[]>();
    for (const m of fresh) byDemand.set(m.demandId, [...(byDemand.get(m.demandId) ?? []), m]);
    let sent = 0;
    for (const [demandId, items] of byDemand) {
      const demand = items[0].demand;
      if (!demand) continue;
      const recipients = await this.dueNow(
        await this.users.activeMembers(demand.ownerOrganisationId),
        NotificationKind.SuggestionDigest,
        at,
        everyone,
      );
      if (!recipients.length) continue;
      const values = {
        demandTitle: demand.title,
        count: items.length,
        items: items.slice(0, DIGEST_ITEMS).map((m) => ({
          title: m.achievement?.title ?? '',
          institutionName: m.achievement?.institution?.name ?? '',
          scorePercent: `${Math.round(m.score * 100)}%`,
          summary: m.explanation?.summary ?? '',
        })),
      };
      sent += await this.notifications.notify(
        `digest:${demandId}:${beijingDay(at)}`,
        recipients.map((recipient) => ({
          recipient,
          kind: NotificationKind.SuggestionDigest,
          values,
          link: `/workspace/my-demands/${demandId}/matches`,
          entityType: 'demand',
          entityId: demandId,
        })),
      );
    }
    return sent;
  }

  private async managersOf(assignedManagerId: string | null): Promise<DirectoryUser[]> {
    if (assignedManagerId) {
      const assigned = await this.users.findUser(assignedManagerId);
      if (assigned?.active) return [assigned];
    }
    return this.users.activeWithRole('manager');
  }

  /** Demands waiting for review more than 2 working days → their managers, once per demand per day. */
  private async reviewReminders(at: Date, everyone: boolean): Promise<number> {
    const waiting = await this.registry.demandsWithStatus([DemandStatus.Submitted]);
    let sent = 0;
    for (const demand of waiting) {
      if (!demand.submittedAt) continue;
      const days = this.calendar.workingDaysBetween(demand.submittedAt, at);
      if (days <= REVIEW_WAIT_WORKING_DAYS) continue;
      const recipients = await this.dueNow(
        await this.managersOf(demand.assignedManagerId),
        NotificationKind.ReviewReminder,
        at,
        everyone,
      );
      if (!recipients.length) continue;
      const [owner] = await this.registry.organisations([demand.ownerOrganisationId]);
      sent += await this.notifications.notify(
        `review:${demand.id}:${beijingDay(at)}`,
        recipients.map((recipient) => ({
          recipient,
          kind: NotificationKind.ReviewReminder,
          values: {
            demandTitle: demand.title,
            enterpriseName: owner?.name ?? '企业',
            submittedDate: beijingDay(demand.submittedAt!),
            workingDays: days,
          },
          link: `/workspace/demands?review=${demand.id}`,
          entityType: 'demand',
          entityId: demand.id,
        })),
      );
    }
    return sent;
  }

  /** Activities held N days ago (then every 7 days) with open follow-ups → organiser and responsible managers. */
  private async followUpReminders(at: Date, everyone: boolean): Promise<number> {
    const open = await this.followUps.openAfterHeld(at);
    let sent = 0;
    for (const activity of open) {
      const days = Math.floor((Date.parse(beijingDay(at)) - Date.parse(beijingDay(activity.heldAt))) / 86400000);
      if (days < FOLLOW_UP_REMINDER_DAYS || (!everyone && (days - FOLLOW_UP_REMINDER_DAYS) % 7 !== 0)) continue;
      const ids = [...new Set([activity.organiserUserId, ...activity.managerIds].filter((id): id is string => !!id))];
      const people = (await Promise.all(ids.map((id) => this.users.findUser(id)))).filter(
        (u): u is DirectoryUser => !!u,
      );
      if (!activity.managerIds.length) people.push(...(await this.users.activeWithRole('manager')));
      const unique = [...new Map(people.map((p) => [p.id, p])).values()];
      const recipients = await this.dueNow(unique, NotificationKind.FollowUpOverdue, at, everyone);
      if (!recipients.length) continue;
      const drafts: NotificationDraft[] = recipients.map((recipient) => ({
        recipient,
        kind: NotificationKind.FollowUpOverdue,
        values: {
          activityTitle: activity.title,
          heldDate: beijingDay(activity.heldAt),
          openCount: activity.openCount,
          days,
        },
        link: `/workspace/activities/${activity.activityId}`,
        entityType: 'activity',
        entityId: activity.activityId,
      }));
      sent += await this.notifications.notify(`follow-up:${activity.activityId}:${beijingDay(at)}`, drafts);
    }
    return sent;
  }

  /**
   * A call's bid deadline is 3 calendar days away or less → the users of each invited institution that has neither
   * led nor joined a bid, once per call and institution (the key holds across days and ticks), at their digest hour.
   */
  private async bidDeadlineReminders(at: Date, everyone: boolean): Promise<number> {
    let sent = 0;
    for (const due of await this.invitations.deadlineReminders(at, BID_DEADLINE_REMINDER_DAYS)) {
      const recipients = await this.dueNow(
        await this.users.activeMembers(due.institutionId),
        NotificationKind.BidDeadlineReminder,
        at,
        everyone,
      );
      if (!recipients.length) continue;
      sent += await this.notifications.notify(
        `bid-deadline:${due.call.id}:${due.institutionId}`,
        recipients.map((recipient) => ({
          recipient,
          kind: NotificationKind.BidDeadlineReminder,
          values: { ...callValues(due.call), daysLeft: due.daysLeft >= 1 ? due.daysLeft : '不足 1' },
          link: `/calls/${due.call.id}`,
          entityType: 'challenge',
          entityId: due.call.id,
        })),
      );
    }
    return sent;
  }
}

/** The hourly tick; declared at boot as a BullMQ job scheduler (one in Redis however many processes declare it). */
@Injectable()
@JobProcessor(JobName.NotificationSchedule)
export class NotificationScheduleProcessor implements JobHandler<JobName.NotificationSchedule>, OnApplicationBootstrap {
  private readonly logger = new Logger(NotificationScheduleProcessor.name);

  constructor(
    private readonly schedule: NotificationScheduleService,
    private readonly queue: JobQueue,
    private readonly role: QueueRole,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.role.consumes) return;
    try {
      await this.queue.schedule(
        JobName.NotificationSchedule,
        {},
        { schedulerId: SCHEDULER_ID, pattern: '0 * * * *', tz: 'Asia/Shanghai' },
      );
    } catch (err) {
      this.logger.warn(`notification schedule not declared: ${(err as Error).message}`);
    }
  }

  async handle(data: JobPayloads[JobName.NotificationSchedule], _context: JobContext): Promise<void> {
    await this.schedule.run(data.at ? new Date(data.at) : new Date());
  }
}
