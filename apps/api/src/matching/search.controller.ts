import { Public } from '@app/auth';
import { AchievementSearchDto, CatalogueSearchService, DemandSearchDto } from '@app/matching';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AchievementSearchResultDto, DemandSearchResultDto } from '../public/public.dto';

@ApiTags('search')
@Public()
@Controller('search')
export class SearchController {
  constructor(private readonly search: CatalogueSearchService) {}

  @Get('achievements')
  @ApiOperation({ summary: 'Full-text search of published achievements with filters, facets and highlights' })
  @ApiOkResponse({ type: AchievementSearchResultDto })
  achievements(@Query() query: AchievementSearchDto) {
    return this.search.achievements(query);
  }

  @Get('demands')
  @ApiOperation({ summary: 'Full-text search of open demands (public fields only) with filters and facets' })
  @ApiOkResponse({ type: DemandSearchResultDto })
  demands(@Query() query: DemandSearchDto) {
    return this.search.demands(query);
  }
}
