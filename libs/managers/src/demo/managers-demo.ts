import { Actor, Role, SYSTEM_ACTOR } from '@app/common';
import {
  DEMO_ORGANISATIONS,
  DEMO_PASSWORD,
  DemoUserFactory,
  IndustryChainService,
  RegistryReads,
  USER_DIRECTORY,
  UserDirectory,
} from '@app/registry';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';

import { AgenciesRepository } from '../agency/agencies.repository';
import { AgencyService } from '../agency/agency.service';
import { CreateAgencyDto, FileAgencyDto } from '../agency/dto/agency.dto';
import { AssignmentService } from '../assignment/assignment.service';
import { CreateAssignmentDto } from '../assignment/dto/assignment.dto';
import { ComputeEvaluationDto, PublishEvaluationDto, RateServiceDto } from '../evaluation/dto/evaluation.dto';
import { RatedRecordKind } from '../evaluation/evaluation.entity';
import { EvaluationService } from '../evaluation/evaluation.service';
import { ServiceRatingService } from '../evaluation/service-rating.service';
import {
  AffiliationKind,
  AssessmentResult,
  AssignmentKind,
  CertificateLevel,
  ServiceRecordKind,
  ServiceScope,
  SessionKind,
} from '../managers.domain';
import { CreateManagerProfileDto } from '../profile/dto/manager-profile.dto';
import { ManagerProfileService } from '../profile/manager-profile.service';
import { ManagerProfilesRepository } from '../profile/manager-profiles.repository';
import { CreateServiceRecordDto } from '../service-log/dto/service-record.dto';
import { ServiceRecordService } from '../service-log/service-record.service';
import { AddSessionDto, AssessmentDto, AttendanceDto, CreateCampDto, EnrolDto } from '../training/dto/training.dto';
import { TrainingCampService } from '../training/training-camp.service';

const DAY = 86400 * 1000;

