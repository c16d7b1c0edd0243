import { PageQueryDto } from '@app/common';
import { CooperationMode, DemandKind, MaturityStage } from '@app/registry';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class CatalogueSearchDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '谐波减速器 机器人' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'Industry chain id' })
  @IsOptional()
  @IsUUID()
  chain?: string;
}

export class AchievementSearchDto extends CatalogueSearchDto {
  @ApiPropertyOptional({ enum: MaturityStage })
  @IsOptional()
  @IsEnum(MaturityStage)
  stage?: MaturityStage;

  @ApiPropertyOptional({ enum: CooperationMode })
  @IsOptional()
  @IsEnum(CooperationMode)
  transferMode?: CooperationMode;
}

export class DemandSearchDto extends CatalogueSearchDto {
  @ApiPropertyOptional({ enum: DemandKind })
  @IsOptional()
  @IsEnum(DemandKind)
  kind?: DemandKind;

  @ApiPropertyOptional({ enum: CooperationMode })
  @IsOptional()
  @IsEnum(CooperationMode)
  cooperationMode?: CooperationMode;

  @ApiPropertyOptional({ enum: MaturityStage, description: 'Required maturity stage' })
  @IsOptional()
  @IsEnum(MaturityStage)
  stage?: MaturityStage;

  @ApiPropertyOptional({ example: '昆山开发区', description: 'Region (区域) as facetted' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  region?: string;
}

export class FacetValueDto {
  @ApiProperty({ description: '取值（产业链 id 或英文代码）', example: 'joint_development' })
  value: string;

  @ApiProperty({ description: '中文名称（产业链名称、成熟度、合作方式、需求类型等）', example: '合作开发' })
  label: string;

  @ApiProperty({ description: '命中条数', example: 12 })
  count: number;
}
