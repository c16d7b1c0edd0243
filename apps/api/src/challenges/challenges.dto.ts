import {
  BidderKind,
  BidStatus,
  ChallengeMechanism,
  ChallengeStatus,
  ConsortiumStatus,
  MilestoneStatus,
  ProgrammeLine,
  ProjectStatus,
} from '@app/challenges';
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

import { ChainRefDto } from '../public/public.dto';

/** Response shapes of /challenges, for the OpenAPI document and the console's generated client. */

class IndicatorDto {
  @ApiProperty({ example: '回差' }) name: string;
  @ApiProperty({ example: '≤10' }) target: string;
  @ApiProperty({ example: '弧秒' }) unit: string;
  @ApiProperty({ example: '第三方检测' }) method: string;
}

class CriterionDto {
  @ApiProperty({ example: '技术方案先进性' }) name: string;
  @ApiProperty({ example: 40 }) weight: number;
}

class EligibilityResponseDto {
  @ApiProperty({ enum: BidderKind, isArray: true }) institutionKinds: BidderKind[];
  @ApiProperty({ type: String, nullable: true }) region: string | null;
  @ApiProperty() consortiumAllowed: boolean;
  @ApiProperty({ type: String, nullable: true }) notes: string | null;
}

class EligibilityLabelsDto {
  @ApiProperty({ type: [String], example: ['高校院所', '企业'] }) institutionKinds: string[];
}

export class ChallengeResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() problem: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) sourceDemandId: string | null;
  @ApiProperty({ format: 'uuid' }) enterpriseOrganisationId: string;
  @ApiProperty({ type: String, nullable: true }) enterpriseName: string | null;
  @ApiProperty({ type: [String] }) industryChainIds: string[];
  @ApiProperty({ type: [ChainRefDto] }) industryChains: ChainRefDto[];
  @ApiProperty({ type: [IndicatorDto] }) indicators: IndicatorDto[];
  @ApiProperty({ enum: ChallengeMechanism }) mechanism: ChallengeMechanism;
  @ApiProperty({ example: '揭榜挂帅' }) mechanismLabel: string;
  @ApiProperty({ type: Number, nullable: true }) raceTeams: number | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) directedInstitutionId: string | null;
  @ApiProperty({ type: String, nullable: true }) directedInstitutionName: string | null;
  @ApiProperty({ enum: ProgrammeLine }) programmeLine: ProgrammeLine;
  @ApiProperty() programmeLineLabel: string;
  @ApiProperty({ description: '榜额 (万元)' }) fundingTotal: number;
  @ApiProperty({ description: '万元' }) enterpriseShare: number;
  @ApiProperty({ description: '万元' }) governmentShare: number;
  @ApiProperty({ type: EligibilityResponseDto }) eligibility: EligibilityResponseDto;
  @ApiProperty({ type: EligibilityLabelsDto }) eligibilityLabels: EligibilityLabelsDto;
  @ApiProperty({ format: 'date-time' }) bidDeadline: string;
  @ApiProperty({ type: [CriterionDto] }) criteria: CriterionDto[];
  @ApiProperty({ format: 'uuid' }) managerUserId: string;
  @ApiProperty({ type: String, nullable: true }) managerName: string | null;
  @ApiProperty({ enum: ChallengeStatus }) status: ChallengeStatus;
  @ApiProperty({ example: '揭榜中' }) statusLabel: string;
  @ApiProperty({ description: 'Bids are taken now' }) open: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'Live bids, for staff and the enterprise only' })
  bidCount: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) publishedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) closedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) reviewStartedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) awardedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) completedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) cancelledAt: string | null;
  @ApiProperty({ type: String, nullable: true }) cancelReason: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({
    type: [String],
    example: ['edit', 'publish', 'cancel'],
    description: 'edit, publish, close, start-review, award, complete, cancel: what the caller may do now',
  })
  allowedActions: string[];
}

