import { CurrentActor, Public, Roles } from '@app/auth';
import {
  ChallengeQueryDto,
  ChallengeService,
  ChallengeTransitionDto,
  CreateChallengeDto,
  UpdateChallengeDto,
} from '@app/challenges';
import { Actor, Role } from '@app/common';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

const STAFF = [Role.Admin, Role.Manager];

/** 揭榜挂帅 calls as anyone reads them: published calls only, no bids. Declared before `:id` routes. */
@ApiTags('challenges')
@Public()
@Controller('challenges/public')
export class PublicChallengesController {
  constructor(private readonly challenges: ChallengeService) {}

  @Get()
  @ApiOperation({ summary: 'Published calls (揭榜中 and later), newest first; no login' })
  list(@Query() query: ChallengeQueryDto) {
    return this.challenges.listPublic(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One published call; drafts and others’ unpublished calls are 404' })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.challenges.getPublic(id);
  }
}

@ApiTags('challenges')
@ApiBearerAuth()
@Controller('challenges')
export class ChallengesController {
  constructor(private readonly challenges: ChallengeService) {}

  @Roles(...STAFF)
  @Post()
  @ApiOperation({
    summary: 'Write a call (榜单) from a published major demand (sourceDemandId) or for an enterprise directly',
    description:
      'Acceptance indicators, mechanism (揭榜挂帅 / 赛马制 with raceTeams / 定向委托 with directedInstitutionId), ' +
      'funding in 万元 (total = enterprise + government), eligibility, a future bid deadline and review criteria ' +
      'whose weights sum to 100. Starts as a draft.',
  })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateChallengeDto) {
    return this.challenges.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Staff: every call; an enterprise: its own calls and the public ones; others: public' })
  list(@CurrentActor() actor: Actor, @Query() query: ChallengeQueryDto) {
    return this.challenges.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One call with allowedActions for the caller' })
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.challenges.get(actor, id);
  }

  @Roles(...STAFF)
  @Patch(':id')
  @ApiOperation({ summary: 'Edit a draft call (409 NOT_EDITABLE once published; 409 STALE_VERSION)' })
  update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateChallengeDto) {
    return this.challenges.update(actor, id, dto);
  }

  @Roles(...STAFF)
  @Post(':id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'draft → published: bids open until the deadline; the call becomes public' })
  publish(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ChallengeTransitionDto,
  ) {
    return this.challenges.transition(actor, id, 'publish', dto);
  }

  @Roles(...STAFF)
  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'published → closed: no more bids or bid edits' })
  close(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ChallengeTransitionDto,
  ) {
    return this.challenges.transition(actor, id, 'close', dto);
  }

  @Roles(...STAFF)
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: '撤榜 before the award (reason required)' })
  cancel(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ChallengeTransitionDto,
  ) {
    return this.challenges.transition(actor, id, 'cancel', dto);
  }
}
