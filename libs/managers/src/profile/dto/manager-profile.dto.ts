import { Nullable, PageQueryDto } from '@app/common';
import { NotFutureDate } from '@app/registry';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsEnum,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

import { Trim } from '../../dto-helpers';
import { AffiliationKind, CertificateLevel, ProfileStatus } from '../../managers.domain';

export class ManagerProfileFieldsDto {
  @ApiProperty({ example: '陈晓峰', description: '姓名' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(50)
  name: string;

  @ApiProperty({ enum: AffiliationKind, description: '所属：技术转移服务机构 / 驻校 / 工研院 / 区镇' })
  @IsEnum(AffiliationKind)
  affiliationKind: AffiliationKind;

  @Nullable()
  @ApiPropertyOptional({
    description: '所属机构 id：机构（必填，须为技术转移服务机构）、驻校（必填，须为高校院所）、工研院（可选）',
  })
  @IsOptional()
  @IsUUID()
  affiliationOrganisationId?: string | null;

  @Nullable()
  @ApiPropertyOptional({ example: '玉山镇', description: '区镇（所属为区镇时必填）' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  district?: string | null;

  @ApiPropertyOptional({ type: [String], description: '服务的产业链 id（最多 15 条）' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(15)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  industryChainIds?: string[];

  @ApiPropertyOptional({ example: '精密制造与工业软件方向，服务龙头企业技术路线图梳理 6 年', description: '专业领域' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  expertise?: string;

  @Nullable()
  @ApiPropertyOptional({ enum: CertificateLevel, description: '技术经理人证书等级：初级 / 中级 / 高级' })
  @IsOptional()
  @IsEnum(CertificateLevel)
  certificateLevel?: CertificateLevel | null;

  @Nullable()
  @ApiPropertyOptional({ example: 'JSJL-2025-000318', description: '证书编号（与等级、发证日期同时填写）' })
  @IsOptional()
  @Trim()
  @IsString()
  @Matches(/^[A-Za-z0-9-]{4,40}$/)
  certificateNumber?: string | null;

  @Nullable()
  @ApiPropertyOptional({ example: '2025-06-18', description: '发证日期，不晚于今天' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  @NotFutureDate()
  certificateIssuedOn?: string | null;

  @Nullable()
  @ApiPropertyOptional({ example: '13912345678', description: '联系电话（仅平台人员可见）' })
  @IsOptional()
  @Trim()
  @Matches(/^[0-9+\-() ]{6,20}$/)
  contactPhone?: string | null;

  @Nullable()
  @ApiPropertyOptional({ example: 'chen.xf@ksgyy.cn', description: '联系邮箱（仅平台人员可见）' })
  @IsOptional()
  @Trim()
  @IsEmail()
  @MaxLength(200)
  contactEmail?: string | null;
}

export class CreateManagerProfileDto extends ManagerProfileFieldsDto {
  @ApiPropertyOptional({ description: '技术经理人账号 id（管理员代建时填写；技术经理人本人创建时省略）' })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

export class UpdateManagerProfileDto extends PartialType(ManagerProfileFieldsDto) {
  @ApiPropertyOptional({ description: '读取时的版本号；过期则拒绝' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class ProfileTransitionDto {
  @ApiPropertyOptional({ example: '已调离技术转移岗位' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  version?: number;
}

export class ManagerProfileQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: AffiliationKind })
  @IsOptional()
  @IsEnum(AffiliationKind)
  affiliationKind?: AffiliationKind;

  @ApiPropertyOptional({ description: '所属机构 id' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ description: '产业链 id' })
  @IsOptional()
  @IsUUID()
  chain?: string;

  @ApiPropertyOptional({ enum: CertificateLevel })
  @IsOptional()
  @IsEnum(CertificateLevel)
  certificateLevel?: CertificateLevel;

  @ApiPropertyOptional({ enum: ProfileStatus })
  @IsOptional()
  @IsEnum(ProfileStatus)
  status?: ProfileStatus;

  @ApiPropertyOptional({ description: '按姓名搜索' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(50)
  q?: string;
}

export class ChainRefDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

/** A profile as the API returns it; `contactPhone`/`contactEmail`/`userId` are present for platform staff only. */
export class ManagerProfileResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: '姓名' }) name: string;
  @ApiProperty({ enum: AffiliationKind }) affiliationKind: AffiliationKind;
  @ApiProperty({ description: '所属类型（中文）' }) affiliationKindLabel: string;
  @ApiPropertyOptional({ nullable: true, type: String }) affiliationOrganisationId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '所属机构名称' })
  affiliationOrganisationName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) district: string | null;
  @ApiProperty({ type: [String] }) industryChainIds: string[];
  @ApiProperty({ type: [ChainRefDto] }) industryChains: ChainRefDto[];
  @ApiProperty() expertise: string;
  @ApiPropertyOptional({ nullable: true, enum: CertificateLevel }) certificateLevel: CertificateLevel | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '证书等级（中文）' })
  certificateLevelLabel: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) certificateNumber: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) certificateIssuedOn: string | null;
  @ApiProperty({ enum: ProfileStatus }) status: ProfileStatus;
  @ApiProperty() statusLabel: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) deactivatedAt: Date | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  // ---- staff only ----
  @ApiPropertyOptional({ description: '账号 id；仅平台人员' }) userId?: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: '联系电话；仅平台人员' })
  contactPhone?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '联系邮箱；仅平台人员' })
  contactEmail?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '停用原因；仅平台人员' })
  deactivationReason?: string | null;
}

export class ManagerProfilePageDto {
  @ApiProperty({ type: [ManagerProfileResponseDto] }) items: ManagerProfileResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
