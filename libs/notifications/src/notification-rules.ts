import {
  ChallengeService,
  ChallengeStatus,
  FinanceService,
  FinancingNeedNotice,
  InvitationService,
  PublicChallengeView,
} from '@app/challenges';
import { DomainEvent, EventType } from '@app/events';
import { indicatorDefinition, IndicatorReportsService } from '@app/indicators';
import { maskBudget, MATCH_STATUS_LABELS, MatchStatus, noteFor } from '@app/matching';
import { DirectoryUser, RegistryReads, USER_DIRECTORY, UserDirectory } from '@app/registry';
import { Inject, Injectable } from '@nestjs/common';

import { NotificationKind } from './notification-kinds';
import { NotificationDraft } from './notifications.service';

const DEMAND_STAGE_EVENTS = ['demand.returned', 'demand.published'] as const;
const MATCH_STAGE_EVENTS = [
  'match.confirmed',
  'match.contacted',
  'match.negotiating',
  'match.contracted',
  'match.rejected',
  'match.reopened',
] as const;
const JOB_EVENTS = [
  'import.previewed',
  'import.committed',
  'import.failed',
  'export.completed',
  'export.failed',
] as const;

/** Every event type some rule reacts to (the consumer subscribes to exactly these). */
export const NOTIFIED_EVENT_TYPES: readonly EventType[] = [
  ...DEMAND_STAGE_EVENTS,
  'achievement.returned',
  'match.interest_recorded',
  ...MATCH_STAGE_EVENTS,
  ...JOB_EVENTS,
  'indicator_report.submitted',
  'challenge.invitations_proposed',
  'challenge_invitation.sent',
  'financing_need.published',
  'financing_offer.submitted',
  'financing_offer.accepted',
  'financing_offer.not_chosen',
];

const IMPORT_KIND_LABELS: Record<string, string> = { achievements: '科技成果', demands: '技术需求' };

/** A deadline as people read it: Beijing date and time. */
export function beijingDateTime(at: Date | string): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  })
    .format(new Date(at))
    .replace(/\//g, '-');
}

/**
 * What an institution is told about a call: only what the call's public view shows (title, enterprise, mechanism,
 * the 榜额 it publishes, the deadline) — never the funding split, bids or the source demand's budget.
 */
export function callValues(call: PublicChallengeView): Record<string, unknown> {
  return {
    callTitle: call.title,
    enterpriseName: call.enterpriseName ?? '出榜企业',
    mechanismLabel: call.mechanismLabel,
    fundingTotal: call.fundingTotal,
    deadline: beijingDateTime(call.bidDeadline),
  };
}

/**
 * A financing need as a bank may be told of it (what the bank's desk shows of a published need): title, enterprise,
 * purpose, amount, term, collateral kinds, chains — never the collateral details, revenue, profit or contact.
 */
export function needValues(need: FinancingNeedNotice): Record<string, unknown> {
  return {
    needTitle: need.title,
    enterpriseName: need.enterpriseName ?? '企业',
    purpose: need.purpose,
    amount: need.amount,
    termMonths: need.termMonths,
    collateralLabels: need.collateralLabels.join('、'),
    chainNames: need.chainNames.join('、'),
  };
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length ? v : null;
}

/**
 * Who is told what about one committed event, with each message's values shaped by what that person may see of
 * the record: the demand's enterprise reads its own demand; the university reads a match without the enterprise's
 * budget or contacts (the match's visibility rules); staff read everything. Recipients come from the UserDirectory
 * port and the registry's reads, never from other contexts' tables.
 */
@Injectable()
export class NotificationRules {
  constructor(
    private readonly registry: RegistryReads,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
    private readonly challenges: ChallengeService,
    private readonly invitations: InvitationService,
    private readonly finance: FinanceService,
    private readonly reports: IndicatorReportsService,
  ) {}

  /**
   * The key a notification is kept once under, with its recipient and kind: the event, except for a call's matching
   * institutions, told once per call however often its proposals are recomputed (each run is a new event).
   */
  keyOf(event: DomainEvent): string {
    if (event.type === 'challenge.invitations_proposed') return `challenge-matched:${event.entityId}`;
    return `event:${event.id}`;
  }

