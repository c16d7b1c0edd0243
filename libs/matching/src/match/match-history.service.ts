import { Actor, AppError, Role } from '@app/common';
import { EntityType, EventsService } from '@app/events';
import { RegistryReads, USER_DIRECTORY, UserDirectory } from '@app/registry';
import { Inject, Injectable } from '@nestjs/common';

import { MatchHistoryDto, MatchHistoryStepDto } from '../dto/match-console.dto';
import {
  INTEREST_REASON_LABELS,
  InterestReason,
  MATCH_INTEREST_LABELS,
  MATCH_STATUS_LABELS,
  MatchInterest,
  MatchStatus,
  REJECT_REASON_LABELS,
  RejectReason,
} from './match.entity';
import { MatchRepository } from './match.repository';
import { MatchReader, matchReaderOf, mentionsBudget, noteFor } from './match.visibility';
import { MATCH_WORKFLOW, MatchAction } from './match.workflow';

const ROLE_LABELS: Record<string, string> = {
  [Role.Admin]: '平台管理员',
  [Role.Manager]: '技术经理人',
  [Role.Enterprise]: '企业用户',
  [Role.University]: '高校院所用户',
  [Role.Organizer]: '活动组织方',
  [Role.Bank]: '银行用户',
  system: '系统',
};

const ACTION_OF_EVENT: Record<string, MatchAction> = {
  'match.confirmed': 'confirm',
  'match.contacted': 'contact',
  'match.negotiating': 'negotiate',
  'match.contracted': 'contract',
  'match.rejected': 'reject',
  'match.reopened': 'reopen',
};

/** One recorded step of a match, with who took it (the user directory's name and organisation). */
interface EventRow {
  id: string;
  type: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_role: string;
  after: Record<string, unknown> | null;
  user_name: string | null;
  user_org: string | null;
  org_name: string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * The steps of a match's pipeline, readable by everyone who may see the match (the event log itself is for admins):
 * who (name and role), when, which stage, and the note — shaped for the reader by the match visibility rule.
 */
@Injectable()
export class MatchHistoryService {
  constructor(
    private readonly matches: MatchRepository,
    private readonly events: EventsService,
    private readonly registry: RegistryReads,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
  ) {}

  async history(actor: Actor, id: string): Promise<MatchHistoryDto> {
    const match = await this.matches.findById(this.matches.manager, id);
    if (!match) throw AppError.notFound('匹配', id);
    const parties = await this.registry.pairParties(match.demandId, match.achievementId);
    const reader = matchReaderOf(actor, {
      demandOwnerId: parties.owner ?? undefined,
      institutionId: parties.institution ?? undefined,
    });
    if (!reader) throw AppError.notFound('匹配', id);

    const rows = await this.historyRows(id);
    const steps: MatchHistoryStepDto[] = [];
    if (!rows.some((r) => r.type === 'match.created')) {
      // engine suggestions are stored in bulk (one demand.matched event): the row's birth is the first step
      steps.push({
        id: 'created',
        action: 'suggested',
        actionLabel: '系统推荐',
        stage: MatchStatus.Suggested,
        stageLabel: MATCH_STATUS_LABELS[MatchStatus.Suggested],
        at: match.createdAt,
        actor: { userId: null, name: '匹配引擎', role: 'system', roleLabel: '系统', organisationName: null },
        reason: null,
        reasonLabel: null,
        note: null,
      });
    }
    for (const row of rows) {
      const step = this.step(reader, actor, row);
      if (step) steps.push(step);
    }
    return { matchId: match.id, status: match.status, statusLabel: MATCH_STATUS_LABELS[match.status], steps };
  }

  /** The match's events in order, each with its actor's name and organisation (event log + user directory). */
  private async historyRows(id: string): Promise<EventRow[]> {
    const events = await this.events.historyOf(EntityType.Match, id);
    const actorIds = [...new Set(events.map((e) => e.actorId).filter((a): a is string => !!a))];
    const actors = new Map(
      (await Promise.all(actorIds.map((a) => this.users.findUser(a)))).flatMap((u) => (u ? [[u.id, u] as const] : [])),
    );
    const orgIds = [...new Set([...actors.values()].map((u) => u.organisationId).filter((o): o is string => !!o))];
    const orgNames = await this.registry.organisationNames(orgIds);
    return events.map((e) => {
      const user = e.actorId ? actors.get(e.actorId) : undefined;
      return {
        id: e.id,
        type: e.type,
        occurred_at: e.occurredAt,
        actor_id: e.actorId,
        actor_role: e.actorRole,
        after: e.after,
        user_name: user?.name ?? null,
        user_org: user?.organisationId ?? null,
        org_name: user?.organisationId ? (orgNames.get(user.organisationId) ?? null) : null,
      };
    });
  }

  private step(reader: MatchReader, actor: Actor, row: EventRow): MatchHistoryStepDto | null {
    const after = row.after ?? {};
    const sameOrg = actor.organisationId !== null && row.user_org === actor.organisationId;
    const base = {
      id: String(row.id),
      at: row.occurred_at,
      actor: {
        userId: reader === 'staff' || sameOrg ? row.actor_id : null,
        name: row.user_name ?? ROLE_LABELS[row.actor_role] ?? '系统',
        role: row.actor_role,
        roleLabel: ROLE_LABELS[row.actor_role] ?? row.actor_role,
        organisationName: row.org_name,
      },
    };
    if (row.type === 'match.created') {
      return {
        ...base,
        action: 'created',
        actionLabel: '人工推荐',
        stage: MatchStatus.Suggested,
        stageLabel: MATCH_STATUS_LABELS[MatchStatus.Suggested],
        reason: null,
        reasonLabel: null,
        note: noteFor(reader, str(after.note)),
      };
    }
    if (row.type === 'match.interest_recorded') {
      // the owner's interest is for staff and the owner only
      if (reader === 'institution') return null;
      const interest = after.interest as MatchInterest;
      const reason = str(after.reason) as InterestReason | null;
      return {
        ...base,
        action: 'interest',
        actionLabel: `企业反馈：${MATCH_INTEREST_LABELS[interest] ?? interest}`,
        stage: null,
        stageLabel: null,
        reason,
        reasonLabel: reason ? (INTEREST_REASON_LABELS[reason] ?? reason) : null,
        note: noteFor(reader, str(after.note)),
      };
    }
    const action = ACTION_OF_EVENT[row.type];
    if (!action) return null;
    const stage = (str(after.status) as MatchStatus | null) ?? MATCH_WORKFLOW[action].to;
    const reason = str(after.reason) as RejectReason | null;
    let reasonLabel = reason ? (REJECT_REASON_LABELS[reason] ?? reason) : null;
    if (reader === 'institution' && reasonLabel && mentionsBudget(reasonLabel)) reasonLabel = '价格不合适';
    return {
      ...base,
      action,
      actionLabel: MATCH_WORKFLOW[action].label,
      stage,
      stageLabel: MATCH_STATUS_LABELS[stage] ?? stage,
      reason,
      reasonLabel,
      note: noteFor(reader, str(after.note)),
    };
  }
}
