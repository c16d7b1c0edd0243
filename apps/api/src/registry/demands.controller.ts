import { CurrentActor, Roles } from '@app/auth';
import { Actor, Role } from '@app/common';
import {
  CreateDemandDto,
  DEMAND_ACTIONS,
  DemandAction,
  DemandQueryDto,
  DemandService,
  DemandTransitionDto,
  UpdateDemandDto,
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

@ApiTags('demands')
@ApiBearerAuth()
@Controller('demands')
export class DemandsController {
  constructor(private readonly demands: DemandService) {}

  @Roles(Role.Enterprise, Role.Manager, Role.Admin)
  @Post()
  @ApiOperation({ summary: 'Register a technical need (draft)' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateDemandDto) {
    return this.demands.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Staff: all demands; enterprises: their own. Filters: chain, kind, status, year, q' })
  list(@CurrentActor() actor: Actor, @Query() query: DemandQueryDto) {
    return this.demands.list(actor, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.demands.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit (owner while draft; staff until solved/closed); send the version you read' })
  update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateDemandDto) {
    return this.demands.update(actor, id, dto);
  }

  @Post(':id/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: DEMAND_ACTIONS })
  @ApiOperation({ summary: 'Workflow: submit, return, publish, start, solve, close (409 when illegal)' })
  transition(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('action', new ParseEnumPipe(Object.fromEntries(DEMAND_ACTIONS.map((a) => [a, a])))) action: DemandAction,
    @Body() dto: DemandTransitionDto,
  ) {
    return this.demands.transition(actor, id, action, dto);
  }
}
