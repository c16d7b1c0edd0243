import { BaseEntity, Role } from '@app/common';
import { Organisation } from '@app/registry';
import { Column, Entity, Index, JoinColumn, ManyToOne, Relation } from 'typeorm';

@Entity('users')
export class User extends BaseEntity {
  /** Stored lower-cased; unique. */
  @Index('uq_users_email', { unique: true })
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text', select: false })
  passwordHash: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'text' })
  role: Role;

  @Index('ix_users_organisation')
  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_users_organisation' })
  organisation?: Relation<Organisation> | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** 评审专家: only flagged users may sit on a call's review panel; set by an admin, independent of the role. */
  @Column({ type: 'boolean', default: false })
  expert: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  /** Raised by a password change: tokens carrying an older value (claim `tv`) stop working. */
  @Column({ type: 'integer', default: 0 })
  tokenVersion: number;

  @Column({ type: 'timestamptz', nullable: true })
  passwordChangedAt: Date | null;

  /**
   * Set when an administrator's reset issued a temporary password, cleared when the person sets their own: while
   * set, the account's tokens may only read the session and change the password (403 PASSWORD_CHANGE_REQUIRED),
   * and after TEMPORARY_PASSWORD_HOURS the temporary password no longer signs in.
   */
  @Column({ type: 'timestamptz', nullable: true })
  passwordTemporarySince: Date | null;
}
