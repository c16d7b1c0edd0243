import { CurrentActor, Roles } from '@app/auth';
import { Actor, Role } from '@app/common';
import {
  CreateManagerProfileDto,
  ManagerProfilePageDto,
  ManagerProfileQueryDto,
  ManagerProfileResponseDto,
  ManagerProfileService,
  ProfileTransitionDto,
  UpdateManagerProfileDto,
} from '@app/managers';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

@ApiTags('managers')
@ApiBearerAuth()
@Controller('managers')
export class ManagersController {
  constructor(private readonly profiles: ManagerProfileService) {}

  @Roles(Role.Admin, Role.Manager)
  @Post()
  @ApiOperation({ summary: '建立技术经理人档案（技术经理人建本人档案；管理员可为任一技术经理人账号建档）' })
  @ApiCreatedResponse({ type: ManagerProfileResponseDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateManagerProfileDto) {
    return this.profiles.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: '技术经理人名录（联系方式仅平台人员可见）' })
  @ApiOkResponse({ type: ManagerProfilePageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ManagerProfileQueryDto) {
    return this.profiles.list(actor, query);
  }

  @Roles(Role.Admin, Role.Manager)
  @Get('me')
  @ApiOperation({ summary: '本人的技术经理人档案' })
  @ApiOkResponse({ type: ManagerProfileResponseDto })
  mine(@CurrentActor() actor: Actor) {
    return this.profiles.mine(actor);
  }

  @Get(':id')
  @ApiOkResponse({ type: ManagerProfileResponseDto })
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.profiles.get(actor, id);
  }

  @Roles(Role.Admin, Role.Manager)
  @Patch(':id')
  @ApiOperation({ summary: '修改档案（管理员可改任一档案，技术经理人只能改本人的；停用后不能修改）' })
  @ApiOkResponse({ type: ManagerProfileResponseDto })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateManagerProfileDto,
  ) {
    return this.profiles.update(actor, id, dto);
  }

  @Roles(Role.Admin)
  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: '停用（不再计入技术经理人指标，不能接受服务分配）' })
  @ApiOkResponse({ type: ManagerProfileResponseDto })
  deactivate(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ProfileTransitionDto,
  ) {
    return this.profiles.transition(actor, id, 'deactivate', dto);
  }

  @Roles(Role.Admin)
  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOperation({ summary: '恢复' })
  @ApiOkResponse({ type: ManagerProfileResponseDto })
  reactivate(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ProfileTransitionDto,
  ) {
    return this.profiles.transition(actor, id, 'reactivate', dto);
  }
}
