import { PageQueryDto } from '@app/common';
import { CooperationMode, DemandKind, MaturityStage } from '@app/registry';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

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

  @ApiPropertyOptional({
    default: true,
    description:
      'Read filters (chain, institution, maturity, cooperation mode, district) out of a natural question in `q` and ' +
      'search the rest; false: search `q` as typed. Explicit filter parameters win over understood ones.',
  })
  @IsOptional()
  @Transform(({ value }) =>
    value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value,
  )
  @IsBoolean()
  understand?: boolean;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 1,
    description:
      'Share of semantic (vector) ranking in hybrid search, when an embedding service is configured ' +
      '(default SEARCH_SEMANTIC_RATIO); 0: keyword ranking only. Ignored in keyword mode.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1)
  semanticRatio?: number;
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

  @ApiPropertyOptional({ description: 'Institution (organisation) id' })
  @IsOptional()
  @IsUUID()
  institution?: string;
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

export class UnderstoodFilterDto {
  @ApiProperty({ enum: ['institution', 'chain', 'district', 'stage', 'cooperationMode'], example: 'stage' })
  type: string;

  @ApiProperty({ description: '对应的筛选参数，可显式传入', example: 'stage' })
  param: string;

  @ApiProperty({ description: '筛选取值（产业链/机构 id、英文代码或区镇名称）', example: 'pilot' })
  value: string;

  @ApiProperty({ description: '中文名称', example: '中试' })
  label: string;

  @ApiProperty({ description: '问句中被识别的原文', example: '中试阶段' })
  span: string;

  @ApiProperty({ description: '原文在问句中的起始位置（UTF-16）', example: 7 })
  start: number;

  @ApiProperty({ description: '原文在问句中的结束位置（不含）', example: 11 })
  end: number;
}

export class QueryUnderstandingDto {
  @ApiProperty({ description: '原始问句', example: '苏州大学有哪些中试阶段的新能源电池成果' })
  original: string;

  @ApiProperty({ description: '去掉已识别条件和问句套话后实际检索的文字', example: '电池' })
  text: string;

  @ApiProperty({ type: [UnderstoodFilterDto], description: '从问句中识别并已应用的筛选条件（可移除）' })
  filters: UnderstoodFilterDto[];

  @ApiPropertyOptional({
    description: '没有同时包含检索词的结果时为 true：结果只按识别出的条件筛选（检索词未参与）',
  })
  textIgnored?: boolean;
}
