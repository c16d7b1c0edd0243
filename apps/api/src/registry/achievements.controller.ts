import { CurrentActor, Roles } from '@app/auth';
import { Actor, Role } from '@app/common';
import {
  ACHIEVEMENT_ACTIONS,
  AchievementAction,
  AchievementQueryDto,
  AchievementService,
  AchievementTransitionDto,
  CreateAchievementDto,
  UpdateAchievementDto,
} from '@app/registry';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseEnumPipe,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';

@ApiTags('achievements')
@ApiBearerAuth()
@Controller('achievements')
export class AchievementsController {
  constructor(private readonly achievements: AchievementService) {}

  @Roles(Role.University, Role.Manager, Role.Admin)
  @Post()
  @ApiOperation({ summary: 'Add an achievement to the catalogue (draft)' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAchievementDto) {
    return this.achievements.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Staff: the whole catalogue; institutions: their own' })
  list(@CurrentActor() actor: Actor, @Query() query: AchievementQueryDto) {
    return this.achievements.list(actor, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.achievements.get(actor, id);
  }

  @Patch(':id')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateAchievementDto,
  ) {
    return this.achievements.update(actor, id, dto);
  }

  @Post(':id/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: ACHIEVEMENT_ACTIONS })
  @ApiOperation({ summary: 'Workflow: publish, withdraw, transfer (409 when illegal)' })
  transition(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('action', new ParseEnumPipe(Object.fromEntries(ACHIEVEMENT_ACTIONS.map((a) => [a, a]))))
    action: AchievementAction,
    @Body() dto: AchievementTransitionDto,
  ) {
    return this.achievements.transition(actor, id, action, dto);
  }
}
