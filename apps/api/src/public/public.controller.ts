import { Public } from '@app/auth';
import { beijingDate, INDICATOR_BY_KEY, IndicatorsService } from '@app/indicators';
import { AchievementQueryDto, AchievementService, DemandQueryDto, DemandService } from '@app/registry';
import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import {
  PublicAchievementDto,
  PublicAchievementPageDto,
  PublicDemandDto,
  PublicDemandPageDto,
  PublicSummaryDto,
} from './public.dto';

/** Read-only catalogue for anyone, without confidential fields. */
@ApiTags('public')
@Public()
@Controller('public')
export class PublicController {
  constructor(
    private readonly demands: DemandService,
    private readonly achievements: AchievementService,
    private readonly indicators: IndicatorsService,
  ) {}

  @Get('summary')
  @ApiOperation({ summary: 'The platform’s public totals (portal home): catalogue sizes, 精准匹配 and activities' })
  @ApiOkResponse({ type: PublicSummaryDto })
  async summary(): Promise<PublicSummaryDto> {
    const asOf = beijingDate();
    const year = Number(asOf.slice(0, 4));
    const [demands, achievements, matches, activities] = await Promise.all([
      this.demands.listPublic(Object.assign(new DemandQueryDto(), { page: 1, pageSize: 1 })),
      this.achievements.listPublic(Object.assign(new AchievementQueryDto(), { page: 1, pageSize: 1 })),
      this.indicators.figureOf('precise_matches', year, asOf),
      this.indicators.figureOf('activities', year, asOf),
    ]);
    const planTarget = (key: string) => {
      const def = INDICATOR_BY_KEY.get(key);
      if (def?.planTotal) return def.planTotal.value;
      const years = Object.keys(def?.targets ?? {}).sort();
      return years.length ? def!.targets[years[years.length - 1]] : 0;
    };
    return {
      publishedDemands: demands.total,
      publishedAchievements: achievements.total,
      preciseMatches: { actual: matches.actual, target: planTarget('precise_matches') },
      activitiesHeld: { actual: activities.planTotal?.actual ?? activities.actual, target: planTarget('activities') },
      asOf,
    };
  }

  @Get('demands')
  @ApiOperation({ summary: 'Published demands (no contact, no budget)' })
  @ApiOkResponse({ type: PublicDemandPageDto })
  demandList(@Query() query: DemandQueryDto) {
    return this.demands.listPublic(query);
  }

  @Get('demands/:id')
  @ApiOperation({ summary: 'One published demand (no contact, no budget)' })
  @ApiOkResponse({ type: PublicDemandDto })
  demand(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.demands.getPublic(id);
  }

  @Get('achievements')
  @ApiOperation({ summary: 'Published achievements (no contacts)' })
  @ApiOkResponse({ type: PublicAchievementPageDto })
  achievementList(@Query() query: AchievementQueryDto) {
    return this.achievements.listPublic(query);
  }

  @Get('achievements/:id')
  @ApiOperation({ summary: 'One published achievement (no contacts)' })
  @ApiOkResponse({ type: PublicAchievementDto })
  achievement(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.achievements.getPublic(id);
  }
}
