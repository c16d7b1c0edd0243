import { BaseEntity, numericTransformer } from '@app/common';
import { Column, Entity, Index, VersionColumn } from 'typeorm';

import { ProgrammeLine, ProjectAcceptance, ProjectMilestone, ProjectStatus } from '../challenge/challenge.domain';

/**
 * 攻关项目: created by a call's award, one per winning bid, with the bid's milestones. Row 10 of the plan counts
 * 揭榜挂帅 projects (programme line major_transfer) by the Beijing year of `awardedAt`.
 */
@Entity('challenge_projects')
@Index('ix_challenge_projects_challenge', ['challengeId'])
@Index('ix_challenge_projects_line_awarded', ['programmeLine', 'awardedAt'])
@Index('uq_challenge_projects_bid', ['bidId'], { unique: true })
export class ChallengeProject extends BaseEntity {
  @Column({ type: 'uuid' })
  challengeId: string;

  @Column({ type: 'uuid' })
  bidId: string;

  /** The winning bid's lead organisation (承担单位). */
  @Column({ type: 'uuid' })
  organisationId: string;

  /** Consortium members of the winning bid (they read the project). */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  memberOrganisationIds: string[];

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  programmeLine: ProgrammeLine;

  @Column({ type: 'numeric', precision: 12, scale: 2, transformer: numericTransformer })
  funding: number;

  @Column({ type: 'timestamptz' })
  awardedAt: Date;

  @Column({ type: 'jsonb' })
  milestones: ProjectMilestone[];

  @Column({ type: 'text', default: ProjectStatus.Running })
  status: ProjectStatus;

  @Column({ type: 'jsonb', nullable: true })
  acceptance: ProjectAcceptance | null;

  /** 赛马制 mid-term elimination. */
  @Column({ type: 'text', nullable: true })
  eliminationReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @VersionColumn()
  version: number;
}
