import { Actor, Role, SYSTEM_ACTOR } from '@app/common';
import {
  DemandKind,
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
import {
  AcceptanceIndicator,
  BidderKind,
  ChallengeMechanism,
  ChallengeStatus,
  ProgrammeLine,
} from '../challenge/challenge.domain';
import { ChallengeRepository } from '../challenge/challenge.repository';
import { ChallengeService } from '../challenge/challenge.service';
import { CreateChallengeDto } from '../challenge/dto/challenge.dto';
import { ConsortiumService } from '../consortium/consortium.service';
import { ConsortiumQueryDto, CreateConsortiumDto } from '../consortium/dto/consortium.dto';
import { SendInvitationsDto } from '../invitation/dto/invitation.dto';
import { InvitationService } from '../invitation/invitation.service';
import { AcceptMilestoneDto, ProjectAcceptanceDto } from '../project/dto/project.dto';
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

/** The open call's title: a call loaded before per-call markers existed is recognised by it. */
export const DEMO_OPEN_CALL_TITLE = '车规级 MCU 芯片 ESD 防护与 AEC-Q100 可靠性提升揭榜挂帅';
export const DEMO_AWARDED_CALL_TITLE = 'OLED 蒸镀用精细金属掩模版（FMM）国产化揭榜挂帅';
export const DEMO_CONSORTIUM_NAME = '昆山智能装备精密传动创新联合体';
export const DEMO_DISPLAY_CONSORTIUM_NAME = '昆山新型显示产业创新联合体';

/** One bid of a demo call: the bidder (an organisation key of the registry's demo data) and its plan. */
interface DemoBid {
  bidder: string;
  approach: string;
  lead: [name: string, title: string];
  /** The team's other members; their organisation is the bidder's unless another is named. */
  members: Array<[name: string, title: string, organisation?: string]>;
  /** [title, due in days, deliverable] */
  milestones: Array<[string, number, string]>;
  requestedFunding: number;
  /** The demo manager's scores per criterion (in CRITERIA order) and comment, once the review runs. */
  scores?: [number[], string];
}

/**
 * One demo bid, in the order people read a bid: who bids, led by whom, for how much, how; then the team's other
 * members (of the bidding institution unless another organisation is named), the milestones and, once the review
 * runs, the demo manager's scores.
 */
function demoBid(
  bidder: string,
  lead: DemoBid['lead'],
  requestedFunding: number,
  approach: string,
  members: DemoBid['members'],
  milestones: DemoBid['milestones'],
  scores?: DemoBid['scores'],
): DemoBid {
  return { bidder, lead, requestedFunding, approach, members, milestones, ...(scores ? { scores } : {}) };
}

/** A demo call and how far the loader takes it through the workflow. */
interface DemoCall {
  title: string;
  /** The registry's demo demand it is written from (a published 重大需求 becomes its source; else its owner and chains). */
  demand: string;
  problem: string;
  indicators: AcceptanceIndicator[];
  mechanism: ChallengeMechanism;
  raceTeams?: number;
  programmeLine?: ProgrammeLine;
  /** 榜额, enterprise share, government share (万元). */
  funding: [number, number, number];
  region: string;
  consortiumAllowed: boolean;
  notes: string;
  deadlineDays: number;
  target: ChallengeStatus;
  /** Institutions invited once the call is published (organisation keys). */
  invite?: string[];
  inviteMessage?: string;
  bids?: DemoBid[];
  /** Bids (by index) awarded. */
  award?: number[];
  /** 验收 of the completed call's project: measured value per indicator. */
  measured?: string[];
  cancelReason?: string;
}

const OPEN_CALL: DemoCall = {
  title: DEMO_OPEN_CALL_TITLE,
  demand: '车规级 MCU 芯片 ESD 与闩锁防护设计及 AEC-Q100 可靠性提升',
  problem:
    '我司车规级 32 位 MCU 在 HBM 8 kV 静电测试与高温闩锁测试中失效率偏高，AEC-Q100 Grade 1 认证两次未通过，制约进入整车厂供应链。' +
    '榜单面向高校院所与企业征集 ESD 防护结构、版图与工艺协同优化方案，要求 12 个月内完成流片验证并通过第三方可靠性认证。',
  indicators: [
    { name: 'HBM 静电防护等级', target: '≥8', unit: 'kV', method: '第三方实验室按 AEC-Q100-002 测试' },
    { name: '闩锁触发电流', target: '≥200', unit: 'mA', method: '125 ℃ 下按 AEC-Q100-004 测试' },
    { name: 'AEC-Q100 认证', target: 'Grade 1', unit: '等级', method: '出具第三方认证报告' },
  ],
  mechanism: ChallengeMechanism.OpenCall,
  funding: [400, 280, 120],
  region: '长三角地区',
  consortiumAllowed: true,
  notes: '牵头单位须具有集成电路 ESD 防护或可靠性设计方向研发团队及流片经验',
  deadlineDays: 40,
  target: ChallengeStatus.Published,
  invite: ['suda', 'sinano', 'thks'],
  inviteMessage: '贵单位在集成电路可靠性与 ESD 防护方向有相关成果，诚邀组织团队揭榜，揭榜资格以榜单公布的条件为准。',
  bids: [
    demoBid(
      'suda',
      ['刘晓雯', '教授、博士生导师'],
      380,
      '采用 GGNMOS 与 SCR 复合防护结构，结合 TCAD 器件仿真与版图寄生参数提取优化放电路径；第一阶段完成防护单元设计与测试芯片流片，' +
        '第二阶段完成 HBM/CDM 与高温闩锁测试迭代，第三阶段配合企业完成全芯片 AEC-Q100 认证。',
      [
        ['张海涛', '副教授'],
        ['沈立', '高级工程师', '昆山睿芯微电子科技有限公司'],
      ],
      [
        ['防护单元设计与测试芯片流片', 150, '测试芯片及设计报告'],
        ['可靠性测试迭代', 270, 'HBM、CDM 与闩锁测试报告'],
        ['全芯片 AEC-Q100 认证', 390, '第三方 AEC-Q100 认证报告'],
      ],
    ),
  ],
};

const AWARDED_CALL: DemoCall = {
  title: DEMO_AWARDED_CALL_TITLE,
  demand: 'OLED 蒸镀用精细金属掩模版（FMM）国产化',
  problem:
    'OLED 蒸镀用精细金属掩模版（FMM）长期依赖进口，交期 4–6 个月，制约我司中尺寸 OLED 产线扩产。榜单征集殷瓦合金超薄带材' +
    '蚀刻与张网工艺方案，要求 18 个月内完成国产 FMM 样品试制并在我司蒸镀线完成验证。',
  indicators: [
    { name: '开孔位置精度', target: '≤±3', unit: 'μm', method: '企业蒸镀线实测，第三方复核' },
    { name: '掩模版厚度', target: '≤20', unit: 'μm', method: '第三方检测机构出具检测报告' },
    { name: '蒸镀验证良率', target: '≥95', unit: '%', method: '企业产线连续验证 3 批次' },
  ],
  mechanism: ChallengeMechanism.OpenCall,
  funding: [600, 420, 180],
  region: '不限地区',
  consortiumAllowed: true,
  notes: '牵头单位须具有精密蚀刻或金属箔材加工方向研发团队',
  deadlineDays: 20,
  target: ChallengeStatus.Awarded,
  invite: ['suda', 'sinano'],
  bids: [
    demoBid(
      'suda',
      ['刘晓雯', '教授、博士生导师'],
      560,
      '以殷瓦合金超薄带材双面精密蚀刻为核心，结合激光辅助修孔与张网应力仿真补偿；第一阶段完成蚀刻工艺开发与小尺寸样品试制，' +
        '第二阶段完成张网与精度检测，第三阶段在企业蒸镀线完成 3 批次验证。',
      [
        ['钱俊', '研究员'],
        ['顾敏', '研发中心主任', '昆山光彩显示科技有限公司'],
      ],
      [
        ['蚀刻工艺开发与样品试制', 120, '小尺寸 FMM 样品 5 片及工艺报告'],
        ['张网与精度检测', 300, '第三方精度检测报告'],
        ['蒸镀线验证', 480, '企业 3 批次验证报告与验收证明'],
      ],
      [[88, 85, 82, 90], '技术路线清晰，企业深度参与验证；建议补充带材来源与量产成本测算。'],
    ),
    demoBid(
      'sinano',
      ['陈立群', '研究员'],
      590,
      '采用因瓦合金电铸成型替代蚀刻，利用光刻胶模板一次成型高精度开孔，避免侧蚀；第一阶段完成电铸工艺与模板开发，' +
        '第二阶段完成 20 μm 厚度样品张网，第三阶段在企业蒸镀线验证。',
      [['孙悦', '副研究员']],
      [
        ['电铸工艺与模板开发', 150, '电铸样品及工艺报告'],
        ['样品张网与检测', 330, '第三方检测报告'],
        ['蒸镀线验证', 500, '企业验证报告'],
      ],
      [[84, 80, 72, 78], '电铸路线新颖，量产节拍与成本尚需论证。'],
    ),
  ],
  award: [0],
};

const DRAFT_CALL: DemoCall = {
  title: '协作机器人关节减速器国产化替代揭榜挂帅',
  demand: '协作机器人关节减速器国产化替代',
  problem:
    '协作机器人关节用谐波减速器长期依赖进口，交期长、价格高。榜单拟面向高校院所与企业征集谐波减速器齿形设计、柔轮材料与' +
    '精密加工方案，要求 18 个月内完成样机研制、可靠性验证与小批量试制。',
  indicators: [
    { name: '回差', target: '≤10', unit: '弧秒', method: '第三方检测机构按 GB/T 35089 测试' },
    { name: '额定寿命', target: '≥10000', unit: '小时', method: '加速寿命试验，出具检测报告' },
  ],
  mechanism: ChallengeMechanism.OpenCall,
  funding: [500, 350, 150],
  region: '不限地区',
  consortiumAllowed: true,
  notes: '牵头单位须具有精密传动领域研发团队',
  deadlineDays: 60,
  target: ChallengeStatus.Draft,
};

const CLOSED_CALL: DemoCall = {
  title: '800V 平台碳化硅电控功率模块高效散热封装赛马攻关',
  demand: '800V 平台碳化硅电控功率模块高效散热封装',
  problem:
    '800V 高压平台碳化硅功率模块结温高、热阻大，现有灌封与焊料方案在功率循环中失效早。榜单以赛马制支持两支团队并行攻关' +
    '双面散热与银烧结封装工艺，中期评估后择优保留一支团队完成装车验证。',
  indicators: [
    { name: '结壳热阻', target: '≤0.1', unit: 'K/W', method: '第三方按 JESD51 测试' },
    { name: '功率循环寿命', target: '≥50000', unit: '次', method: 'ΔTj=100 K 功率循环试验' },
  ],
  mechanism: ChallengeMechanism.HorseRace,
  raceTeams: 2,
  programmeLine: ProgrammeLine.KeyRd,
  funding: [800, 500, 300],
  region: '长三角地区',
  consortiumAllowed: true,
  notes: '牵头单位须具有功率半导体封装或热管理方向研发团队',
  deadlineDays: 30,
  target: ChallengeStatus.Closed,
  invite: ['ujs', 'njust', 'suda'],
  bids: [
    demoBid(
      'ujs',
      ['王建军', '教授'],
      400,
      '采用双面银烧结与铜夹片互连结构，结合微通道液冷基板，第一阶段完成封装结构设计与热仿真，第二阶段完成样品与功率循环试验。',
      [['李芳', '副教授']],
      [
        ['封装结构设计与热仿真', 120, '设计报告与仿真报告'],
        ['样品试制与功率循环试验', 300, '样品 20 只及试验报告'],
      ],
    ),
    demoBid(
      'njust',
      ['赵国强', '教授、博士生导师'],
      380,
      '采用瞬态液相连接与氮化硅活性金属钎焊基板，优化芯片布局降低热耦合，第一阶段完成工艺开发，第二阶段完成装车前验证。',
      [['钱伟', '讲师']],
      [
        ['连接工艺开发', 150, '工艺报告与剪切强度测试报告'],
        ['模块样品与可靠性验证', 330, '样品 20 只及第三方可靠性报告'],
      ],
    ),
  ],
};

const REVIEW_CALL: DemoCall = {
  title: '涂装车间大风量低浓度 VOCs 高效治理揭榜挂帅',
  demand: '涂装车间大风量低浓度 VOCs 高效治理',
  problem:
    '我司涂装车间排风量约 20 万 m³/h，VOCs 浓度低、波动大，现有活性炭吸附更换频繁、运行成本高。榜单征集沸石转轮浓缩与' +
    '催化燃烧组合工艺方案，要求排放浓度稳定达标、运行成本较现状降低 30% 以上。',
  indicators: [
    { name: '非甲烷总烃排放浓度', target: '≤20', unit: 'mg/m³', method: '第三方监测机构连续 3 个月监测' },
    { name: '运行成本降幅', target: '≥30', unit: '%', method: '企业能耗与耗材台账核算' },
  ],
  mechanism: ChallengeMechanism.OpenCall,
  funding: [300, 210, 90],
  region: '不限地区',
  consortiumAllowed: false,
  notes: '牵头单位须具有大气污染治理工程业绩',
  deadlineDays: 25,
  target: ChallengeStatus.UnderReview,
  invite: ['thks', 'ujs'],
  bids: [
    demoBid(
      'thks',
      ['周明远', '研究员'],
      280,
      '疏水沸石转轮浓缩 15 倍后进入蓄热式催化燃烧，余热回用于烘干室；第一阶段完成中试装置，第二阶段完成全量改造。',
      [['陆佳', '工程师']],
      [
        ['中试装置设计与运行', 120, '中试运行报告'],
        ['全量改造与第三方监测', 300, '第三方监测报告与成本核算'],
      ],
      [[86, 82, 88, 80], '工艺成熟，余热回用方案有亮点；需补充转轮更换周期测算。'],
    ),
    demoBid(
      'ujs',
      ['王建军', '教授'],
      260,
      '低温等离子体协同光催化预处理结合活性炭纤维吸附脱附，第一阶段完成小试，第二阶段完成车间示范线。',
      [['刘宁', '副教授']],
      [
        ['小试与工艺参数优化', 150, '小试报告'],
        ['示范线建设与监测', 330, '示范线监测报告'],
      ],
    ),
  ],
};

const COMPLETED_CALL: DemoCall = {
  title: '血管介入导管亲水润滑涂层国产化定向攻关',
  demand: '血管介入导管亲水润滑涂层国产化',
  problem:
    '我司血管介入导管亲水润滑涂层依赖进口涂层液，供货周期长、成本高。榜单定向委托苏州大学开发国产亲水润滑涂层及紫外光固化工艺，' +
    '要求摩擦系数、涂层牢度与生物相容性满足注册检验要求，并完成产线导入。',
  indicators: [
    { name: '摩擦系数', target: '≤0.05', unit: '无量纲', method: '第三方按 YY/T 1536 测试' },
    { name: '涂层牢度（往复摩擦后摩擦力增幅）', target: '≤15', unit: '%', method: '往复 20 次摩擦测试' },
    { name: '生物相容性', target: '符合 GB/T 16886', unit: '结论', method: '有资质检验机构出具报告' },
  ],
  mechanism: ChallengeMechanism.Directed,
  programmeLine: ProgrammeLine.Excellent,
  funding: [200, 140, 60],
  region: '不限地区',
  consortiumAllowed: false,
  notes: '定向委托苏州大学，企业提供导管基材与产线验证条件',
  deadlineDays: 15,
  target: ChallengeStatus.Completed,
  invite: ['suda'],
  inviteMessage: '本榜单定向委托贵校，请于截止日前提交攻关方案。',
  bids: [
    demoBid(
      'suda',
      ['刘晓雯', '教授、博士生导师'],
      200,
      '以聚乙烯吡咯烷酮—聚氨酯互穿网络为亲水层、丙烯酸酯类底涂为结合层，紫外光一步固化；第一阶段完成配方与工艺开发，' +
        '第二阶段完成第三方检验并导入企业产线。',
      [['吴敏', '副教授']],
      [
        ['涂层配方与固化工艺开发', 90, '配方、工艺文件及自测报告'],
        ['第三方检验与产线导入', 210, '第三方检验报告与产线试产记录'],
      ],
      [[90, 88, 92, 86], '配方与工艺路线成熟，企业产线条件明确，建议按计划实施。'],
    ),
  ],
  award: [0],
  measured: ['0.03', '9', '符合'],
};

const CANCELLED_CALL: DemoCall = {
  title: '物流无人机长航时氢燃料电池动力系统揭榜挂帅',
  demand: '物流无人机长航时氢燃料电池动力系统',
  problem:
    '我司物流无人机锂电续航不足 40 分钟，难以覆盖城郊配送半径。榜单拟征集 2 kW 级轻量化氢燃料电池动力系统方案，' +
    '要求续航 2 小时以上并通过高低温环境试验。',
  indicators: [
    { name: '系统功率密度', target: '≥800', unit: 'W/kg', method: '第三方台架测试' },
    { name: '续航时间', target: '≥120', unit: '分钟', method: '满载飞行试验' },
  ],
  mechanism: ChallengeMechanism.OpenCall,
  funding: [350, 250, 100],
  region: '不限地区',
  consortiumAllowed: true,
  notes: '牵头单位须具有燃料电池电堆或系统集成研发经验',
  deadlineDays: 45,
  target: ChallengeStatus.Cancelled,
  cancelReason: '企业调整产品路线，改为氢电混合动力方案后重新发榜',
};

/** Every demo call, in the order they are loaded. */
export const DEMO_CALLS: readonly DemoCall[] = [
  OPEN_CALL,
  AWARDED_CALL,
  DRAFT_CALL,
  CLOSED_CALL,
  REVIEW_CALL,
  COMPLETED_CALL,
  CANCELLED_CALL,
];

/** How far each status is along the workflow (the loader's steps run up to the call's target). */
const REACHES: Record<ChallengeStatus, number> = {
  [ChallengeStatus.Draft]: 0,
  [ChallengeStatus.Published]: 1,
  [ChallengeStatus.Cancelled]: 1,
  [ChallengeStatus.Closed]: 2,
  [ChallengeStatus.UnderReview]: 3,
  [ChallengeStatus.Awarded]: 4,
  [ChallengeStatus.Completed]: 5,
};

export interface ChallengesDemoResult {
  calls: number;
  bids: number;
  scores: number;
  invitations: number;
  projects: number;
  consortia: number;
  skipped: boolean;
}

/**
 * Loads 揭榜挂帅 demo records through the context's own services (events recorded, rows 6/7/9/10 follow, the
 * invited universities' users notified), after the registry's DemoLoader: a call in every status — a draft, one
 * open for bids with invitations and a bid, a 赛马制 call closed with two bids, one under expert review, one
 * awarded with its project's first milestone accepted, a 定向委托 call completed after acceptance, and one
 * withdrawn (撤榜) — and two innovation consortia. Idempotent per record: a call or consortium whose title exists is
 * left alone, so a second run loads nothing and an older demo gains only what it lacks.
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
    private readonly invitations: InvitationService,
  ) {}

  async load(): Promise<ChallengesDemoResult> {
    const result: ChallengesDemoResult = {
      calls: 0,
      bids: 0,
      scores: 0,
      invitations: 0,
      projects: 0,
      consortia: 0,
      skipped: false,
    };
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
    const chainIdByCode = new Map((await this.chains.list()).map((c) => [c.code, c.id]));
    const context: BuildContext = { manager, university, orgId, chainIdByCode };
    for (const spec of DEMO_CALLS) {
      if (await this.challengeRows.existsWithTitle(spec.title)) continue;
      await this.buildCall(context, spec, result);
    }
    result.consortia += await this.loadConsortia(orgId, chainIdByCode);
    result.skipped = result.calls === 0 && result.consortia === 0;
    return result;
  }

  /** One call from its spec, taken through the workflow up to its target status with the services' own checks. */
  private async buildCall(ctx: BuildContext, spec: DemoCall, result: ChallengesDemoResult): Promise<void> {
    const { manager, orgId } = ctx;
    const demand = DEMO_DEMANDS.find((d) => d.title === spec.demand);
    const [published] = await this.registry.demandsTitled([spec.demand], PUBLIC_DEMAND_STATUSES);
    const asSource = published && published.kind === DemandKind.Major;
    const enterpriseId = orgId.get(demand?.ownerKey ?? '');
    if (!asSource && !enterpriseId) {
      this.logger.warn(`Demo call「${spec.title}」: its enterprise is missing; skipped`);
      return;
    }
    const directed = spec.mechanism === ChallengeMechanism.Directed ? orgId.get(spec.bids?.[0]?.bidder ?? '') : null;
    const call = await this.challenges.create(
      manager,
      plainToInstance(CreateChallengeDto, {
        ...(asSource
          ? { sourceDemandId: published.id }
          : {
              enterpriseOrganisationId: enterpriseId,
              industryChainIds: (demand?.chainCodes ?? [])
                .map((c) => ctx.chainIdByCode.get(c))
                .filter((id): id is string => !!id),
            }),
        title: spec.title,
        problem: spec.problem,
        indicators: spec.indicators,
        mechanism: spec.mechanism,
        ...(spec.raceTeams ? { raceTeams: spec.raceTeams } : {}),
        ...(directed ? { directedInstitutionId: directed } : {}),
        ...(spec.programmeLine ? { programmeLine: spec.programmeLine } : {}),
        fundingTotal: spec.funding[0],
        enterpriseShare: spec.funding[1],
        governmentShare: spec.funding[2],
        eligibility: {
          institutionKinds: [BidderKind.University, BidderKind.Enterprise],
          region: spec.region,
          consortiumAllowed: spec.consortiumAllowed,
          notes: spec.notes,
        },
        bidDeadline: new Date(Date.now() + spec.deadlineDays * DAY).toISOString(),
        criteria: CRITERIA,
      }),
    );
    result.calls++;
    const reach = REACHES[spec.target];
    if (reach < 1) return;
    await this.challenges.transition(manager, call.id, 'publish', {});
    const invited = (spec.invite ?? []).map((k) => orgId.get(k)).filter((id): id is string => !!id);
    if (invited.length) {
      const sent = await this.invitations.invite(
        manager,
        call.id,
        plainToInstance(SendInvitationsDto, { institutionIds: invited, message: spec.inviteMessage }),
      );
      result.invitations += sent.invited.length;
    }
    if (spec.target === ChallengeStatus.Cancelled) {
      await this.challenges.transition(manager, call.id, 'cancel', { reason: spec.cancelReason });
      return;
    }
    const bidIds: string[] = [];
    for (const bid of spec.bids ?? []) {
      const bidder = this.bidderActor(ctx, bid.bidder);
      if (!bidder) continue;
      const saved = await this.bids.submit(
        bidder,
        call.id,
        plainToInstance(SubmitBidDto, {
          approach: bid.approach,
          team: {
            lead: { name: bid.lead[0], title: bid.lead[1], organisation: this.nameOf(bid.bidder) },
            members: bid.members.map(([name, title, organisation]) => ({
              name,
              title,
              organisation: organisation ?? this.nameOf(bid.bidder),
            })),
          },
          milestones: bid.milestones.map(([title, days, deliverable]) => ({
            title,
            dueDate: inDays(days),
            deliverable,
          })),
          requestedFunding: bid.requestedFunding,
        }),
      );
      bidIds.push(saved.id);
      result.bids++;
    }
    if (reach < 2) return;
    await this.reviews.assignReviewers(
      manager,
      call.id,
      plainToInstance(AssignReviewersDto, { userIds: [manager.userId] }),
    );
    // Closed by the manager once the demo's bids are in: bidding ended then, so a call past 征集 never shows a
    // deadline still to come (the call was created with a future one, as the service requires).
    await this.challenges.transition(
      manager,
      call.id,
      'close',
      {},
      {
        apply: (row) => {
          row.bidDeadline = row.closedAt!;
        },
        after: async (_m, row) => ({ bidDeadline: row.bidDeadline }),
      },
    );
    if (reach < 3) return;
    await this.reviews.startReview(manager, call.id, {});
    for (const [i, bid] of (spec.bids ?? []).entries()) {
      if (!bid.scores || !bidIds[i]) continue;
      await this.reviews.score(
        manager,
        bidIds[i],
        plainToInstance(ScoreBidDto, {
          scores: CRITERIA.map((c, k) => ({ criterion: c.name, score: bid.scores![0][k] })),
          comment: bid.scores[1],
        }),
      );
      result.scores++;
    }
    if (reach < 4) return;
    await this.reviews.award(
      manager,
      call.id,
      plainToInstance(AwardDto, { bidIds: (spec.award ?? [0]).map((i) => bidIds[i]).filter(Boolean) }),
    );
    const projects = await this.projects.list(manager, { challengeId: call.id });
    result.projects += projects.length;
    for (const project of projects) {
      const milestones = reach >= 5 ? project.milestones.length : 1;
      for (let index = 0; index < milestones; index++) {
        await this.projects.acceptMilestone(
          manager,
          project.id,
          index,
          plainToInstance(AcceptMilestoneDto, {
            note:
              index === 0
                ? `${project.milestones[index].deliverable}已交付，现场核验通过`
                : `${project.milestones[index].deliverable}已提交，经企业与专家核验通过`,
          }),
        );
      }
      if (reach >= 5) {
        await this.projects.acceptance(
          manager,
          project.id,
          plainToInstance(ProjectAcceptanceDto, {
            passed: true,
            note: '各项验收指标均达到榜单要求，企业产线已批量应用',
            measured: spec.indicators.map((indicator, k) => ({
              name: indicator.name,
              value: spec.measured?.[k] ?? '达标',
            })),
          }),
        );
      }
    }
    if (reach >= 5) await this.reviews.complete(manager, call.id, {});
  }

  /** The two consortia, each only if no consortium of that name exists. */
  private async loadConsortia(orgId: Map<string, string>, chainIdByCode: Map<string, string>): Promise<number> {
    const existing = new Set(
      (
        await this.consortia.list(SYSTEM_ACTOR, plainToInstance(ConsortiumQueryDto, { page: 1, pageSize: 100 }))
      ).items.map((c) => c.name),
    );
    const specs: Array<{
      name: string;
      lead: string;
      parts: Array<[string, string]>;
      chains: string[];
      description: string;
    }> = [
      {
        name: DEMO_CONSORTIUM_NAME,
        lead: 'jingyi',
        parts: [
          ['njust', '课题一：摆线针轮修形设计与受载接触分析'],
          ['suda', '课题二：精密磨削误差在线补偿'],
          ['zhiyun', '课题三：减速器装配质量数据平台'],
        ],
        chains: ['robotics-intelligent-manufacturing', 'high-end-equipment'],
        description:
          '围绕工业机器人精密减速器，由龙头企业牵头、高校院所与工业软件企业参与，按「项目+课题」开展关键核心技术联合攻关。',
      },
      {
        name: DEMO_DISPLAY_CONSORTIUM_NAME,
        lead: 'guangcai',
        parts: [
          ['sinano', '课题一：精细金属掩模版电铸成型与检测'],
          ['suda', '课题二：Micro LED 巨量转移与坏点修复'],
          ['jiahe', '课题三：显示驱动电路板国产化配套'],
        ],
        chains: ['new-display'],
        description:
          '由昆山光彩显示牵头，联合中科院苏州纳米所、苏州大学与本地配套企业，围绕 OLED 与 Micro LED 关键材料和装备开展联合攻关。',
      },
    ];
    let created = 0;
    for (const spec of specs) {
      const lead = orgId.get(spec.lead);
      const members = spec.parts
        .map(([key, role]) => ({ organisationId: orgId.get(key), role }))
        .filter((m): m is { organisationId: string; role: string } => !!m.organisationId);
      if (existing.has(spec.name) || !lead || !members.length) continue;
      const chainIds = spec.chains.map((c) => chainIdByCode.get(c)).filter((id): id is string => !!id);
      await this.consortia.create(
        SYSTEM_ACTOR,
        plainToInstance(CreateConsortiumDto, {
          name: spec.name,
          leadOrganisationId: lead,
          members,
          industryChainIds: chainIds.length ? chainIds : [...chainIdByCode.values()].slice(0, 1),
          foundedOn: inDays(-90) < `${inDays(0).slice(0, 4)}-01-01` ? `${inDays(0).slice(0, 4)}-01-01` : inDays(-90),
          description: spec.description,
        }),
      );
      created++;
    }
    return created;
  }

  /** 苏州大学 bids as the demo university account; other institutions act through their organisation. */
  private bidderActor(ctx: BuildContext, key: string): Actor | null {
    const id = ctx.orgId.get(key);
    if (!id) return null;
    if (id === ctx.university.organisationId) return ctx.university;
    const kind = DEMO_ORGANISATIONS.find((o) => o.key === key)?.kind;
    return { userId: null, role: kind === 'enterprise' ? Role.Enterprise : Role.University, organisationId: id };
  }

  private nameOf(key: string): string | null {
    return DEMO_ORGANISATIONS.find((o) => o.key === key)?.name ?? null;
  }

  private async actorOf(email: string, role: Role): Promise<Actor | null> {
    const user = await this.users.findByEmail(email);
    return user?.active ? { userId: user.id, role, organisationId: user.organisationId } : null;
  }
}

interface BuildContext {
  manager: Actor;
  university: Actor;
  orgId: Map<string, string>;
  chainIdByCode: Map<string, string>;
}
