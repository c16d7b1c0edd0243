import { FacetValueDto, QueryUnderstandingDto } from '@app/matching';
import { CooperationMode, DemandKind, DemandStatus, MaturityStage } from '@app/registry';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Response shapes of the public catalogue, for the OpenAPI document and the console's generated client. */

export class ChainRefDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'ic' })
  code: string;

  @ApiProperty({ example: '集成电路' })
  name: string;
}

export class FigureWithTargetDto {
  @ApiProperty({ description: 'Counted so far in the plan period' })
  actual: number;

  @ApiProperty({ description: 'The plan’s target for the whole period (2025–2027)' })
  target: number;
}

export class PublicSummaryDto {
  @ApiProperty({ description: 'Demands open to the public (published or in progress)' })
  publishedDemands: number;

  @ApiProperty({ description: 'Published achievements' })
  publishedAchievements: number;

  @ApiProperty({ type: FigureWithTargetDto, description: '精准匹配 (confirmed demand–achievement pairs) toward 1000' })
  preciseMatches: FigureWithTargetDto;

  @ApiProperty({ type: FigureWithTargetDto, description: '产学研对接活动 held in the plan period toward 300' })
  activitiesHeld: FigureWithTargetDto;

  @ApiProperty({ example: '2026-11-30', description: 'Beijing date of the figures' })
  asOf: string;
}

export class PublicDemandDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  description: string;

  @ApiProperty({ type: [String] })
  keywords: string[];

  @ApiProperty({ type: [String], format: 'uuid' })
  industryChainIds: string[];

  @ApiProperty({ type: [ChainRefDto] })
  industryChains: ChainRefDto[];

  @ApiProperty({ enum: DemandKind, enumName: 'DemandKind' })
  kind: DemandKind;

  @ApiProperty()
  expectedOutcome: string;

  @ApiProperty()
  technicalIndicators: string;

  @ApiProperty({ type: Number, nullable: true })
  requiredTrl: number | null;

  @ApiProperty({ enum: MaturityStage, enumName: 'MaturityStage', nullable: true })
  requiredStage: MaturityStage | null;

  @ApiProperty()
  chainRequired: boolean;

  @ApiProperty({ enum: CooperationMode, enumName: 'CooperationMode', isArray: true })
  cooperationModes: CooperationMode[];

  @ApiProperty({ type: String, format: 'date', nullable: true })
  deadline: string | null;

  @ApiProperty({ type: String, nullable: true, example: '昆山开发区' })
  region: string | null;

  @ApiProperty({ enum: DemandStatus, enumName: 'DemandStatus' })
  status: DemandStatus;

  @ApiProperty({ format: 'uuid' })
  ownerOrganisationId: string;

  @ApiProperty({ type: String, nullable: true })
  ownerOrganisationName: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  publishedAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class PublicAchievementDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  abstract: string;

  @ApiProperty({ type: [String] })
  keywords: string[];

  @ApiProperty({ format: 'uuid' })
  institutionId: string;

  @ApiProperty({ type: String, nullable: true })
  institutionName: string | null;

  @ApiProperty()
  team: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  industryChainIds: string[];

  @ApiProperty({ type: [ChainRefDto] })
  industryChains: ChainRefDto[];

  @ApiProperty({ type: Number, nullable: true })
  trl: number | null;

  @ApiProperty({ enum: MaturityStage, enumName: 'MaturityStage', nullable: true })
  stage: MaturityStage | null;

  @ApiProperty({ type: String, nullable: true })
  ipType: string | null;

  @ApiProperty({ type: String, nullable: true })
  ipStatus: string | null;

  @ApiProperty({ type: [String] })
  patentNumbers: string[];

  @ApiProperty({ enum: CooperationMode, enumName: 'CooperationMode', isArray: true })
  transferModes: CooperationMode[];

  @ApiProperty({ type: Number, nullable: true, description: '万元' })
  askingPrice: number | null;

  @ApiProperty()
  applicationScenarios: string;

  @ApiProperty()
  status: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  publishedAt: string | null;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class PublicDemandPageDto {
  @ApiProperty({ type: [PublicDemandDto] })
  items: PublicDemandDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}

