import { PageQueryDto } from '@app/common';
import { NotFutureDate } from '@app/registry';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
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
  MinLength,
  ValidateNested,
} from 'class-validator';

import { DATE_ONLY, Trim } from '../../dto-helpers';
import { ServiceRecordKind } from '../../managers.domain';
import { ChainRefDto } from '../../profile/dto/manager-profile.dto';

export class MinedNeedDto {
  @ApiProperty({ example: '新能源汽车电驱谐波减速器国产化', description: '需求名称' })
  @Trim()
  @IsString()
  @MinLength(4)
  @MaxLength(120)
  title: string;

  @ApiPropertyOptional({ example: '企业年采购进口谐波减速器约 3000 万元，希望三年内完成国产替代' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ type: [String], description: '产业链 id' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(15)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  industryChainIds?: string[];
}

export class ServiceRecordFieldsDto {
  @ApiProperty({ enum: ServiceRecordKind, description: '走访 / 电话沟通 / 技术路线图研讨 / 需求挖掘 / 合作协议签署' })
  @IsEnum(ServiceRecordKind)
  kind: ServiceRecordKind;

  @ApiProperty({ example: '2026-04-15', description: '服务日期，不晚于今天' })
  @IsISO8601({ strict: true })
  @Matches(DATE_ONLY)
  @NotFutureDate()
  occurredOn: string;

  @ApiPropertyOptional({ type: [String], example: ['张工（研发总监）', '陈晓峰（技术经理人）'], description: '参与人' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(100, { each: true })
  participants?: string[];

  @ApiProperty({
    example: '走访企业研发中心，梳理电驱系统技术路线，确认减速器国产化为近三年首要需求。',
    description: '服务内容摘要',
  })
  @Trim()
  @IsString()
  @MinLength(10)
  @MaxLength(5000)
  summary: string;
}

export class CreateServiceRecordDto extends ServiceRecordFieldsDto {
  @ApiPropertyOptional({ description: '技术经理人档案 id（管理员代录时必填；技术经理人本人记录时省略）' })
  @IsOptional()
  @IsUUID()
  managerProfileId?: string;

  @ApiProperty({ description: '服务的企业或高校院所 id' })
  @IsUUID()
  organisationId: string;

  @ApiPropertyOptional({ type: [MinedNeedDto], description: '本次服务挖掘的需求（仅企业；“需求挖掘”至少一项）' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => MinedNeedDto)
  needs?: MinedNeedDto[];
}

export class UpdateServiceRecordDto extends PartialType(ServiceRecordFieldsDto) {
  @ApiPropertyOptional({ description: '读取时的版本号；过期则拒绝' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class RemoveServiceRecordDto {
  @ApiProperty({ example: '重复录入' })
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

export class LinkNeedDto {
  @ApiProperty({ description: '该需求登记后形成的技术需求 id（须属于同一企业）' })
  @IsUUID()
  demandId: string;

  @ApiPropertyOptional({ description: '挖掘需求的版本号' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class UnlinkNeedDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  version?: number;
}

export class ServiceRecordQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '服务对象机构 id' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ description: '技术经理人档案 id' })
  @IsOptional()
  @IsUUID()
  managerProfileId?: string;

  @ApiPropertyOptional({ enum: ServiceRecordKind })
  @IsOptional()
  @IsEnum(ServiceRecordKind)
  kind?: ServiceRecordKind;

  @ApiPropertyOptional({ example: '2026-01-01', description: '起始日期（含）' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DATE_ONLY)
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: '截止日期（含）' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DATE_ONLY)
  to?: string;
}

export class MinedNeedResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [ChainRefDto] }) industryChains: ChainRefDto[];
  @ApiPropertyOptional({ nullable: true, type: String, description: '形成的技术需求 id' }) demandId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '形成的技术需求名称' })
  demandTitle: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) linkedAt: Date | null;
  @ApiProperty() version: number;
}

export class ServiceRecordResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ServiceRecordKind }) kind: ServiceRecordKind;
  @ApiProperty() kindLabel: string;
  @ApiProperty({ type: String, format: 'date' }) occurredOn: string;
  @ApiProperty() managerProfileId: string;
  @ApiProperty() managerName: string;
  @ApiProperty() organisationId: string;
  @ApiProperty() organisationName: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: '当日所属的服务分配' })
  assignmentId: string | null;
  @ApiProperty({ type: [String] }) participants: string[];
  @ApiProperty() summary: string;
  @ApiPropertyOptional({ nullable: true, type: String }) attachmentFilename: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '附件下载地址' }) attachmentUrl: string | null;
  @ApiProperty({ type: [MinedNeedResponseDto] }) needs: MinedNeedResponseDto[];
  @ApiProperty({ description: '已删除（不再计入统计）' }) removed: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) removalReason: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class ServiceRecordPageDto {
  @ApiProperty({ type: [ServiceRecordResponseDto] }) items: ServiceRecordResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class DemandListRowDto {
  @ApiProperty({ description: 'demand：已登记的技术需求；need：服务中挖掘、尚未登记为需求' }) kind: 'demand' | 'need';
  @ApiPropertyOptional({ nullable: true, type: String }) demandId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) needId: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ description: '来源：平台登记 / 服务挖掘' }) source: string;
  @ApiProperty({ description: '状态（中文）' }) statusLabel: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: '需求类型（中文）' }) demandKindLabel:
    string | null;
  @ApiProperty({ type: [String], description: '产业链名称' }) chainNames: string[];
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date', description: '挖掘日期' })
  minedOn: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '挖掘该需求的技术经理人' })
  minedBy: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date', description: '发布日期' })
  publishedOn: string | null;
  @ApiProperty() description: string;
}

export class DemandListDto {
  @ApiProperty() organisationId: string;
  @ApiProperty() organisationName: string;
  @ApiProperty({ description: '是否具有龙头企业称号' }) leading: boolean;
  @ApiProperty({ type: [DemandListRowDto] }) rows: DemandListRowDto[];
}
