import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';

import { InterestReason, MatchInterest, MatchStatus } from '../match/match.entity';

export class MatchInterestDto {
  @ApiProperty({ enum: MatchInterest, description: '有意向 interested / 不合适 not_interested' })
  @IsEnum(MatchInterest)
  interest: MatchInterest;

  @ApiPropertyOptional({
    enum: InterestReason,
    description:
      '不合适的原因（not_interested 时必填）：tech_mismatch 技术方向不符、immature 成果成熟度不够、price 价格或投入不合适、' +
      'cooperation_mode 合作方式不合适、solved_elsewhere 需求已通过其他途径解决、not_now 暂无合作计划、other 其他',
  })
  @IsOptional()
  @IsEnum(InterestReason)
  reason?: InterestReason;

  @ApiPropertyOptional({ description: '补充说明', example: '我们更需要可直接量产的方案' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ description: '读取时的匹配版本号；不一致时拒绝（409）' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class MatchInterestResultDto {
  @ApiProperty({ description: '匹配 id' })
  id: string;

  @ApiProperty({ enum: MatchInterest, description: '企业意向' })
  interest: MatchInterest;

  @ApiProperty({ description: '企业意向（中文）', example: '有意向' })
  interestLabel: string;

  @ApiPropertyOptional({ enum: InterestReason, nullable: true, description: '不合适的原因' })
  interestReason: InterestReason | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: '不合适的原因（中文）', example: '技术方向不符' })
  interestReasonLabel: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: '补充说明' })
  interestNote: string | null;

  @ApiProperty({ type: String, format: 'date-time', description: '表达意向的时间' })
  interestAt: Date;

  @ApiProperty({ enum: MatchStatus, description: '对接阶段（表达意向不改变阶段）' })
  status: MatchStatus;

  @ApiProperty({ description: '对接阶段（中文）', example: '系统推荐' })
  statusLabel: string;

  @ApiProperty({ description: '版本号' })
  version: number;
}

export class MatchHistoryActorDto {
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: '操作人用户 id：仅平台人员或同单位用户可见，其他人为 null',
  })
  userId: string | null;

  @ApiProperty({ description: '操作人姓名', example: '陈经理' })
  name: string;

  @ApiProperty({ description: '操作人角色', example: 'manager' })
  role: string;

  @ApiProperty({ description: '操作人角色（中文）', example: '技术经理人' })
  roleLabel: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: '操作人所属单位名称' })
  organisationName: string | null;
}

export class MatchHistoryStepDto {
  @ApiProperty({ description: '步骤标识（事件编号；系统推荐为 created）' })
  id: string;

  @ApiProperty({
    description:
      '动作：suggested 系统推荐、created 人工推荐、confirm、contact、negotiate、contract、reject、reopen、interest',
    example: 'confirm',
  })
  action: string;

  @ApiProperty({ description: '动作（中文）', example: '确认精准匹配' })
  actionLabel: string;

  @ApiPropertyOptional({ enum: MatchStatus, nullable: true, description: '此步之后的对接阶段（表达意向不改变阶段）' })
  stage: MatchStatus | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: '阶段（中文）', example: '精准匹配' })
  stageLabel: string | null;

  @ApiProperty({ type: String, format: 'date-time', description: '时间' })
  at: Date;

  @ApiProperty({ type: MatchHistoryActorDto, description: '操作人' })
  actor: MatchHistoryActorDto;

  @ApiPropertyOptional({ nullable: true, type: String, description: '原因代码（否决、不合适）' })
  reason: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: '原因（中文）' })
  reasonLabel: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: '备注：非平台人员看不到联系方式；高校院所看不到涉及企业预算的内容',
  })
  note: string | null;
}

export class MatchHistoryDto {
  @ApiProperty({ description: '匹配 id' })
  matchId: string;

  @ApiProperty({ enum: MatchStatus, description: '当前对接阶段' })
  status: MatchStatus;

  @ApiProperty({ description: '当前阶段（中文）' })
  statusLabel: string;

  @ApiProperty({ type: [MatchHistoryStepDto], description: '按时间先后排列的各步骤' })
  steps: MatchHistoryStepDto[];
}

export class MatchFactorDto {
  @ApiProperty({ description: '因素取值 0–1' }) value: number;
  @ApiProperty({ description: '权重' }) weight: number;
  @ApiProperty({ description: '对匹配分的贡献（取值 × 权重，业务因素另乘查询置信度；各项之和即匹配分）' })
  contribution: number;
  @ApiProperty({ description: '中文说明（高校院所看不到涉及企业预算的说明）', example: '同属产业链：机器人' })
  note: string;
}

