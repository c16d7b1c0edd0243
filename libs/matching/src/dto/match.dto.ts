import { PageQueryDto } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

import { MatchStatus, RejectReason } from '../match/match.entity';

export class MatchTransitionDto {
  @ApiPropertyOptional({ enum: RejectReason, description: 'Required to reject' })
  @IsOptional()
  @IsEnum(RejectReason)
  reason?: RejectReason;

  @ApiPropertyOptional({ example: '企业已采用自研方案', description: 'Free text with the reason or the next step' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ description: 'Version read with the match; a stale one is refused' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class CreateMatchDto {
  @ApiProperty({ format: 'uuid', description: 'The demand of the pair' })
  @IsUUID()
  demandId: string;

  @ApiProperty({ format: 'uuid', description: 'The achievement of the pair' })
  @IsUUID()
  achievementId: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class MatchListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MatchStatus })
  @IsOptional()
  @IsEnum(MatchStatus)
  status?: MatchStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  demandId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  achievementId?: string;
}

export class EntityMatchesQueryDto {
  @ApiPropertyOptional({ description: 'Compute afresh instead of reading stored suggestions', default: false })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  live?: boolean;

  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ enum: MatchStatus })
  @IsOptional()
  @IsEnum(MatchStatus)
  status?: MatchStatus;
}
