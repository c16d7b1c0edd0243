import { FollowUpQueryDto, FollowUpService, UpdateFollowUpDto } from '@app/activities';
import { CurrentActor, Roles } from '@app/auth';
import { Actor, Role } from '@app/common';
import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

@ApiTags('activities')
@ApiBearerAuth()
@Controller('follow-ups')
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpService) {}

  @Get()
  @ApiOperation({ summary: 'Follow-up items of held activities; filter by activity, match, status, overdue' })
  list(@CurrentActor() actor: Actor, @Query() query: FollowUpQueryDto) {
    return this.followUps.list(actor, query);
  }

  @Roles(Role.Admin, Role.Manager)
  @Get('overdue')
  @ApiOperation({ summary: 'Managers: items past their due date (Beijing) and not done, oldest first' })
  overdue(@CurrentActor() actor: Actor, @Query() query: FollowUpQueryDto) {
    return this.followUps.overdue(actor, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.followUps.get(actor, id);
  }

  @Roles(Role.Admin, Role.Manager, Role.Organizer)
  @Patch(':id')
  @ApiOperation({ summary: 'Record contact, next step, due date, done; send the version you read' })
  update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateFollowUpDto) {
    return this.followUps.update(actor, id, dto);
  }
}
