import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import { Trim } from '../../dto-helpers';
import { RatedRecordKind } from '../evaluation.entity';
import { CRITERION_CODES } from '../scoring-model';

const SUBJECTS = ['manager', 'agency'] as const;

export class NormalisationDto {
  @ApiProperty({
    enum: ['target', 'range', 'relative'],
    description: 'target：达到目标值得满分；range：区间线性；relative：以本期最高值为满分',
  })
  @IsIn(['target', 'range', 'relative'])
  kind: 'target' | 'range' | 'relative';

  @ApiPropertyOptional({ example: 10 })
  @IsOptional()
  @IsNumber()
  target?: number;

  @ApiPropertyOptional({ example: 0 })
  @IsOptional()
  @IsNumber()
  min?: number;

  @ApiPropertyOptional({ example: 100 })
  @IsOptional()
  @IsNumber()
  max?: number;
}

export class CriterionSpecDto {
  @ApiProperty({ enum: Object.keys(CRITERION_CODES) })
  @IsIn(Object.keys(CRITERION_CODES))
  code: keyof typeof CRITERION_CODES;

  @ApiProperty({ example: '促成精准匹配' })
  @IsString()
  @MaxLength(50)
  label: string;

  @ApiProperty({ example: '项' })
  @IsString()
  @MaxLength(20)
  unit: string;

  @ApiProperty({ example: 20, description: '权重；各项之和必须为 100' })
  @IsNumber()
  weight: number;

  @ApiProperty({ type: NormalisationDto })
  @ValidateNested()
  @Type(() => NormalisationDto)
  normalisation: NormalisationDto;

  @ApiProperty({ example: 0, description: '无数据（无到期跟进、无评价等）时的标准化得分' })
  @IsNumber()
  noDataScore: number;

  @ApiProperty({ example: '本期由其确认的精准匹配数；达到 10 项得满分' })
  @IsString()
  @MaxLength(300)
  rule: string;
}

export class GradeSpecDto {
  @ApiProperty({ example: 'A' })
  @IsString()
  @MaxLength(10)
  grade: string;

  @ApiProperty({ example: '一级' })
  @IsString()
  @MaxLength(20)
  label: string;

  @ApiProperty({ example: 80, description: '总分不低于此值即为该等级' })
  @IsNumber()
  minScore: number;
}

export class ScoringModelDto {
  @ApiProperty({ example: 'manager-2026' })
  @IsString()
  @MaxLength(50)
  code: string;

  @ApiProperty({ enum: SUBJECTS })
  @IsIn(SUBJECTS)
  subject: 'manager' | 'agency';

  @ApiProperty({ example: '技术经理人分级评估模型（2026 版）' })
  @IsString()
  @MaxLength(100)
  name: string;

  @ApiProperty({ type: [CriterionSpecDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CriterionSpecDto)
  criteria: CriterionSpecDto[];

  @ApiProperty({ type: [GradeSpecDto] })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => GradeSpecDto)
  grades: GradeSpecDto[];
}

export class ScoringModelsDto {
  @ApiProperty({ type: ScoringModelDto })
  manager: ScoringModelDto;

  @ApiProperty({ type: ScoringModelDto })
  agency: ScoringModelDto;
}

export class ComputeEvaluationDto {
  @ApiProperty({ example: '2026', description: '评估期：年度（2026）或半年度（2026H1、2026H2）' })
  @IsString()
  @Matches(/^\d{4}(H[12])?$/, { message: '评估期格式为 2026、2026H1 或 2026H2' })
  periodKey: string;

  @ApiPropertyOptional({ type: ScoringModelDto, description: '本期使用的技术经理人评估模型；不填用平台默认模型' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScoringModelDto)
  managerModel?: ScoringModelDto;

  @ApiPropertyOptional({ type: ScoringModelDto, description: '本期使用的机构评估模型；不填用平台默认模型' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScoringModelDto)
  agencyModel?: ScoringModelDto;
}

export class PublishEvaluationDto {
  @ApiProperty({ description: '评估期的版本（防止发布他人刚重新计算过的结果）' })
  @IsInt()
  version: number;
}

export class EvaluationRankingQueryDto {
  @ApiPropertyOptional({ enum: SUBJECTS, default: 'manager' })
  @IsOptional()
  @IsIn(SUBJECTS)
  subjectKind?: 'manager' | 'agency';
}

export class EvaluationExportDto {
  @ApiPropertyOptional({ enum: SUBJECTS, default: 'manager' })
  @ValidateIf((o: EvaluationExportDto) => o.subjectKind !== undefined)
  @IsIn(SUBJECTS)
  subjectKind?: 'manager' | 'agency';
}

export class EvaluationCountsDto {
  @ApiProperty()
  manager: number;

  @ApiProperty()
  agency: number;
}

export class EvaluationPeriodResponseDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ example: '2026' })
  periodKey: string;

