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
}

export class FacetValueDto {
  @ApiProperty({ description: '取值（产业链 id 或英文代码）', example: 'joint_development' })
  value: string;

  @ApiProperty({ description: '中文名称（产业链名称、成熟度、合作方式、需求类型等）', example: '合作开发' })
  label: string;

  @ApiProperty({ description: '命中条数', example: 12 })
  count: number;
}

export class CatalogueSearchResultDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: '命中记录（仅公开字段），_formatted 中为高亮片段（<em>…</em>）',
  })
  items: Record<string, unknown>[];

  @ApiProperty({ description: '命中总数' })
  total: number;

  @ApiProperty({ description: '页码' })
  page: number;

  @ApiProperty({ description: '每页条数' })
  pageSize: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'number' } },
    description: '分面计数（旧格式，取值 → 条数），保留以兼容已有调用方',
  })
  facets: Record<string, Record<string, number>>;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { $ref: '#/components/schemas/FacetValueDto' } },
    description:
      '分面取值及中文名称，按条数从多到少：industryChainIds（产业链名称）、stage/requiredStage（成熟度）、' +
      'transferModes/cooperationModes（合作方式）、kind（需求类型）、ipType（知识产权类型）、region（地区）',
  })
  facetValues: Record<string, FacetValueDto[]>;

  @ApiProperty({ description: '检索耗时（毫秒）' })
  tookMs: number;
}