export class ChallengePageDto {
  @ApiProperty({ type: [ChallengeResponseDto] }) items: ChallengeResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class PublicChallengeDto extends OmitType(ChallengeResponseDto, [
  'managerUserId',
  'allowedActions',
  'bidCount',
] as const) {}

export class PublicChallengePageDto {
  @ApiProperty({ type: [PublicChallengeDto] }) items: PublicChallengeDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

class BidMemberResponseDto {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() role: string;
  @ApiProperty({ type: String, nullable: true }) organisationName: string | null;
}

class TeamMemberDto {
  @ApiProperty() name: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) organisation: string | null;
}

class TeamDto {
  @ApiProperty({ type: TeamMemberDto }) lead: TeamMemberDto;
  @ApiProperty({ type: [TeamMemberDto] }) members: TeamMemberDto[];
}

export class ChallengeFileRefDto {
  @ApiProperty({ format: 'uuid' }) fileId: string;
  @ApiProperty({ example: '技术方案书.pdf' }) filename: string;
  @ApiProperty({ example: 'application/pdf' }) contentType: string;
  @ApiProperty({ description: 'bytes' }) size: number;
  @ApiProperty({ format: 'date-time' }) uploadedAt: string;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'Who uploaded the file: for staff and the record’s own organisations; null for other readers',
  })
  uploadedById: string | null;
}

class MilestoneDto {
  @ApiProperty() title: string;
  @ApiProperty({ example: '2027-06-30' }) dueDate: string;
  @ApiProperty() deliverable: string;
}

export class BidResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) challengeId: string;
  @ApiProperty() challengeTitle: string;
  @ApiProperty({ format: 'uuid' }) bidderOrganisationId: string;
  @ApiProperty({ type: String, nullable: true }) bidderName: string | null;
  @ApiProperty({ type: String, nullable: true }) consortiumName: string | null;
  @ApiProperty({ type: [BidMemberResponseDto] }) members: BidMemberResponseDto[];
  @ApiProperty() approach: string;
  @ApiProperty({ type: TeamDto }) team: TeamDto;
  @ApiProperty({ type: [MilestoneDto] }) milestones: MilestoneDto[];
  @ApiProperty({ description: '万元' }) requestedFunding: number;
  @ApiProperty({ enum: BidStatus }) status: BidStatus;
  @ApiProperty({ example: '已提交' }) statusLabel: string;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) withdrawnAt: string | null;
  @ApiProperty({ type: [ChallengeFileRefDto], description: '方案附件（截止后随方案冻结）' })
  attachments: ChallengeFileRefDto[];
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: [String], example: ['edit', 'withdraw'] }) allowedActions: string[];
}

class ProjectMilestoneDto extends MilestoneDto {
  @ApiProperty({ enum: MilestoneStatus }) status: MilestoneStatus;
  @ApiProperty({ example: '待验收' }) statusLabel: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) acceptedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'Staff readers only; null for others' })
  acceptedById: string | null;
  @ApiPropertyOptional({ type: [ChallengeFileRefDto], description: '里程碑佐证材料' })
  evidence?: ChallengeFileRefDto[];
}

class MeasuredDto {
  @ApiProperty() name: string;
  @ApiProperty() target: string;
  @ApiProperty() unit: string;
  @ApiProperty() value: string;
  @ApiProperty({ type: Boolean, nullable: true, description: 'null: qualitative, judged by the manager' })
  met: boolean | null;
}

class AcceptanceResponseDto {
  @ApiProperty() passed: boolean;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: [MeasuredDto] }) measured: MeasuredDto[];
}

