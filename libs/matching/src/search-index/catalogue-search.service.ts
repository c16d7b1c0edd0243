import { AppConfig } from '@app/config';
import {
  COOPERATION_MODE_LABELS,
  DEMAND_KIND_LABELS,
  districtNames,
  IndustryChainService,
  IP_TYPE_LABELS,
  MATURITY_STAGE_LABELS,
} from '@app/registry';
import { Injectable, Logger } from '@nestjs/common';
import type { SearchParams, SearchResponse } from 'meilisearch';

import { AchievementSearchDto, CatalogueSearchDto, DemandSearchDto } from '../dto/search.dto';
import { QueryReferenceService } from '../query/query-reference.service';
import { QueryReference, QueryUnderstanding, UnderstoodFilterType } from '../query/query-understanding';
import { SearchIndexService } from './search-index.service';
import { isSourceKind, SearchKind } from './search-sources';

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

/** A filter of the search: from an explicit parameter, or understood from the question when none is given. */
export interface FilterShape {
  type: UnderstoodFilterType;
  /** The explicit parameter's value. */
  explicit?: string;
  /** The Meilisearch filter for a value. */
  clause: (value: string) => string;
}

/**
 * How an index is searched. `filters` and `params` (the reference data a question is read with) make the search
 * understand questions; without them (other contexts' indexes) the text is searched as typed.
 */
export interface SearchShape {
  /** Filters that always hold (status). */
  filter: string[];
  filters?: FilterShape[];
  params?: QueryReference['params'];
  facets: FacetShape[];
  highlight: string[];
  crop: string;
}

/**
 * Public catalogue search: a natural question or keywords, with filters (explicit, or read out of the question),
 * facet counts, highlighted matches, and hybrid keyword + semantic ranking when an embedding service is configured.
 */
@Injectable()
export class CatalogueSearchService {
  private readonly logger = new Logger(CatalogueSearchService.name);

  constructor(
    private readonly index: SearchIndexService,
    private readonly chains: IndustryChainService,
    private readonly reference: QueryReferenceService,
    private readonly config: AppConfig,
  ) {}

  achievements(query: AchievementSearchDto) {
    return this.search('achievements', query, {
      filter: [`status = "published"`],
      filters: [
        { type: 'chain', explicit: query.chain, clause: (v) => `industryChainIds = ${quote(v)}` },
        { type: 'institution', explicit: query.institution, clause: (v) => `institutionId = ${quote(v)}` },
        { type: 'stage', explicit: query.stage, clause: (v) => `stage = ${quote(v)}` },
        { type: 'cooperationMode', explicit: query.transferMode, clause: (v) => `transferModes = ${quote(v)}` },
      ],
      params: { chain: 'chain', institution: 'institution', stage: 'stage', cooperationMode: 'transferMode' },
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
    if (query.kind) filter.push(`kind = ${quote(query.kind)}`);
    return this.search('demands', query, {
      filter,
      filters: [
        { type: 'chain', explicit: query.chain, clause: (v) => `industryChainIds = ${quote(v)}` },
        { type: 'stage', explicit: query.stage, clause: (v) => `requiredStage = ${quote(v)}` },
        { type: 'cooperationMode', explicit: query.cooperationMode, clause: (v) => `cooperationModes = ${quote(v)}` },
        // An explicit region is the facet value as stored; an understood district also matches its other names.
        { type: 'district', explicit: query.region, clause: (v) => `region = ${quote(v)}` },
      ],
      params: { chain: 'chain', stage: 'stage', cooperationMode: 'cooperationMode', district: 'region' },
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
    const q = query.q ?? '';
    const filters = shape.filters ?? [];
    const understood: QueryUnderstanding | null =
      q && shape.params && query.understand !== false
        ? (await this.reference.vocabulary(shape.params)).understand(q)
        : null;
    const filter = [...shape.filter];
    for (const f of filters) if (f.explicit) filter.push(f.clause(f.explicit));
    if (understood) {
      // Explicit filters win: an understood one of the same kind is neither applied nor offered.
      understood.filters = understood.filters.filter((u) => !filters.find((f) => f.type === u.type)?.explicit);
      for (const u of understood.filters) {
        const f = filters.find((x) => x.type === u.type)!;
        filter.push(
          u.type === 'district' ? `region IN [${districtNames(u.value).map(quote).join(', ')}]` : f.clause(u.value),
        );
      }
    }
    const text = understood ? understood.text : q;
    const params: SearchParams = {
      filter,
      page: query.page,
      hitsPerPage: query.pageSize,
      facets: shape.facets.map((f) => f.field),
      attributesToHighlight: shape.highlight,
      attributesToCrop: [shape.crop],
      cropLength: 60,
      highlightPreTag: '<em>',
      highlightPostTag: '</em>',
      locales: ['cmn'],
    };
    let { res, semantic } = await this.run(kind, text, query.semanticRatio, params);
    // Nothing holds the remaining words (keyword search does not find 电池 inside 锂电池): what matches the
    // understood filters is shown instead, and the response says the words were left out.
    if (understood && understood.filters.length > 0 && text && !res.totalHits) {
      const relaxed = await this.run(kind, '', undefined, params);
      if (relaxed.res.totalHits) ({ res, semantic } = { ...relaxed });
      understood.textIgnored = !!relaxed.res.totalHits;
    }
    return {
      understood,
      ...semantic,
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
   * Hybrid (keyword + semantic) when an embedding service is configured and there is text to embed, keyword
   * otherwise. A hybrid search that fails on the embedder's side (service down, embedder being replaced) is
   * answered by keyword search: people get results, and the response says which kind.
   */
  private async run(
    kind: SearchKind,
    text: string,
    ratio: number | undefined,
    params: SearchParams,
  ): Promise<{ res: SearchResponse; semantic: { search: 'hybrid' | 'keyword'; semanticRatio?: number } }> {
    const settings = this.config.embedding;
    const index = this.index.index(kind);
    if (settings && text && !isSourceKind(kind)) {
      const embedder = await this.index.activeEmbedder(kind).catch(() => null);
      if (embedder) {
        const semanticRatio = ratio ?? settings.semanticRatio;
        try {
          const res = await index.search(text, { ...params, hybrid: { embedder, semanticRatio } });
          return { res, semantic: { search: 'hybrid', semanticRatio } };
        } catch (err) {
          this.logger.warn(`Hybrid search on ${kind} fell back to keyword search: ${(err as Error).message}`);
          await this.index.activeEmbedder(kind, { fresh: true }).catch(() => null);
        }
      }
    }
    return { res: await index.search(text, params), semantic: { search: 'keyword' } };
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
