import { Roles } from '@app/auth';
import { Role } from '@app/common';
import { FAILED_JOBS_KEPT, JobQueue, QueueName } from '@app/queue';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

const QUEUES = Object.values(QueueName);

export class FailedJobsQueryDto {
  @ApiPropertyOptional({ enum: QUEUES, description: 'one queue; all queues when absent' })
  @IsOptional()
  @IsIn(QUEUES)
  queue?: QueueName;

  @ApiPropertyOptional({ minimum: 1, maximum: FAILED_JOBS_KEPT.count, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(FAILED_JOBS_KEPT.count)
  limit: number = 100;
}

export class RetryFailedJobsDto {
  @ApiPropertyOptional({ enum: QUEUES, description: 'one queue; all queues when absent' })
  @IsOptional()
  @IsIn(QUEUES)
  queue?: QueueName;

  @ApiPropertyOptional({ type: [String], description: 'job ids; every failed job (of the queue) when absent' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(FAILED_JOBS_KEPT.count)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  ids?: string[];
}

/**
 * Jobs that used up their retries, for admins. Each queue keeps its newest 1000 failures for at most 7 days
 * (FAILED_JOBS_KEPT); a failure that a reconciler or a retry later runs through leaves the list.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('admin/jobs')
export class AdminJobsController {
  constructor(private readonly queue: JobQueue) {}

  @Get('failed')
  @ApiOperation({ summary: 'Failed jobs (name, id, payload ids, reason, attempts, times), newest first' })
  async failed(@Query() query: FailedJobsQueryDto) {
    const items = await this.queue.failed(query.queue, query.limit);
    return { items, total: items.length };
  }

  @Post('failed/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run failed jobs again (all, one queue, or the listed ids)' })
  async retry(@Body() body: RetryFailedJobsDto) {
    return { retried: await this.queue.retryFailed(body.queue, body.ids) };
  }
}
