import {
  Actor,
  AppError,
  assertVersion,
  diffFields,
  ErrorCode,
  isStaff,
  RecordWorkflow,
  Role,
  toPage,
} from '@app/common';
import { EventsService } from '@app/events';
import { ChainRef, IndustryChainService, Organisation, OrganisationKind, RegistryReads } from '@app/registry';
import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { FollowUpService } from '../follow-up/follow-up.service';
import { ActivitiesRepository } from './activities.repository';
import { canManageActivity, readsAllActivities } from './activity.access';
import {
  ACTIVITY_KIND_LABELS,
  ACTIVITY_STATUS_LABELS,
  ActivityStatus,
  PARTICIPANT_ROLE_LABELS,
  ParticipantRole,
} from './activity.domain';
import { Activity, ActivityParticipant } from './activity.entity';
import { ACTIVITY_CONTENT_FIELDS, ActivityAction, activityRecord, EVENT_OF_ACTIVITY_ACTION } from './activity.workflow';
import {
  ActivityQueryDto,
  ActivityTransitionDto,
  CreateActivityDto,
  HoldActivityDto,
  ParticipantDto,
  UpdateActivityDto,
} from './dto/activity.dto';

export interface ParticipantView {
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  role: ParticipantRole;
  roleLabel: string;
  attended: boolean;
}

export type ActivityView = Omit<Activity, 'organiserOrganisation'> & {
  kindLabel: string;
  statusLabel: string;
  industryChains: ChainRef[];
  organiserOrganisationName: string | null;
  participants: ParticipantView[];
  matchItemCount: number;
  followUps: { total: number; done: number; overdue: number };
};

/** Once held, only the notes may still change (the rest is what happened). */
const EDITABLE_FIELDS: Record<ActivityStatus, (keyof UpdateActivityDto)[] | 'all'> = {
  [ActivityStatus.Planned]: 'all',
  [ActivityStatus.Held]: ['notes'],
  [ActivityStatus.FollowedUp]: ['notes'],
  [ActivityStatus.Cancelled]: [],
};

/** Clock skew tolerated when a hold says when the activity took place. */
const HELD_AT_SKEW_MS = 5 * 60 * 1000;

const ROLE_OF_KIND: Record<OrganisationKind, ParticipantRole> = {
  [OrganisationKind.Enterprise]: ParticipantRole.Enterprise,
  [OrganisationKind.University]: ParticipantRole.University,
  [OrganisationKind.Agency]: ParticipantRole.Other,
  [OrganisationKind.Bank]: ParticipantRole.Other,
};

function snapshot(a: Activity): Record<string, unknown> {
  const { organiserOrganisation: _o, ...rest } = a;
  return rest;
}

function participantSnapshot(rows: Array<Pick<ActivityParticipant, 'organisationId' | 'role' | 'attended'>>) {
  return rows
    .map((p) => ({ organisationId: p.organisationId, role: p.role, attended: p.attended }))
    .sort((x, y) => x.organisationId.localeCompare(y.organisationId));
}

@Injectable()
export class ActivityService {
  private readonly workflow: RecordWorkflow<Activity, ActivityStatus, ActivityAction>;

  constructor(
    private readonly activities: ActivitiesRepository,
    private readonly events: EventsService,
    private readonly chains: IndustryChainService,
    private readonly followUps: FollowUpService,
    private readonly registry: RegistryReads,
  ) {
    this.workflow = new RecordWorkflow<Activity, ActivityStatus, ActivityAction>(
      activityRecord((manager, id, organisationId) => activities.participates(manager, id, organisationId)),
      activities,
    );
  }

