import { Injectable } from '@nestjs/common';

import { AchievementSearchDto, CatalogueSearchDto, DemandSearchDto } from '../dto/search.dto';
import { IndexKind } from './search-documents';
import { SearchIndexService } from './search-index.service';

/** Meilisearch filter values come from validated enums and uuids; quoting keeps them literal all the same. */
const quote = (v: string) => `"${v.replace(/["\\]/g, '')}"`;

interface SearchShape {
  filter: string[];
  facets: string[];
  highlight: string[];
  crop: string;
}

/** Public catalogue search: full text with filters, facet counts and highlighted matches. */
@Injectable()
export class CatalogueSearchService {
  constructor(private readonly index: SearchIndexService) {}

  achievements(query: AchievementSearchDto) {
    const filter = [`status = "published"`];
    if (query.chain) filter.push(`industryChainIds = ${quote(query.chain)}`);
    if (query.stage) filter.push(`stage = ${quote(query.stage)}`);
    if (query.transferMode) filter.push(`transferModes = ${quote(query.transferMode)}`);
    return this.search('achievements', query, {
      filter,
      facets: ['industryChainIds', 'stage', 'transferModes', 'ipType'],
      highlight: ['title', 'abstract', 'keywords'],
      crop: 'abstract',
    });
  }

  demands(query: DemandSearchDto) {
    const filter = [`status IN ["published", "in_progress"]`];
    if (query.chain) filter.push(`industryChainIds = ${quote(query.chain)}`);
    if (query.kind) filter.push(`kind = ${quote(query.kind)}`);
    if (query.cooperationMode) filter.push(`cooperationModes = ${quote(query.cooperationMode)}`);
    return this.search('demands', query, {
      filter,
      facets: ['industryChainIds', 'kind', 'cooperationModes', 'requiredStage'],
      highlight: ['title', 'description', 'keywords'],
      crop: 'description',
    });
  }

  private async search(kind: IndexKind, query: CatalogueSearchDto, shape: SearchShape) {
    const res = await this.index.index(kind).search(query.q ?? '', {
      filter: shape.filter,
      page: query.page,
      hitsPerPage: query.pageSize,
      facets: shape.facets,
      attributesToHighlight: shape.highlight,
      attributesToCrop: [shape.crop],
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