export class ProjectResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) challengeId: string;
  @ApiProperty() challengeTitle: string;
  @ApiProperty({ enum: ChallengeMechanism }) mechanism: ChallengeMechanism;
  @ApiProperty({ format: 'uuid' }) bidId: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ type: String, nullable: true }) organisationName: string | null;
  @ApiProperty({ type: [String] }) memberOrganisationIds: string[];
  @ApiProperty() title: string;
  @ApiProperty({ enum: ProgrammeLine }) programmeLine: ProgrammeLine;
  @ApiProperty() programmeLineLabel: string;
  @ApiProperty({ description: '万元' }) funding: number;
  @ApiProperty({ format: 'date-time' }) awardedAt: string;
  @ApiProperty({ type: [ProjectMilestoneDto] }) milestones: ProjectMilestoneDto[];
  @ApiProperty({ enum: ProjectStatus }) status: ProjectStatus;
  @ApiProperty({ example: '实施中' }) statusLabel: string;
  @ApiPropertyOptional({ type: AcceptanceResponseDto, nullable: true }) acceptance: AcceptanceResponseDto | null;
  @ApiProperty({ type: String, nullable: true }) eliminationReason: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) closedAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: [String], example: ['accept-milestone', 'eliminate'] }) allowedActions: string[];
}

export class AwardExportDto {
  @ApiPropertyOptional({
    enum: ['xlsx', 'pdf'],
    default: 'xlsx',
    description: 'xlsx：各方案评分明细（加权均分、离散度、排名、定榜结果）；pdf：中文定榜公告',
  })
  @IsOptional()
  @IsIn(['xlsx', 'pdf'], { message: '导出格式须为 xlsx 或 pdf' })
  format?: 'xlsx' | 'pdf';
}

class ReviewCriterionMeanDto {
  @ApiProperty() name: string;
  @ApiProperty() weight: number;
  @ApiProperty({ type: Number, nullable: true }) mean: number | null;
}

class ReviewBidDto {
  @ApiProperty({ format: 'uuid' }) bidId: string;
  @ApiProperty({ format: 'uuid' }) bidderOrganisationId: string;
  @ApiProperty({ type: String, nullable: true }) bidderName: string | null;
  @ApiProperty({ enum: BidStatus }) status: BidStatus;
  @ApiProperty({ type: Number, nullable: true, description: 'Mean of the experts’ weighted totals' })
  mean: number | null;
  @ApiProperty({ type: Number, nullable: true }) min: number | null;
  @ApiProperty({ type: Number, nullable: true }) max: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'max − min' }) spread: number | null;
  @ApiProperty() scoreCount: number;
  @ApiProperty() expected: number;
  @ApiProperty({ type: [ReviewCriterionMeanDto] }) criteria: ReviewCriterionMeanDto[];
  @ApiProperty({ type: Number, nullable: true }) rank: number | null;
}

class ReviewPanelMemberDto {
  @ApiProperty({
    example: '专家 1',
    description: 'The expert’s place on the panel (专家 1, 专家 2 … in the order of assignment); the same to everyone',
  })
  label: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Staff only: null for the call’s enterprise (评审专家名单保密)',
  })
  userId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Staff only: null for the call’s enterprise' })
  name: string | null;
  @ApiProperty() excused: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Staff only: null for the call’s enterprise' })
  excuseReason: string | null;
  @ApiProperty({ description: 'Bids the expert has still to score' }) pending: number;
  @ApiProperty({ description: 'Score sheets the expert has given' }) scored: number;
  @ApiProperty({ description: 'Bids the expert may not score (their organisation is a party, or declared)' })
  conflicts: number;
}

class ReviewPairDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ format: 'uuid' }) bidId: string;
}

class ReviewConflictDto extends ReviewPairDto {
  @ApiProperty() declared: boolean;
}

class CriterionScoreResponseDto {
  @ApiProperty() criterion: string;
  @ApiProperty() score: number;
}

class MyScoreDto {
  @ApiProperty({ type: [CriterionScoreResponseDto] }) scores: CriterionScoreResponseDto[];
  @ApiProperty() comment: string;
  @ApiProperty() weightedTotal: number;
}

