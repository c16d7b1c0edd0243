import { BaseEntity } from '@app/common';
import { Organisation } from '@app/registry';
import { Column, Entity, Index, JoinColumn, ManyToOne, Relation, VersionColumn } from 'typeorm';

import { ServiceRecordKind } from '../managers.domain';
import { ManagerProfile } from '../profile/manager-profile.entity';

/**
 * One entry of a manager's service log: a visit, call, roadmap workshop, need-mining session or signed agreement
 * with an enterprise or university, on a Kunshan date. A removed record stays (soft delete) but no longer counts.
 */
@Entity('service_records')
@Index('ix_service_records_organisation', ['organisationId', 'occurredOn'])
@Index('ix_service_records_manager', ['managerProfileId', 'occurredOn'])
export class ServiceRecord extends BaseEntity {
  @Column({ type: 'uuid' })
  managerProfileId: string;

  @ManyToOne(() => ManagerProfile, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'manager_profile_id', foreignKeyConstraintName: 'fk_service_records_manager_profile' })
  managerProfile?: Relation<ManagerProfile>;

  @Column({ type: 'text' })
  kind: ServiceRecordKind;

  @Column({ type: 'date' })
  occurredOn: string;

  /** The enterprise or university served. */
  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_service_records_organisation' })
  organisation?: Relation<Organisation>;

  /** The manager's assignment to this organisation that covered the date, when there was one. */
  @Column({ type: 'uuid', nullable: true })
  assignmentId: string | null;

  /** Who took part (names and roles, e.g. 张工（研发总监）). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  participants: string[];

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'uuid', nullable: true })
  attachmentFileId: string | null;

  @Column({ type: 'text', nullable: true })
  attachmentFilename: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  removedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  removalReason: string | null;

  @VersionColumn()
  version: number;
}

/** A need mined in service (服务中挖掘的需求), linked to the demand it became once registered. */
@Entity('mined_needs')
@Index('ix_mined_needs_organisation', ['organisationId'])
@Index('ix_mined_needs_demand', ['demandId'])
export class MinedNeed extends BaseEntity {
  @Column({ type: 'uuid' })
  serviceRecordId: string;

  @ManyToOne(() => ServiceRecord, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_record_id', foreignKeyConstraintName: 'fk_mined_needs_service_record' })
  serviceRecord?: Relation<ServiceRecord>;

  /** The enterprise whose need it is (the service record's organisation). */
  @Column({ type: 'uuid' })
  organisationId: string;

  /** Order within its record, as entered. */
  @Column({ type: 'integer', default: 0 })
  position: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  industryChainIds: string[];

  @Column({ type: 'uuid', nullable: true })
  demandId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  linkedAt: Date | null;

  @VersionColumn()
  version: number;
}
