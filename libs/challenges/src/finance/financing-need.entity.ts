import { BaseEntity, numericTransformer } from '@app/common';
import { Column, Entity, Index, VersionColumn } from 'typeorm';

import { CollateralKind, FinancingNeedStatus, FinancingOutcome } from './finance.domain';

/**
 * 融资需求 (企业出题): what an enterprise wants to borrow and why. Never public: the enterprise and staff read it
 * whole; a bank reads a published need with the figures an offer needs (amount, term, collateral kinds) and, once it
 * has answered, the confidential ones (collateral details, revenue, profit, contact); nobody else reads it at all.
 */
@Entity('financing_needs')
@Index('ix_financing_needs_enterprise', ['enterpriseOrganisationId', 'status'])
@Index('ix_financing_needs_status', ['status', 'publishedAt'])
export class FinancingNeed extends BaseEntity {
  @Column({ type: 'uuid' })
  enterpriseOrganisationId: string;

  @Column({ type: 'text' })
  title: string;

  /** 资金用途. */
  @Column({ type: 'text' })
  purpose: string;

  /** 融资金额 (万元). */
  @Column({ type: 'numeric', precision: 12, scale: 2, transformer: numericTransformer })
  amount: number;

  /** 期限 (months). */
  @Column({ type: 'int' })
  termMonths: number;

  /** 可提供的担保方式. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  collateralKinds: CollateralKind[];

  /** 抵质押物说明 (confidential). */
  @Column({ type: 'text', default: '' })
  collateralDetails: string;

  /** 上年营业收入 (万元, confidential). */
  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: numericTransformer })
  annualRevenue: number | null;

  /** 上年净利润 (万元, confidential; may be negative). */
  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: numericTransformer })
  netProfit: number | null;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  industryChainIds: string[];

  @Column({ type: 'text' })
  contactName: string;

  @Column({ type: 'text' })
  contactPhone: string;

  @Column({ type: 'text', default: FinancingNeedStatus.Draft })
  status: FinancingNeedStatus;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  acceptedOfferId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  matchedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  outcome: FinancingOutcome | null;

  /** 放款金额 (万元), when granted. */
  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: numericTransformer })
  loanAmount: number | null;

  /** 放款日期 (Beijing date), when granted. */
  @Column({ type: 'date', nullable: true })
  loanDate: string | null;

  /** Why the loan did not come about (未成), or why the need was withdrawn. */
  @Column({ type: 'text', nullable: true })
  closeReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @VersionColumn()
  version: number;
}
