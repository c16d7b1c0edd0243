import { Public } from '@app/auth';
import { AchievementQueryDto, AchievementService, DemandQueryDto, DemandService } from '@app/registry';
import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

/** Read-only catalogue for anyone, without confidential fields. */
@ApiTags('public')
@Public()
@Controller('public')
export class PublicController {
  constructor(
    private readonly demands: DemandService,
    private readonly achievements: AchievementService,
  ) {}

  @Get('demands')
  @ApiOperation({ summary: 'Published demands (no contact, no budget)' })
  demandList(@Query() query: DemandQueryDto) {
    return this.demands.listPublic(query);
  }

  @Get('demands/:id')
  demand(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.demands.getPublic(id);
  }

  @Get('achievements')
  @ApiOperation({ summary: 'Published achievements (no contacts)' })
  achievementList(@Query() query: AchievementQueryDto) {
    return this.achievements.listPublic(query);
  }

  @Get('achievements/:id')
  achievement(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.achievements.getPublic(id);
  }
}
