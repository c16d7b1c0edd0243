import { Actor, Role, SYSTEM_ACTOR } from '@app/common';
import { Injectable, Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';

import { AchievementService } from '../achievement/achievement.service';
import { AchievementAction } from '../achievement/achievement.workflow';
import { CreateAchievementDto } from '../achievement/dto/achievement.dto';
import { DemandService } from '../demand/demand.service';
import { DemandAction } from '../demand/demand.workflow';
import { CreateDemandDto } from '../demand/dto/demand.dto';
import { AchievementStatus, DemandSource, DemandStatus, OrganisationKind } from '../domain';
import { IndustryChainService } from '../industry-chain/industry-chain.service';
import { CreateOrganisationDto, OrganisationQueryDto } from '../organisation/dto/organisation.dto';
import { OrganisationService } from '../organisation/organisation.service';
import {
  DEMO_ACHIEVEMENTS,
  DEMO_DEMANDS,
  DEMO_ORGANISATIONS,
  DemoAchievementStatus,
  DemoDemandStatus,
  toCreateAchievementInput,
  toCreateDemandInput,
  toCreateOrganisationInput,
} from './demo-data';

/** Password of every demo account. */
export const DEMO_PASSWORD = 'Demo@2026';

export interface DemoAccount {
  email: string;
  role: Role;
  /** What the account is for, shown in the demo banner / README. */
  note: string;
  name: string;
  /** Demo organisation key (DEMO_ORGANISATIONS) the user belongs to. */
  organisationKey?: string;
  /** 评审专家 (sits on the demo call's review panel). */
  expert?: boolean;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    email: 'manager@zcz.local',
    role: Role.Manager,
    name: '陈思远',
    organisationKey: 'zhihui',
    expert: true,
    note: '技术经理人（昆山智汇技术转移服务有限公司）：审核发布需求与成果、负责对接',
  },
  {
    email: 'organizer@zcz.local',
    role: Role.Organizer,
    name: '顾文清',
    note: '活动组织方：组织产学研对接活动（路演、百校群英荟），编排并导出对接清单（不含联系方式），登记会后跟进',
  },
  {
    email: 'enterprise1@zcz.local',
    role: Role.Enterprise,
    name: '周建华',
    organisationKey: 'jingyi',
    note: '企业用户：昆山精毅精密机械有限公司',
  },
  {
    email: 'enterprise2@zcz.local',
    role: Role.Enterprise,
    name: '沈立',
    organisationKey: 'ruixin',
    note: '企业用户：昆山睿芯微电子科技有限公司',
  },
  {
    email: 'university1@zcz.local',
    role: Role.University,
    name: '刘晓雯',
    organisationKey: 'suda',
    note: '高校院所用户：苏州大学',
  },
  {
    email: 'bank1@zcz.local',
    role: Role.Bank,
    name: '吴晓峰',
    organisationKey: 'kunshan_rcb',
    note: '银行用户：江苏昆山农村商业银行科技支行（银行答题：查看融资需求、提交产品方案）',
  },
  {
    email: 'bank2@zcz.local',
    role: Role.Bank,
    name: '钱佳怡',
    organisationKey: 'suzhou_bank_ks',
    note: '银行用户：苏州银行昆山分行',
  },
];

export interface DemoUserInput {
  email: string;
  password: string;
  name: string;
  role: Role;
  organisationId?: string;
  expert?: boolean;
}

/** Creates one user (AuthService lives in @app/auth, which the registry must not import: the caller injects it). */
export type DemoUserFactory = (input: DemoUserInput) => Promise<unknown>;

export interface DemoLoadResult {
  organisations: number;
  users: number;
  demands: number;
  achievements: number;
  skipped: boolean;
}

/** Workflow actions that take a new (draft) demand to the demo's target status. */
const DEMAND_STEPS: Record<DemoDemandStatus, DemandAction[]> = {
  [DemandStatus.Draft]: [],
  [DemandStatus.Submitted]: ['submit'],
  [DemandStatus.Published]: ['submit', 'publish'],
  [DemandStatus.InProgress]: ['submit', 'publish', 'start'],
};

const ACHIEVEMENT_STEPS: Record<DemoAchievementStatus, AchievementAction[]> = {
  [AchievementStatus.Draft]: [],
  [AchievementStatus.Published]: ['publish'],
};

function idOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Loads the Kunshan demo data set through the real services (so events, validation of kinds and chains and the
 * workflow all apply). Idempotent: when the first demo enterprise already exists, nothing is done. Not atomic: each
 * record commits on its own, so a run that fails half-way leaves the marker organisation behind and later runs skip.
 */
@Injectable()
export class DemoLoader {
  private readonly logger = new Logger(DemoLoader.name);
  private readonly actor: Actor = SYSTEM_ACTOR;

