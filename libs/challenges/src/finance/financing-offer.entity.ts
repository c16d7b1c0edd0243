import { BaseEntity, numericTransformer } from '@app/common';
import { Column, Entity, Index, VersionColumn } from 'typeorm';

import { FinancingOfferStatus } from './finance.domain';

/**
 * 银行答题: one bank's product offer on a financing need (one per bank and need). The bank reads only its own
 * offers; the need's enterprise and staff read all of them.
 */
@Entity('financing_offers')
@Index('ix_financing_offers_need', ['needId', 'status'])
@Index('ix_financing_offers_bank', ['bankOrganisationId'])
@Index('uq_financing_offers_need_bank', ['needId', 'bankOrganisationId'], { unique: true })
export class FinancingOffer extends BaseEntity {
  @Column({ type: 'uuid' })
  needId: string;

  @Column({ type: 'uuid' })
  bankOrganisationId: string;

  /** 金融产品 (昆科贷, 昆育融, 高企贷, 人才贷 …). */
  @Column({ type: 'text' })
  productName: string;

  /** 授信金额 (万元). */
  @Column({ type: 'numeric', precision: 12, scale: 2, transformer: numericTransformer })
  amount: number;

  /** 年利率区间 (%). */
  @Column({ type: 'numeric', precision: 6, scale: 3, transformer: numericTransformer })
  rateMin: number;

  @Column({ type: 'numeric', precision: 6, scale: 3, transformer: numericTransformer })
  rateMax: number;

  @Column({ type: 'int' })
  termMonths: number;

  /** 办理条件 / 担保要求. */
  @Column({ type: 'text' })
  conditions: string;

  @Column({ type: 'text', default: FinancingOfferStatus.Submitted })
  status: FinancingOfferStatus;

  @Column({ type: 'timestamptz' })
  submittedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  submittedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @VersionColumn()
  version: number;
}
