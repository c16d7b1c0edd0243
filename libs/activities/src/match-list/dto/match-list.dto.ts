import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

import { MATCH_LIST_EXPORT_FORMATS, MatchListExportFormat } from '../../export/match-list-formats';

export class AddMatchItemDto {
  @ApiPropertyOptional({ description: 'A stored match; or give demandId + achievementId' })
  @IsOptional()
  @IsUUID()
  matchId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  demandId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  achievementId?: string;

  @ApiPropertyOptional({ example: '双方均确认到场，安排在第二轮路演' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class UpdateMatchItemDto {
  @ApiPropertyOptional({ example: '企业希望先看样机演示' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @ApiPropertyOptional({ description: 'Move the pair to this 1-based position' })
  @IsOptional()
  @IsInt()
  @Min(1)
  position?: number;
}

export class ReorderMatchItemsDto {
  @ApiProperty({ type: [String], description: 'Every item id of the list, in the new order' })
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  itemIds: string[];
}

export class ProposalQueryDto {
  @ApiPropertyOptional({
    description: 'Also run the matching engine now over participants’ open demands',
    default: false,
  })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  live?: boolean;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class MatchListExportDto {
  @ApiProperty({ enum: MATCH_LIST_EXPORT_FORMATS, example: 'xlsx' })
  @IsIn(MATCH_LIST_EXPORT_FORMATS)
  format: MatchListExportFormat;
}
