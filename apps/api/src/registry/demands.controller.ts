import { CurrentActor, Roles } from '@app/auth';
import { Actor, Role } from '@app/common';
import {
  DEMAND_LIST_FILTERS,
  ListQueryUnderstandingService,
  WorkspaceDemandPageDto,
  WorkspaceDemandQueryDto,
} from '@app/matching';
import {
  CreateDemandDto,
  DEMAND_ACTIONS,
  DemandAction,
  DemandQualityDraftDto,
  DemandQualityDto,
  DemandResponseDto,
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
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';

@ApiTags('demands')
@ApiBearerAuth()
@Controller('demands')
export class DemandsController {
  constructor(
    private readonly demands: DemandService,
    private readonly understanding: ListQueryUnderstandingService,
  ) {}

  @Roles(Role.Enterprise, Role.Manager, Role.Admin)
  @Post()
  @ApiOperation({ summary: 'Register a technical need (draft)' })
  @ApiCreatedResponse({ type: DemandResponseDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateDemandDto) {
    return this.demands.create(actor, dto);
  }

  @Roles(Role.Enterprise, Role.Manager, Role.Admin)
  @Post('quality')
  @HttpCode(200)
  @ApiOperation({
    summary: '需求质量：为未保存的需求表单打分（0–100）并给出改进提示，不保存任何内容',
    description:
      '规则见 libs/registry/src/demand/quality/demand-quality-rules.json；已保存的需求在详情中返回 quality。',
  })
  @ApiOkResponse({ type: DemandQualityDto })
  quality(@Body() dto: DemandQualityDraftDto): DemandQualityDto {
    return this.demands.scoreDraft(dto);
  }

  @Get()
  @ApiOperation({
    summary:
      'Staff: all demands; enterprises: their own. Filters: chain, kind, status, year, stage, cooperationMode, ' +
      'region, q (a natural question, understood unless understand=false)',
    description:
      '对需求方企业和平台人员，每条需求带 quality（需求质量分与提示）与 lastReturn（最近一次退回的原因、二次诊断、时间、退回人）。' +
      '审核队列：GET /demands?status=submitted&sort=quality&order=asc 先看质量最低的。',
  })
  @ApiOkResponse({ type: WorkspaceDemandPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: WorkspaceDemandQueryDto) {
    return this.understanding.list(query, DEMAND_LIST_FILTERS, (q) => this.demands.list(actor, q));
  }

  @Get(':id')
  @ApiOperation({ summary: '需求详情（保密字段、质量分与退回信息仅需求方企业和平台人员可见）' })
  @ApiOkResponse({ type: DemandResponseDto })
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.demands.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit (owner while draft; staff until solved/closed); send the version you read' })
  @ApiOkResponse({ type: DemandResponseDto })
  update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateDemandDto) {
    return this.demands.update(actor, id, dto);
  }

  @Post(':id/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: DEMAND_ACTIONS })
  @ApiOperation({
    summary: 'Workflow: submit, return, publish, start, solve, close (409 when illegal)',
    description: 'return 须填 reason，可填 diagnosis（二次诊断）；二者作为 lastReturn 展示给需求方企业。',
  })
  @ApiOkResponse({ type: DemandResponseDto })
  transition(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('action', new ParseEnumPipe(Object.fromEntries(DEMAND_ACTIONS.map((a) => [a, a])))) action: DemandAction,
    @Body() dto: DemandTransitionDto,
  ) {
    return this.demands.transition(actor, id, action, dto);
  }
}
