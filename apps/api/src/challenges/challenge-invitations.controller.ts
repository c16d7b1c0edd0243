import { CurrentActor, Public, Roles } from '@app/auth';
import { ChallengeSearchDto, ChallengeSearchService, InvitationService, SendInvitationsDto } from '@app/challenges';
import { Actor, Role } from '@app/common';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import {
  ChallengeSearchResultDto,
  InvitationDto,
  InvitationProposalDto,
  MyInvitationDto,
  SentInvitationsDto,
} from './challenge-invitations.dto';

const STAFF = [Role.Admin, Role.Manager];

/** Full-text search of public calls, beside the catalogue's /search/achievements and /search/demands. */
@ApiTags('search')
@Public()
@Controller('search')
export class ChallengeSearchController {
  constructor(private readonly search: ChallengeSearchService) {}

  @Get('challenges')
  @ApiOperation({
    summary: 'Full-text search of public calls (揭榜中 and later; never drafts or 撤榜) with facets and highlights',
  })
  @ApiOkResponse({ type: ChallengeSearchResultDto })
  challenges(@Query() query: ChallengeSearchDto) {
    return this.search.search(query);
  }
}

/** The invitations of the caller's institution. Declared before `challenges/:id` routes. */
@ApiTags('challenges')
@ApiBearerAuth()
@Controller('challenges/invitations')
export class MyChallengeInvitationsController {
  constructor(private readonly invitations: InvitationService) {}

  @Get('mine')
  @ApiOperation({
    summary: 'Invitations to bid received by the caller’s institution, newest first, each with its public call',
  })
  @ApiOkResponse({ type: [MyInvitationDto] })
  mine(@CurrentActor() actor: Actor) {
    return this.invitations.mine(actor);
  }
}

/** 邀请揭榜: the engine's proposals for a call and the invitations staff send. */
@ApiTags('challenges')
@ApiBearerAuth()
@Controller('challenges')
export class ChallengeInvitationsController {
  constructor(private readonly invitations: InvitationService) {}

  @Roles(...STAFF)
  @Get(':id/proposals')
  @ApiOperation({
    summary: 'Institutions the engine proposes to invite, strongest first, with their matching achievements as reasons',
    description:
      'Computed when the call is published (and on recompute) from published achievements matching the call.',
  })
  @ApiOkResponse({ type: [InvitationProposalDto] })
  proposals(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.invitations.proposals(actor, id);
  }

  @Roles(...STAFF)
  @Post(':id/proposals/recompute')
  @HttpCode(200)
  @ApiOperation({ summary: 'Recompute the proposals of a call taking bids now (409 for a call in another status)' })
  @ApiOkResponse({ type: [InvitationProposalDto] })
  recompute(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.invitations.recompute(actor, id);
  }

  @Roles(...STAFF)
  @Post(':id/invitations')
  @ApiOperation({
    summary: 'Invite institutions to bid on a call taking bids (proposed ones or any chosen by hand)',
    description:
      '400 for unknown institutions; 409 NOT_ELIGIBLE for an institution the call’s eligibility rules out; ' +
      '409 BID_DEADLINE_PASSED after the deadline. Already invited institutions are skipped.',
  })
  @ApiCreatedResponse({ type: SentInvitationsDto })
  invite(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: SendInvitationsDto) {
    return this.invitations.invite(actor, id, dto);
  }

  @Get(':id/invitations')
  @ApiOperation({ summary: 'Invitations of a call: all for staff; an institution sees only its own' })
  @ApiOkResponse({ type: [InvitationDto] })
  list(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.invitations.list(actor, id);
  }
}
