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
    const consortia = await this.indicators.submitReport(manager, 'innovation_consortia', {
      year,
      value: 82,
      asOf: `${year}-09-30`,
      evidence: `昆山市科技局《${year}年第三季度创新联合体组建情况通报》：累计组建创新联合体 82 家（附名单）`,
    });
    await this.indicators.review(admin, consortia.id, 'approve', '与季度通报核对一致');
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