  constructor(
    private readonly chains: IndustryChainService,
    private readonly organisations: OrganisationService,
    private readonly demands: DemandService,
    private readonly achievements: AchievementService,
  ) {}

  async load(createUser: DemoUserFactory): Promise<DemoLoadResult> {
    const result: DemoLoadResult = { organisations: 0, users: 0, demands: 0, achievements: 0, skipped: false };
    if (await this.alreadyLoaded()) {
      this.logger.log('Demo data already present; skipped');
      return { ...result, skipped: true };
    }

    // The default chains are normally seeded at start-up; seedDefaults is a no-op once the table has rows.
    await this.chains.seedDefaults(this.actor);
    const chainIdByCode = new Map((await this.chains.list()).map((c) => [c.code, c.id]));
    const chainIds = (codes: string[], what: string): string[] => {
      const missing = codes.filter((code) => !chainIdByCode.has(code));
      if (missing.length) this.logger.warn(`Demo ${what}: unknown or retired chains ${missing.join(', ')} left out`);
      return codes.filter((code) => chainIdByCode.has(code)).map((code) => chainIdByCode.get(code)!);
    };

    const orgIds = new Map<string, string>();
    for (const org of DEMO_ORGANISATIONS) {
      const dto = plainToInstance(CreateOrganisationDto, toCreateOrganisationInput(org));
      const saved = await this.organisations.create(this.actor, dto);
      orgIds.set(org.key, saved.id);
      result.organisations++;
    }
    const orgId = (key: string): string => {
      const id = orgIds.get(key);
      if (!id) throw new Error(`Demo data refers to unknown organisation key "${key}"`);
      return id;
    };

    let managerId: string | undefined;
    for (const account of DEMO_ACCOUNTS) {
      try {
        const created = await createUser({
          email: account.email,
          password: DEMO_PASSWORD,
          name: account.name,
          role: account.role,
          ...(account.organisationKey ? { organisationId: orgId(account.organisationKey) } : {}),
          ...(account.expert ? { expert: true } : {}),
        });
        result.users++;
        if (account.role === Role.Manager) managerId ??= idOf(created);
      } catch (err) {
        // An existing account (e.g. created by hand) must not abort the rest of the demo.
        this.logger.warn(`Demo account ${account.email} not created: ${err instanceof Error ? err.message : err}`);
      }
    }

    for (const demand of DEMO_DEMANDS) {
      const ids = chainIds(demand.chainCodes, `demand “${demand.title}”`);
      if (!ids.length) continue;
      // The manager follows up demands collected on visits and those already in matchmaking.
      const assign =
        demand.source === DemandSource.LeadingEnterpriseVisit || demand.targetStatus === DemandStatus.InProgress;
      const dto = plainToInstance(
        CreateDemandDto,
        toCreateDemandInput(demand, ids, orgId(demand.ownerKey), assign ? managerId : undefined),
      );
      const created = await this.demands.create(this.actor, dto);
      for (const action of DEMAND_STEPS[demand.targetStatus]) {
        await this.demands.transition(this.actor, created.id, action, {});
      }
      if (demand.returned) {
        // Sent back by the demo manager (in the manager's name, so the enterprise sees who returned it).
        const manager: Actor = managerId
          ? { userId: managerId, role: Role.Manager, organisationId: orgId('zhihui') }
          : this.actor;
        await this.demands.transition(this.actor, created.id, 'submit', {});
        await this.demands.transition(manager, created.id, 'return', demand.returned);
      }
      result.demands++;
    }

    for (const achievement of DEMO_ACHIEVEMENTS) {
      const ids = chainIds(achievement.chainCodes, `achievement “${achievement.title}”`);
      const dto = plainToInstance(
        CreateAchievementDto,
        toCreateAchievementInput(achievement, ids, orgId(achievement.holderKey)),
      );
      const created = await this.achievements.create(this.actor, dto);
      for (const action of ACHIEVEMENT_STEPS[achievement.targetStatus]) {
        await this.achievements.transition(this.actor, created.id, action, {});
      }
      result.achievements++;
    }

    this.logger.log(
      `Demo data loaded: ${result.organisations} organisations, ${result.users} users, ` +
        `${result.demands} demands, ${result.achievements} achievements`,
    );
    return result;
  }

  /** The first demo enterprise is the marker of a previous load. */
  private async alreadyLoaded(): Promise<boolean> {
    const marker = DEMO_ORGANISATIONS.find((o) => o.kind === OrganisationKind.Enterprise)!;
    const query = Object.assign(new OrganisationQueryDto(), {
      kind: OrganisationKind.Enterprise,
      q: marker.name,
      page: 1,
      pageSize: 20,
    });
    const page = await this.organisations.list(SYSTEM_ACTOR, query);
    return page.items.some((o) => o.name === marker.name);
  }
}
