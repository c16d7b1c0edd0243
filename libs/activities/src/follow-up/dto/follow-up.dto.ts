import { Nullable, PageQueryDto } from '@app/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

import { FollowUpOutcome, FollowUpStatus } from '../../activity/activity.domain';

export class UpdateFollowUpDto {
  @ApiPropertyOptional({ description: 'The two sides have been in touch since the activity' })
  @IsOptional()
  @IsBoolean()
  contacted?: boolean;

  @ApiPropertyOptional({ example: '下周安排企业技术负责人赴校考察样机' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  nextStep?: string;

  @Nullable()
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2026-06-15',
    description: 'Beijing calendar date; null clears it',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  dueDate?: string | null;

  @ApiPropertyOptional({ enum: FollowUpStatus })
  @IsOptional()
  @IsEnum(FollowUpStatus)
  status?: FollowUpStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @Nullable()
  @ApiPropertyOptional({
    enum: FollowUpOutcome,
    nullable: true,
    description:
      '对接结果：cooperation_intent 有合作意向（提请负责的技术经理人确认精准匹配）、further_talks 需进一步沟通、' +
      'no_intent 暂无合作意向；null 清除',
  })
  @IsOptional()
  @IsEnum(FollowUpOutcome)
  outcome?: FollowUpOutcome | null;

  @ApiPropertyOptional({ description: 'Version read with the item; a stale one is refused' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class FollowUpQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  activityId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  matchId?: string;

  @ApiPropertyOptional({ enum: FollowUpStatus })
  @IsOptional()
  @IsEnum(FollowUpStatus)
  status?: FollowUpStatus;

  @ApiPropertyOptional({ enum: FollowUpOutcome })
  @IsOptional()
  @IsEnum(FollowUpOutcome)
  outcome?: FollowUpOutcome;

  @ApiPropertyOptional({
    description: '待确认：对接结果为有合作意向、而该对仍是系统推荐（尚未确认精准匹配）的跟进事项',
  })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  awaitingConfirmation?: boolean;

  @ApiPropertyOptional({ description: 'Only items past their due date and not done' })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  overdue?: boolean;
}