  async draftsFor(event: DomainEvent): Promise<NotificationDraft[]> {
    const type = event.type as string;
    if ((DEMAND_STAGE_EVENTS as readonly string[]).includes(type)) return this.demandStage(event);
    if (type === 'achievement.returned') return this.achievementReturned(event);
    if (type === 'match.interest_recorded') return this.interest(event);
    if ((MATCH_STAGE_EVENTS as readonly string[]).includes(type)) return this.matchStage(event);
    if ((JOB_EVENTS as readonly string[]).includes(type)) return this.jobFinished(event);
    if (type === 'indicator_report.submitted') return this.indicatorReport(event);
    if (type === 'challenge.invitations_proposed') return this.challengeMatched(event);
    if (type === 'challenge_invitation.sent') return this.challengeInvited(event);
    if (type === 'financing_need.published') return this.financingNeedPublished(event);
    if (type === 'financing_offer.submitted') return this.financingOfferReceived(event);
    if (type === 'financing_offer.accepted' || type === 'financing_offer.not_chosen') {
      return this.financingOfferDecided(event);
    }
    return [];
  }

  /**
   * 企业出题: a published financing need → the users of every bank that may read it when the event is handled (all
   * banks while it is published; once matched, closed or withdrawn, only those that answered it), with what a bank's
   * desk shows of it. Never another enterprise, a university or the enterprise itself.
   */
  private async financingNeedPublished(event: DomainEvent): Promise<NotificationDraft[]> {
    const bankUsers = (await this.users.activeWithRole('bank')).filter((u) => u.organisationId);
    const found = await this.finance.needNotice(
      event.entityId,
      bankUsers.map((u) => u.organisationId!),
    );
    if (!found) return [];
    const values = needValues(found.notice);
    return bankUsers
      .filter((u) => found.readableBy.has(u.organisationId!))
      .map((recipient) => ({
        recipient,
        kind: NotificationKind.FinancingNeedPublished,
        values,
        link: `/workspace/bank/${found.notice.id}`,
        entityType: 'financing_need',
        entityId: found.notice.id,
      }));
  }

  /** 银行答题: a bank's offer → the need's enterprise users (they read every offer on their need). */
  private async financingOfferReceived(event: DomainEvent): Promise<NotificationDraft[]> {
    const offer = await this.finance.offerNotice(event.entityId);
    if (!offer) return [];
    const values = {
      needTitle: offer.need.title,
      bankName: offer.bankName ?? '银行',
      productName: offer.productName,
      amount: offer.amount,
      rateMin: offer.rateMin,
      rateMax: offer.rateMax,
      termMonths: offer.termMonths,
    };
    return (await this.users.activeMembers(offer.need.enterpriseOrganisationId)).map((recipient) => ({
      recipient,
      kind: NotificationKind.FinancingOfferReceived,
      values,
      link: `/workspace/financing/${offer.need.id}`,
      entityType: 'financing_need',
      entityId: offer.need.id,
    }));
  }

  /**
   * The enterprise chose: the accepted offer and each one not chosen → that bank's users, told of their own offer
   * only (not which bank was chosen, nor its terms) and of the need as a bank's desk shows it.
   */
  private async financingOfferDecided(event: DomainEvent): Promise<NotificationDraft[]> {
    const offer = await this.finance.offerNotice(event.entityId);
    if (!offer) return [];
    const accepted = event.type === 'financing_offer.accepted';
    const values = {
      needTitle: offer.need.title,
      enterpriseName: offer.need.enterpriseName ?? '企业',
      productName: offer.productName,
      amount: offer.amount,
      accepted,
      decisionLabel: accepted ? '已被选定' : '未被选定',
    };
    return (await this.users.activeMembers(offer.bankOrganisationId))
      .filter((u) => u.role === 'bank')
      .map((recipient) => ({
        recipient,
        kind: NotificationKind.FinancingOfferDecided,
        values,
        link: `/workspace/bank/${offer.need.id}`,
        entityType: 'financing_offer',
        entityId: offer.id,
      }));
  }

  /** A published call matches institutions' achievements → each proposed institution's users (its own titles). */
  private async challengeMatched(event: DomainEvent): Promise<NotificationDraft[]> {
    const call = await this.challenges.getPublic(event.entityId).catch(() => null);
    if (!call || call.status !== ChallengeStatus.Published) return [];
    const ids = Array.isArray(event.after?.institutionIds) ? (event.after.institutionIds as string[]) : [];
    const drafts: NotificationDraft[] = [];
    for (const institutionId of ids) {
      if (institutionId === call.enterpriseOrganisationId) continue;
      const proposal = await this.invitations.proposalOf(call.id, institutionId);
      if (!proposal) continue;
      const values = {
        ...callValues(call),
        achievements: proposal.achievements.slice(0, 3).map((a) => ({
          title: a.title,
          terms: a.matchedTerms.slice(0, 4).join('、'),
        })),
      };
      for (const recipient of await this.users.activeMembers(institutionId)) {
        drafts.push({
          recipient,
          kind: NotificationKind.ChallengeMatched,
          values,
          link: `/calls/${call.id}`,
          entityType: 'challenge',
          entityId: call.id,
        });
      }
    }
    return drafts;
  }

