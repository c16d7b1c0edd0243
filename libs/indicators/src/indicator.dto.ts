import { Nullable, PageQueryDto } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
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
} from 'class-validator';

import { ReportStatus } from './indicator.entities';

export class IndicatorYearQueryDto {
  @ApiPropertyOptional({ example: 2026, description: '规划年度，默认今年（北京时间）' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ example: '2026-06-30', description: '统计截至日期（默认今天），用于回看' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}

export class IndicatorRecordsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ example: '2026-06-30' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;

  @ApiPropertyOptional({ description: '按产业链筛选' })
  @IsOptional()
  @IsUUID()
  chainId?: string;

  @ApiPropertyOptional({ example: '周市镇', description: '按区镇筛选；“未填写”筛选无区镇的记录' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  district?: string;
}

export class ReportListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ReportStatus,
    enumName: 'ReportStatus',
    description: 'submitted 待审核 / approved 已审核 / rejected 已驳回',
  })
  @IsOptional()
  @IsEnum(ReportStatus)
  status?: ReportStatus;

  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2025)
  @Max(2027)
  year?: number;
}

export class UpdateTargetDto {
  @ApiProperty({ example: 40 })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1e9)
  value: number;

  @Nullable()
  @ApiPropertyOptional({ example: 2, description: '区间目标的上限（如 1～2）' })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  valueMax?: number | null;

  @ApiPropertyOptional({ description: '乐观锁：读取时的 version' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class SubmitReportDto {
  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2025)
  @Max(2027)
  year: number;

  @ApiProperty({ example: 1, description: '当年数值（年度数据：当年累计新增；累计数据：截至 asOf 的总量）' })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1e9)
  value: number;

  @ApiProperty({ example: '2026-06-30', description: '数据截至日期' })
  @IsISO8601({ strict: true })
  asOf: string;

  @ApiProperty({ example: '江苏省科技厅2026年省重点实验室认定文件（苏科技〔2026〕12号）' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  evidence: string;
}

export class ReviewReportDto {
  @ApiPropertyOptional({ example: '佐证材料不完整' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ReportExportDto {
  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2025)
  @Max(2027)
  year: number;

  @ApiPropertyOptional({ enum: ['xlsx', 'csv'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['xlsx', 'csv'])
  format?: 'xlsx' | 'csv';

  @ApiPropertyOptional({ example: '2026-11-30' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}

export class IndicatorSeriesQueryDto extends IndicatorYearQueryDto {
  @ApiProperty({
    example: 'precise_matches,achievements,activities',
    description: '逗号分隔的指标 key（平台自动统计的指标，最多 8 个）',
  })
  @Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean)
      : value,
  )
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  @Matches(/^[a-z_]{1,40}$/, { each: true })
  keys: string[];
}

export class PipelineRecordsQueryDto extends PageQueryDto {
  @ApiProperty({ enum: ['suggested', 'confirmed', 'contacted', 'negotiating', 'contracted'] })
  @IsIn(['suggested', 'confirmed', 'contacted', 'negotiating', 'contracted'])
  stage: 'suggested' | 'confirmed' | 'contacted' | 'negotiating' | 'contracted';

  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ example: '2026-06-30' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;
}
