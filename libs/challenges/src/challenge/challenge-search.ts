import {
  CatalogueSearchDto,
  CatalogueSearchService,
  CHAIN_FACET,
  SearchSource,
  SearchSourceRegistry,
} from '@app/matching';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsIn, IsOptional } from 'class-validator';

import {
  CHALLENGE_MECHANISM_LABELS,
  CHALLENGE_STATUS_LABELS,
  ChallengeMechanism,
  ChallengeStatus,
  PUBLIC_CHALLENGE_STATUSES,
} from './challenge.domain';
import { ChallengeRepository } from './challenge.repository';
import { ChallengeService, PublicChallengeView } from './challenge.service';

/** What Meilisearch holds for a call: its public view's fields only (never bids, reviews or the manager). */
export interface ChallengeDocument {
  id: string;
  title: string;
  problem: string;
  /** 验收指标 as written: name, target and unit. */
  indicators: string[];
  mechanism: string;
  mechanismLabel: string;
  status: string;
  statusLabel: string;
  programmeLineLabel: string;
  enterpriseName: string | null;
  industryChainIds: string[];
  chainNames: string[];
  fundingTotal: number;
  bidDeadline: number;
  publishedAt: number | null;
  updatedAt: number;
}

export function challengeDocument(v: PublicChallengeView): ChallengeDocument {
  const time = (d: Date | string | null) => (d ? new Date(d).getTime() : null);
  return {
    id: v.id,
    title: v.title,
    problem: v.problem,
    indicators: v.indicators.map((i) => `${i.name} ${i.target}${i.unit}`),
    mechanism: v.mechanism,
    mechanismLabel: v.mechanismLabel,
    status: v.status,
    statusLabel: v.statusLabel,
    programmeLineLabel: v.programmeLineLabel,
    enterpriseName: v.enterpriseName,
    industryChainIds: v.industryChainIds,
    chainNames: v.industryChains.map((c) => c.name),
    fundingTotal: v.fundingTotal,
    bidDeadline: new Date(v.bidDeadline).getTime(),
    publishedAt: time(v.publishedAt),
    updatedAt: new Date(v.updatedAt).getTime(),
  };
}

/**
 * Feeds the `challenges` index through the matching context's index machinery: a call is searchable while public
 * (published and later); a draft never is, and a cancelled (撤榜) call leaves the index with its sync.
 */
@Injectable()
export class ChallengeSearchSource implements SearchSource, OnModuleInit {
  readonly kind = 'challenges' as const;

  constructor(
    private readonly registry: SearchSourceRegistry,
    private readonly rows: ChallengeRepository,
    private readonly challenges: ChallengeService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async documents(ids: string[]) {
    const rows = await this.rows.byIds(ids);
    const views = new Map((await this.challenges.publicViewsOf(rows)).map((v) => [v.id, v]));
    return rows.map((r) => {
      const view = views.get(r.id);
      return { id: r.id, version: r.version, doc: view ? { ...challengeDocument(view) } : null };
    });
  }

  searchableIdsAfter(after: string, limit: number): Promise<string[]> {
    return this.rows.publicIdsAfter(after, limit);
  }

  countSearchable(): Promise<number> {
    return this.rows.countPublic();
  }

  markIndexed(marks: Array<[string, number]>): Promise<void> {
    return this.rows.markIndexed(marks);
  }

  markIndexedUnchangedSince(started: Date): Promise<void> {
    return this.rows.markIndexedUnchangedSince(started);
  }

  indexLagging(limit: number): Promise<Array<{ id: string; version: number }>> {
    return this.rows.indexLagging(limit);
  }
}

export class ChallengeSearchDto extends CatalogueSearchDto {
  @ApiPropertyOptional({ enum: PUBLIC_CHALLENGE_STATUSES, description: 'Only calls in this public status' })
  @IsOptional()
  @IsIn(PUBLIC_CHALLENGE_STATUSES)
  status?: ChallengeStatus;

  @ApiPropertyOptional({ enum: ChallengeMechanism })
  @IsOptional()
  @IsEnum(ChallengeMechanism)
  mechanism?: ChallengeMechanism;
}

const quote = (v: string) => `"${v.replace(/["\\]/g, '')}"`;

/** Public full-text search of calls (portal): public statuses only, facets by chain, status and mechanism. */
@Injectable()
export class ChallengeSearchService {
  constructor(private readonly catalogue: CatalogueSearchService) {}

  search(query: ChallengeSearchDto) {
    const filter = [`status IN [${PUBLIC_CHALLENGE_STATUSES.map(quote).join(', ')}]`];
    if (query.status) filter.push(`status = ${quote(query.status)}`);
    if (query.mechanism) filter.push(`mechanism = ${quote(query.mechanism)}`);
    if (query.chain) filter.push(`industryChainIds = ${quote(query.chain)}`);
    return this.catalogue.search('challenges', query, {
      filter,
      facets: [
        CHAIN_FACET,
        { field: 'status', param: 'status', label: '榜单状态', names: CHALLENGE_STATUS_LABELS },
        { field: 'mechanism', param: 'mechanism', label: '揭榜方式', names: CHALLENGE_MECHANISM_LABELS },
      ],
      highlight: ['title', 'problem'],
      crop: 'problem',
    });
  }
}
