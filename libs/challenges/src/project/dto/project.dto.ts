import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';

const Trim = (): PropertyDecorator => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export class ProjectQueryDto {
  @ApiPropertyOptional({ description: 'Only the projects of this call' })
  @IsOptional()
  @IsUUID()
  challengeId?: string;
}

export class AcceptMilestoneDto {
  @ApiPropertyOptional({ example: '已提交样机 3 台及设计图纸，现场核验通过' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  note?: string;

  @ApiPropertyOptional({ description: 'Version of the project read; a stale one is refused (409)' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class EliminateProjectDto {
  @ApiProperty({ example: '中期评估样机回差 18 弧秒，未达到阶段目标' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  version?: number;
}

export class MeasuredValueDto {
  @ApiProperty({ example: '回差', description: 'An acceptance indicator name of the call' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: '8', description: 'Measured value (a number for quantified targets)' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  value: string;
}

export class ProjectAcceptanceDto {
  @ApiProperty({ description: '验收通过 (true) or 未通过 (false)' })
  @IsBoolean()
  passed: boolean;

  @ApiProperty({ type: [MeasuredValueDto], description: 'A measured value for every acceptance indicator' })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => MeasuredValueDto)
  measured: MeasuredValueDto[];

  @ApiPropertyOptional({ example: '专家组现场验收，各项指标均达到榜单要求' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  note?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  version?: number;
}
