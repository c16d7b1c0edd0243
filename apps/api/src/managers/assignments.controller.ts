import { CurrentActor, Roles } from '@app/auth';
import { Actor, Role } from '@app/common';
import {
  AssignmentPageDto,
  AssignmentQueryDto,
  AssignmentResponseDto,
  AssignmentService,
  CreateAssignmentDto,
  EndAssignmentDto,
  ReassignDto,
} from '@app/managers';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

@ApiTags('managers')
@ApiBearerAuth()
@Controller('assignments')
export class AssignmentsController {
  constructor(private readonly assignments: AssignmentService) {}

  @Roles(Role.Admin, Role.Manager)
  @Post()
  @ApiOperation({
    summary: '分配技术经理人：龙头企业一对一（每家企业同时只有一位，已有时 409 ASSIGNMENT_OPEN）或驻校',
  })
  @ApiCreatedResponse({ type: AssignmentResponseDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAssignmentDto) {
    return this.assignments.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: '服务分配及历史（企业、高校用户只看到本单位的）' })
  @ApiOkResponse({ type: AssignmentPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: AssignmentQueryDto) {
    return this.assignments.list(actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: AssignmentResponseDto })
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.assignments.get(actor, id);
  }

  @Roles(Role.Admin, Role.Manager)
  @Post(':id/end')
  @HttpCode(200)
  @ApiOperation({ summary: '结束服务（服务中 → 已结束）' })
  @ApiOkResponse({ type: AssignmentResponseDto })
  end(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: EndAssignmentDto) {
    return this.assignments.end(actor, id, dto);
  }

  @Roles(Role.Admin, Role.Manager)
  @Post(':id/reassign')
  @HttpCode(200)
  @ApiOperation({ summary: '更换技术经理人：原分配在交接日结束，返回新的分配（历史保留）' })
  @ApiOkResponse({ type: AssignmentResponseDto })
  reassign(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ReassignDto) {
    return this.assignments.reassign(actor, id, dto);
  }
}
