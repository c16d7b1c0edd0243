import { Public } from '@app/auth';
import {
  AchievementSearchDto,
  CatalogueSearchResultDto,
  CatalogueSearchService,
  DemandSearchDto,
  FacetValueDto,
} from '@app/matching';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

@ApiTags('search')
@ApiExtraModels(FacetValueDto)
@Public()
@Controller('search')
export class SearchController {
  constructor(private readonly search: CatalogueSearchService) {}

  @Get('achievements')
  @ApiOperation({ summary: 'Full-text search of published achievements with filters, facets and highlights' })
  @ApiOkResponse({ type: CatalogueSearchResultDto })
  achievements(@Query() query: AchievementSearchDto) {
    return this.search.achievements(query);
  }

  @Get('demands')
  @ApiOperation({ summary: 'Full-text search of open demands (public fields only) with filters and facets' })
  @ApiOkResponse({ type: CatalogueSearchResultDto })
  demands(@Query() query: DemandSearchDto) {
    return this.search.demands(query);
  }
}
