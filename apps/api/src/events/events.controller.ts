import { Roles } from '@app/auth';
import { PageQueryDto, Role } from '@app/common';
import { EventsService } from '@app/events';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class EventQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'demand' })
  @IsOptional()
  @Matches(/^[a-z_]{1,40}$/)
  entityType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  entityId?: string;

  @ApiPropertyOptional({ example: 'demand.published' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  type?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ example: '2026-01-01' })
  @IsOptional()
  @IsISO8601()
  from?: string;

  @ApiPropertyOptional({ example: '2027-01-01' })
  @IsOptional()
  @IsISO8601()
  to?: string;
}

@ApiTags('events')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @ApiOperation({ summary: 'Domain event log (who, what, when, before/after), newest first' })
  list(@Query() query: EventQueryDto) {
    return this.events.list(query);
  }
}
