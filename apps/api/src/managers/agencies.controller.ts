import { CurrentActor, Roles } from '@app/auth';
import { Actor, Role } from '@app/common';
import {
  AgencyPageDto,
  AgencyQueryDto,
  AgencyResponseDto,
  AgencyService,
  CreateAgencyDto,
  FileAgencyDto,
  RevokeAgencyDto,
  UpdateAgencyDto,
} from '@app/managers';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgencyService) {}

  @Roles(Role.Admin, Role.Manager)
  @Post()
  @ApiOperation({ summary: '登记技术转移服务机构（机构库中类型为技术转移服务机构的机构）' })
  @ApiCreatedResponse({ type: AgencyResponseDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAgencyDto) {
    return this.agencies.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: '技术转移服务机构名录' })
  @ApiOkResponse({ type: AgencyPageDto })
  list(@Query() query: AgencyQueryDto) {
    return this.agencies.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: '机构详情，含在岗技术经理人' })
  @ApiOkResponse({ type: AgencyResponseDto })
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.agencies.get(actor, id);
  }

  @Roles(Role.Admin, Role.Manager)
  @Patch(':id')
  @ApiOperation({ summary: '修改服务范围、服务内容、产业链' })
  @ApiOkResponse({ type: AgencyResponseDto })
  update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateAgencyDto) {
    return this.agencies.update(actor, id, dto);
  }

  @Roles(Role.Admin, Role.Manager)
  @Post(':id/file')
  @HttpCode(200)
  @ApiOperation({ summary: '备案：登记备案编号、备案机关、备案日期（已登记或已撤销 → 已备案）' })
  @ApiOkResponse({ type: AgencyResponseDto })
  file(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: FileAgencyDto) {
    return this.agencies.file(actor, id, dto);
  }

  @Roles(Role.Admin, Role.Manager)
  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: '撤销备案（须填写原因）' })
  @ApiOkResponse({ type: AgencyResponseDto })
  revoke(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: RevokeAgencyDto) {
    return this.agencies.revoke(actor, id, dto);
  }
}
