import {
  COOPERATION_MODE_LABELS,
  DEMAND_KIND_LABELS,
  IndustryChainService,
  IpType,
  MATURITY_STAGE_LABELS,
} from '@app/registry';
import { Injectable } from '@nestjs/common';

import { AchievementSearchDto, CatalogueSearchDto, DemandSearchDto, FacetValueDto } from '../dto/search.dto';
import { IndexKind } from './search-documents';
import { SearchIndexService } from './search-index.service';

/** Meilisearch filter values come from validated enums and uuids; quoting keeps them literal all the same. */
const quote = (v: string) => `"${v.replace(/["\\]/g, '')}"`;

const IP_TYPE_LABELS: Record<IpType, string> = {
  [IpType.InventionPatent]: '发明专利',
  [IpType.UtilityModel]: '实用新型专利',
  [IpType.DesignPatent]: '外观设计专利',
  [IpType.SoftwareCopyright]: '软件著作权',
  [IpType.IntegratedCircuitLayout]: '集成电路布图设计',
  [IpType.PlantVariety]: '植物新品种',
  [IpType.KnowHow]: '技术秘密',
  [IpType.Other]: '其他',
};

/** Chinese names of coded facet values; industry chains are named from the live chain table. */
const FACET_LABELS: Record<string, Record<string, string>> = {
  stage: MATURITY_STAGE_LABELS,
  requiredStage: MATURITY_STAGE_LABELS,
  transferModes: COOPERATION_MODE_LABELS,
  cooperationModes: COOPERATION_MODE_LABELS,
  kind: DEMAND_KIND_LABELS,
  ipType: IP_TYPE_LABELS,
};

/** Facets whose values are already what people read (free text such as a region). */
const SELF_LABELLED = new Set(['region']);

interface SearchShape {
  filter: string[];
  facets: string[];
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
      facets: ['industryChainIds', 'kind', 'cooperationModes', 'requiredStage', 'region'],
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
      facetValues: await this.labelFacets(res.facetDistribution ?? {}),
      tookMs: res.processingTimeMs,
    };
  }

  /**
   * The facet counts as lists a console can show as they are: each value with its Chinese name, most frequent
   * first. `facets` (value → count) stays as it was for existing clients.
   */
  private async labelFacets(
    distribution: Record<string, Record<string, number>>,
  ): Promise<Record<string, FacetValueDto[]>> {
    const chains = distribution.industryChainIds ? await this.chains.refs() : new Map();
    const out: Record<string, FacetValueDto[]> = {};
    for (const [facet, counts] of Object.entries(distribution)) {
      const label = (value: string): string =>
        facet === 'industryChainIds'
          ? (chains.get(value)?.name ?? value)
          : SELF_LABELLED.has(facet)
            ? value
            : (FACET_LABELS[facet]?.[value] ?? value);
      out[facet] = Object.entries(counts)
        .map(([value, count]) => ({ value, label: label(value), count }))
        .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'zh-CN'));
    }
    return out;
  }
}
