import { CurrentActor, Public, Roles } from '@app/auth';
import { Actor, Role } from '@app/common';
import {
  CreateIndustryChainDto,
  IndustryChainResponseDto,
  IndustryChainService,
  UpdateIndustryChainDto,
} from '@app/registry';
import { Body, Controller, Get, Param, ParseBoolPipe, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';

@ApiTags('industry-chains')
@Controller('industry-chains')
export class IndustryChainsController {
  constructor(private readonly chains: IndustryChainService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'The key industrial chains (重点产业链)' })
  @ApiQuery({ name: 'includeInactive', required: false, type: Boolean })
  @ApiOkResponse({ type: [IndustryChainResponseDto] })
  list(@Query('includeInactive', new ParseBoolPipe({ optional: true })) includeInactive?: boolean) {
    return this.chains.list(includeInactive ?? false);
  }

  @ApiBearerAuth()
  @Roles(Role.Admin)
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateIndustryChainDto) {
    return this.chains.create(actor, dto);
  }

  @ApiBearerAuth()
  @Roles(Role.Admin)
  @Patch(':id')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateIndustryChainDto,
  ) {
    return this.chains.update(actor, id, dto);
  }
}