  @ApiProperty({ example: '2026 年度' })
  label: string;

  @ApiProperty({ example: '2026-01-01' })
  startOn: string;

  @ApiProperty({ example: '2026-12-31' })
  endOn: string;

  @ApiProperty({ enum: ['draft', 'published'] })
  status: 'draft' | 'published';

  @ApiProperty({ example: '已发布' })
  statusLabel: string;

  @ApiProperty()
  computedAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  publishedAt: Date | null;

  @ApiProperty({ type: EvaluationCountsDto })
  counts: EvaluationCountsDto;

  @ApiProperty({ type: ScoringModelsDto })
  models: ScoringModelsDto;

  @ApiProperty()
  version: number;
}

export class EvaluationCriterionDto {
  @ApiProperty({ enum: Object.keys(CRITERION_CODES) })
  code: string;

  @ApiProperty({ example: '促成精准匹配' })
  label: string;

  @ApiProperty({ example: '项' })
  unit: string;

  @ApiProperty({ description: '计分规则' })
  rule: string;

  @ApiProperty({ example: 20 })
  weight: number;

  @ApiProperty({ type: Number, nullable: true, description: '原始值；比率或平均值无数据时为空' })
  raw: number | null;

  @ApiProperty({ example: 60, description: '标准化得分（0–100）' })
  normalised: number;

  @ApiProperty({ example: 12, description: '贡献分 = 标准化得分 × 权重 ÷ 100' })
  contribution: number;
}

export class EvaluationRowDto {
  @ApiProperty()
  subjectId: string;

  @ApiProperty({ example: '陈晓峰' })
  subjectName: string;

  @ApiProperty()
  rank: number;

  @ApiProperty({ example: 72.5 })
  total: number;

  @ApiProperty({ example: 'B' })
  grade: string;

  @ApiProperty({ example: '二级' })
  gradeLabel: string;

  @ApiProperty({ type: [EvaluationCriterionDto] })
  criteria: EvaluationCriterionDto[];
}

export class EvaluationRankingDto {
  @ApiProperty({ type: EvaluationPeriodResponseDto })
  period: EvaluationPeriodResponseDto;

  @ApiProperty({ enum: SUBJECTS })
  subjectKind: 'manager' | 'agency';

  @ApiProperty({ type: [EvaluationRowDto] })
  rows: EvaluationRowDto[];
}

export class EvaluationSheetDto extends EvaluationRowDto {
  @ApiProperty({ type: EvaluationPeriodResponseDto })
  period: EvaluationPeriodResponseDto;

  @ApiProperty({ enum: SUBJECTS })
  subjectKind: 'manager' | 'agency';

  @ApiProperty({ example: '技术经理人' })
  subjectKindLabel: string;

  @ApiProperty({ description: '参评人数（机构数）' })
  of: number;

  @ApiProperty({ example: '技术经理人分级评估模型（2026 版）' })
  modelName: string;

  @ApiProperty({ type: [GradeSpecDto] })
  grades: GradeSpecDto[];
}

export class RateServiceDto {
  @ApiProperty({ enum: RatedRecordKind, description: '评价对象：服务记录或签约项目' })
  @IsEnum(RatedRecordKind)
  recordKind: RatedRecordKind;

  @ApiProperty()
  @IsUUID()
  recordId: string;

  @ApiProperty({ example: 5, description: '1–5 分' })
  @IsInt()
  @Min(1)
  @Max(5)
  score: number;

  @ApiPropertyOptional({ example: '走访准备充分，帮我们理清了减速器国产化的技术路线' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  comment?: string;
}

export class ServiceRatingResponseDto {
  @ApiProperty()
  id: string;

  @ApiProperty()
  managerProfileId: string;

  @ApiProperty()
  managerName: string;

  @ApiProperty({ enum: RatedRecordKind })
  recordKind: RatedRecordKind;

  @ApiProperty()
  recordId: string;

  @ApiProperty()
  score: number;

  @ApiProperty()
  comment: string;

  @ApiProperty()
  createdAt: Date;
}

export class RatingSummaryDto {
  @ApiProperty()
  score: number;

  @ApiProperty()
  comment: string;

  @ApiProperty()
  createdAt: Date;
}

export class RateableRecordDto {
  @ApiProperty({ enum: RatedRecordKind })
  recordKind: RatedRecordKind;

  @ApiProperty({ example: '服务记录' })
  recordKindLabel: string;

  @ApiProperty()
  recordId: string;

  @ApiProperty({ example: '走访：梳理谐波减速器国产化技术路线' })
  title: string;

  @ApiProperty({ example: '2026-09-12' })
  occurredOn: string;

  @ApiProperty()
  managerProfileId: string;

  @ApiProperty({ example: '陈晓峰' })
  managerName: string;

  @ApiProperty({ type: RatingSummaryDto, nullable: true })
  rating: RatingSummaryDto | null;
}
