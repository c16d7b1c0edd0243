import {
  FollowUpPageDto,
  FollowUpQueryDto,
  FollowUpResponseDto,
  FollowUpService,
  UpdateFollowUpDto,
} from '@app/activities';
import { CurrentActor, Roles } from '@app/auth';
import { Actor, Role } from '@app/common';
import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

@ApiTags('activities')
@ApiBearerAuth()
@Controller('follow-ups')
export class FollowUpsController {
  constructor(private readonly followUps: FollowUpService) {}

  @Get()
  @ApiOperation({
    summary:
      'Follow-up items of held activities; filter by activity, match, status, outcome, overdue, awaitingConfirmation',
    description:
      'awaitingConfirmation=true：对接结果为有合作意向、该对仍为系统推荐的事项 — 技术经理人据此一键确认精准匹配 ' +
      '（POST /matches/:id/confirm，仅技术经理人和管理员；组织方不能自行确认）。',
  })
  @ApiOkResponse({ type: FollowUpPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: FollowUpQueryDto) {
    return this.followUps.list(actor, query);
  }

  @Roles(Role.Admin, Role.Manager)
  @Get('overdue')
  @ApiOperation({ summary: 'Managers: items past their due date (Beijing) and not done, oldest first' })
  @ApiOkResponse({ type: FollowUpPageDto })
  overdue(@CurrentActor() actor: Actor, @Query() query: FollowUpQueryDto) {
    return this.followUps.overdue(actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: FollowUpResponseDto })
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.followUps.get(actor, id);
  }

  @Roles(Role.Admin, Role.Manager, Role.Organizer)
  @Patch(':id')
  @ApiOperation({
    summary: 'Record contact, next step, due date, outcome (有合作意向 …), done; send the version you read',
  })
  @ApiOkResponse({ type: FollowUpResponseDto })
  update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateFollowUpDto) {
    return this.followUps.update(actor, id, dto);
  }
}
