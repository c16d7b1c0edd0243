import {
  ActivityPageDto,
  ActivityQueryDto,
  ActivityResponseDto,
  ActivityService,
  ActivityTransitionDto,
  AddMatchItemDto,
  CreateActivityDto,
  HoldActivityDto,
  MATCH_LIST_EXPORT_KIND,
  MatchListExportDto,
  MatchListResponseDto,
  MatchListService,
  MatchProposalsService,
  ProposalQueryDto,
  ProposalResponseDto,
  ReorderMatchItemsDto,
  UpdateActivityDto,
  UpdateMatchItemDto,
} from '@app/activities';
import { CurrentActor, Roles } from '@app/auth';
import { Actor, Role } from '@app/common';
import { ExportJobResponseDto, ExportService } from '@app/files';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

const MANAGERS = [Role.Admin, Role.Manager, Role.Organizer];

@ApiTags('activities')
@ApiBearerAuth()
@Controller('activities')
export class ActivitiesController {
  constructor(
    private readonly activities: ActivityService,
    private readonly matchList: MatchListService,
    private readonly proposalsOf: MatchProposalsService,
    private readonly exports: ExportService,
  ) {}

  @Roles(...MANAGERS)
  @Post()
  @ApiOperation({
    summary: 'Plan an activity (百校群英荟, 产学研对接活动, 项目路演, 政策宣讲培训, 成果捕捉) with participants',
  })
  @ApiCreatedResponse({ type: ActivityResponseDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateActivityDto) {
    return this.activities.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Staff and organisers: all; enterprises/universities: those they take part in' })
  @ApiOkResponse({ type: ActivityPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ActivityQueryDto) {
    return this.activities.list(actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ActivityResponseDto })
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.activities.get(actor, id);
  }

  @Roles(...MANAGERS)
  @Patch(':id')
  @ApiOperation({ summary: 'Edit while planned (participants replace the set); only notes once held' })
  @ApiOkResponse({ type: ActivityResponseDto })
  update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateActivityDto) {
    return this.activities.update(actor, id, dto);
  }

  @Roles(...MANAGERS)
  @Post(':id/hold')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that it took place: attendance, freezes the match list, opens follow-ups' })
  @ApiOkResponse({ type: ActivityResponseDto })
  hold(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: HoldActivityDto) {
    return this.activities.hold(actor, id, dto);
  }

  @Roles(...MANAGERS)
  @Post(':id/follow-up')
  @HttpCode(200)
  @ApiOperation({ summary: 'held → followed_up, once every follow-up item is done (409 FOLLOW_UPS_OPEN)' })
  @ApiOkResponse({ type: ActivityResponseDto })
  followUp(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ActivityTransitionDto,
  ) {
    return this.activities.transition(actor, id, 'follow-up', dto);
  }

  @Roles(...MANAGERS)
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'planned → cancelled' })
  @ApiOkResponse({ type: ActivityResponseDto })
  cancel(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ActivityTransitionDto,
  ) {
    return this.activities.transition(actor, id, 'cancel', dto);
  }

  @Get(':id/match-items')
  @ApiOperation({ summary: 'The curated match list in order (contacts for managers and admins only)' })
  @ApiOkResponse({ type: MatchListResponseDto })
  matchItems(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.matchList.get(actor, id);
  }

  @Roles(...MANAGERS)
  @Get(':id/proposals')
  @ApiOperation({
    summary: 'Pairs to consider: stored matches in the chains and among participants; ?live=true runs the engine',
  })
  @ApiOkResponse({ type: [ProposalResponseDto] })
  proposals(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: ProposalQueryDto,
  ) {
    return this.proposalsOf.proposals(actor, id, query);
  }

  @Roles(...MANAGERS)
  @Post(':id/match-items')
  @ApiOperation({
    summary: 'Add a pair (matchId, or demandId + achievementId); 409 ACTIVITY_FROZEN once held or while locked',
  })
  @ApiCreatedResponse({ type: MatchListResponseDto })
  addMatchItem(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: AddMatchItemDto,
  ) {
    return this.matchList.add(actor, id, dto);
  }

  @Roles(...MANAGERS)
  @Put(':id/match-items/order')
  @ApiOperation({ summary: 'Reorder: every item id of the list in the new order' })
  @ApiOkResponse({ type: MatchListResponseDto })
  reorder(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ReorderMatchItemsDto,
  ) {
    return this.matchList.reorder(actor, id, dto);
  }

  @Roles(...MANAGERS)
  @Patch(':id/match-items/:itemId')
  @ApiOperation({ summary: 'Note a pair or move it to a position' })
  @ApiOkResponse({ type: MatchListResponseDto })
  updateMatchItem(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('itemId', new ParseUUIDPipe()) itemId: string,
    @Body() dto: UpdateMatchItemDto,
  ) {
    return this.matchList.update(actor, id, itemId, dto);
  }

  @Roles(...MANAGERS)
  @Delete(':id/match-items/:itemId')
  @ApiOperation({ summary: 'Remove a pair from the list' })
  @ApiOkResponse({ type: MatchListResponseDto })
  removeMatchItem(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('itemId', new ParseUUIDPipe()) itemId: string,
  ) {
    return this.matchList.remove(actor, id, itemId);
  }

  @Roles(...MANAGERS)
  @Post(':id/match-list/lock')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Lock the match list before the event (final for the handout); changes answer 409 until unlocked',
  })
  @ApiOkResponse({ type: MatchListResponseDto })
  lock(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.matchList.setLocked(actor, id, true);
  }

  @Roles(...MANAGERS)
  @Post(':id/match-list/unlock')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unlock a locked match list while the activity is planned' })
  @ApiOkResponse({ type: MatchListResponseDto })
  unlock(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.matchList.setLocked(actor, id, false);
  }

  @Roles(...MANAGERS)
  @Post(':id/exports')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Export the match list as a job: xlsx (a sheet per chain), csv (UTF-8 BOM) or a printable PDF handout',
    description:
      'Poll GET /exports/:id, then download. Contacts appear only for managers and admins; files carry no budget ' +
      'and no pipeline stage.',
  })
  @ApiAcceptedResponse({ type: ExportJobResponseDto })
  export(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: MatchListExportDto) {
    return this.exports.request(actor, MATCH_LIST_EXPORT_KIND[dto.format], { activityId: id });
  }
}