  /** An institution is invited to bid → its users, with the call as the public reads it and the manager's note. */
  private async challengeInvited(event: DomainEvent): Promise<NotificationDraft[]> {
    const facts = await this.invitations.invitationFacts(event.entityId);
    if (!facts) return [];
    const { invitation, call } = facts;
    const values = { ...callValues(call), message: invitation.message };
    return (await this.users.activeMembers(invitation.institutionId)).map((recipient) => ({
      recipient,
      kind: NotificationKind.ChallengeInvited,
      values,
      link: `/calls/${call.id}`,
      entityType: 'challenge',
      entityId: call.id,
    }));
  }

  /** Returned (with the reason and 二次诊断) / published → every active user of the owning enterprise. */
  private async demandStage(event: DomainEvent): Promise<NotificationDraft[]> {
    const demand = await this.registry.demand(event.entityId);
    if (!demand) return [];
    const members = await this.users.activeMembers(demand.ownerOrganisationId);
    const returned = event.type === 'demand.returned';
    const kind = returned ? NotificationKind.DemandReturned : NotificationKind.DemandPublished;
    const values = {
      demandTitle: demand.title,
      reason: returned ? (str(event.after?.reason) ?? '') : undefined,
      diagnosis: returned ? str(event.after?.diagnosis) : undefined,
    };
    return members.map((recipient) => ({
      recipient,
      kind,
      values,
      link: `/workspace/my-demands/${demand.id}`,
      entityType: 'demand',
      entityId: demand.id,
    }));
  }

  /** An achievement returned for changes (退回修改) → every active user of the holder institution, with the reason. */
  private async achievementReturned(event: DomainEvent): Promise<NotificationDraft[]> {
    const achievement = await this.registry.achievement(event.entityId);
    if (!achievement) return [];
    const values = { achievementTitle: achievement.title, reason: str(event.after?.reason) ?? '' };
    return (await this.users.activeMembers(achievement.institutionId)).map((recipient) => ({
      recipient,
      kind: NotificationKind.AchievementReturned,
      values,
      link: `/workspace/my-achievements?edit=${achievement.id}`,
      entityType: 'achievement',
      entityId: achievement.id,
    }));
  }

  /** The responsible managers of a demand: its assigned manager, or every active manager when none is assigned. */
  private async managersOf(assignedManagerId: string | null): Promise<DirectoryUser[]> {
    if (assignedManagerId) {
      const assigned = await this.users.findUser(assignedManagerId);
      if (assigned?.active) return [assigned];
    }
    return this.users.activeWithRole('manager');
  }

  /** An enterprise's 有意向 / 不合适 on a suggestion → the responsible managers (staff: the whole note). */
  private async interest(event: DomainEvent): Promise<NotificationDraft[]> {
    const after = event.after ?? {};
    if (!str(after.interest)) return [];
    const demand = await this.registry.demand(String(after.demandId));
    const achievement = await this.registry.achievement(String(after.achievementId));
    if (!demand || !achievement) return [];
    const [owner] = await this.registry.organisations([demand.ownerOrganisationId]);
    const managers = await this.managersOf(demand.assignedManagerId);
    return managers.map((recipient) => ({
      recipient,
      kind: NotificationKind.MatchInterest,
      values: {
        enterpriseName: owner?.name ?? '企业',
        demandTitle: demand.title,
        achievementTitle: achievement.title,
        interestLabel: str(after.interestLabel) ?? '',
        reasonLabel: str(after.reasonLabel),
        note: str(after.note),
      },
      link: `/workspace/matches?match=${event.entityId}`,
      entityType: 'match',
      entityId: event.entityId,
    }));
  }

