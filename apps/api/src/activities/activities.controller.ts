import {
  ActivityQueryDto,
  ActivityService,
  ActivityTransitionDto,
  AddMatchItemDto,
  CreateActivityDto,
  HoldActivityDto,
  MATCH_LIST_EXPORT_KIND,
  MatchListExportDto,
  MatchListService,
  MatchProposalsService,
  ProposalQueryDto,
  ReorderMatchItemsDto,
  UpdateActivityDto,
  UpdateMatchItemDto,
} from '@app/activities';
import { CurrentActor, Roles } from '@app/auth';
import { Actor, Role } from '@app/common';
import { ExportService } from '@app/files';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

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
  @ApiOperation({ summary: 'Plan an activity (百校群英荟, 产学研对接活动, 项目路演, 政策宣讲培训) with participants' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateActivityDto) {
    return this.activities.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Staff and organisers: all; enterprises/universities: those they take part in' })
  list(@CurrentActor() actor: Actor, @Query() query: ActivityQueryDto) {
    return this.activities.list(actor, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.activities.get(actor, id);
  }

  @Roles(...MANAGERS)
  @Patch(':id')
  @ApiOperation({ summary: 'Edit while planned (participants replace the set); only notes once held' })
  update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateActivityDto) {
    return this.activities.update(actor, id, dto);
  }

  @Roles(...MANAGERS)
  @Post(':id/hold')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that it took place: attendance, freezes the match list, opens follow-ups' })
  hold(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: HoldActivityDto) {
    return this.activities.hold(actor, id, dto);
  }

  @Roles(...MANAGERS)
  @Post(':id/follow-up')
  @HttpCode(200)
  @ApiOperation({ summary: 'held → followed_up, once every follow-up item is done (409 FOLLOW_UPS_OPEN)' })
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
  cancel(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ActivityTransitionDto,
  ) {
    return this.activities.transition(actor, id, 'cancel', dto);
  }

  @Get(':id/match-items')
  @ApiOperation({ summary: 'The curated match list in order (contacts for managers and admins only)' })
  matchItems(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.matchList.get(actor, id);
  }

  @Roles(...MANAGERS)
  @Get(':id/proposals')
  @ApiOperation({
    summary: 'Pairs to consider: stored matches in the chains and among participants; ?live=true runs the engine',
  })
  proposals(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: ProposalQueryDto,
  ) {
    return this.proposalsOf.proposals(actor, id, query);
  }

  @Roles(...MANAGERS)
  @Post(':id/match-items')
  @ApiOperation({ summary: 'Add a pair (matchId, or demandId + achievementId); 409 ACTIVITY_FROZEN once held' })
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
  removeMatchItem(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('itemId', new ParseUUIDPipe()) itemId: string,
  ) {
    return this.matchList.remove(actor, id, itemId);
  }

  @Roles(...MANAGERS)
  @Post(':id/exports')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Export the match list as a job: xlsx (a sheet per chain), csv (UTF-8 BOM) or a printable PDF handout',
    description: 'Poll GET /exports/:id, then download. Contacts appear only for managers and admins.',
  })
  export(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: MatchListExportDto) {
    return this.exports.request(actor, MATCH_LIST_EXPORT_KIND[dto.format], { activityId: id });
  }
}
