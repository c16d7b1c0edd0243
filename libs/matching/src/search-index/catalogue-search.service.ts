import {
  COOPERATION_MODE_LABELS,
  DEMAND_KIND_LABELS,
  IndustryChainService,
  IP_TYPE_LABELS,
  MATURITY_STAGE_LABELS,
} from '@app/registry';
import { Injectable } from '@nestjs/common';

import { AchievementSearchDto, CatalogueSearchDto, DemandSearchDto } from '../dto/search.dto';
import { SearchIndexService } from './search-index.service';
import { SearchKind } from './search-sources';

/** Meilisearch filter values come from validated enums and uuids; quoting keeps them literal all the same. */
const quote = (v: string) => `"${v.replace(/["\\]/g, '')}"`;

/** A facet as people see it: the filter parameter it feeds, its Chinese label and how values are named. */
export interface FacetShape {
  field: string;
  param: string;
  label: string;
  /** Value → Chinese name; undefined: the value is its own name (regions); 'chain': an industry chain id. */
  names?: Record<string, string> | 'chain';
}

export interface NamedFacet {
  param: string;
  field: string;
  label: string;
  values: { value: string; label: string; count: number }[];
}

export const CHAIN_FACET: FacetShape = { field: 'industryChainIds', param: 'chain', label: '产业链', names: 'chain' };

export interface SearchShape {
  filter: string[];
  facets: FacetShape[];
  highlight: string[];
  crop: string;
}

/** Public catalogue search: full text with filters, facet counts and highlighted matches. */
@Injectable()
export class CatalogueSearchService {
  constructor(
    private readonly index: SearchIndexService,
    private readonly chains: IndustryChainService,
  ) {}

  achievements(query: AchievementSearchDto) {
    const filter = [`status = "published"`];
    if (query.chain) filter.push(`industryChainIds = ${quote(query.chain)}`);
    if (query.stage) filter.push(`stage = ${quote(query.stage)}`);
    if (query.transferMode) filter.push(`transferModes = ${quote(query.transferMode)}`);
    return this.search('achievements', query, {
      filter,
      facets: [
        CHAIN_FACET,
        { field: 'stage', param: 'stage', label: '成熟度', names: MATURITY_STAGE_LABELS },
        { field: 'transferModes', param: 'transferMode', label: '转化方式', names: COOPERATION_MODE_LABELS },
        { field: 'ipType', param: 'ipType', label: '知识产权类型', names: IP_TYPE_LABELS },
      ],
      highlight: ['title', 'abstract', 'keywords'],
      crop: 'abstract',
    });
  }

  demands(query: DemandSearchDto) {
    const filter = [`status IN ["published", "in_progress"]`];
    if (query.chain) filter.push(`industryChainIds = ${quote(query.chain)}`);
    if (query.kind) filter.push(`kind = ${quote(query.kind)}`);
    if (query.cooperationMode) filter.push(`cooperationModes = ${quote(query.cooperationMode)}`);
    if (query.stage) filter.push(`requiredStage = ${quote(query.stage)}`);
    if (query.region) filter.push(`region = ${quote(query.region)}`);
    return this.search('demands', query, {
      filter,
      facets: [
        CHAIN_FACET,
        { field: 'kind', param: 'kind', label: '需求类型', names: DEMAND_KIND_LABELS },
        { field: 'cooperationModes', param: 'cooperationMode', label: '合作方式', names: COOPERATION_MODE_LABELS },
        { field: 'requiredStage', param: 'stage', label: '成熟度要求', names: MATURITY_STAGE_LABELS },
        { field: 'region', param: 'region', label: '所在区域' },
      ],
      highlight: ['title', 'description', 'keywords'],
      crop: 'description',
    });
  }

  /** One index searched with a shape (filters, named facets, highlights); other contexts search their own index. */
  async search(kind: SearchKind, query: CatalogueSearchDto, shape: SearchShape) {
    const res = await this.index.index(kind).search(query.q ?? '', {
      filter: shape.filter,
      page: query.page,
      hitsPerPage: query.pageSize,
      facets: shape.facets.map((f) => f.field),
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
      ...(await this.name(shape.facets, res.facetDistribution ?? {})),
      tookMs: res.processingTimeMs,
    };
  }

  /**
   * Facet counts with Chinese names (chains by name, enums by label), largest first: `facetList` in display order
   * with the filter parameter each facet feeds, and the same values keyed by indexed attribute in `facetValues`.
   * `facets` (value → count) stays as it was for existing clients.
   */
  private async name(shapes: FacetShape[], distribution: Record<string, Record<string, number>>) {
    const chains = shapes.some((f) => f.names === 'chain') ? await this.chains.refs() : new Map();
    const facetList = shapes.map((f): NamedFacet => ({
      param: f.param,
      field: f.field,
      label: f.label,
      values: Object.entries(distribution[f.field] ?? {})
        .map(([value, count]) => ({
          value,
          count,
          label: f.names === 'chain' ? (chains.get(value)?.name ?? value) : f.names ? (f.names[value] ?? value) : value,
        }))
        .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'zh-CN')),
    }));
    const facetValues = Object.fromEntries(facetList.map((f) => [f.field, f.values]));
    return { facetList, facetValues };
  }
}
