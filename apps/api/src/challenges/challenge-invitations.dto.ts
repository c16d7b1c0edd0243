import { ChallengeMechanism, ChallengeStatus, InvitationSource } from '@app/challenges';
import { FacetValueDto } from '@app/matching';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { FacetDto } from '../public/public.dto';

/** Response shapes of invitations, proposals and call search, for the OpenAPI document and the console. */

class ProposalAchievementDto {
  @ApiProperty({ format: 'uuid' }) achievementId: string;
  @ApiProperty({ example: '基于双圆弧齿形修形的高精度谐波减速器' }) title: string;
  @ApiProperty({ example: 0.62, description: 'The engine’s score of call × achievement, 0–1' }) score: number;
  @ApiProperty({ type: [String], example: ['谐波减速器', '柔轮'] }) matchedTerms: string[];
  @ApiProperty({ description: 'The engine’s explanation' }) summary: string;
}

export class InvitationProposalDto {
  @ApiProperty({ format: 'uuid' }) institutionId: string;
  @ApiProperty({ type: String, nullable: true }) institutionName: string | null;
  @ApiProperty({ example: 1 }) rank: number;
  @ApiProperty({ example: 0.62, description: 'Best score among its achievements' }) score: number;
  @ApiProperty({ type: [String] }) matchedTerms: string[];
  @ApiProperty({ type: [ProposalAchievementDto], description: 'The reasons: its matching published achievements' })
  achievements: ProposalAchievementDto[];
  @ApiProperty({ description: 'Already invited to the call' }) invited: boolean;
  @ApiProperty({ format: 'date-time' }) computedAt: string;
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) challengeId: string;
  @ApiProperty() challengeTitle: string;
  @ApiProperty({ format: 'uuid' }) institutionId: string;
  @ApiProperty({ type: String, nullable: true }) institutionName: string | null;
  @ApiProperty({ enum: InvitationSource, enumName: 'InvitationSource' }) source: InvitationSource;
  @ApiProperty({ example: '系统推荐' }) sourceLabel: string;
  @ApiProperty({ type: String, nullable: true }) message: string | null;
  @ApiProperty({ format: 'date-time' }) invitedAt: string;
  @ApiProperty({ description: 'The institution leads or joins a live bid on the call' }) bidSubmitted: boolean;
  @ApiProperty() version: number;
}

export class SentInvitationsDto {
  @ApiProperty({ type: [InvitationDto], description: 'Invitations sent now' }) invited: InvitationDto[];
  @ApiProperty({ type: [String], description: 'Institutions already invited before (skipped)' })
  alreadyInvited: string[];
}

class InvitedCallDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: ChallengeStatus, enumName: 'ChallengeStatus' }) status: ChallengeStatus;
  @ApiProperty({ example: '揭榜中' }) statusLabel: string;
  @ApiProperty({ example: '揭榜挂帅' }) mechanismLabel: string;
  @ApiProperty({ type: String, nullable: true }) enterpriseName: string | null;
  @ApiProperty({ format: 'date-time' }) bidDeadline: string;
  @ApiProperty({ description: 'Bids are taken now' }) open: boolean;
  @ApiProperty({ description: '榜额 (万元), as the call publishes it' }) fundingTotal: number;
}

export class MyInvitationDto extends InvitationDto {
  @ApiProperty({ type: InvitedCallDto }) call: InvitedCallDto;
}

class ChallengeSearchFormattedDto {
  @ApiPropertyOptional() title?: string;
  @ApiPropertyOptional() problem?: string;
}

export class ChallengeSearchHitDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() problem: string;
  @ApiProperty({ type: [String] }) indicators: string[];
  @ApiProperty({ enum: ChallengeMechanism, enumName: 'ChallengeMechanism' }) mechanism: ChallengeMechanism;
  @ApiProperty() mechanismLabel: string;
  @ApiProperty({ enum: ChallengeStatus, enumName: 'ChallengeStatus' }) status: ChallengeStatus;
  @ApiProperty() statusLabel: string;
  @ApiProperty() programmeLineLabel: string;
  @ApiProperty({ type: String, nullable: true }) enterpriseName: string | null;
  @ApiProperty({ type: [String] }) industryChainIds: string[];
  @ApiProperty({ type: [String] }) chainNames: string[];
  @ApiProperty({ description: '榜额 (万元)' }) fundingTotal: number;
  @ApiProperty({ description: 'epoch milliseconds' }) bidDeadline: number;
  @ApiProperty({ type: Number, nullable: true, description: 'epoch milliseconds' }) publishedAt: number | null;
  @ApiProperty({ type: ChallengeSearchFormattedDto }) _formatted: ChallengeSearchFormattedDto;
}

export class ChallengeSearchResultDto {
  @ApiProperty({ type: [ChallengeSearchHitDto] }) items: ChallengeSearchHitDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({
    description: 'Raw counts per indexed attribute and value',
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'number' } },
  })
  facets: Record<string, Record<string, number>>;
  @ApiProperty({ type: [FacetDto], description: 'The same counts with Chinese names, in display order' })
  facetList: FacetDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { $ref: '#/components/schemas/FacetValueDto' } },
    description: 'The same values keyed by indexed attribute (industryChainIds, status, mechanism)',
  })
  facetValues: Record<string, FacetValueDto[]>;
  @ApiProperty() tookMs: number;
}
