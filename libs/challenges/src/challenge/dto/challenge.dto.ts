import { Nullable, PageQueryDto } from '@app/common';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

import { BidderKind, ChallengeMechanism, ChallengeStatus, ProgrammeLine } from '../challenge.domain';
import { CHALLENGE_REGION_NAMES } from '../challenge-regions';

const Trim = (): PropertyDecorator => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** 万元 with at most two decimals. */
const Amount = (): PropertyDecorator => IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false });

export class AcceptanceIndicatorDto {
  @ApiProperty({ example: '回差', description: '指标名称' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: '≤10', description: '目标值' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  target: string;

  @ApiProperty({ example: '弧秒', description: '单位' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(30)
  unit: string;

  @ApiProperty({ example: '第三方检测机构按 GB/T 35089 测试', description: '检测方法' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  method: string;
}

export class ReviewCriterionDto {
  @ApiProperty({ example: '技术方案先进性' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name: string;

  @ApiProperty({ example: 40, description: 'Weight in percent; the weights of a call sum to 100' })
  @IsInt()
  @Min(1)
  @Max(100)
  weight: number;
}

export class EligibilityDto {
  @ApiProperty({ enum: BidderKind, isArray: true, example: [BidderKind.University, BidderKind.Enterprise] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(BidderKind, { each: true })
  institutionKinds: BidderKind[];

  @Nullable()
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '不限地区',
    enum: CHALLENGE_REGION_NAMES,
    description: '地域要求：牵头单位须位于该地区（按单位登记的区镇、地址判定；联合体以牵头单位为准）',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @IsIn(CHALLENGE_REGION_NAMES, { message: `地域要求须为以下之一：${CHALLENGE_REGION_NAMES.join('、')}` })
  region?: string | null;

  @ApiProperty({ description: 'Whether an innovation consortium (a lead with member organisations) may bid' })
  @IsBoolean()
  consortiumAllowed: boolean;

  @Nullable()
  @ApiPropertyOptional({ type: String, nullable: true, example: '牵头单位须具有精密传动领域研发团队' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  notes?: string | null;
}

export class ChallengeFieldsDto {
  @ApiProperty({ example: '协作机器人关节高精度谐波减速器攻关' })
  @Trim()
  @IsString()
  @MinLength(4)
  @MaxLength(120)
  title: string;

  @ApiProperty({ description: 'The problem to solve (榜单内容)' })
  @Trim()
  @IsString()
  @MinLength(10)
  @MaxLength(10000)
  problem: string;

  @ApiPropertyOptional({ type: [String], description: 'Industry chain ids (default: those of the source demand)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(15)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  industryChainIds?: string[];

  @ApiProperty({ type: [AcceptanceIndicatorDto], description: '验收指标 (1–30)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => AcceptanceIndicatorDto)
  indicators: AcceptanceIndicatorDto[];

  @ApiProperty({ enum: ChallengeMechanism })
  @IsEnum(ChallengeMechanism)
  mechanism: ChallengeMechanism;

  @Nullable()
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: '赛马制: number of teams funded in parallel (2–10); required for it only',
  })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(10)
  raceTeams?: number | null;

  @Nullable()
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: '定向委托: the institution commissioned; required for it only',
  })
  @IsOptional()
  @IsUUID()
  directedInstitutionId?: string | null;

  @ApiPropertyOptional({ enum: ProgrammeLine, default: ProgrammeLine.MajorTransfer })
  @IsOptional()
  @IsEnum(ProgrammeLine)
  programmeLine?: ProgrammeLine;

  @ApiProperty({ example: 500, description: '榜额 (万元) = enterpriseShare + governmentShare' })
  @Amount()
  @Min(0.01)
  @Max(10000000)
  fundingTotal: number;

  @ApiProperty({ example: 350, description: 'Paid by the enterprise (万元)' })
  @Amount()
  @Min(0)
  @Max(10000000)
  enterpriseShare: number;

  @ApiProperty({ example: 150, description: 'Paid by the government (万元)' })
  @Amount()
  @Min(0)
  @Max(10000000)
  governmentShare: number;

  @ApiProperty({ type: EligibilityDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => EligibilityDto)
  eligibility: EligibilityDto;

  @ApiProperty({ example: '2027-03-31T17:00:00+08:00', description: 'ISO 8601 with offset; in the future' })
  @IsISO8601({ strict: true })
  bidDeadline: string;

  @ApiProperty({ type: [ReviewCriterionDto], description: 'Review criteria (1–10) with weights summing to 100' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ReviewCriterionDto)
  criteria: ReviewCriterionDto[];

  @ApiPropertyOptional({ description: 'Responsible technology manager (default: the creating manager)' })
  @IsOptional()
  @IsUUID()
  managerUserId?: string;
}

export class CreateChallengeDto extends ChallengeFieldsDto {
  @ApiPropertyOptional({ description: 'A published major demand (重大需求) the call is written from' })
  @IsOptional()
  @IsUUID()
  sourceDemandId?: string;

  @ApiPropertyOptional({ description: 'The enterprise setting the challenge; default: the source demand’s owner' })
  @IsOptional()
  @IsUUID()
  enterpriseOrganisationId?: string;
}

export class UpdateChallengeDto extends PartialType(ChallengeFieldsDto) {
  @ApiPropertyOptional({ description: 'Version read with the call; a stale one is refused (409)' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class ChallengeTransitionDto {
  @ApiPropertyOptional({ example: '企业调整研发方向，撤回榜单', description: 'Required to cancel (撤榜)' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  version?: number;
}

export class ChallengeQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ChallengeStatus })
  @IsOptional()
  @IsEnum(ChallengeStatus)
  status?: ChallengeStatus;

  @ApiPropertyOptional({ enum: ChallengeMechanism })
  @IsOptional()
  @IsEnum(ChallengeMechanism)
  mechanism?: ChallengeMechanism;

  @ApiPropertyOptional({ description: 'Words in the title or the problem' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Calls of this industry chain' })
  @IsOptional()
  @IsUUID()
  chain?: string;

  @ApiPropertyOptional({ description: 'Only the calls the caller is an assigned expert of (评审任务)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  reviewing?: boolean;
}
