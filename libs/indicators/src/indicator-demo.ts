import { Actor, Role } from '@app/common';
import { USER_DIRECTORY, UserDirectory } from '@app/registry';
import { Inject, Injectable } from '@nestjs/common';

import { IndicatorReportsRepository } from './indicator-reports.repository';
import { IndicatorReportsService } from './indicator-reports.service';

/** Demo reports: one reviewed figure (counted) and one waiting for review (shown apart, not counted). */
@Injectable()
export class IndicatorDemoLoader {
  constructor(
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
    private readonly reports: IndicatorReportsRepository,
    private readonly indicators: IndicatorReportsService,
  ) {}

  async load(year: number): Promise<{ reports: number; skipped: boolean }> {
    if (await this.reports.any()) return { reports: 0, skipped: true };
    const manager = await this.actorOf(Role.Manager);
    const admin = await this.actorOf(Role.Admin);
    if (!manager || !admin) return { reports: 0, skipped: true };
    const incubators = await this.indicators.submitReport(manager, 'benchmark_incubators', {
      year,
      value: 5,
      asOf: `${year}-09-30`,
      evidence: `江苏省科技厅《${year}年度江苏省标杆孵化器名单》：昆山市累计 5 家（附名单）`,
    });
    await this.indicators.review(admin, incubators.id, 'approve', '与省厅名单核对一致');
    await this.indicators.submitReport(manager, 'key_labs', {
      year,
      value: 1,
      asOf: `${year}-10-20`,
      evidence: '江苏省科技厅省重点实验室认定公示（待正式文件）',
    });
    return { reports: 2, skipped: false };
  }

  /** The demo acts as the first active user with the role (users live in the auth context: its directory). */
  private async actorOf(role: Role): Promise<Actor | null> {
    const user = await this.users.firstActiveWithRole(role);
    return user ? { userId: user.id, role, organisationId: user.organisationId } : null;
  }
}
