import { Actor, AppError, isStaff } from '@app/common';
import { EventActivity, EventsService } from '@app/events';
import {
  Achievement,
  AchievementService,
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

export interface InstitutionProfile {
  organisation: OrganisationView;
  stats: { achievements: number; byStatus: Record<string, number> };
  achievements: Achievement[];
  contacts: InstitutionContact[];
  activity: EventActivity[];
}

/**
 * 一校一档, the institution's file in one feature: its profile (the API's `GET /organisations/:id/profile`) and its
 * workbook (InstitutionProfileExport) read the institution, its achievements, its contacts, its import batches and
 * its recent activity here — each through the context that owns it.
 */
@Injectable()
export class InstitutionProfileService {
  constructor(
    private readonly organisations: OrganisationService,
    private readonly achievements: AchievementService,
    private readonly batches: ImportBatchRepository,
    private readonly events: EventsService,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
  ) {}

  /** The institution, its people, its achievements and its recent activity (staff and its own members). */
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
    const activity = await this.events.recentFor(
      [
        { entityType: 'organisation', entityIds: [id] },
        { entityType: 'achievement', entityIds: achievements.map((a) => a.id) },
      ],
      50,
    );
    return {
      organisation: organisationView(actor, org),
      stats: { achievements: achievements.length, byStatus },
      achievements,
      contacts,
      activity,
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
