import { Roles } from '@app/auth';
import { PageQueryDto, Role } from '@app/common';
import { DOMAIN_EVENTS, EventsService } from '@app/events';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
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

export class DomainEventDto {
  @ApiProperty({ example: '1024' })
  id: string;

  @ApiProperty({ type: String, format: 'date-time' })
  occurredAt: string;

  @ApiProperty({ example: 'match.confirmed' })
  type: string;

  @ApiProperty({ example: 'match' })
  entityType: string;

  @ApiProperty({ format: 'uuid' })
  entityId: string;

  @ApiProperty({ type: Number, nullable: true })
  entityVersion: number | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  actorId: string | null;

  @ApiProperty({ example: 'manager' })
  actorRole: string;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  before: Record<string, unknown> | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  after: Record<string, unknown> | null;

  @ApiProperty({ type: String, nullable: true })
  requestId: string | null;
}

export class EventPageDto {
  @ApiProperty({ type: [DomainEventDto] })
  items: DomainEventDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}

export class EventTypeDto {
  @ApiProperty({ example: 'match.confirmed' })
  type: string;

  @ApiProperty({ example: 'match' })
  entityType: string;
}

@ApiTags('events')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @ApiOperation({ summary: 'Domain event log (who, what, when, before/after), newest first' })
  @ApiOkResponse({ type: EventPageDto })
  list(@Query() query: EventQueryDto) {
    return this.events.list(query);
  }

  @Get('types')
  @ApiOperation({ summary: 'Every event type and the entity type it is about (for the audit log filters)' })
  @ApiOkResponse({ type: [EventTypeDto] })
  types(): EventTypeDto[] {
    return Object.entries(DOMAIN_EVENTS).map(([type, spec]) => ({ type, entityType: spec.entityType }));
  }
}