  async create(actor: Actor, dto: CreateActivityDto): Promise<ActivityView> {
    if (!isStaff(actor) && actor.role !== Role.Organizer) {
      throw AppError.forbidden('只有活动组织方或技术经理人可以创建对接活动');
    }
    const id = await this.events.transaction(async (manager) => {
      await this.chains.assertUsable(manager, dto.industryChainIds ?? []);
      if (dto.organiserOrganisationId)
        await this.assertOrganisations(manager, [dto.organiserOrganisationId], 'organiserOrganisationId');
      const { participants, ...fields } = dto;
      const row = await this.activities.insert(manager, {
        ...fields,
        scheduledAt: new Date(dto.scheduledAt),
        district: dto.district ?? null,
        organiserOrganisationId: dto.organiserOrganisationId ?? null,
        organiserUserId: actor.userId,
        industryChainIds: dto.industryChainIds ?? [],
        notes: dto.notes ?? '',
        status: ActivityStatus.Planned,
      });
      const saved = await this.replaceParticipants(manager, row.id, participants ?? []);
      await this.events.record(manager, actor, {
        type: 'activity.created',
        entityType: 'activity',
        entityId: row.id,
        entityVersion: row.version,
        after: { ...snapshot(row), participants: participantSnapshot(saved) },
      });
      return row.id;
    });
    return this.get(actor, id);
  }

  async get(actor: Actor, id: string): Promise<ActivityView> {
    const activity = await this.loadReadable(this.activities.manager, actor, id);
    return (await this.views([activity]))[0];
  }

  async list(actor: Actor, query: ActivityQueryDto) {
    const [rows, total] = await this.activities.page(actor, query);
    return toPage(await this.views(rows), total, query);
  }

  /**
   * The activities an organisation takes part in (its 一校一档), as its members read them. Callers check the reader
   * is staff or a member of the organisation.
   */
  async ofParticipant(organisationId: string, limit = 200): Promise<ActivityView[]> {
    return this.views(await this.activities.ofParticipant(organisationId, limit));
  }

  async update(actor: Actor, id: string, dto: UpdateActivityDto): Promise<ActivityView> {
    await this.events.transaction(async (manager) => {
      const current = await this.loadManageable(manager, actor, id, true);
      assertVersion(current, dto.version);
      const { version: _v, participants, ...changes } = dto;
      const allowed = EDITABLE_FIELDS[current.status];
      const asked = Object.keys(dto).filter((k) => k !== 'version') as (keyof UpdateActivityDto)[];
      const refused = allowed === 'all' ? [] : asked.filter((k) => !allowed.includes(k));
      if (refused.length) {
        throw AppError.conflict(
          ErrorCode.NOT_EDITABLE,
          `活动处于“${ACTIVITY_STATUS_LABELS[current.status]}”状态，不能修改：${refused.join('、')}`,
          { status: current.status, fields: refused },
        );
      }
      for (const field of ['kind', 'title', 'scheduledAt', 'place'] as const) {
        if (changes[field] === null) {
          throw AppError.invalidField(field, '不能为空');
        }
      }
      if (changes.industryChainIds) await this.chains.assertUsable(manager, changes.industryChainIds);
      if (changes.organiserOrganisationId) {
        await this.assertOrganisations(manager, [changes.organiserOrganisationId], 'organiserOrganisationId');
      }
      const before = { ...current };
      Object.assign(current, {
        ...changes,
        ...(changes.scheduledAt ? { scheduledAt: new Date(changes.scheduledAt) } : {}),
      });
      const diff = diffFields(before, current, ACTIVITY_CONTENT_FIELDS);
      let participantChange: { before: unknown; after: unknown } | null = null;
      if (participants) {
        const old = participantSnapshot(await this.activities.participantsOf(manager, id));
        const now = participantSnapshot(await this.replaceParticipants(manager, id, participants));
        if (JSON.stringify(old) !== JSON.stringify(now)) participantChange = { before: old, after: now };
      }
      if (diff.changed.length === 0 && !participantChange) return;
      const { organiserOrganisation: _o, ...row } = current;
      let version: number;
      if (diff.changed.length) {
        version = (await this.activities.save(manager, row)).version;
      } else {
        // Only participants changed (their own table): bump the row's version anyway, so concurrent editors notice.
        // The update builder adds version + 1 itself.
        await this.activities.touch(manager, id);
        version = current.version + 1;
      }
      await this.events.record(manager, actor, {
        type: 'activity.updated',
        entityType: 'activity',
        entityId: id,
        entityVersion: version,
        before: { ...diff.before, ...(participantChange ? { participants: participantChange.before } : {}) },
        after: { ...diff.after, ...(participantChange ? { participants: participantChange.after } : {}) },
      });
    });
    return this.get(actor, id);
  }

