import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { ActivityKind, ActivityStatus, ParticipantRole } from '../activity.domain';

export class ActivityChainRefDto {
  @ApiProperty({ description: '产业链 id' }) id: string;
  @ApiProperty({ description: '产业链代码', example: 'robotics' }) code: string;
  @ApiProperty({ description: '产业链名称', example: '机器人' }) name: string;
}

export class ActivityParticipantDto {
  @ApiProperty() organisationId: string;
  @ApiProperty({ description: '机构名称' }) organisationName: string;
  @ApiProperty({ enum: ['enterprise', 'university', 'agency'], description: '机构类型' })
  organisationKind: string;
  @ApiProperty({ enum: ParticipantRole }) role: ParticipantRole;
  @ApiProperty({ description: '参与身份（中文）', example: '企业' }) roleLabel: string;
  @ApiProperty({ description: '举办时是否到场' }) attended: boolean;
}

export class ActivityFollowUpSummaryDto {
  @ApiProperty({ description: '跟进事项数' }) total: number;
  @ApiProperty({ description: '已完成' }) done: number;
  @ApiProperty({ description: '已逾期' }) overdue: number;
}

/** An activity as GET /activities and the write endpoints return it. */
export class ActivityResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ActivityKind }) kind: ActivityKind;
  @ApiProperty({ description: '活动类型（中文）', example: '百校群英荟' }) kindLabel: string;
  @ApiProperty({ description: '活动名称' }) title: string;
  @ApiProperty({ type: String, format: 'date-time', description: '计划时间' }) scheduledAt: Date;
  @ApiProperty({ description: '地点' }) place: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: '区镇' }) district: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) organiserOrganisationId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '主办机构' })
  organiserOrganisationName: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '创建（组织）该活动的用户' })
  organiserUserId: string | null;
  @ApiProperty({ type: [String] }) industryChainIds: string[];
  @ApiProperty({ type: [ActivityChainRefDto] }) industryChains: ActivityChainRefDto[];
  @ApiProperty({ enum: ActivityStatus }) status: ActivityStatus;
  @ApiProperty({ description: '状态（中文）', example: '筹备中' }) statusLabel: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: '实际举办时间' })
  heldAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: '参会人数' }) attendance: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) followedUpAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) cancelledAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String }) cancelReason: string | null;
  @ApiProperty({ description: '备注' }) notes: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: '对接清单锁定时间' })
  matchListLockedAt: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String }) matchListLockedById: string | null;
  @ApiProperty({ type: [ActivityParticipantDto] }) participants: ActivityParticipantDto[];
  @ApiProperty({ description: '对接清单中的项目数' }) matchItemCount: number;
  @ApiProperty({ type: ActivityFollowUpSummaryDto }) followUps: ActivityFollowUpSummaryDto;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class ActivityPageDto {
  @ApiProperty({ type: [ActivityResponseDto] }) items: ActivityResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
