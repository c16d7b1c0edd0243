import { AuthService } from '@app/auth';
import { SYSTEM_ACTOR } from '@app/common';
import { AppConfig } from '@app/config';
import { IndicatorsService } from '@app/indicators';
import { DemandService, IndustryChainService } from '@app/registry';
import { Injectable, Logger } from '@nestjs/common';

/** The first admin account of this start, for the API's start banner. */
export interface BootstrapAdmin {
  email: string;
  /** Where the password came from: the environment (ADMIN_PASSWORD) or the embedded quick-start default. */
  source: 'environment' | 'embedded-default';
  /** Created by this start (the account did not exist before). */
  created: boolean;
  password: string;
}

/** Embedded mode's first admin: printed in the start banner; never used when DATABASE_URL is configured. */
export const EMBEDDED_ADMIN = { email: 'admin@zcz.local', password: 'Admin@2026' };

/** Reference data and the first account, on every start (each step is a no-op once done). */
@Injectable()
export class PlatformBootstrap {
  private readonly logger = new Logger(PlatformBootstrap.name);

  constructor(
    private readonly config: AppConfig,
    private readonly chains: IndustryChainService,
    private readonly auth: AuthService,
    private readonly indicators: IndicatorsService,
    private readonly demands: DemandService,
  ) {}

  async run(): Promise<{ admin?: BootstrapAdmin }> {
    const seeded = await this.chains.seedDefaults(SYSTEM_ACTOR);
    if (seeded) this.logger.log(`Seeded ${seeded} default industry chains (admins may edit them)`);
    await this.indicators.ensureTargets();
    const rescored = await this.demands.refreshQualityScores();
    if (rescored) this.logger.log(`Rescored the quality of ${rescored} demands (rules changed)`);
    const admin =
      this.config.adminEmail && this.config.adminPassword
        ? { email: this.config.adminEmail, password: this.config.adminPassword, source: 'environment' as const }
        : this.config.databaseMode === 'embedded'
          ? { ...EMBEDDED_ADMIN, source: 'embedded-default' as const }
          : undefined;
    if (!admin) return {};
    const created = !!(await this.auth.ensureAdmin(admin.email, admin.password));
    if (created) this.logger.log(`Created the first admin account ${admin.email}`);
    return { admin: { ...admin, created } };
  }
}
