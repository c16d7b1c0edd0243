import { CurrentActor, Roles } from '@app/auth';
import { Actor, Role } from '@app/common';
import { InstitutionProfileResponseDto, InstitutionProfileService } from '@app/imports';
import {
  CreateOrganisationDto,
  OrganisationPageDto,
  OrganisationQueryDto,
  OrganisationResponseDto,
  OrganisationService,
  UpdateOrganisationDto,
} from '@app/registry';
import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(
    private readonly organisations: OrganisationService,
    private readonly profiles: InstitutionProfileService,
  ) {}

  @Roles(Role.Admin, Role.Manager)
  @Post()
  @ApiOperation({ summary: 'Register an enterprise, university/institute or service agency' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateOrganisationDto) {
    return this.organisations.create(actor, dto);
  }

  @Roles(Role.Admin, Role.Manager, Role.Organizer)
  @Get()
  @ApiOkResponse({ type: OrganisationPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: OrganisationQueryDto) {
    return this.organisations.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One organisation (staff, or its own members)' })
  @ApiOkResponse({ type: OrganisationResponseDto })
  async get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.organisations.view(actor, id);
  }

  @Get(':id/profile')
  @ApiOperation({
    summary:
      '一校一档: the institution, its contacts, achievements, 精准匹配 and contracts, activities and recent activity',
  })
  @ApiOkResponse({ type: InstitutionProfileResponseDto })
  profile(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.profiles.profile(actor, id);
  }

  @Patch(':id')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateOrganisationDto,
  ) {
    return this.organisations.update(actor, id, dto);
  }
}
