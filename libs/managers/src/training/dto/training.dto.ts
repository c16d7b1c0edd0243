import { PageQueryDto } from '@app/common';
import { NotFutureDate } from '@app/registry';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

import { DATE_ONLY, Trim } from '../../dto-helpers';
import { AssessmentResult, CampStatus, SessionKind } from '../../managers.domain';
import { ChainRefDto } from '../../profile/dto/manager-profile.dto';

export class CreateCampDto {
  @ApiProperty({ example: '2026 高端装备产业链技术经理人训练营', description: '训练营名称' })
  @Trim()
  @IsString()
  @MinLength(4)
  @MaxLength(120)
  title: string;

  @ApiProperty({ description: '产业链 id（分产业链组建）' })
  @IsUUID()
  industryChainId: string;

  @ApiPropertyOptional({ example: '培训、实践、评价、激励四位一体，结营考核合格者推荐参加中级技术经理人评定' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ example: '2026-05-01' })
  @IsISO8601({ strict: true })
  @Matches(DATE_ONLY)
  startOn: string;

  @ApiProperty({ example: '2026-07-31', description: '不早于开始日期' })
  @IsISO8601({ strict: true })
  @Matches(DATE_ONLY)
  endOn: string;
}

export class AddSessionDto {
  @ApiProperty({ enum: SessionKind, description: '培训 / 实践' })
  @IsEnum(SessionKind)
  kind: SessionKind;

  @ApiProperty({ example: '技术合同登记与技术交易定价实务' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  title: string;

  @ApiProperty({ example: '2026-05-16', description: '日期，在训练营期间内且不晚于今天' })
  @IsISO8601({ strict: true })
  @Matches(DATE_ONLY)
  @NotFutureDate()
  heldOn: string;

  @ApiProperty({ example: 3.5, description: '学时（0.5–24，保留一位小数）' })
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(0.5)
  @Max(24)
  hours: number;
}

export class EnrolDto {
  @ApiProperty({ description: '技术经理人档案 id' })
  @IsUUID()
  managerProfileId: string;
}

export class AttendanceDto {
  @ApiProperty({ type: [String], description: '出勤的场次 id（替换原记录）' })
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  sessionIds: string[];
}

export class AssessmentDto {
  @ApiProperty({ example: 86, description: '考核分（0–100）' })
  @IsInt()
  @Min(0)
  @Max(100)
  score: number;

  @ApiProperty({ enum: AssessmentResult, description: '优秀 / 合格 / 不合格' })
  @IsEnum(AssessmentResult)
  result: AssessmentResult;

  @ApiPropertyOptional({ example: '完成两项成果转化方案，路演答辩表现突出' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  comment?: string;

  @ApiPropertyOptional({ example: '优秀学员，推荐参加中级技术经理人评定', description: '激励' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  incentive?: string;
}

export class CampTransitionDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  version?: number;
}

export class CampQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '产业链 id' })
  @IsOptional()
  @IsUUID()
  chain?: string;

  @ApiPropertyOptional({ enum: CampStatus })
  @IsOptional()
  @IsEnum(CampStatus)
  status?: CampStatus;
}

export class SessionResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: SessionKind }) kind: SessionKind;
  @ApiProperty() kindLabel: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, format: 'date' }) heldOn: string;
  @ApiProperty() hours: number;
}

export class EnrolmentResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() managerProfileId: string;
  @ApiProperty() managerName: string;
  @ApiProperty({ type: [String] }) attendedSessionIds: string[];
  @ApiProperty({ description: '出勤培训学时' }) trainingHours: number;
  @ApiProperty({ description: '出勤实践学时' }) practiceHours: number;
  @ApiPropertyOptional({ nullable: true, type: Number }) assessmentScore: number | null;
  @ApiPropertyOptional({ nullable: true, enum: AssessmentResult }) assessmentResult: AssessmentResult | null;
  @ApiPropertyOptional({ nullable: true, type: String }) assessmentResultLabel: string | null;
  @ApiProperty() assessmentComment: string;
  @ApiProperty() incentive: string;
}

export class CampResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: ChainRefDto }) industryChain: ChainRefDto;
  @ApiProperty() description: string;
  @ApiProperty({ type: String, format: 'date' }) startOn: string;
  @ApiProperty({ type: String, format: 'date' }) endOn: string;
  @ApiProperty({ enum: CampStatus }) status: CampStatus;
  @ApiProperty() statusLabel: string;
  @ApiProperty({ type: [SessionResponseDto] }) sessions: SessionResponseDto[];
  @ApiProperty({ type: [EnrolmentResponseDto] }) enrolments: EnrolmentResponseDto[];
  @ApiProperty() version: number;
}

export class CampPageDto {
  @ApiProperty({ type: [CampResponseDto] }) items: CampResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
