import { Nullable, PageQueryDto } from '@app/common';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
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
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

import { ActivityKind, ActivityStatus, ParticipantRole } from '../activity.domain';

const Trim = (): PropertyDecorator => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export class ParticipantDto {
  @ApiProperty()
  @IsUUID()
  organisationId: string;

  @ApiPropertyOptional({ enum: ParticipantRole, description: 'Defaults from the organisation kind' })
  @IsOptional()
  @IsEnum(ParticipantRole)
  role?: ParticipantRole;
}

export class ActivityFieldsDto {
  @ApiProperty({ enum: ActivityKind, example: ActivityKind.BaiXiaoQunYing })
  @IsEnum(ActivityKind)
  kind: ActivityKind;

  @ApiProperty({ example: '2026 百校群英荟·智能制造专场' })
  @Trim()
  @IsString()
  @MinLength(4)
  @MaxLength(120)
  title: string;

  @ApiProperty({ example: '2026-05-20T09:30:00+08:00', description: 'ISO 8601 with offset' })
  @IsISO8601({ strict: true })
  scheduledAt: string;

  @ApiProperty({ example: '昆山市科技创新服务中心三楼报告厅' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  place: string;

  @Nullable()
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '玉山镇',
    description: 'Kunshan district or town (区镇)',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  district?: string | null;

  @Nullable()
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Organising organisation (e.g. a technology-transfer agency)',
  })
  @IsOptional()
  @IsUUID()
  organiserOrganisationId?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'Industry chain ids (up to 15)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(15)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  industryChainIds?: string[];

  @ApiPropertyOptional({ type: [ParticipantDto], description: 'Participating organisations (replaces the set)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ParticipantDto)
  participants?: ParticipantDto[];

  @ApiPropertyOptional({ example: '邀请 12 家高校、30 家企业参会' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string;
}

export class CreateActivityDto extends ActivityFieldsDto {}

export class UpdateActivityDto extends PartialType(ActivityFieldsDto) {
  @ApiPropertyOptional({ description: 'Version read with the activity; a stale one is refused' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class HoldActivityDto {
  @ApiProperty({ example: 86, description: 'Number of attendees' })
  @IsInt()
  @Min(0)
  @Max(100000)
  attendance: number;

  @ApiPropertyOptional({ description: 'When it took place (default: now); not in the future' })
  @IsOptional()
  @IsISO8601({ strict: true })
  heldAt?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Participants that came; omitted = every participant attended',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsUUID('all', { each: true })
  attendedOrganisationIds?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  version?: number;
}

export class ActivityTransitionDto {
  @ApiPropertyOptional({ example: '场地临时调整，活动改期' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  version?: number;
}

export class ActivityQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ActivityKind })
  @IsOptional()
  @IsEnum(ActivityKind)
  kind?: ActivityKind;

  @ApiPropertyOptional({ enum: ActivityStatus })
  @IsOptional()
  @IsEnum(ActivityStatus)
  status?: ActivityStatus;

  @ApiPropertyOptional({ description: 'Beijing-time year: held activities by heldAt, others by scheduledAt' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ description: 'Industry chain id' })
  @IsOptional()
  @IsUUID()
  chain?: string;
}
