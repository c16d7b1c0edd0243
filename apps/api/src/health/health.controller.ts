import { Public } from '@app/auth';
import { AppConfig } from '@app/config';
import { DatabaseHealthRepository } from '@app/database';
import { JobQueue } from '@app/queue';
import { SearchService } from '@app/search';
import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

@ApiTags('ops')
@Controller('health')
export class HealthController {
  constructor(
    private readonly databaseHealth: DatabaseHealthRepository,
    private readonly queue: JobQueue,
    private readonly search: SearchService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Each backend (database, queue, search) with its mode; 503 when one is down' })
  async health(@Res({ passthrough: true }) res: Response) {
    const started = Date.now();
    const database = await this.databaseHealth
      .version()
      .then((version) => ({
        status: 'up' as const,
        mode: this.config.databaseMode,
        version: version?.split(' ').slice(0, 2).join(' '),
      }))
      .catch((err: Error) => ({ status: 'down' as const, mode: this.config.databaseMode, detail: err.message }));
    const [queue, search] = await Promise.all([this.queue.health(), this.search.health()]);
    const backends = { database, queue, search };
    const ok = Object.values(backends).every((b) => b.status === 'up');
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'degraded', backends, tookMs: Date.now() - started };
  }
}
