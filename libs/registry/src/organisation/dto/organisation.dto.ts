import { Nullable, PageQueryDto } from '@app/common';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsEnum,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

import { OrganisationKind, TierFlag } from '../../domain';

export class TierFlagGrantDto {
  @ApiProperty({ enum: TierFlag })
  @IsEnum(TierFlag)
  flag: TierFlag;

  @ApiProperty({ example: '2026-03-15', description: 'Date the title was granted' })
  @IsISO8601({ strict: true })
  grantedOn: string;
}

export class OrganisationFieldsDto {
  @ApiProperty({ example: '昆山精密传动科技有限公司' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @Nullable()
  @ApiPropertyOptional({ example: '91320583MA1XXXXXX0', description: '统一社会信用代码 (18 characters)' })
  @IsOptional()
  @Matches(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/)
  creditCode?: string;

  @Nullable()
  @ApiPropertyOptional({ example: '周市镇' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  district?: string;

  @Nullable()
  @ApiPropertyOptional({ example: '昆山市周市镇青阳北路 88 号' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  address?: string;

  @Nullable()
  @ApiPropertyOptional({ example: 'https://www.example.com' })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(200)
  website?: string;

  @ApiPropertyOptional({ example: '专注工业机器人精密减速器研发与制造。' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  intro?: string;

  @Nullable()
  @ApiPropertyOptional({ example: '王立' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  contactName?: string;

  @Nullable()
  @ApiPropertyOptional({ example: '0512-57000000' })
  @IsOptional()
  @Matches(/^[0-9+\-() ]{5,30}$/)
  contactPhone?: string;

  @Nullable()
  @ApiPropertyOptional({ example: 'tech@example.com' })
  @IsOptional()
  @IsEmail()
  @MaxLength(100)
  contactEmail?: string;
}

export class CreateOrganisationDto extends OrganisationFieldsDto {
  @ApiProperty({ enum: OrganisationKind })
  @IsEnum(OrganisationKind)
  kind: OrganisationKind;

  @ApiPropertyOptional({ type: [TierFlagGrantDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => TierFlagGrantDto)
  tierFlags?: TierFlagGrantDto[];
}

export class UpdateOrganisationDto extends PartialType(OmitType(CreateOrganisationDto, ['kind'] as const)) {
  @ApiProperty({ description: 'Version read with the record (optimistic locking)' })
  @IsInt()
  version: number;
}

export class OrganisationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: OrganisationKind })
  @IsOptional()
  @IsEnum(OrganisationKind)
  kind?: OrganisationKind;

  @ApiPropertyOptional({ description: 'Name contains' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

/** An organisation as GET /organisations lists it (contact fields only for staff and its own members). */
export class OrganisationResponseDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ enum: OrganisationKind, enumName: 'OrganisationKind', description: '单位类型' })
  kind: OrganisationKind;

  @ApiProperty({ description: '单位名称' })
  name: string;

  @ApiProperty({ type: String, nullable: true, description: '统一社会信用代码' })
  creditCode: string | null;

  @ApiProperty({ type: String, nullable: true, description: '所在区镇' })
  district: string | null;

  @ApiProperty({ description: '简介' })
  intro: string;
}

export class OrganisationPageDto {
  @ApiProperty({ type: [OrganisationResponseDto] })
  items: OrganisationResponseDto[];

  @ApiProperty({ description: '总条数' })
  total: number;

  @ApiProperty({ description: '页码' })
  page: number;

  @ApiProperty({ description: '每页条数' })
  pageSize: number;
}
