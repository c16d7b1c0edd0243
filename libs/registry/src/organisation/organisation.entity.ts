import { BaseEntity } from '@app/common';
import { Column, Entity, Index, VersionColumn } from 'typeorm';

import { OrganisationKind, TierFlagGrant } from '../domain';

/** Enterprise, university/institute or technology-transfer service agency. */
@Entity('organisations')
@Index('uq_organisations_kind_name', ['kind', 'name'], { unique: true })
export class Organisation extends BaseEntity {
  @Column({ type: 'text' })
  kind: OrganisationKind;

  @Column({ type: 'text' })
  name: string;

  /** 统一社会信用代码 */
  @Index('uq_organisations_credit_code', { unique: true, where: 'credit_code IS NOT NULL' })
  @Column({ type: 'text', nullable: true })
  creditCode: string | null;

  /** Kunshan district or town (区镇), for indicator breakdowns. */
  @Column({ type: 'text', nullable: true })
  district: string | null;

  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Column({ type: 'text', nullable: true })
  website: string | null;

  @Column({ type: 'text', default: '' })
  intro: string;

  @Column({ type: 'text', nullable: true })
  contactName: string | null;

  @Column({ type: 'text', nullable: true })
  contactPhone: string | null;

  @Column({ type: 'text', nullable: true })
  contactEmail: string | null;

  /** Enterprise titles with the date each was granted (科技型中小企业, 瞪羚 …). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  tierFlags: TierFlagGrant[];

  @VersionColumn()
  version: number;
}