export class PublicAchievementPageDto {
  @ApiProperty({ type: [PublicAchievementDto] })
  items: PublicAchievementDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}

export class FacetDto {
  @ApiProperty({ description: 'Filter parameter this facet feeds', example: 'chain' })
  param: string;

  @ApiProperty({ description: 'Indexed attribute', example: 'industryChainIds' })
  field: string;

  @ApiProperty({ example: '产业链' })
  label: string;

  @ApiProperty({ type: [FacetValueDto] })
  values: FacetValueDto[];
}

/** Highlighted copies of the searched fields: matches wrapped in <em>…</em> (plain text otherwise). */
export class SearchFormattedDto {
  @ApiPropertyOptional()
  title?: string;

  @ApiPropertyOptional()
  description?: string;

  @ApiPropertyOptional()
  abstract?: string;

  @ApiPropertyOptional({ type: [String] })
  keywords?: string[];
}

export class DemandSearchHitDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  description: string;

  @ApiProperty({ type: [String] })
  keywords: string[];

  @ApiProperty({ enum: DemandKind, enumName: 'DemandKind' })
  kind: DemandKind;

  @ApiProperty({ type: [String] })
  industryChainIds: string[];

  @ApiProperty({ type: [String] })
  chainNames: string[];

  @ApiProperty({ type: [String] })
  cooperationModes: string[];

  @ApiProperty({ type: String, nullable: true })
  requiredStage: string | null;

  @ApiProperty({ type: String, nullable: true })
  region: string | null;

  @ApiProperty({ type: String, nullable: true })
  deadline: string | null;

  @ApiProperty({ type: String, nullable: true })
  ownerOrganisationName: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'epoch milliseconds' })
  publishedAt: number | null;

  @ApiProperty({ type: SearchFormattedDto })
  _formatted: SearchFormattedDto;
}

export class AchievementSearchHitDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  abstract: string;

  @ApiProperty({ type: [String] })
  keywords: string[];

  @ApiProperty({ type: String, nullable: true })
  institutionName: string | null;

  @ApiProperty({ type: [String] })
  industryChainIds: string[];

  @ApiProperty({ type: [String] })
  chainNames: string[];

  @ApiProperty({ type: Number, nullable: true })
  trl: number | null;

  @ApiProperty({ type: String, nullable: true })
  stage: string | null;

  @ApiProperty({ type: [String] })
  transferModes: string[];

  @ApiProperty({ type: Number, nullable: true, description: 'epoch milliseconds' })
  publishedAt: number | null;

  @ApiProperty({ type: SearchFormattedDto })
  _formatted: SearchFormattedDto;
}

class SearchPageBase {
  @ApiProperty({
    type: QueryUnderstandingDto,
    nullable: true,
    description:
      'Filters understood from the question in `q` (applied, removable) and the text searched; null when off',
  })
  understood: QueryUnderstandingDto | null;

  @ApiProperty({ enum: ['hybrid', 'keyword'], description: 'hybrid: keyword + semantic vectors; keyword: full text' })
  search: 'hybrid' | 'keyword';

  @ApiPropertyOptional({ description: 'Semantic share of the ranking (hybrid search only)' })
  semanticRatio?: number;

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;

  @ApiProperty({
    description: 'Raw counts per indexed attribute and value',
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'number' } },
  })
  facets: Record<string, Record<string, number>>;

  @ApiProperty({ type: [FacetDto], description: 'The same counts with Chinese names, in display order' })
  facetList: FacetDto[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { $ref: '#/components/schemas/FacetValueDto' } },
    description: 'The same values keyed by indexed attribute (industryChainIds, kind, stage, …)',
  })
  facetValues: Record<string, FacetValueDto[]>;

  @ApiProperty()
  tookMs: number;
}

export class DemandSearchResultDto extends SearchPageBase {
  @ApiProperty({ type: [DemandSearchHitDto] })
  items: DemandSearchHitDto[];
}

export class AchievementSearchResultDto extends SearchPageBase {
  @ApiProperty({ type: [AchievementSearchHitDto] })
  items: AchievementSearchHitDto[];
}