  async hold(actor: Actor, id: string, dto: HoldActivityDto): Promise<ActivityView> {
    const heldAt = dto.heldAt ? new Date(dto.heldAt) : new Date();
    if (heldAt.getTime() > Date.now() + HELD_AT_SKEW_MS) {
      throw AppError.invalidField('heldAt', '举办时间不能晚于当前时间');
    }
    await this.events.transaction(async (manager) => {
      let attended = new Set<string>();
      await this.workflow.transition(manager, actor, id, 'hold', dto.version, {
        apply: async (activity) => {
          const participants = await this.activities.participantsOf(manager, id);
          if (dto.attendedOrganisationIds) {
            const known = new Set(participants.map((p) => p.organisationId));
            const unknown = dto.attendedOrganisationIds.filter((o) => !known.has(o));
            if (unknown.length) {
              throw AppError.invalidField('attendedOrganisationIds', '不是本活动的参与机构', { ids: unknown });
            }
          }
          attended = new Set(dto.attendedOrganisationIds ?? participants.map((p) => p.organisationId));
          await this.activities.markAttendance(manager, id, [...attended]);
          activity.heldAt = heldAt;
          activity.attendance = dto.attendance;
        },
        record: async (saved, from, to) => {
          const followUps = await this.followUps.openForHeldActivity(manager, actor, saved);
          await this.events.record(manager, actor, {
            type: EVENT_OF_ACTIVITY_ACTION.hold,
            entityType: 'activity',
            entityId: id,
            entityVersion: saved.version,
            before: { status: from },
            after: {
              status: to,
              heldAt: saved.heldAt,
              kind: saved.kind,
              industryChainIds: saved.industryChainIds,
              district: saved.district,
              attendance: saved.attendance,
              organiserOrganisationId: saved.organiserOrganisationId,
              attendedOrganisationIds: [...attended].sort(),
              matchItems: followUps,
              followUps,
            },
          });
        },
      });
    });
    return this.get(actor, id);
  }

  async transition(actor: Actor, id: string, action: 'follow-up' | 'cancel', dto: ActivityTransitionDto) {
    await this.events.transaction((manager) =>
      this.workflow.transition(manager, actor, id, action, dto.version, {
        apply: async (activity) => {
          const now = new Date();
          if (action === 'follow-up') {
            const open = await this.followUps.openCount(manager, id);
            if (open > 0) {
              throw AppError.conflict(
                ErrorCode.FOLLOW_UPS_OPEN,
                `还有 ${open} 项对接跟进未完成，不能标记为已完成跟进`,
                { open },
              );
            }
            activity.followedUpAt = now;
          } else {
            activity.cancelledAt = now;
            activity.cancelReason = dto.reason ?? null;
          }
        },
        record: (saved, from, to) =>
          this.events.record(manager, actor, {
            type: EVENT_OF_ACTIVITY_ACTION[action],
            entityType: 'activity',
            entityId: id,
            entityVersion: saved.version,
            before: { status: from },
            after: {
              status: to,
              kind: saved.kind,
              ...(action === 'follow-up'
                ? { followedUpAt: saved.followedUpAt, heldAt: saved.heldAt }
                : { cancelledAt: saved.cancelledAt, reason: saved.cancelReason }),
            },
          }),
      }),
    );
    return this.get(actor, id);
  }

  /** The activity if the actor may read it; 404 otherwise (no probing for ids). */
  async loadReadable(manager: EntityManager, actor: Actor, id: string, lock = false): Promise<Activity> {
    const activity = await this.activities.load(manager, id, lock);
    if (!activity) throw AppError.notFound('活动', id);
    if (readsAllActivities(actor) || canManageActivity(actor, activity)) return activity;
    if (actor.organisationId) {
      const participates = await this.activities.participates(manager, id, actor.organisationId);
      if (participates) return activity;
    }
    throw AppError.notFound('活动', id);
  }

  /** The activity if the actor may read it (outside any transaction). */
  readable(actor: Actor, id: string): Promise<Activity> {
    return this.loadReadable(this.activities.manager, actor, id);
  }

  /** Sets or clears the match-list lock on a row locked by the caller; bumps the version. */
  setMatchListLock(manager: EntityManager, activity: Activity, by: string | null, locked: boolean): Promise<Activity> {
    activity.matchListLockedAt = locked ? new Date() : null;
    activity.matchListLockedById = locked ? by : null;
    const { organiserOrganisation: _o, ...row } = activity;
    return this.activities.save(manager, row);
  }

