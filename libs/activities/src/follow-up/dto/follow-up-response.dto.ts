import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { FollowUpOutcome, FollowUpStatus } from '../../activity/activity.domain';

export class FollowUpActivityRefDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) heldAt: Date | null;
}

export class FollowUpPartyDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() organisationName: string;
}

export class FollowUpDemandDto extends FollowUpPartyDto {
  @ApiPropertyOptional({ nullable: true, type: String, description: '负责的技术经理人（仅平台人员可见）' })
  assignedManagerId: string | null;
}

export class FollowUpMatchRefDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['suggested', 'confirmed', 'contacted', 'negotiating', 'contracted', 'rejected'] })
  status: string;
  @ApiProperty({ type: FollowUpDemandDto }) demand: FollowUpDemandDto;
  @ApiProperty({ type: FollowUpPartyDto }) achievement: FollowUpPartyDto;
}

/** One pair's follow-up after a held activity. */
export class FollowUpResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() matchId: string;
  @ApiProperty() activityId: string;
  @ApiProperty({ description: '双方已联系' }) contacted: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) contactedAt: Date | null;
  @ApiProperty({ description: '下一步' }) nextStep: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: '截止日期 YYYY-MM-DD（北京时间）' })
  dueDate: string | null;
  @ApiProperty({ enum: FollowUpStatus }) status: FollowUpStatus;
  @ApiProperty({ description: '状态（中文）' }) statusLabel: string;
  @ApiPropertyOptional({ nullable: true, enum: FollowUpOutcome, description: '对接结果' })
  outcome: FollowUpOutcome | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '对接结果（中文）', example: '有合作意向' })
  outcomeLabel: string | null;
  @ApiProperty({ description: '有合作意向且尚未确认精准匹配：待技术经理人确认' }) awaitingConfirmation: boolean;
  @ApiProperty({ description: '已逾期' }) overdue: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) doneAt: Date | null;
  @ApiProperty() note: string;
  @ApiPropertyOptional({ nullable: true, type: String }) updatedById: string | null;
  @ApiProperty({ type: FollowUpActivityRefDto }) activity: FollowUpActivityRefDto;
  @ApiProperty({ type: FollowUpMatchRefDto }) match: FollowUpMatchRefDto;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class FollowUpPageDto {
  @ApiProperty({ type: [FollowUpResponseDto] }) items: FollowUpResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