/** Today's date in Kunshan (Asia/Shanghai, no daylight saving), `YYYY-MM-DD`, shifted by `offsetDays`. */
function kunshanDay(offsetDays = 0, now = Date.now()): string {
  return new Date(now + offsetDays * DAY + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** `offsetDays` before today, but never before 1 January of this year (the demo's records count this year). */
function thisYearDay(daysAgo: number): string {
  const day = kunshanDay(-daysAgo);
  const yearStart = `${kunshanDay().slice(0, 4)}-01-01`;
  return day < yearStart ? yearStart : day;
}

interface DemoManager {
  /** Login of the manager account; `accountName` set: the loader creates the account when it is missing. */
  email: string;
  accountName?: string;
  name: string;
  affiliationKind: AffiliationKind;
  /** Demo organisation key of the affiliation. */
  organisationKey?: string;
  district?: string;
  chainCodes: string[];
  expertise: string;
  certificate?: { level: CertificateLevel; number: string; issuedOn: string };
  contactPhone: string;
}

/** The demo's technology managers: the demo manager account, and three more (their accounts created by the loader). */
export const DEMO_MANAGERS: readonly DemoManager[] = [
  {
    email: 'manager@zcz.local',
    name: '陈思远',
    affiliationKind: AffiliationKind.Agency,
    organisationKey: 'zhihui',
    chainCodes: ['new-display', 'robotics-intelligent-manufacturing', 'high-end-equipment'],
    expertise:
      '新型显示与智能装备方向技术经理人，从业 8 年，长期服务光电显示龙头企业，擅长企业技术路线图梳理、需求挖掘与揭榜挂帅榜单策划。',
    certificate: { level: CertificateLevel.Senior, number: 'JSJL-2024-000128', issuedOn: '2024-06-18' },
    contactPhone: '0512-57002707',
  },
  {
    email: 'manager.suda@zcz.local',
    accountName: '王雅婷',
    name: '王雅婷',
    affiliationKind: AffiliationKind.University,
    organisationKey: 'suda',
    chainCodes: ['new-materials', 'new-display'],
    expertise: '苏州大学昆山成果转化办公室驻校技术经理人，负责功能材料、光电材料方向成果梳理、评价与对接。',
    certificate: { level: CertificateLevel.Intermediate, number: 'JSJL-2025-000306', issuedOn: '2025-05-22' },
    contactPhone: '13913571102',
  },
  {
    email: 'manager.gyy@zcz.local',
    accountName: '李卫东',
    name: '李卫东',
    affiliationKind: AffiliationKind.Institute,
    organisationKey: 'thks',
    chainCodes: ['integrated-circuits', 'electronic-information'],
    expertise: '工研院技术经理人，半导体封装测试与车规芯片可靠性方向，协助企业对接高校院所检测与中试平台。',
    certificate: { level: CertificateLevel.Junior, number: 'JSJL-2026-000415', issuedOn: '2026-03-10' },
    contactPhone: '13862241203',
  },
  {
    email: 'manager.zhoushi@zcz.local',
    accountName: '赵敏',
    name: '赵敏',
    affiliationKind: AffiliationKind.District,
    district: '周市镇',
    chainCodes: ['new-energy-vehicles', 'new-energy'],
    expertise: '周市镇科技服务专员，新能源汽车零部件方向，负责镇域企业走访与政策宣讲。',
    contactPhone: '13776541304',
  },
];

export interface ManagersDemoResult {
  profiles: number;
  agencies: number;
  assignments: number;
  serviceRecords: number;
  camps: number;
  ratings: number;
  /** The period published (分级评估), e.g. 2026; null when none was. */
  evaluation: string | null;
  skipped: boolean;
}

/**
 * Loads the managers context's demo through its own services (events recorded, indicator facts follow), after the
 * registry's DemoLoader: manager profiles, two agencies (昆山智汇 filed, 科创桥 registered only), a 一对一 service of
 * the leading enterprise 昆山光彩显示 with this year's service records (深度服务龙头企业 counts it), a 驻校 assignment
 * at 苏州大学, a training camp, 光彩显示's ratings of 陈思远's service and this year's 分级评估, computed from all that
 * (and the pairs the managers confirmed) and published. Idempotent: skipped when 昆山智汇 is already a registered agency.
 */
@Injectable()
export class ManagersDemoLoader {
  private readonly logger = new Logger(ManagersDemoLoader.name);
  private readonly admin: Actor = SYSTEM_ACTOR;

  constructor(
    private readonly agencyRows: AgenciesRepository,
    private readonly profileRows: ManagerProfilesRepository,
    private readonly registry: RegistryReads,
    private readonly chains: IndustryChainService,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
    private readonly profiles: ManagerProfileService,
    private readonly agencies: AgencyService,
    private readonly assignments: AssignmentService,
    private readonly serviceRecords: ServiceRecordService,
    private readonly camps: TrainingCampService,
    private readonly ratings: ServiceRatingService,
    private readonly evaluations: EvaluationService,
  ) {}

  /** `createUser` creates the further managers' accounts (AuthService is not a dependency of this context). */
  async load(createUser?: DemoUserFactory): Promise<ManagersDemoResult> {
    const result: ManagersDemoResult = {
      profiles: 0,
      agencies: 0,
      assignments: 0,
      serviceRecords: 0,
      camps: 0,
      ratings: 0,
      evaluation: null,
      skipped: false,
    };
    const names = await this.registry.organisationIdsByName(DEMO_ORGANISATIONS.map((o) => o.name));
    const orgId = new Map(
      DEMO_ORGANISATIONS.map((o) => [o.key, names.get(o.name)]).filter((e): e is [string, string] => !!e[1]),
    );
    const zhihui = orgId.get('zhihui');
    if (!zhihui || (await this.agencyRows.findByOrganisation(zhihui))) return { ...result, skipped: true };
    const chainIdByCode = new Map((await this.chains.list()).map((c) => [c.code, c.id]));
    const chainIds = (codes: string[]) => codes.map((c) => chainIdByCode.get(c)).filter((id): id is string => !!id);

    // Agencies: 昆山智汇 registered and filed with the 科技局, 科创桥 registered only (not counted until filed).
    const filed = await this.agencies.create(
      this.admin,
      plainToInstance(CreateAgencyDto, {
        organisationId: zhihui,
        serviceScope: [ServiceScope.TechTransfer, ServiceScope.Evaluation, ServiceScope.Training],
        serviceDescription:
          '面向智能装备、新型显示产业链提供技术需求挖掘、科技成果评价、技术经纪与产学研对接活动组织服务，专职技术经理人 25 名。',
        industryChainIds: chainIds(['new-display', 'robotics-intelligent-manufacturing', 'high-end-equipment']),
      }),
    );
    await this.agencies.file(
      this.admin,
      filed.id,
      plainToInstance(FileAgencyDto, {
        filingNumber: 'KS-JSZY-2026-017',
        filingAuthority: '昆山市科学技术局',
        filedOn: thisYearDay(200),
      }),
    );
    result.agencies++;
    const kechuangqiao = orgId.get('kechuangqiao');
    if (kechuangqiao) {
      await this.agencies.create(
        this.admin,
        plainToInstance(CreateAgencyDto, {
          organisationId: kechuangqiao,
          serviceScope: [ServiceScope.IntellectualProperty, ServiceScope.Evaluation, ServiceScope.Legal],
          serviceDescription: '提供专利导航、知识产权价值评估、许可谈判与作价入股咨询，备案材料审核中。',
          industryChainIds: chainIds(['integrated-circuits', 'new-materials']),
        }),
      );
      result.agencies++;
    }

    // Profiles: the demo manager's own, then the further managers (accounts created when missing).
    const profileIds = new Map<string, string>();
    for (const spec of DEMO_MANAGERS) {
      let user = await this.users.findByEmail(spec.email);
      if (!user && spec.accountName && createUser) {
        await createUser({ email: spec.email, password: DEMO_PASSWORD, name: spec.accountName, role: Role.Manager });
        user = await this.users.findByEmail(spec.email);
      }
      if (!user || user.role !== Role.Manager) {
        this.logger.warn(`Demo manager ${spec.email}: no manager account, profile left out`);
        continue;
      }
      // A profile the manager made by hand before the demo load is kept as it is (and used below).
      const existing = await this.profileRows.findByUser(user.id);
      if (existing) {
        profileIds.set(spec.email, existing.id);
        continue;
      }
      const profile = await this.profiles.create(
        this.admin,
        plainToInstance(CreateManagerProfileDto, {
          userId: user.id,
          name: spec.name,
          affiliationKind: spec.affiliationKind,
          affiliationOrganisationId: spec.organisationKey ? (orgId.get(spec.organisationKey) ?? null) : null,
          district: spec.district ?? null,
          industryChainIds: chainIds(spec.chainCodes),
          expertise: spec.expertise,
          certificateLevel: spec.certificate?.level ?? null,
          certificateNumber: spec.certificate?.number ?? null,
          certificateIssuedOn: spec.certificate?.issuedOn ?? null,
          contactPhone: spec.contactPhone,
          contactEmail: spec.email,
        }),
      );
      profileIds.set(spec.email, profile.id);
      result.profiles++;
    }

    // 一对一: 陈思远 serves the leading enterprise 昆山光彩显示; four service records this year, the last one mining a need.
    const chen = profileIds.get('manager@zcz.local');
    const guangcai = orgId.get('guangcai');
    const chenUser = await this.users.findByEmail('manager@zcz.local');
    if (chen && guangcai && chenUser) {
      await this.assignments.create(
        this.admin,
        plainToInstance(CreateAssignmentDto, {
          managerProfileId: chen,
          kind: AssignmentKind.Enterprise,
          organisationId: guangcai,
          startOn: thisYearDay(150),
          note: '龙头企业一对一服务：负责企业技术发展路线图梳理与需求清单维护，对接新型显示方向高校院所团队。',
        }),
      );
      result.assignments++;
      const chenActor: Actor = { userId: chenUser.id, role: Role.Manager, organisationId: chenUser.organisationId };
      const displayChains = chainIds(['new-display']);
      const records: Array<Record<string, unknown>> = [
        {
          kind: ServiceRecordKind.Visit,
          occurredOn: thisYearDay(120),
          participants: ['顾敏（研发中心主任）', '陈思远'],
          summary:
            '走访企业研发中心与 OLED 模组产线，了解蒸镀、贴合与检测工序现状，确认精细金属掩模版国产化与 Micro LED 巨量转移为近三年重点技术方向。',
        },
        {
          kind: ServiceRecordKind.Call,
          occurredOn: thisYearDay(90),
          participants: ['顾敏', '陈思远'],
          summary: '电话沟通 FMM 需求的技术指标与预算区间，约定由平台组织苏州大学、中科院苏州纳米所专家进行技术研讨。',
        },
        {
          kind: ServiceRecordKind.RoadmapWorkshop,
          occurredOn: thisYearDay(60),
          participants: ['顾敏', '企业工艺部 4 人', '苏州大学功能纳米与软物质研究院专家 2 人', '陈思远'],
          summary:
            '组织技术路线图研讨会，梳理新型显示材料、巨量转移装备、光学检测三条技术路线的近中远期目标，形成企业技术发展路线图初稿。',
        },
        {
          kind: ServiceRecordKind.NeedMining,
          occurredOn: thisYearDay(30),
          participants: ['顾敏', '生产部经理 孙志刚', '陈思远'],
          summary: '围绕路线图逐项挖掘技术需求，发现模组贴合工序气泡与偏位不良率偏高，企业有意联合高校攻关。',
          needs: [
            {
              title: '柔性 OLED 模组全贴合气泡与偏位在线检测',
              description:
                '全贴合工序气泡、偏位不良率约 1.5%，需在线检测并追溯到工艺参数，目标不良率降至 0.5% 以下，检测节拍≤3 秒/片。',
              industryChainIds: displayChains,
            },
          ],
        },
      ];
      const recordIds: string[] = [];
      for (const record of records) {
        const created = await this.serviceRecords.create(
          chenActor,
          plainToInstance(CreateServiceRecordDto, { ...record, organisationId: guangcai }),
        );
        recordIds.push(created.id);
        result.serviceRecords++;
      }
      // 光彩显示 rates the service: the visit and the roadmap workshop
      const enterprise: Actor = { userId: null, role: Role.Enterprise, organisationId: guangcai };
      for (const [index, score, comment] of [
        [0, 5, '走访准备充分，现场就把 OLED 模组产线的痛点梳理清楚了'],
        [2, 4, '路线图研讨组织得好，希望后续多邀请装备方向的专家'],
      ] as const) {
        await this.ratings.rate(
          enterprise,
          plainToInstance(RateServiceDto, {
            recordKind: RatedRecordKind.ServiceRecord,
            recordId: recordIds[index],
            score,
            comment,
          }),
        );
        result.ratings++;
      }
    }

    // 驻校: 王雅婷 at 苏州大学 (昆山成果转化办公室).
    const wang = profileIds.get('manager.suda@zcz.local');
    const suda = orgId.get('suda');
    if (wang && suda) {
      await this.assignments.create(
        this.admin,
        plainToInstance(CreateAssignmentDto, {
          managerProfileId: wang,
          kind: AssignmentKind.University,
          organisationId: suda,
          startOn: thisYearDay(240),
          note: '驻苏州大学昆山成果转化办公室，负责功能材料与光电材料方向成果入库、评价和对接。',
        }),
      );
      result.assignments++;
    }

    // 赵敏 (周市镇) visits 昆山精毅精密机械: the demo enterprise account has a service of its own to rate.
    const zhao = profileIds.get('manager.zhoushi@zcz.local');
    const jingyi = orgId.get('jingyi');
    const zhaoUser = await this.users.findByEmail('manager.zhoushi@zcz.local');
    if (zhao && jingyi && zhaoUser) {
      await this.serviceRecords.create(
        { userId: zhaoUser.id, role: Role.Manager, organisationId: zhaoUser.organisationId },
        plainToInstance(CreateServiceRecordDto, {
          kind: ServiceRecordKind.Visit,
          occurredOn: thisYearDay(15),
          organisationId: jingyi,
          participants: ['周建华（技术总监）', '赵敏'],
          summary: '走访企业精密加工车间，宣讲高新技术企业培育政策，了解摆线轮磨削精度提升需求，约定推荐高校团队对接。',
        }),
      );
      result.serviceRecords++;
    }

    // Training camp of the 新型显示 chain: one training and one practice session, every demo manager enrolled.
    const displayChain = chainIds(['new-display'])[0] ?? chainIds(['robotics-intelligent-manufacturing'])[0];
    if (displayChain && profileIds.size) {
      const startOn = thisYearDay(75);
      const endOn = kunshanDay(30);
      const camp = await this.camps.create(
        this.admin,
        plainToInstance(CreateCampDto, {
          title: `${kunshanDay().slice(0, 4)} 年新型显示产业链技术经理人训练营`,
          industryChainId: displayChain,
          description: '培训、实践、评价、激励四位一体：政策与实务培训、龙头企业驻点实践、结营考核与年度评优挂钩。',
          startOn,
          endOn,
        }),
      );
      const sessions: Array<[SessionKind, string, string, number]> = [
        [SessionKind.Training, '技术合同登记与科技成果评价实务', startOn, 6],
        [SessionKind.Practice, '龙头企业驻点实践：新型显示模组产线需求挖掘', thisYearDay(20), 16],
      ];
      let view = camp;
      for (const [kind, title, heldOn, hours] of sessions) {
        view = await this.camps.addSession(
          this.admin,
          camp.id,
          plainToInstance(AddSessionDto, { kind, title, heldOn, hours }),
        );
      }
      const sessionIds = view.sessions.map((s) => s.id);
      const trainingIds = view.sessions.filter((s) => s.kind === SessionKind.Training).map((s) => s.id);
      for (const profileId of profileIds.values()) {
        view = await this.camps.enrol(this.admin, camp.id, plainToInstance(EnrolDto, { managerProfileId: profileId }));
      }
      // Everyone attended the training; the first enrolled (陈思远) the practice too and was assessed 优秀.
      for (const [n, enrolment] of view.enrolments.entries()) {
        await this.camps.attendance(
          this.admin,
          camp.id,
          enrolment.id,
          plainToInstance(AttendanceDto, { sessionIds: n === 0 ? sessionIds : trainingIds }),
        );
      }
      const first = view.enrolments[0];
      if (first) {
        await this.camps.assess(
          this.admin,
          camp.id,
          first.id,
          plainToInstance(AssessmentDto, {
            score: 92,
            result: AssessmentResult.Excellent,
            comment: '需求挖掘报告完整，驻点实践表现突出',
            incentive: '推荐参评年度优秀技术经理人',
          }),
        );
      }
      result.camps++;
    }

    // 分级评估: this year's evaluation computed from the records above (and the pairs confirmed so far), published.
    const periodKey = kunshanDay().slice(0, 4);
    const period = await this.evaluations.compute(this.admin, plainToInstance(ComputeEvaluationDto, { periodKey }));
    await this.evaluations.publish(
      this.admin,
      periodKey,
      plainToInstance(PublishEvaluationDto, { version: period.version }),
    );
    result.evaluation = periodKey;
    return result;
  }
}
