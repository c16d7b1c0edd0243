import { Actor, Role, SYSTEM_ACTOR } from '@app/common';
import {
  DEMO_DEMANDS,
  DEMO_ORGANISATIONS,
  IndustryChainService,
  PUBLIC_DEMAND_STATUSES,
  RegistryReads,
  USER_DIRECTORY,
  UserDirectory,
} from '@app/registry';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';

import { BidService } from '../bid/bid.service';
import { SubmitBidDto } from '../bid/dto/bid.dto';
import { BidderKind, ChallengeMechanism } from '../challenge/challenge.domain';
import { ChallengeRepository } from '../challenge/challenge.repository';
import { ChallengeService } from '../challenge/challenge.service';
import { CreateChallengeDto } from '../challenge/dto/challenge.dto';
import { ConsortiumService } from '../consortium/consortium.service';
import { CreateConsortiumDto } from '../consortium/dto/consortium.dto';
import { AcceptMilestoneDto } from '../project/dto/project.dto';
import { ProjectService } from '../project/project.service';
import { AssignReviewersDto, AwardDto, ScoreBidDto } from '../review/dto/review.dto';
import { ReviewService } from '../review/review.service';

const DAY = 86400 * 1000;

function inDays(days: number): string {
  return new Date(Date.now() + days * DAY + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

const CRITERIA = [
  { name: '技术方案先进性', weight: 40 },
  { name: '团队实力与业绩', weight: 30 },
  { name: '产业化可行性', weight: 20 },
  { name: '经费预算合理性', weight: 10 },
];

/** Source demand of the open call (published, 昆山睿芯) and of the awarded one (昆山光彩显示, a leading enterprise). */
const OPEN_CALL_DEMAND = '车规级 MCU 芯片 ESD 与闩锁防护设计及 AEC-Q100 可靠性提升';
const AWARDED_CALL_DEMAND = 'OLED 蒸镀用精细金属掩模版（FMM）国产化';

/** The open call's title doubles as the loader's "already loaded" marker. */
export const DEMO_OPEN_CALL_TITLE = '车规级 MCU 芯片 ESD 防护与 AEC-Q100 可靠性提升揭榜挂帅';
export const DEMO_AWARDED_CALL_TITLE = 'OLED 蒸镀用精细金属掩模版（FMM）国产化揭榜挂帅';
export const DEMO_CONSORTIUM_NAME = '昆山智能装备精密传动创新联合体';

export interface ChallengesDemoResult {
  calls: number;
  bids: number;
  projects: number;
  consortia: number;
  skipped: boolean;
}

/**
 * Loads 揭榜挂帅 demo records through the context's own services (events recorded, rows 6/7/9/10 follow), after the
 * registry's DemoLoader: a call built from 昆山睿芯's published major demand, open for bids, with 苏州大学's bid; a
 * call from 昆山光彩显示's FMM demand reviewed by the demo manager and awarded to 苏州大学 (its project's first
 * milestone accepted); and an innovation consortium led by 昆山精毅. Idempotent: skipped when the open call exists.
 */
@Injectable()
export class ChallengesDemoLoader {
  private readonly logger = new Logger(ChallengesDemoLoader.name);

  constructor(
    private readonly challengeRows: ChallengeRepository,
    private readonly registry: RegistryReads,
    private readonly chains: IndustryChainService,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
    private readonly challenges: ChallengeService,
    private readonly bids: BidService,
    private readonly reviews: ReviewService,
    private readonly projects: ProjectService,
    private readonly consortia: ConsortiumService,
  ) {}

  async load(): Promise<ChallengesDemoResult> {
    const result: ChallengesDemoResult = { calls: 0, bids: 0, projects: 0, consortia: 0, skipped: false };
    if (await this.challengeRows.existsWithTitle(DEMO_OPEN_CALL_TITLE)) return { ...result, skipped: true };
    const manager = await this.actorOf('manager@zcz.local', Role.Manager);
    const university = await this.actorOf('university1@zcz.local', Role.University);
    if (!manager || !university?.organisationId) {
      this.logger.warn('Demo challenges: the demo manager or university account is missing; skipped');
      return { ...result, skipped: true };
    }
    const names = await this.registry.organisationIdsByName(DEMO_ORGANISATIONS.map((o) => o.name));
    const orgId = new Map(
      DEMO_ORGANISATIONS.map((o) => [o.key, names.get(o.name)]).filter((e): e is [string, string] => !!e[1]),
    );
    const demands = await this.registry.demandsTitled([OPEN_CALL_DEMAND, AWARDED_CALL_DEMAND], PUBLIC_DEMAND_STATUSES);
    const demandId = (title: string) => demands.find((d) => d.title === title)?.id;
    const ownerOf = (title: string) => orgId.get(DEMO_DEMANDS.find((d) => d.title === title)?.ownerKey ?? '');

    // 1. Open for bids: built from 昆山睿芯's published major demand (or set directly for the enterprise).
    const open = await this.challenges.create(
      manager,
      plainToInstance(CreateChallengeDto, {
        ...(demandId(OPEN_CALL_DEMAND)
          ? { sourceDemandId: demandId(OPEN_CALL_DEMAND) }
          : { enterpriseOrganisationId: ownerOf(OPEN_CALL_DEMAND) }),
        title: DEMO_OPEN_CALL_TITLE,
        problem:
          '我司车规级 32 位 MCU 在 HBM 8 kV 静电测试与高温闩锁测试中失效率偏高，AEC-Q100 Grade 1 认证两次未通过，制约进入整车厂供应链。' +
          '榜单面向高校院所与企业征集 ESD 防护结构、版图与工艺协同优化方案，要求 12 个月内完成流片验证并通过第三方可靠性认证。',
        indicators: [
          { name: 'HBM 静电防护等级', target: '≥8', unit: 'kV', method: '第三方实验室按 AEC-Q100-002 测试' },
          { name: '闩锁触发电流', target: '≥200', unit: 'mA', method: '125 ℃ 下按 AEC-Q100-004 测试' },
          { name: 'AEC-Q100 认证', target: 'Grade 1', unit: '等级', method: '出具第三方认证报告' },
        ],
        mechanism: ChallengeMechanism.OpenCall,
        fundingTotal: 400,
        enterpriseShare: 280,
        governmentShare: 120,
        eligibility: {
          institutionKinds: [BidderKind.University, BidderKind.Enterprise],
          region: '长三角地区',
          consortiumAllowed: true,
          notes: '牵头单位须具有集成电路 ESD 防护或可靠性设计方向研发团队及流片经验',
        },
        bidDeadline: new Date(Date.now() + 40 * DAY).toISOString(),
        criteria: CRITERIA,
      }),
    );
    await this.challenges.transition(manager, open.id, 'publish', {});
    result.calls++;
    await this.bids.submit(
      university,
      open.id,
      plainToInstance(SubmitBidDto, {
        approach:
          '采用 GGNMOS 与 SCR 复合防护结构，结合 TCAD 器件仿真与版图寄生参数提取优化放电路径；第一阶段完成防护单元设计与测试芯片流片，' +
          '第二阶段完成 HBM/CDM 与高温闩锁测试迭代，第三阶段配合企业完成全芯片 AEC-Q100 认证。',
        team: {
          lead: { name: '刘晓雯', title: '教授、博士生导师', organisation: '苏州大学' },
          members: [
            { name: '张海涛', title: '副教授', organisation: '苏州大学' },
            { name: '沈立', title: '高级工程师', organisation: '昆山睿芯微电子科技有限公司' },
          ],
        },
        milestones: [
          { title: '防护单元设计与测试芯片流片', dueDate: inDays(150), deliverable: '测试芯片及设计报告' },
          { title: '可靠性测试迭代', dueDate: inDays(270), deliverable: 'HBM、CDM 与闩锁测试报告' },
          { title: '全芯片 AEC-Q100 认证', dueDate: inDays(390), deliverable: '第三方 AEC-Q100 认证报告' },
        ],
        requestedFunding: 380,
      }),
    );
    result.bids++;

    // 2. Awarded: 昆山光彩显示's FMM call, reviewed by the demo manager, awarded to 苏州大学.
    const awarded = await this.challenges.create(
      manager,
      plainToInstance(CreateChallengeDto, {
        ...(demandId(AWARDED_CALL_DEMAND)
          ? { sourceDemandId: demandId(AWARDED_CALL_DEMAND) }
          : { enterpriseOrganisationId: ownerOf(AWARDED_CALL_DEMAND) }),
        title: DEMO_AWARDED_CALL_TITLE,
        problem:
          'OLED 蒸镀用精细金属掩模版（FMM）长期依赖进口，交期 4–6 个月，制约我司中尺寸 OLED 产线扩产。榜单征集殷瓦合金超薄带材' +
          '蚀刻与张网工艺方案，要求 18 个月内完成国产 FMM 样品试制并在我司蒸镀线完成验证。',
        indicators: [
          { name: '开孔位置精度', target: '≤±3', unit: 'μm', method: '企业蒸镀线实测，第三方复核' },
          { name: '掩模版厚度', target: '≤20', unit: 'μm', method: '第三方检测机构出具检测报告' },
          { name: '蒸镀验证良率', target: '≥95', unit: '%', method: '企业产线连续验证 3 批次' },
        ],
        mechanism: ChallengeMechanism.OpenCall,
        fundingTotal: 600,
        enterpriseShare: 420,
        governmentShare: 180,
        eligibility: {
          institutionKinds: [BidderKind.University, BidderKind.Enterprise],
          region: '不限地区',
          consortiumAllowed: true,
          notes: '牵头单位须具有精密蚀刻或金属箔材加工方向研发团队',
        },
        bidDeadline: new Date(Date.now() + 20 * DAY).toISOString(),
        criteria: CRITERIA,
      }),
    );
    await this.challenges.transition(manager, awarded.id, 'publish', {});
    result.calls++;
    const bid = await this.bids.submit(
      university,
      awarded.id,
      plainToInstance(SubmitBidDto, {
        approach:
          '以殷瓦合金超薄带材双面精密蚀刻为核心，结合激光辅助修孔与张网应力仿真补偿；第一阶段完成蚀刻工艺开发与小尺寸样品试制，' +
          '第二阶段完成张网与精度检测，第三阶段在企业蒸镀线完成 3 批次验证。',
        team: {
          lead: { name: '刘晓雯', title: '教授、博士生导师', organisation: '苏州大学' },
          members: [
            { name: '钱俊', title: '研究员', organisation: '苏州大学' },
            { name: '顾敏', title: '研发中心主任', organisation: '昆山光彩显示科技有限公司' },
          ],
        },
        milestones: [
          { title: '蚀刻工艺开发与样品试制', dueDate: inDays(120), deliverable: '小尺寸 FMM 样品 5 片及工艺报告' },
          { title: '张网与精度检测', dueDate: inDays(300), deliverable: '第三方精度检测报告' },
          { title: '蒸镀线验证', dueDate: inDays(480), deliverable: '企业 3 批次验证报告与验收证明' },
        ],
        requestedFunding: 560,
      }),
    );
    result.bids++;
    await this.reviews.assignReviewers(
      manager,
      awarded.id,
      plainToInstance(AssignReviewersDto, { userIds: [manager.userId] }),
    );
    await this.challenges.transition(manager, awarded.id, 'close', {});
    await this.reviews.startReview(manager, awarded.id, {});
    await this.reviews.score(
      manager,
      bid.id,
      plainToInstance(ScoreBidDto, {
        scores: [
          { criterion: '技术方案先进性', score: 88 },
          { criterion: '团队实力与业绩', score: 85 },
          { criterion: '产业化可行性', score: 82 },
          { criterion: '经费预算合理性', score: 90 },
        ],
        comment: '技术路线清晰，企业深度参与验证；建议补充带材来源与量产成本测算。',
      }),
    );
    await this.reviews.award(manager, awarded.id, plainToInstance(AwardDto, { bidIds: [bid.id] }));
    const [project] = await this.projects.list(manager, { challengeId: awarded.id });
    if (project) {
      result.projects++;
      await this.projects.acceptMilestone(
        manager,
        project.id,
        0,
        plainToInstance(AcceptMilestoneDto, { note: '样品 5 片已交付，企业初检开孔位置精度达标' }),
      );
    }

    // 3. An innovation consortium led by 昆山精毅 with universities and a software enterprise.
    const lead = orgId.get('jingyi');
    const parts: Array<[string, string]> = [
      ['njust', '课题一：摆线针轮修形设计与受载接触分析'],
      ['suda', '课题二：精密磨削误差在线补偿'],
      ['zhiyun', '课题三：减速器装配质量数据平台'],
    ];
    const members = parts
      .map(([key, role]) => ({ organisationId: orgId.get(key), role }))
      .filter((m): m is { organisationId: string; role: string } => !!m.organisationId);
    const chainIdByCode = new Map((await this.chains.list()).map((c) => [c.code, c.id]));
    if (lead && members.length) {
      await this.consortia.create(
        SYSTEM_ACTOR,
        plainToInstance(CreateConsortiumDto, {
          name: DEMO_CONSORTIUM_NAME,
          leadOrganisationId: lead,
          members,
          industryChainIds: ['robotics-intelligent-manufacturing', 'high-end-equipment']
            .map((c) => chainIdByCode.get(c))
            .filter((id): id is string => !!id),
          foundedOn: inDays(-90) < `${inDays(0).slice(0, 4)}-01-01` ? `${inDays(0).slice(0, 4)}-01-01` : inDays(-90),
          description:
            '围绕工业机器人精密减速器，由龙头企业牵头、高校院所与工业软件企业参与，按「项目+课题」开展关键核心技术联合攻关。',
        }),
      );
      result.consortia++;
    }
    return result;
  }

  private async actorOf(email: string, role: Role): Promise<Actor | null> {
    const user = await this.users.findByEmail(email);
    return user?.active ? { userId: user.id, role, organisationId: user.organisationId } : null;
  }
}
