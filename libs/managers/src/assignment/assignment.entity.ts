import { BaseEntity } from '@app/common';
import { Organisation } from '@app/registry';
import { Column, Entity, Index, JoinColumn, ManyToOne, Relation, VersionColumn } from 'typeorm';

import { AssignmentKind, AssignmentStatus } from '../managers.domain';
import { ManagerProfile } from '../profile/manager-profile.entity';

/**
 * A manager assigned to a leading enterprise (一对一: one open assignment per enterprise) or to a partner university
 * (驻校: a team, one open assignment per manager and university). Dates are Kunshan calendar dates, both inclusive;
 * an active assignment has no end. Reassignment ends the open one and starts the next: the history stays.
 */
@Entity('manager_assignments')
@Index('uq_manager_assignments_open_enterprise', ['organisationId'], {
  unique: true,
  where: `kind = 'enterprise' AND status = 'active'`,
})
@Index('uq_manager_assignments_open_pair', ['managerProfileId', 'organisationId'], {
  unique: true,
  where: `status = 'active'`,
})
@Index('ix_manager_assignments_organisation', ['organisationId', 'startOn'])
export class ManagerAssignment extends BaseEntity {
  @Column({ type: 'uuid' })
  managerProfileId: string;

  @ManyToOne(() => ManagerProfile, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'manager_profile_id', foreignKeyConstraintName: 'fk_manager_assignments_manager_profile' })
  managerProfile?: Relation<ManagerProfile>;

  @Column({ type: 'text' })
  kind: AssignmentKind;

  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_manager_assignments_organisation' })
  organisation?: Relation<Organisation>;

  @Column({ type: 'date' })
  startOn: string;

  @Column({ type: 'date', nullable: true })
  endOn: string | null;

  @Column({ type: 'text', default: AssignmentStatus.Active })
  status: AssignmentStatus;

  @Column({ type: 'text', nullable: true })
  endReason: string | null;

  /** The assignment this one took over from (reassignment). */
  @Column({ type: 'uuid', nullable: true })
  previousAssignmentId: string | null;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @VersionColumn()
  version: number;
}
