import { CollateralKind, FinancingNeedStatus, FinancingOfferStatus, FinancingOutcome } from '@app/challenges';
import { ApiProperty } from '@nestjs/swagger';

/** Response shapes of /finance, for the OpenAPI document and the console's generated client. */

export class FinancingNeedResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) enterpriseOrganisationId: string;
  @ApiProperty({ type: String, nullable: true }) enterpriseName: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ description: '资金用途' }) purpose: string;
  @ApiProperty({ description: '融资金额 (万元)' }) amount: number;
  @ApiProperty({ description: '期限 (月)' }) termMonths: number;
  @ApiProperty({ enum: CollateralKind, enumName: 'CollateralKind', isArray: true }) collateralKinds: CollateralKind[];
  @ApiProperty({ type: [String], example: ['知识产权质押'] }) collateralLabels: string[];
  @ApiProperty({ type: String, nullable: true, description: 'Confidential: null for a bank that has not answered' })
  collateralDetails: string | null;
  @ApiProperty({ type: Number, nullable: true, description: '上年营业收入 (万元), confidential' })
  annualRevenue: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '上年净利润 (万元), confidential' })
  netProfit: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Confidential' }) contactName: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Confidential' }) contactPhone: string | null;
  @ApiProperty({ description: 'The confidential fields were left out for the caller' }) confidentialHidden: boolean;
  @ApiProperty({ type: [String] }) industryChainIds: string[];
  @ApiProperty({ enum: FinancingNeedStatus, enumName: 'FinancingNeedStatus' }) status: FinancingNeedStatus;
  @ApiProperty({ example: '银行答题中' }) statusLabel: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) publishedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) acceptedOfferId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) matchedAt: string | null;
  @ApiProperty({ enum: FinancingOutcome, enumName: 'FinancingOutcome', nullable: true })
  outcome: FinancingOutcome | null;
  @ApiProperty({ type: String, nullable: true, example: '已放款' }) outcomeLabel: string | null;
  @ApiProperty({ type: Number, nullable: true, description: '放款金额 (万元)' }) loanAmount: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) loanDate: string | null;
  @ApiProperty({ type: String, nullable: true }) closeReason: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) closedAt: string | null;
  @ApiProperty({ description: 'Offers: all for the enterprise and staff, the caller’s own for a bank' })
  offerCount: number;
  @ApiProperty({ description: 'A bank: it has answered' }) answered: boolean;
  @ApiProperty({ type: [String], example: ['publish', 'withdraw'] }) allowedActions: string[];
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class FinancingNeedPageDto {
  @ApiProperty({ type: [FinancingNeedResponseDto] }) items: FinancingNeedResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class FinancingOfferResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) needId: string;
  @ApiProperty() needTitle: string;
  @ApiProperty({ enum: FinancingNeedStatus, enumName: 'FinancingNeedStatus' }) needStatus: FinancingNeedStatus;
  @ApiProperty({ format: 'uuid' }) bankOrganisationId: string;
  @ApiProperty({ type: String, nullable: true }) bankName: string | null;
  @ApiProperty({ example: '昆科贷' }) productName: string;
  @ApiProperty({ description: '授信金额 (万元)' }) amount: number;
  @ApiProperty({ description: '年利率下限 (%)' }) rateMin: number;
  @ApiProperty({ description: '年利率上限 (%)' }) rateMax: number;
  @ApiProperty() termMonths: number;
  @ApiProperty() conditions: string;
  @ApiProperty({ enum: FinancingOfferStatus, enumName: 'FinancingOfferStatus' }) status: FinancingOfferStatus;
  @ApiProperty({ example: '待企业选择' }) statusLabel: string;
  @ApiProperty({ description: 'The enterprise may accept it now' }) acceptable: boolean;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) decidedAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
