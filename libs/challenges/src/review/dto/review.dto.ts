import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const Trim = (): PropertyDecorator => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export class AssignReviewersDto {
  @ApiProperty({ type: [String], description: 'The experts (user ids) of the call; replaces the set (1–30)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  userIds: string[];

  @ApiPropertyOptional({ description: 'Version of the call read; a stale one is refused (409)' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class ReasonDto {
  @ApiProperty({ example: '该专家近三年与揭榜单位有合作项目' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

export class CriterionScoreDto {
  @ApiProperty({ example: '技术方案先进性', description: 'A criterion name of the call' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  criterion: string;

  @ApiProperty({ example: 86, minimum: 0, maximum: 100, description: '0–100, one decimal at most' })
  @IsNumber({ maxDecimalPlaces: 1, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  score: number;
}

export class ScoreBidDto {
  @ApiProperty({ type: [CriterionScoreDto], description: 'One score per criterion of the call' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => CriterionScoreDto)
  scores: CriterionScoreDto[];

  @ApiPropertyOptional({ example: '技术路线清晰，寿命试验方案可行，建议补充量产工艺验证计划。' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  comment?: string;
}

export class AwardDto {
  @ApiProperty({
    type: [String],
    description: 'Winning bids: one for 揭榜挂帅 and 定向委托, up to raceTeams for 赛马制',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  bidIds: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  version?: number;
}
