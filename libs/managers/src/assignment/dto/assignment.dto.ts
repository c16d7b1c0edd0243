import { PageQueryDto } from '@app/common';
import { NotFutureDate } from '@app/registry';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
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
import { AssignmentKind, AssignmentStatus } from '../../managers.domain';

export class CreateAssignmentDto {
  @ApiProperty({ description: '技术经理人档案 id' })
  @IsUUID()
  managerProfileId: string;

  @ApiProperty({ enum: AssignmentKind, description: '龙头企业一对一服务 / 驻校服务' })
  @IsEnum(AssignmentKind)
  kind: AssignmentKind;

  @ApiProperty({ description: '服务的企业（一对一）或高校院所（驻校）id' })
  @IsUUID()
  organisationId: string;

  @ApiProperty({ example: '2026-03-01', description: '开始日期' })
  @IsISO8601({ strict: true })
  @Matches(DATE_ONLY)
  startOn: string;

  @ApiPropertyOptional({ example: '负责企业技术发展路线图梳理与需求清单维护' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class EndAssignmentDto {
  @ApiProperty({ example: '2026-09-30', description: '结束日期（含当天），不晚于今天、不早于开始日期' })
  @IsISO8601({ strict: true })
  @Matches(DATE_ONLY)
  @NotFutureDate()
  endOn: string;

  @ApiProperty({ example: '企业技术路线图已完成，转入常态化服务' })
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

export class ReassignDto {
  @ApiProperty({ description: '接任的技术经理人档案 id' })
  @IsUUID()
  managerProfileId: string;

  @ApiProperty({ example: '2026-07-01', description: '交接日期：原分配在当天结束，新分配自当天开始' })
  @IsISO8601({ strict: true })
  @Matches(DATE_ONLY)
  @NotFutureDate()
  handoverOn: string;

  @ApiProperty({ example: '原技术经理人调岗' })
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

export class AssignmentQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '技术经理人档案 id' })
  @IsOptional()
  @IsUUID()
  managerProfileId?: string;

  @ApiPropertyOptional({ description: '服务对象机构 id' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ enum: AssignmentKind })
  @IsOptional()
  @IsEnum(AssignmentKind)
  kind?: AssignmentKind;

  @ApiPropertyOptional({ enum: AssignmentStatus })
  @IsOptional()
  @IsEnum(AssignmentStatus)
  status?: AssignmentStatus;
}

export class ManagerRefDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class AssignmentResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: ManagerRefDto }) manager: ManagerRefDto;
  @ApiProperty({ enum: AssignmentKind }) kind: AssignmentKind;
  @ApiProperty() kindLabel: string;
  @ApiProperty() organisationId: string;
  @ApiProperty() organisationName: string;
  @ApiProperty({ type: String, format: 'date' }) startOn: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) endOn: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) endReason: string | null;
  @ApiProperty({ enum: AssignmentStatus }) status: AssignmentStatus;
  @ApiProperty() statusLabel: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: '接替的上一条分配' })
  previousAssignmentId: string | null;
  @ApiProperty() note: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class AssignmentPageDto {
  @ApiProperty({ type: [AssignmentResponseDto] }) items: AssignmentResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
