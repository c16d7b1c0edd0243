import { ChallengeService, FinanceService, InvitationService } from '@app/challenges';
import { DomainEvent } from '@app/events';
import { IndicatorReportsService } from '@app/indicators';
import { DirectoryUser, RegistryReads, UserDirectory } from '@app/registry';

import { NotificationKind } from '../notification-kinds';
import { NotificationRules } from '../notification-rules';

const REPORTER = '0b6f2a7c-1d3e-4f5a-8b9c-0d1e2f3a4b5c';
const SECOND_ADMIN = '1c7a3b8d-2e4f-4a6b-9c0d-1e2f3a4b5c6d';
const REPORT = '2d8b4c9e-3f5a-4b7c-8d1e-2f3a4b5c6d7e';

function admin(id: string, name: string): DirectoryUser {
  return {
    id,
    name,
    email: `${id}@example.com`,
    phone: null,
    role: 'admin',
    active: true,
    expert: false,
    organisationId: null,
  };
}

/** The rules with only what the indicator-report rule reads: the admins, and the report's current status. */
function rulesWith(status: 'submitted' | 'approved' | 'rejected'): NotificationRules {
  const users = {
    activeWithRole: () => Promise.resolve([admin(REPORTER, '周敏'), admin(SECOND_ADMIN, '吴海峰')]),
    findUser: (id: string) => Promise.resolve(id === REPORTER ? admin(REPORTER, '周敏') : null),
  } as unknown as UserDirectory;
  const reports = {
    awaitsReview: (id: string) => Promise.resolve(id === REPORT && status === 'submitted'),
  } as unknown as IndicatorReportsService;
  return new NotificationRules(
    {} as RegistryReads,
    users,
    {} as ChallengeService,
    {} as InvitationService,
    {} as FinanceService,
    reports,
  );
}

const submitted = {
  id: '3e9c5d0f-4a6b-4c8d-9e2f-3a4b5c6d7e8f',
  type: 'indicator_report.submitted',
  entityType: 'indicator_report',
  entityId: REPORT,
  actorId: REPORTER,
  after: { indicatorKey: 'key_labs', year: 2026, value: 1, asOf: '2026-09-30' },
} as unknown as DomainEvent;

describe('notification rules: an indicator report awaiting approval', () => {
  it('tells every other admin while the report still waits for review', async () => {
    const drafts = await rulesWith('submitted').draftsFor(submitted);
    expect(drafts.map((d) => [d.recipient.id, d.kind])).toEqual([
      [SECOND_ADMIN, NotificationKind.IndicatorReportPending],
    ]);
    expect(drafts[0].values).toMatchObject({ year: 2026, submitterName: '周敏' });
  });

  it('tells nobody once the report was approved or rejected before the event was handled', async () => {
    expect(await rulesWith('approved').draftsFor(submitted)).toEqual([]);
    expect(await rulesWith('rejected').draftsFor(submitted)).toEqual([]);
  });
});
