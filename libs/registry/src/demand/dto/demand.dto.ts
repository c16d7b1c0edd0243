import { Nullable, PageQueryDto } from '@app/common';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

import { CooperationMode, DemandKind, DemandSource, DemandStatus, MaturityStage } from '../../domain';
import { CleanStringArray, QueryArray, Trim } from '../../dto-helpers';

export class DemandFieldsDto {
  @ApiProperty({ example: '工业机器人用高精度谐波减速器国产化' })
  @Trim()
  @IsString()
  @MinLength(4)
  @MaxLength(120)
  title: string;

  @ApiProperty({
    example:
      '我司年产协作机器人 2 万台，现用进口谐波减速器，交期长、成本高，希望联合高校开发回差≤10 弧秒的国产谐波减速器。',
  })
  @Trim()
  @IsString()
  @MinLength(20)
  @MaxLength(10000)
  description: string;

  @ApiPropertyOptional({ example: ['谐波减速器', '柔轮', '齿形设计'], maxItems: 20 })
  @IsOptional()
  @CleanStringArray()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(30, { each: true })
  keywords?: string[];

  @ApiProperty({ description: 'Industry chain ids (1–5)', type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @IsUUID('all', { each: true })
  industryChainIds: string[];

  @ApiPropertyOptional({ description: 'Match only achievements of these chains', default: false })
  @IsOptional()
  @IsBoolean()
  chainRequired?: boolean;

  @ApiProperty({ enum: DemandKind, description: 'major 重大需求 / chain 产业链技术需求' })
  @IsEnum(DemandKind)
  kind: DemandKind;

  @ApiPropertyOptional({ example: '形成可批量生产的样机，寿命≥1 万小时' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  expectedOutcome?: string;

  @ApiPropertyOptional({ example: '传动精度≤1 弧分；回差≤10 弧秒；额定寿命≥10000 h' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  technicalIndicators?: string;

  @Nullable()
  @ApiPropertyOptional({ minimum: 1, maximum: 9, description: 'Lowest acceptable TRL' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9)
  requiredTrl?: number;

  @Nullable()
  @ApiPropertyOptional({ enum: MaturityStage })
  @IsOptional()
  @IsEnum(MaturityStage)
  requiredStage?: MaturityStage;

  @ApiPropertyOptional({ enum: CooperationMode, isArray: true })
  @IsOptional()
  @CleanStringArray()
  @IsArray()
  @ArrayMaxSize(6)
  @IsEnum(CooperationMode, { each: true })
  cooperationModes?: CooperationMode[];

  @Nullable()
  @ApiPropertyOptional({ example: '2027-06-30' })
  @IsOptional()
  @IsISO8601({ strict: true })
  deadline?: string;

  @Nullable()
  @ApiPropertyOptional({ example: '昆山市周市镇' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(50)
  region?: string;

  @Nullable()
  @ApiPropertyOptional({ description: '预算下限（万元）, confidential', example: 50 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e9)
  budgetMin?: number;

  @Nullable()
  @ApiPropertyOptional({ description: '预算上限（万元）, confidential', example: 200 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e9)
  budgetMax?: number;

  @Nullable()
  @ApiPropertyOptional({ description: 'confidential', example: '李工' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(50)
  contactName?: string;

  @Nullable()
  @ApiPropertyOptional({ description: 'confidential', example: '13912345678' })
  @IsOptional()
  @Matches(/^[0-9+\-() ]{5,30}$/)
  contactPhone?: string;

  @Nullable()
  @ApiPropertyOptional({ description: 'confidential', example: 'li@example.com' })
  @IsOptional()
  @IsEmail()
  @MaxLength(100)
  contactEmail?: string;

  @Nullable()
  @ApiPropertyOptional({ description: '保密说明, confidential' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  confidentialNotes?: string;
}

export class CreateDemandDto extends DemandFieldsDto {
  @ApiPropertyOptional({ description: 'Owner enterprise; staff only (an enterprise user always files for its own)' })
  @IsOptional()
  @IsUUID()
  ownerOrganisationId?: string;

  @ApiPropertyOptional({ enum: DemandSource, description: 'staff only' })
  @IsOptional()
  @IsEnum(DemandSource)
  source?: DemandSource;

  @Nullable()
  @ApiPropertyOptional({ description: 'Technology manager in charge; staff only' })
  @IsOptional()
  @IsUUID()
  assignedManagerId?: string;
}

export class UpdateDemandDto extends PartialType(OmitType(CreateDemandDto, ['ownerOrganisationId'] as const)) {
  @ApiProperty({ description: 'Version read with the record (optimistic locking)' })
  @IsInt()
  version: number;
}

export class DemandTransitionDto {
  @ApiPropertyOptional({ description: 'Reason (required to return a submission)', example: '请补充技术指标' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional({ description: 'Version read with the record; when given, a stale one is refused' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export const DEMAND_SORTS = ['createdAt', 'updatedAt', 'publishedAt', 'deadline', 'title'] as const;

export class DemandQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Industry chain id' })
  @IsOptional()
  @IsUUID()
  chain?: string;

  @ApiPropertyOptional({ enum: DemandKind })
  @IsOptional()
  @IsEnum(DemandKind)
  kind?: DemandKind;

  @ApiPropertyOptional({ enum: DemandStatus, isArray: true, description: 'comma-separated' })
  @IsOptional()
  @QueryArray()
  @IsEnum(DemandStatus, { each: true })
  status?: DemandStatus[];

  @ApiPropertyOptional({ description: 'Year the demand was created', example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ description: 'Text in title, description or keywords' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'Owner enterprise (staff only)' })
  @IsOptional()
  @IsUUID()
  ownerOrganisationId?: string;

  @ApiPropertyOptional({ enum: DEMAND_SORTS, default: 'createdAt' })
  @IsOptional()
  @IsIn(DEMAND_SORTS)
  sort: (typeof DEMAND_SORTS)[number] = 'createdAt';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'desc';
}
