import { BaseEntity } from '@app/common';
import { Organisation } from '@app/registry';
import { Column, Entity, Index, JoinColumn, ManyToOne, Relation, VersionColumn } from 'typeorm';

import { AgencyStatus, ServiceScope } from '../managers.domain';

/**
 * A technology-transfer service agency (技术转移服务机构): the registry's organisation of kind agency, with what only
 * this context knows about it — service scope and filing (备案). Filed agencies count toward the plan's 80.
 */
@Entity('transfer_agencies')
@Index('uq_transfer_agencies_organisation', ['organisationId'], { unique: true })
@Index('uq_transfer_agencies_filing_number', ['filingNumber'], { unique: true, where: 'filing_number IS NOT NULL' })
export class TransferAgency extends BaseEntity {
  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_transfer_agencies_organisation' })
  organisation?: Relation<Organisation>;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  serviceScope: ServiceScope[];

  /** 服务内容说明 */
  @Column({ type: 'text', default: '' })
  serviceDescription: string;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  industryChainIds: string[];

  @Column({ type: 'text', default: AgencyStatus.Registered })
  status: AgencyStatus;

  /** 备案编号 */
  @Column({ type: 'text', nullable: true })
  filingNumber: string | null;

  /** 备案机关 */
  @Column({ type: 'text', nullable: true })
  filingAuthority: string | null;

  /** 备案日期 */
  @Column({ type: 'date', nullable: true })
  filedOn: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  revocationReason: string | null;

  @VersionColumn()
  version: number;
}
