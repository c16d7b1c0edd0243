import { BaseEntity } from '@app/common';
import { Column, Entity, Index, VersionColumn } from 'typeorm';

import { BidMember, ChallengeFileRef, ConsortiumStatus } from '../challenge/challenge.domain';

/**
 * 创新联合体: a lead enterprise with member enterprises and institutions (roles recorded), registered by staff.
 * Row 9 of the plan counts the active ones cumulatively by founding date.
 */
@Entity('innovation_consortia')
@Index('ix_innovation_consortia_status_founded', ['status', 'foundedOn'])
@Index('uq_innovation_consortia_name', ['name'], { unique: true })
export class InnovationConsortium extends BaseEntity {
  @Column({ type: 'text' })
  name: string;

  @Index('ix_innovation_consortia_lead')
  @Column({ type: 'uuid' })
  leadOrganisationId: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  members: BidMember[];

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  industryChainIds: string[];

  /** 成立日期 (Beijing date). */
  @Column({ type: 'date' })
  foundedOn: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /** The signed consortium agreement (协议文件), stored like other uploads; replaced by a newer upload. */
  @Column({ type: 'jsonb', nullable: true })
  agreement: ChallengeFileRef | null;

  @Column({ type: 'text', default: ConsortiumStatus.Active })
  status: ConsortiumStatus;

  @Column({ type: 'date', nullable: true })
  dissolvedOn: string | null;

  @Column({ type: 'text', nullable: true })
  dissolveReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @VersionColumn()
  version: number;
}