  async participantCount(activityId: string): Promise<number> {
    return (await this.activities.participantsOf(this.activities.manager, activityId)).length;
  }

  /** The organisations taking part in an activity, with their role. */
  participantsOf(manager: EntityManager, activityId: string): Promise<ActivityParticipant[]> {
    return this.activities.participantsOf(manager, activityId);
  }

  /** The activity if the actor may change it: 404 when not even readable, 403 when only readable. */
  async loadManageable(manager: EntityManager, actor: Actor, id: string, lock = false): Promise<Activity> {
    // Locked for a change: the record workflow's lock, which applies the same rule.
    if (lock) return (await this.workflow.lock(manager, actor, id)).current;
    const activity = await this.loadReadable(manager, actor, id);
    if (!canManageActivity(actor, activity)) throw AppError.forbidden('只有活动的组织方或技术经理人可以管理该活动');
    return activity;
  }

  private async assertOrganisations(manager: EntityManager, ids: string[], field: string): Promise<Organisation[]> {
    const found = await this.registry.organisations(ids, manager);
    const known = new Set(found.map((o) => o.id));
    const missing = ids.filter((o) => !known.has(o));
    if (missing.length) {
      throw new AppError(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_ORGANISATION, '机构不存在', [
        { field, reason: '机构不存在', ids: missing },
      ]);
    }
    return found;
  }

  private async replaceParticipants(
    manager: EntityManager,
    activityId: string,
    participants: ParticipantDto[],
  ): Promise<ActivityParticipant[]> {
    const ids = [...new Set(participants.map((p) => p.organisationId))];
    if (ids.length !== participants.length) {
      throw AppError.invalidField('participants', '机构重复');
    }
    const orgs = new Map((await this.assertOrganisations(manager, ids, 'participants')).map((o) => [o.id, o]));
    return this.activities.replaceParticipants(
      manager,
      activityId,
      participants.map((p) => ({
        organisationId: p.organisationId,
        role: p.role ?? ROLE_OF_KIND[orgs.get(p.organisationId)!.kind],
        attended: false,
      })),
    );
  }

  private async views(activities: Activity[]): Promise<ActivityView[]> {
    if (!activities.length) return [];
    const ids = activities.map((a) => a.id);
    const refs = await this.chains.refs();
    const rows = await this.activities.participantsOfMany(ids);
    // by role, then by organisation name in the database's collation (the registry returns them in that order)
    const orgs = await this.registry.organisations([...new Set(rows.map((p) => p.organisationId))]);
    const orgOf = new Map(orgs.map((o, i) => [o.id, { org: o, order: i }]));
    const participants = rows
      .filter((p) => orgOf.has(p.organisationId))
      .map((p) => ({ ...p, ...orgOf.get(p.organisationId)! }))
      .sort((x, y) => (x.role < y.role ? -1 : x.role > y.role ? 1 : x.order - y.order));
    const organiserName = await this.registry.organisationNames(
      activities.map((a) => a.organiserOrganisationId).filter((x): x is string => !!x),
    );
    const followUps = await this.followUps.summaries(ids);
    const itemCount = await this.activities.matchItemCounts(ids);
    return activities.map((a) => {
      const { organiserOrganisation: _o, ...rest } = a;
      return {
        ...rest,
        kindLabel: ACTIVITY_KIND_LABELS[a.kind],
        statusLabel: ACTIVITY_STATUS_LABELS[a.status],
        industryChains: a.industryChainIds.map((c) => refs.get(c)).filter((c): c is ChainRef => !!c),
        organiserOrganisationName: a.organiserOrganisationId
          ? (organiserName.get(a.organiserOrganisationId) ?? null)
          : null,
        participants: participants
          .filter((p) => p.activityId === a.id)
          .map((p) => ({
            organisationId: p.organisationId,
            organisationName: p.org.name,
            organisationKind: p.org.kind,
            role: p.role,
            roleLabel: PARTICIPANT_ROLE_LABELS[p.role],
            attended: p.attended,
          })),
        matchItemCount: itemCount.get(a.id) ?? 0,
        followUps: followUps.get(a.id) ?? { total: 0, done: 0, overdue: 0 },
      };
    });
  }
}
