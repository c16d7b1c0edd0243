import { PageQueryDto } from '@app/common';
import { NotFutureDate } from '@app/registry';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';

import { DATE_ONLY, Trim } from '../../dto-helpers';
import { AgencyStatus, ServiceScope } from '../../managers.domain';
import { ChainRefDto, ManagerProfileResponseDto } from '../../profile/dto/manager-profile.dto';

export class CreateAgencyDto {
  @ApiProperty({ description: '机构 id（类型须为技术转移服务机构，先在机构库中登记）' })
  @IsUUID()
  organisationId: string;

  @ApiProperty({ enum: ServiceScope, isArray: true, description: '服务范围（至少一项）' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsEnum(ServiceScope, { each: true })
  serviceScope: ServiceScope[];

  @ApiPropertyOptional({
    example: '面向精密制造产业链提供技术评估、专利运营与成果转化全流程服务',
    description: '服务内容',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  serviceDescription?: string;

  @ApiPropertyOptional({ type: [String], description: '服务的产业链 id' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(15)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  industryChainIds?: string[];
}

export class UpdateAgencyDto extends PartialType(OmitType(CreateAgencyDto, ['organisationId'] as const)) {
  @ApiPropertyOptional({ description: '读取时的版本号；过期则拒绝' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class FileAgencyDto {
  @ApiProperty({ example: 'KS-JSZY-2026-017', description: '备案编号' })
  @Trim()
  @IsString()
  @Matches(/^[A-Za-z0-9-]{4,40}$/)
  filingNumber: string;

  @ApiProperty({ example: '昆山市科学技术局', description: '备案机关' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  filingAuthority: string;

  @ApiProperty({ example: '2026-03-15', description: '备案日期，不晚于今天' })
  @IsISO8601({ strict: true })
  @Matches(DATE_ONLY)
  @NotFutureDate()
  filedOn: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  version?: number;
}

export class RevokeAgencyDto {
  @ApiProperty({ example: '连续两年未报送年度服务报告', description: '撤销原因' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  version?: number;
}

export class AgencyQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: AgencyStatus })
  @IsOptional()
  @IsEnum(AgencyStatus)
  status?: AgencyStatus;

  @ApiPropertyOptional({ enum: ServiceScope })
  @IsOptional()
  @IsEnum(ServiceScope)
  scope?: ServiceScope;
}

export class ServiceScopeDto {
  @ApiProperty({ enum: ServiceScope }) code: ServiceScope;
  @ApiProperty() label: string;
}

export class AgencyResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() organisationId: string;
  @ApiProperty({ description: '机构名称' }) name: string;
  @ApiPropertyOptional({ nullable: true, type: String }) district: string | null;
  @ApiProperty({ enum: ServiceScope, isArray: true }) serviceScope: ServiceScope[];
  @ApiProperty({ type: [ServiceScopeDto] }) serviceScopes: ServiceScopeDto[];
  @ApiProperty() serviceDescription: string;
  @ApiProperty({ type: [String] }) industryChainIds: string[];
  @ApiProperty({ type: [ChainRefDto] }) industryChains: ChainRefDto[];
  @ApiProperty({ enum: AgencyStatus }) status: AgencyStatus;
  @ApiProperty() statusLabel: string;
  @ApiPropertyOptional({ nullable: true, type: String }) filingNumber: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) filingAuthority: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) filedOn: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) revokedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String }) revocationReason: string | null;
  @ApiProperty({ description: '在岗技术经理人数' }) managerCount: number;
  @ApiPropertyOptional({ type: [ManagerProfileResponseDto], description: '在岗技术经理人（详情中返回）' })
  managers?: ManagerProfileResponseDto[];
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class AgencyPageDto {
  @ApiProperty({ type: [AgencyResponseDto] }) items: AgencyResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
