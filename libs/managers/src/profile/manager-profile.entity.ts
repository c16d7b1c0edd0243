import { BaseEntity } from '@app/common';
import { Organisation } from '@app/registry';
import { Column, Entity, Index, JoinColumn, ManyToOne, Relation, VersionColumn } from 'typeorm';

import { AffiliationKind, CertificateLevel, ProfileStatus } from '../managers.domain';

/**
 * A technology manager's (技术经理人) profile: one per platform user with the manager role. The 技术经理人 indicator
 * counts active profiles of active accounts, so one person is counted once (one profile per user, one per
 * certificate number). Contact details are for platform staff only.
 */
@Entity('manager_profiles')
@Index('uq_manager_profiles_user', ['userId'], { unique: true })
@Index('uq_manager_profiles_certificate_number', ['certificateNumber'], {
  unique: true,
  where: 'certificate_number IS NOT NULL',
})
@Index('ix_manager_profiles_affiliation', ['affiliationOrganisationId'])
export class ManagerProfile extends BaseEntity {
  /** The account (role manager) this profile describes; read through the UserDirectory port. */
  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  affiliationKind: AffiliationKind;

  /** The agency, partner university or 工研院 organisation the manager works for (none for a district). */
  @Column({ type: 'uuid', nullable: true })
  affiliationOrganisationId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({
    name: 'affiliation_organisation_id',
    foreignKeyConstraintName: 'fk_manager_profiles_affiliation_organisation',
  })
  affiliationOrganisation?: Relation<Organisation> | null;

  /** Kunshan district or town (区镇): where a district manager works, and the indicators' breakdown. */
  @Column({ type: 'text', nullable: true })
  district: string | null;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  industryChainIds: string[];

  /** 专业领域与服务经历 */
  @Column({ type: 'text', default: '' })
  expertise: string;

  @Column({ type: 'text', nullable: true })
  certificateLevel: CertificateLevel | null;

  @Column({ type: 'text', nullable: true })
  certificateNumber: string | null;

  @Column({ type: 'date', nullable: true })
  certificateIssuedOn: string | null;

  /** Staff only. */
  @Column({ type: 'text', nullable: true })
  contactPhone: string | null;

  /** Staff only. */
  @Column({ type: 'text', nullable: true })
  contactEmail: string | null;

  @Column({ type: 'text', default: ProfileStatus.Active })
  status: ProfileStatus;

  @Column({ type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  deactivationReason: string | null;

  @VersionColumn()
  version: number;
}
