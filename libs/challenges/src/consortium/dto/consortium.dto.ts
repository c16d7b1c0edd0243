import { PageQueryDto } from '@app/common';
import { NotFutureDate } from '@app/registry';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsEnum,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

import { BidMemberDto } from '../../bid/dto/bid.dto';
import { ConsortiumStatus } from '../../challenge/challenge.domain';

const Trim = (): PropertyDecorator => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export class ConsortiumFieldsDto {
  @ApiProperty({ example: '昆山精密传动创新联合体' })
  @Trim()
  @IsString()
  @MinLength(4)
  @MaxLength(100)
  name: string;

  @ApiProperty({ description: 'The lead enterprise (牵头企业)' })
  @IsUUID()
  leadOrganisationId: string;

  @ApiProperty({ type: [BidMemberDto], description: 'Member enterprises and institutions with their roles (1–50)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => BidMemberDto)
  members: BidMemberDto[];

  @ApiPropertyOptional({ type: [String], description: 'Industry chain ids' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(15)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  industryChainIds?: string[];

  @ApiProperty({ example: '2026-03-18', description: '成立日期, not after today' })
  @IsDateString({ strict: true })
  @NotFutureDate()
  foundedOn: string;

  @ApiPropertyOptional({ example: '围绕协作机器人关节部件，联合上下游企业与高校开展关键核心技术攻关' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  description?: string;
}

export class CreateConsortiumDto extends ConsortiumFieldsDto {}

export class UpdateConsortiumDto extends PartialType(ConsortiumFieldsDto) {
  @ApiPropertyOptional({ description: 'Version read; a stale one is refused (409)' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class DissolveConsortiumDto {
  @ApiProperty({ example: '攻关任务完成，成员协议到期' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;

  @ApiProperty({ example: '2026-11-30', description: '解散日期, not after today' })
  @IsDateString({ strict: true })
  @NotFutureDate()
  dissolvedOn: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  version?: number;
}

export class ConsortiumQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ConsortiumStatus })
  @IsOptional()
  @IsEnum(ConsortiumStatus)
  status?: ConsortiumStatus;
}
