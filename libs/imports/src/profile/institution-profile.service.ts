import { ActivityService } from '@app/activities';
import { Actor, AppError, isStaff } from '@app/common';
import { EventActivity, EventsService } from '@app/events';
import { MatchService, MatchStatus } from '@app/matching';
import {
  Achievement,
  AchievementService,
  COOPERATION_MODE_LABELS,
  OrganisationService,
  OrganisationView,
  organisationView,
  USER_DIRECTORY,
  UserDirectory,
} from '@app/registry';
import { Inject, Injectable } from '@nestjs/common';

import { ImportBatchRepository } from '../batch/import.repositories';
import { ImportBatch } from '../batch/import-batch.entity';

export interface InstitutionContact {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  role: string;
}

/** A pair of one of the institution's achievements that reached 精准匹配, as the reader may see it. */
export interface InstitutionMatch {
  id: string;
  status: MatchStatus;
  statusLabel: string;
  score: number;
  achievementId: string | null;
  achievementTitle: string;
  demandId: string | null;
  demandTitle: string;
  enterpriseName: string | null;
  confirmedAt: Date | null;
  contractedAt: Date | null;
  contractAmount: number | null;
  contractModeLabel: string | null;
}

/** An activity the institution takes part in. */
export interface InstitutionActivity {
  id: string;
  title: string;
  kind: string;
  kindLabel: string;
  status: string;
  statusLabel: string;
  scheduledAt: Date;
  heldAt: Date | null;
  place: string;
  organiserName: string | null;
  attended: boolean;
}

export interface InstitutionEvent extends EventActivity {
  label: string;
  object: string;
}

export interface InstitutionProfile {
  organisation: OrganisationView;
  stats: {
    achievements: number;
    byStatus: Record<string, number>;
    matches: number;
    contracts: number;
    activities: number;
  };
  achievements: Achievement[];
  contacts: InstitutionContact[];
  matches: InstitutionMatch[];
  contracts: InstitutionMatch[];
  activities: InstitutionActivity[];
  activity: InstitutionEvent[];
}

/** Chinese names of the event types an institution's activity shows; others fall back to the raw type. */
export const INSTITUTION_EVENT_LABELS: Record<string, string> = {
  'organisation.created': '单位登记',
  'organisation.updated': '单位信息修改',
  'achievement.created': '登记成果',
  'achievement.updated': '修改成果',
  'achievement.submitted': '提交成果审核',
  'achievement.recalled': '撤回成果提交',
  'achievement.returned': '成果被退回修改',
  'achievement.published': '发布成果',
  'achievement.withdrawn': '撤回成果',
  'achievement.transferred': '成果已转化',
  'import.uploaded': '上传导入文件',
  'import.previewed': '导入校验完成',
  'import.commit_requested': '确认导入',
  'import.committed': '导入完成',
  'import.failed': '导入失败',
};

/** What an event is about, in words: the achievement's title, the imported file's name, or the institution. */
export function describeEvents(
  events: EventActivity[],
  names: { organisation: string; achievements: Map<string, string>; files?: Map<string, string> },
): InstitutionEvent[] {
  return events.map((e) => ({
    ...e,
    label: INSTITUTION_EVENT_LABELS[e.type] ?? e.type,
    object:
      e.entityType === 'achievement'
        ? (names.achievements.get(e.entityId) ?? '')
        : e.entityType === 'import_batch'
          ? (names.files?.get(e.entityId) ?? '')
          : names.organisation,
  }));
}

/**
 * 一校一档, the institution's file in one feature: its profile (the API's `GET /organisations/:id/profile`) and its
 * workbook (InstitutionProfileExport) read the institution, its achievements, its contacts, the pairs of its
 * achievements that reached 精准匹配 and their contracts, the activities it takes part in, its import batches and
 * its recent activity here — each through the context that owns it, and each as the reader may see it (a
 * university never reads an enterprise's budget: the match views are shaped by the matching context's rule).
 */
@Injectable()
export class InstitutionProfileService {
  constructor(
    private readonly organisations: OrganisationService,
    private readonly achievements: AchievementService,
    private readonly batches: ImportBatchRepository,
    private readonly events: EventsService,
    private readonly matches: MatchService,
    private readonly activitiesOf: ActivityService,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
  ) {}

  /** The institution, its people, its achievements, matches, contracts, activities and recent activity (staff and its own members). */
  async profile(actor: Actor, id: string): Promise<InstitutionProfile> {
    const org = await this.organisations.get(actor, id);
    const staffOrMember = isStaff(actor) || actor.organisationId === id;
    if (!staffOrMember) throw AppError.notFound('机构', id);
    const achievements = await this.achievements.ofInstitution(id);
    const byStatus: Record<string, number> = {};
    for (const a of achievements) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
    const contacts = (await this.users.activeMembers(id)).map(({ id, name, email, phone, role }) => ({
      id,
      name,
      email,
      phone,
      role,
    }));
    const matches: InstitutionMatch[] = (await this.matches.ofInstitution(actor, id)).map((m) => ({
      id: m.id,
      status: m.status,
      statusLabel: m.statusLabel,
      score: m.score,
      achievementId: m.achievement?.id ?? null,
      achievementTitle: m.achievement?.title ?? '',
      demandId: m.demand?.id ?? null,
      demandTitle: m.demand?.title ?? '',
      enterpriseName: m.demand?.ownerOrganisationName ?? null,
      confirmedAt: m.confirmedAt,
      contractedAt: m.contractedAt,
      contractAmount: m.contractAmount,
      contractModeLabel: m.contractMode ? COOPERATION_MODE_LABELS[m.contractMode] : null,
    }));
    const contracts = matches.filter((m) => m.status === MatchStatus.Contracted);
    const activities: InstitutionActivity[] = (await this.activitiesOf.ofParticipant(id)).map((a) => ({
      id: a.id,
      title: a.title,
      kind: a.kind,
      kindLabel: a.kindLabel,
      status: a.status,
      statusLabel: a.statusLabel,
      scheduledAt: a.scheduledAt,
      heldAt: a.heldAt,
      place: a.place,
      organiserName: a.organiserOrganisationName,
      attended: a.participants.find((p) => p.organisationId === id)?.attended ?? false,
    }));
    const recent = await this.events.recentFor(
      [
        { entityType: 'organisation', entityIds: [id] },
        { entityType: 'achievement', entityIds: achievements.map((a) => a.id) },
      ],
      50,
    );
    return {
      organisation: organisationView(actor, org),
      stats: {
        achievements: achievements.length,
        byStatus,
        matches: matches.length,
        contracts: contracts.length,
        activities: activities.length,
      },
      achievements,
      contacts,
      matches,
      contracts,
      activities,
      activity: describeEvents(recent, {
        organisation: org.name,
        achievements: new Map(achievements.map((a) => [a.id, a.title])),
      }),
    };
  }

  /** The import batches holding rows of the institution, newest first. */
  importBatches(organisationId: string): Promise<ImportBatch[]> {
    return this.batches.ofOrganisation(organisationId);
  }

  /** The latest events of the institution, its achievements and its import batches (the workbook's 近期动态). */
  workbookActivity(organisationId: string, achievementIds: string[], batchIds: string[]): Promise<EventActivity[]> {
    return this.events.recentFor(
      [
        { entityType: 'organisation', entityIds: [organisationId] },
        { entityType: 'achievement', entityIds: achievementIds },
        { entityType: 'import_batch', entityIds: batchIds },
      ],
      200,
    );
  }
}
