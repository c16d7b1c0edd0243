import { Nullable } from '@app/common';
import { NotPastDate } from '@app/registry';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDateString,
  IsDefined,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

const Trim = (): PropertyDecorator => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

export class BidMemberDto {
  @ApiProperty()
  @IsUUID()
  organisationId: string;

  @ApiProperty({ example: '课题二承担单位：柔轮材料与热处理工艺' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  role: string;
}

export class BidTeamMemberDto {
  @ApiProperty({ example: '张立新' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name: string;

  @ApiProperty({ example: '教授、博士生导师' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  title: string;

  @Nullable()
  @ApiPropertyOptional({ type: String, nullable: true, example: '江南精密工程大学' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  organisation?: string | null;
}

export class BidTeamDto {
  @ApiProperty({ type: BidTeamMemberDto, description: '项目负责人' })
  @IsDefined()
  @ValidateNested()
  @Type(() => BidTeamMemberDto)
  lead: BidTeamMemberDto;

  @ApiProperty({ type: [BidTeamMemberDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => BidTeamMemberDto)
  members: BidTeamMemberDto[];
}

export class BidMilestoneDto {
  @ApiProperty({ example: '完成样机设计与试制' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiProperty({ example: '2027-06-30', description: 'YYYY-MM-DD, not before today' })
  @IsDateString({ strict: true })
  @NotPastDate()
  dueDate: string;

  @ApiProperty({ example: '样机 3 台及第三方检测报告' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  deliverable: string;
}

export class BidFieldsDto {
  @Nullable()
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '昆山精密传动创新联合体',
    description: 'When bidding as a consortium',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  consortiumName?: string | null;

  @ApiPropertyOptional({ type: [BidMemberDto], description: 'Consortium members besides the lead (「项目+课题」)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => BidMemberDto)
  members?: BidMemberDto[];

  @ApiProperty({ description: '技术方案 / 技术路线' })
  @Trim()
  @IsString()
  @MinLength(20)
  @MaxLength(20000)
  approach: string;

  @ApiProperty({ type: BidTeamDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => BidTeamDto)
  team: BidTeamDto;

  @ApiProperty({ type: [BidMilestoneDto], description: '1–20 milestones with dates and deliverables' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => BidMilestoneDto)
  milestones: BidMilestoneDto[];

  @ApiProperty({ example: 480, description: '申请经费 (万元), at most the call’s 榜额' })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0.01)
  @Max(10000000)
  requestedFunding: number;
}

export class SubmitBidDto extends BidFieldsDto {}

export class UpdateBidDto extends PartialType(BidFieldsDto) {
  @ApiPropertyOptional({ description: 'Version read with the bid; a stale one is refused (409)' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class BidTransitionDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  version?: number;
}