export class MatchExplanationDto {
  @ApiProperty({ type: [String], description: '命中的技术词' }) matchedTerms: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/MatchFactorDto' },
    description:
      '各因素：text 技术内容相关度（取值即说明中的百分比）、chain 产业链、maturity 成熟度、mode 合作方式、budget 价格、region 地域',
  })
  factors: Record<string, MatchFactorDto>;

  @ApiPropertyOptional({ description: '查询置信度 0–1' }) confidence?: number;
  @ApiPropertyOptional({ description: '技术内容相关度 0–1（= text 因素的取值；低于展示阈值为低相关）' })
  strength?: number;
  @ApiProperty({ description: '推荐理由摘要（中文）' }) summary: string;
}

export class MatchDemandRefDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: '需求名称' }) title: string;
  @ApiProperty({ description: '需求状态' }) status: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: '需求企业' }) ownerOrganisationName: string | null;
}

export class MatchAchievementRefDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: '成果名称' }) title: string;
  @ApiProperty({ description: '成果状态' }) status: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: '成果单位' }) institutionName: string | null;
}

/** A stored match as the reader may see it (see match.visibility.ts). */
export class MatchResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() demandId: string;
  @ApiProperty() achievementId: string;
  @ApiProperty({ enum: MatchStatus, description: '对接阶段' }) status: MatchStatus;
  @ApiProperty({ description: '对接阶段（中文）', example: '精准匹配' }) statusLabel: string;
  @ApiProperty({ description: '匹配分' }) score: number;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '在该需求推荐中的名次' }) rank: number | null;
  @ApiProperty({ type: MatchExplanationDto, description: '推荐理由' }) explanation: MatchExplanationDto;
  @ApiProperty({ enum: ['engine', 'manual'], description: 'engine 系统推荐 / manual 人工推荐' })
  origin: 'engine' | 'manual';
  @ApiProperty({ description: '在活动对接清单中（重算时保留）' }) pinned: boolean;
  @ApiProperty({
    description: '低相关：技术内容相关度低于展示阈值的系统推荐（平台人员可见并标注；不作为推荐展示给需求方企业）',
  })
  lowRelevance: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) computedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: '首次确认精准匹配时间' })
  confirmedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '确认人 id（仅平台人员可见）' })
  confirmedById: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: '签约时间' })
  contractedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '否决原因代码' }) rejectReason: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '否决说明' }) rejectNote: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '最近操作人 id（仅平台人员可见）' })
  decidedById: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) decidedAt: Date | null;

  @ApiPropertyOptional({ enum: MatchInterest, nullable: true, description: '企业意向；仅平台人员和需求方企业' })
  interest?: MatchInterest | null;
  @ApiPropertyOptional({ enum: InterestReason, nullable: true, description: '不合适的原因；仅平台人员和需求方企业' })
  interestReason?: InterestReason | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '企业补充说明；仅平台人员和需求方企业' })
  interestNote?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: '表达意向时间' })
  interestAt?: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '表达意向的企业用户 id' })
  interestById?: string | null;

  @ApiProperty({ type: MatchDemandRefDto, nullable: true }) demand: MatchDemandRefDto | null;
  @ApiProperty({ type: MatchAchievementRefDto, nullable: true }) achievement: MatchAchievementRefDto | null;
  @ApiProperty({ description: '版本号' }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class MatchPageDto {
  @ApiProperty({ type: [MatchResponseDto] }) items: MatchResponseDto[];
  @ApiProperty({ description: '总条数' }) total: number;
  @ApiProperty({ description: '页码' }) page: number;
  @ApiProperty({ description: '每页条数' }) pageSize: number;
}

/** GET /demands/:id/matches and GET /achievements/:id/matches. */
export class EntityMatchesDto {
  @ApiProperty({ description: 'false：已保存的匹配（含对接阶段与企业意向）；true：实时计算的建议（仅平台人员）' })
  live: boolean;

  @ApiProperty({
    type: [MatchResponseDto],
    description:
      '按匹配分从高到低。live=true 时为实时建议，只含 demandId、achievementId、score 与 explanation（尚未保存，无 id 与阶段）',
  })
  items: MatchResponseDto[];

  @ApiProperty({
    description:
      '因相关度低于展示阈值而未向需求方企业展示的系统推荐条数（平台人员读取时为 0：他们看到全部，低相关的标注 lowRelevance）',
  })
  lowRelevanceHidden: number;

  @ApiPropertyOptional({ description: '需求是否已完成系统匹配（仅需求的推荐列表返回）' })
  matched?: boolean;
}
