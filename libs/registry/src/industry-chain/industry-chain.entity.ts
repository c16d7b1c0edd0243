import { BaseEntity } from '@app/common';
import { Column, Entity, Index } from 'typeorm';

/** One of the 15 key industrial chains (重点产业链): reference data, edited by admins, never hard-deleted. */
@Entity('industry_chains')
export class IndustryChain extends BaseEntity {
  @Index('uq_industry_chains_code', { unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'integer', default: 0 })
  sortOrder: number;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}
