import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { ActivityStatus } from '../../activity/activity.domain';

export class MatchListPartyDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: '名称' }) title: string;
  @ApiProperty({ description: '记录状态' }) status: string;
  @ApiProperty() organisationId: string;
  @ApiProperty({ description: '单位名称' }) organisationName: string;
  @ApiProperty({ type: [String] }) industryChainIds: string[];
}

export class MatchListContactDto {
  @ApiPropertyOptional({ nullable: true, type: String }) name: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) phone: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) email: string | null;
}

export class MatchListItemDto {
  @ApiProperty() itemId: string;
  @ApiProperty({ description: '序号（从 1 起）' }) position: number;
  @ApiProperty({ description: '备注' }) note: string;
  @ApiPropertyOptional({ nullable: true, type: String }) addedById: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty() matchId: string;
  @ApiProperty({ enum: ['suggested', 'confirmed', 'contacted', 'negotiating', 'contracted', 'rejected'] })
  matchStatus: string;
  @ApiProperty({ description: '对接阶段（中文）' }) matchStatusLabel: string;
  @ApiProperty({ enum: ['engine', 'manual'] }) origin: 'engine' | 'manual';
  @ApiProperty({ description: '匹配分 0–1；人工配对无分数时为 0' }) score: number;
  @ApiProperty({ description: '匹配理由' }) summary: string;
  @ApiProperty({ type: [String] }) matchedTerms: string[];
  @ApiProperty({ type: MatchListPartyDto }) demand: MatchListPartyDto;
  @ApiProperty({ type: MatchListPartyDto }) achievement: MatchListPartyDto;
  @ApiPropertyOptional({ type: MatchListContactDto, description: '仅技术经理人和管理员' })
  demandContact?: MatchListContactDto;
  @ApiPropertyOptional({ type: MatchListContactDto, description: '仅技术经理人和管理员' })
  achievementContact?: MatchListContactDto;
}

/** GET /activities/:id/match-items and every list change. */
export class MatchListResponseDto {
  @ApiProperty() activityId: string;
  @ApiProperty({ enum: ActivityStatus }) activityStatus: ActivityStatus;
  @ApiProperty({ description: '不可修改：活动已举办/取消，或清单已锁定' }) frozen: boolean;
  @ApiProperty({ description: '组织方已锁定清单' }) locked: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) lockedAt: Date | null;
  @ApiProperty({ description: '是否显示联系方式' }) contactsVisible: boolean;
  @ApiProperty({ type: [MatchListItemDto] }) items: MatchListItemDto[];
}

export class ProposalPartyDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() organisationId: string;
  @ApiProperty() organisationName: string;
}

/** A pair an organiser may put on the list (GET /activities/:id/proposals). */
export class ProposalResponseDto {
  @ApiPropertyOptional({ nullable: true, type: String, description: '已保存的匹配 id' }) matchId: string | null;
  @ApiProperty({ enum: ['stored', 'engine'], description: 'stored 已保存的推荐；engine 实时计算' })
  source: 'stored' | 'engine';
  @ApiProperty({ description: '匹配分 0–1' }) score: number;
  @ApiProperty({ description: '匹配理由' }) summary: string;
  @ApiPropertyOptional({
    nullable: true,
    enum: ['suggested', 'confirmed', 'contacted', 'negotiating', 'contracted', 'rejected'],
  })
  matchStatus: string | null;
  @ApiProperty({ type: ProposalPartyDto }) demand: ProposalPartyDto;
  @ApiProperty({ type: ProposalPartyDto }) achievement: ProposalPartyDto;
}
