import { Nullable, PageQueryDto } from '@app/common';
import { NotFutureDate } from '@app/registry';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsEnum,
  IsIn,
  IsInt,
  IsNotEmpty,
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

import { CollateralKind, FinancingNeedStatus, FinancingOutcome } from '../finance.domain';

const Trim = (): PropertyDecorator => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

const MONEY = { maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false };

export class CreateFinancingNeedDto {
  @ApiProperty({ example: '高端数控机床扩产流动资金贷款' })
  @Trim()
  @IsString()
  @MinLength(4)
  @MaxLength(100)
  title: string;

  @ApiProperty({ example: '采购五轴联动加工中心核心部件、补充扩产流动资金', description: '资金用途' })
  @Trim()
  @IsString()
  @MinLength(10)
  @MaxLength(2000)
  purpose: string;

  @ApiProperty({ example: 800, description: '融资金额 (万元), confidential' })
  @IsNumber(MONEY)
  @Min(0.01)
  @Max(10000000)
  amount: number;

  @ApiProperty({ example: 36, description: '期限 (months, 1–360)' })
  @IsInt()
  @Min(1)
  @Max(360)
  termMonths: number;

  @ApiProperty({ enum: CollateralKind, enumName: 'CollateralKind', isArray: true, description: '可提供的担保方式' })
  @IsArray()
  @ArrayMaxSize(6)
  @ArrayUnique()
  @IsEnum(CollateralKind, { each: true })
  collateralKinds: CollateralKind[];

  @ApiPropertyOptional({ example: '自有厂房 1.2 万平方米（周市镇），发明专利 6 件可质押', description: 'confidential' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  collateralDetails?: string;

  @Nullable()
  @ApiPropertyOptional({ type: Number, example: 12600, description: '上年营业收入 (万元), confidential' })
  @IsOptional()
  @IsNumber(MONEY)
  @Min(0)
  @Max(100000000)
  annualRevenue?: number | null;

  @Nullable()
  @ApiPropertyOptional({ type: Number, example: 950, description: '上年净利润 (万元), confidential; may be negative' })
  @IsOptional()
  @IsNumber(MONEY)
  @Min(-100000000)
  @Max(100000000)
  netProfit?: number | null;

  @ApiPropertyOptional({ type: [String], description: 'Industry chains (产业链)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  industryChainIds?: string[];

  @ApiProperty({ example: '周建华', description: 'confidential' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  contactName: string;

  @ApiProperty({ example: '13912345678', description: 'confidential' })
  @Matches(/^[0-9+\-() ]{5,30}$/)
  contactPhone: string;
}

export class FinancingNeedQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: FinancingNeedStatus, enumName: 'FinancingNeedStatus' })
  @IsOptional()
  @IsEnum(FinancingNeedStatus)
  status?: FinancingNeedStatus;
}

export class FinancingVersionDto {
  @ApiPropertyOptional({ description: 'Version read with the need; a stale one is refused (409)' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class WithdrawFinancingNeedDto extends FinancingVersionDto {
  @ApiProperty({ example: '已通过股权融资解决资金需求' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class FinancingOutcomeDto extends FinancingVersionDto {
  @ApiProperty({ enum: FinancingOutcome, enumName: 'FinancingOutcome', description: 'granted (放款) or failed (未成)' })
  @IsIn(Object.values(FinancingOutcome))
  outcome: FinancingOutcome;

  @Nullable()
  @ApiPropertyOptional({ type: Number, example: 800, description: '放款金额 (万元), required when granted' })
  @IsOptional()
  @IsNumber(MONEY)
  @Min(0.01)
  @Max(10000000)
  loanAmount?: number | null;

  @Nullable()
  @ApiPropertyOptional({
    type: String,
    example: '2026-11-20',
    description: '放款日期 YYYY-MM-DD, not in the future; when granted',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  @NotFutureDate()
  loanDate?: string | null;

  @Nullable()
  @ApiPropertyOptional({
    type: String,
    example: '企业抵押物评估价值不足，双方未达成一致',
    description: 'required when failed',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  reason?: string | null;
}

export class CreateFinancingOfferDto {
  @ApiProperty({ example: '昆科贷', description: '金融产品名称' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(50)
  productName: string;

  @ApiProperty({ example: 800, description: '授信金额 (万元)' })
  @IsNumber(MONEY)
  @Min(0.01)
  @Max(10000000)
  amount: number;

  @ApiProperty({ example: 3.2, description: '年利率下限 (%)' })
  @IsNumber({ maxDecimalPlaces: 3, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(36)
  rateMin: number;

  @ApiProperty({ example: 3.8, description: '年利率上限 (%), not below the lower bound' })
  @IsNumber({ maxDecimalPlaces: 3, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(36)
  rateMax: number;

  @ApiProperty({ example: 36, description: '期限 (months, 1–360)' })
  @IsInt()
  @Min(1)
  @Max(360)
  termMonths: number;

  @ApiProperty({ example: '知识产权质押 + 法定代表人连带责任保证，享受市级贴息' })
  @Trim()
  @IsString()
  @MinLength(4)
  @MaxLength(2000)
  conditions: string;
}

export class AcceptFinancingOfferDto {
  @ApiPropertyOptional({ description: 'Version of the need read with its offers; a stale one is refused (409)' })
  @IsOptional()
  @IsInt()
  needVersion?: number;
}
