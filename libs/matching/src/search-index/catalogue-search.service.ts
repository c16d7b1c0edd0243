import { Injectable } from '@nestjs/common';

import { AchievementSearchDto, DemandSearchDto } from '../dto/search.dto';
import { SearchIndexService } from './search-index.service';

/** Meilisearch filter values come from validated enums and uuids; quoting keeps them literal all the same. */
const quote = (v: string) => `"${v.replace(/["\\]/g, '')}"`;

/** Public catalogue search: full text with filters, facet counts and highlighted matches. */
@Injectable()
export class CatalogueSearchService {
  constructor(private readonly index: SearchIndexService) {}

  async achievements(query: AchievementSearchDto) {
    const filter = [`status = "published"`];
    if (query.chain) filter.push(`industryChainIds = ${quote(query.chain)}`);
    if (query.stage) filter.push(`stage = ${quote(query.stage)}`);
    if (query.transferMode) filter.push(`transferModes = ${quote(query.transferMode)}`);
    const res = await this.index.index('achievements').search(query.q ?? '', {
      filter,
      page: query.page,
      hitsPerPage: query.pageSize,
      facets: ['industryChainIds', 'stage', 'transferModes', 'ipType'],
      attributesToHighlight: ['title', 'abstract', 'keywords'],
      attributesToCrop: ['abstract'],
      cropLength: 60,
      highlightPreTag: '<em>',
      highlightPostTag: '</em>',
      locales: ['cmn'],
    });
    return {
      items: res.hits,
      total: res.totalHits,
      page: res.page,
      pageSize: res.hitsPerPage,
      facets: res.facetDistribution,
      tookMs: res.processingTimeMs,
    };
  }

  async demands(query: DemandSearchDto) {
    const filter = [`status IN ["published", "in_progress"]`];
    if (query.chain) filter.push(`industryChainIds = ${quote(query.chain)}`);
    if (query.kind) filter.push(`kind = ${quote(query.kind)}`);
    if (query.cooperationMode) filter.push(`cooperationModes = ${quote(query.cooperationMode)}`);
    const res = await this.index.index('demands').search(query.q ?? '', {
      filter,
      page: query.page,
      hitsPerPage: query.pageSize,
      facets: ['industryChainIds', 'kind', 'cooperationModes', 'requiredStage'],
      attributesToHighlight: ['title', 'description', 'keywords'],
      attributesToCrop: ['description'],
      cropLength: 60,
      highlightPreTag: '<em>',
      highlightPostTag: '</em>',
      locales: ['cmn'],
    });
    return {
      items: res.hits,
      total: res.totalHits,
      page: res.page,
      pageSize: res.hitsPerPage,
      facets: res.facetDistribution,
      tookMs: res.processingTimeMs,
    };
  }
}
