import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class CreateIndustryChainDto {
  @ApiProperty({ example: 'hydrogen-energy', description: 'Stable code (a-z, 0-9, -)' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{1,47}$/)
  code: string;

  @ApiProperty({ example: '氢能' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name: string;

  @ApiPropertyOptional({ example: '制氢、储运、燃料电池' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10000)
  sortOrder?: number;
}

export class UpdateIndustryChainDto extends PartialType(CreateIndustryChainDto) {
  @ApiPropertyOptional({ description: 'false hides the chain from new records; existing records keep it' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** One of the key industrial chains (重点产业链) as GET /industry-chains lists them. */
export class IndustryChainResponseDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ example: 'robotics', description: '产业链代码' })
  code: string;

  @ApiProperty({ example: '机器人', description: '产业链名称' })
  name: string;

  @ApiProperty({ description: '说明' })
  description: string;

  @ApiProperty({ description: '排序' })
  sortOrder: number;

  @ApiProperty({ description: '是否启用' })
  active: boolean;
}
