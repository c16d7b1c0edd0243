import { CurrentActor, Roles } from '@app/auth';
import { Actor, Role } from '@app/common';
import {
  AddSessionDto,
  AssessmentDto,
  AttendanceDto,
  CampPageDto,
  CampQueryDto,
  CampResponseDto,
  CampTransitionDto,
  CreateCampDto,
  EnrolDto,
  TrainingCampService,
} from '@app/managers';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

/** Training camps are run by staff and read by staff (a manager reads the camps they take part in here too). */
@ApiTags('managers')
@ApiBearerAuth()
@Roles(Role.Admin, Role.Manager)
@Controller('training-camps')
export class TrainingCampsController {
  constructor(private readonly camps: TrainingCampService) {}

  @Post()
  @ApiOperation({ summary: '组建训练营（分产业链）' })
  @ApiCreatedResponse({ type: CampResponseDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCampDto) {
    return this.camps.create(actor, dto);
  }

  @Get()
  @ApiOkResponse({ type: CampPageDto })
  list(@Query() query: CampQueryDto) {
    return this.camps.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: CampResponseDto })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.camps.get(id);
  }

  @Post(':id/sessions')
  @ApiOperation({ summary: '登记场次：培训或实践，日期与学时' })
  @ApiCreatedResponse({ type: CampResponseDto })
  addSession(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: AddSessionDto) {
    return this.camps.addSession(actor, id, dto);
  }

  @Post(':id/enrolments')
  @ApiOperation({ summary: '报名（技术经理人档案）' })
  @ApiCreatedResponse({ type: CampResponseDto })
  enrol(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: EnrolDto) {
    return this.camps.enrol(actor, id, dto);
  }

  @Put(':id/enrolments/:enrolmentId/attendance')
  @ApiOperation({ summary: '记录出勤场次（替换）' })
  @ApiOkResponse({ type: CampResponseDto })
  attendance(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('enrolmentId', new ParseUUIDPipe()) enrolmentId: string,
    @Body() dto: AttendanceDto,
  ) {
    return this.camps.attendance(actor, id, enrolmentId, dto);
  }

  @Post(':id/enrolments/:enrolmentId/assessment')
  @HttpCode(200)
  @ApiOperation({ summary: '评价与激励：考核分、结果（优秀/合格/不合格）、评语、激励' })
  @ApiOkResponse({ type: CampResponseDto })
  assess(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('enrolmentId', new ParseUUIDPipe()) enrolmentId: string,
    @Body() dto: AssessmentDto,
  ) {
    return this.camps.assess(actor, id, enrolmentId, dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: '结营（之后不能再登记场次、报名、出勤或评价）' })
  @ApiOkResponse({ type: CampResponseDto })
  close(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: CampTransitionDto) {
    return this.camps.close(actor, id, dto);
  }
}
