import { PageQueryDto } from '@app/common';
import { CooperationMode, NotFutureDate } from '@app/registry';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
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
} from 'class-validator';

import { MatchInterest, MatchStatus, RejectReason } from '../match/match.entity';

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

  // ---- contract only ----

  @ApiPropertyOptional({ description: 'contract: 合同金额（万元）, ≥ 0', example: 120 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e9)
  contractAmount?: number;

  @ApiPropertyOptional({ description: 'contract: 签约日期, not in the future; default today', example: '2026-11-20' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  @NotFutureDate()
  contractedAt?: string;

  @ApiPropertyOptional({
    enum: CooperationMode,
    description: 'contract: 合作方式; transfer or licence marks the achievement transferred (已转化)',
  })
  @IsOptional()
  @IsEnum(CooperationMode)
  contractMode?: CooperationMode;

  @ApiPropertyOptional({
    // No `default` in the document: a generated client would make the field required, and the other steps refuse it.
    description:
      'contract: the enterprise confirms the need is met → the demand becomes solved (else in progress); false when omitted',
    type: Boolean,
  })
  @IsOptional()
  @IsBoolean()
  demandSolved?: boolean;
}

/** Fields only the contract step takes. */
export const CONTRACT_FIELDS = ['contractAmount', 'contractedAt', 'contractMode', 'demandSolved'] as const;

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

  @ApiPropertyOptional({
    enum: MatchInterest,
    description: '按需求方企业的意向筛选：interested 有意向 / not_interested 不合适',
  })
  @IsOptional()
  @IsEnum(MatchInterest)
  interest?: MatchInterest;

  @ApiPropertyOptional({ description: '产业链 id：需求或成果属于该产业链的匹配' })
  @IsOptional()
  @IsUUID()
  chain?: string;

  @ApiPropertyOptional({ description: '单位 id：需求企业或成果所属单位为该单位的匹配' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({
    description: '技术经理人用户 id：该经理人负责的需求（assignedManagerId）、确认或最近推进过的匹配',
  })
  @IsOptional()
  @IsUUID()
  managerId?: string;
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