class MySheetBidDto {
  @ApiProperty({ format: 'uuid' }) bidId: string;
  @ApiProperty({ format: 'uuid' }) bidderOrganisationId: string;
  @ApiProperty({ type: String, nullable: true }) bidderName: string | null;
  @ApiProperty({ enum: BidStatus }) status: BidStatus;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['rule', 'declared'],
    description: 'rule: the expert’s organisation is a party; declared: a declared conflict',
  })
  conflict: 'rule' | 'declared' | null;
  @ApiProperty({ type: String, nullable: true }) conflictReason: string | null;
  @ApiProperty({ type: MyScoreDto, nullable: true }) score: MyScoreDto | null;
}

class MySheetDto {
  @ApiProperty() excused: boolean;
  @ApiProperty({ type: [MySheetBidDto] }) bids: MySheetBidDto[];
}

export class ReviewResponseDto {
  @ApiProperty({ format: 'uuid' }) challengeId: string;
  @ApiProperty({ enum: ChallengeStatus }) status: ChallengeStatus;
  @ApiProperty({ type: [CriterionDto] }) criteria: CriterionDto[];
  @ApiProperty({ description: 'Every assigned expert has scored every bid they may score' }) complete: boolean;
  @ApiProperty({ type: MySheetDto, nullable: true, description: 'The caller’s own sheet when an assigned expert' })
  mine: MySheetDto | null;
  @ApiProperty({
    enum: ['staff', 'enterprise', 'expert'],
    description:
      'staff: everything, naming the experts; enterprise (the call’s 出榜方): aggregates and an anonymised panel, ' +
      'no pairs; expert: their own sheet only',
  })
  view: 'staff' | 'enterprise' | 'expert';
  @ApiProperty({ type: [ReviewBidDto], nullable: true, description: 'Staff and the enterprise; null for an expert' })
  bids: ReviewBidDto[] | null;
  @ApiProperty({
    type: [ReviewPanelMemberDto],
    nullable: true,
    description: 'Staff and the enterprise (anonymised: labels and counts only); null for an expert',
  })
  panel: ReviewPanelMemberDto[] | null;
  @ApiProperty({
    type: [ReviewPairDto],
    nullable: true,
    description: 'Staff only: the (expert, bid) pairs still to score; null for the enterprise and an expert',
  })
  pending: ReviewPairDto[] | null;
  @ApiProperty({
    type: [ReviewConflictDto],
    nullable: true,
    description: 'Staff only: the (expert, bid) pairs in conflict; null for the enterprise and an expert',
  })
  conflicts: ReviewConflictDto[] | null;
}

class ConsortiumMemberResponseDto {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() role: string;
  @ApiProperty({ type: String, nullable: true }) organisationName: string | null;
  @ApiProperty({ type: String, nullable: true }) organisationKind: string | null;
}

export class ConsortiumResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) leadOrganisationId: string;
  @ApiProperty({ type: String, nullable: true }) leadOrganisationName: string | null;
  @ApiProperty({ type: [ConsortiumMemberResponseDto] }) members: ConsortiumMemberResponseDto[];
  @ApiProperty({ type: [String] }) industryChainIds: string[];
  @ApiProperty({ example: '2026-03-18' }) foundedOn: string;
  @ApiProperty() description: string;
  @ApiProperty({
    type: ChallengeFileRefDto,
    nullable: true,
    description: '已上传的联合体协议（下载：GET …/agreement）',
  })
  agreement: ChallengeFileRefDto | null;
  @ApiProperty({ enum: ConsortiumStatus }) status: ConsortiumStatus;
  @ApiProperty({ example: '运行中' }) statusLabel: string;
  @ApiProperty({ type: String, nullable: true }) dissolvedOn: string | null;
  @ApiProperty({ type: String, nullable: true }) dissolveReason: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: [String], example: ['edit', 'dissolve'] }) allowedActions: string[];
}

export class ConsortiumPageDto {
  @ApiProperty({ type: [ConsortiumResponseDto] }) items: ConsortiumResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