  /**
   * A match moves stage → the parties that may see it, each as their reader: the demand's enterprise (owner), the
   * achievement's institution (no budget wording, no contacts) and the responsible managers; not the actor.
   */
  private async matchStage(event: DomainEvent): Promise<NotificationDraft[]> {
    const after = event.after ?? {};
    const demand = await this.registry.demand(String(after.demandId));
    const achievement = await this.registry.achievement(String(after.achievementId));
    if (!demand || !achievement) return [];
    const status = String(after.status) as MatchStatus;
    const base = {
      demandTitle: demand.title,
      achievementTitle: achievement.title,
      statusLabel: MATCH_STATUS_LABELS[status] ?? status,
      reasonLabel: str(after.reasonLabel),
    };
    const note = str(after.note);
    const drafts: NotificationDraft[] = [];
    const add = (recipients: DirectoryUser[], reader: 'staff' | 'owner' | 'institution', link: string) => {
      for (const recipient of recipients) {
        if (recipient.id === event.actorId || drafts.some((d) => d.recipient.id === recipient.id)) continue;
        const values =
          reader === 'institution'
            ? { ...base, demandTitle: maskBudget(base.demandTitle), note: noteFor('institution', note) }
            : { ...base, note: noteFor(reader, note) };
        drafts.push({
          recipient,
          kind: NotificationKind.MatchStage,
          values,
          link,
          entityType: 'match',
          entityId: event.entityId,
        });
      }
    };
    add(await this.managersOf(demand.assignedManagerId), 'staff', `/workspace/matches?match=${event.entityId}`);
    add(
      await this.users.activeMembers(demand.ownerOrganisationId),
      'owner',
      `/workspace/my-demands/${demand.id}/matches`,
    );
    if (achievement.institutionId) {
      add(await this.users.activeMembers(achievement.institutionId), 'institution', `/library/${achievement.id}`);
    }
    return drafts;
  }

  /**
   * An import's preview (校验) or commit, or an export, finished or failed → the person who asked for it: the
   * preview's uploader, the commit's confirmer, the export's requester. Counts only, never rows.
   */
  private async jobFinished(event: DomainEvent): Promise<NotificationDraft[]> {
    if (!event.actorId) return [];
    const requester = await this.users.findUser(event.actorId);
    if (!requester) return [];
    const after = event.after ?? {};
    const isImport = event.type.startsWith('import.');
    const ok = event.type !== 'import.failed' && event.type !== 'export.failed';
    // a preview that failed had not reached the commit: it is the 校验 that failed
    const validating =
      event.type === 'import.previewed' || (event.type === 'import.failed' && event.before?.status !== 'committing');
    const kindLabel = IMPORT_KIND_LABELS[String(after.kind)] ?? String(after.kind ?? '');
    const n = (key: string) => Number(after[key] ?? 0);
    const summary =
      event.type === 'import.previewed'
        ? `共 ${n('total')} 行：新增 ${n('new')} 行，更新 ${n('updated')} 行，无变化 ${n('unchanged')} 行，` +
          `疑似重复 ${n('duplicateSuspect')} 行，有误 ${n('invalid')} 行。请核对预览后确认导入。`
        : event.type === 'import.committed'
          ? `写入 ${n('applied')} 条（其中新增 ${n('created')} 条），跳过 ${n('skipped')} 条。`
          : event.type === 'export.completed'
            ? `文件「${String(after.filename)}」已可下载。`
            : null;
    return [
      {
        recipient: requester,
        kind: NotificationKind.JobFinished,
        values: {
          jobLabel: isImport ? (validating ? '导入校验' : '导入') : '导出',
          what: isImport ? `${kindLabel}${str(after.filename) ? ` · ${String(after.filename)}` : ''}` : kindLabel,
          ok,
          summary,
          error: ok ? null : str(after.error),
        },
        // the import wizard opens a batch by its query parameter; an export is downloaded where it was asked for
        link: isImport ? `/workspace/imports?batch=${event.entityId}` : null,
        entityType: isImport ? 'import_batch' : 'export',
        entityId: event.entityId,
      },
    ];
  }

  /**
   * A reported indicator waits for approval → every other active admin (never the one who reported it). Only while
   * it still waits: a report already approved or rejected when the event is handled asks nothing of anyone.
   */
  private async indicatorReport(event: DomainEvent): Promise<NotificationDraft[]> {
    if (!(await this.reports.awaitsReview(event.entityId))) return [];
    const after = event.after ?? {};
    const admins = (await this.users.activeWithRole('admin')).filter((a) => a.id !== event.actorId);
    const submitter = event.actorId ? await this.users.findUser(event.actorId) : null;
    let indicatorName = String(after.indicatorKey);
    try {
      indicatorName = indicatorDefinition(indicatorName).name;
    } catch {
      /* an indicator retired since: its key is its name */
    }
    return admins.map((recipient) => ({
      recipient,
      kind: NotificationKind.IndicatorReportPending,
      values: {
        indicatorName,
        year: Number(after.year),
        value: String(after.value ?? ''),
        asOf: str(after.asOf),
        submitterName: submitter?.name ?? '管理员',
      },
      link: `/workspace/indicators?report=${event.entityId}`,
      entityType: 'indicator_report',
      entityId: event.entityId,
    }));
  }
}
