import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Response shapes of the indicator endpoints, for the OpenAPI document (and so the console's generated client). */

const STATUSES = ['达标', '正常', '滞后', '未开始'];

export class BreakdownItemDto {
  @ApiProperty({ type: String, nullable: true, description: '产业链 id 或区镇名；null 为未分类/未填写' })
  id: string | null;

  @ApiProperty({ example: '高端装备' })
  name: string;

  @ApiProperty()
  count: number;
}

export class IndicatorBreakdownDto {
  @ApiProperty({ type: [BreakdownItemDto], description: '一条记录属于多条产业链时在每条链各计 1 次' })
  byChain: BreakdownItemDto[];

  @ApiProperty({ type: [BreakdownItemDto] })
  byDistrict: BreakdownItemDto[];
}

export class PlanTotalDto {
  @ApiProperty({ example: 6000 })
  target: number;

  @ApiProperty({ type: Number, nullable: true, description: '区间目标上限（如 1～2）' })
  max: number | null;

  @ApiProperty()
  actual: number;

  @ApiProperty({ description: '实际 / 规划期目标' })
  progress: number;

  @ApiProperty({ description: '规划期（2025—2027）已过比例：序时进度' })
  expectedProgress: number;

  @ApiProperty({ enum: STATUSES })
  status: string;

  @ApiProperty({ example: '正文：到2027年全市形成6000项以上科技成果库' })
  note: string;
}

export class IndicatorReportedHistoryDto {
  @ApiProperty()
  value: number;

  @ApiProperty({ example: '2025-12-31' })
  asOf: string;

  @ApiProperty()
  year: number;
}

export class IndicatorFigureDto {
  @ApiProperty({ example: 'precise_matches' })
  key: string;

  @ApiProperty({ type: Number, nullable: true, description: '目标任务表序号；正文目标为 null' })
  seq: number | null;

  @ApiProperty({ example: '产学研融通' })
  group: string;

  @ApiProperty({ example: '精准匹配需求成果' })
  name: string;

  @ApiProperty({ example: '项' })
  unit: string;

  @ApiProperty({ example: '科技局、工研院' })
  responsible: string;

  @ApiProperty({ enum: ['annual', 'cumulative'] })
  accumulation: 'annual' | 'cumulative';

  @ApiProperty({ example: '年度数据' })
  accumulationLabel: string;

  @ApiProperty({ enum: ['observed', 'reported'] })
  source: 'observed' | 'reported';

  @ApiProperty({ example: '平台自动统计' })
  sourceLabel: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, example: { '2025': 30, '2026': 30 } })
  targets: Record<string, number>;

  @ApiProperty({ type: Number, nullable: true })
  target: number | null;

  @ApiProperty({ description: '目标由规划期总目标按年线性推算' })
  targetDerived: boolean;

  @ApiProperty()
  actual: number;

  @ApiProperty({ type: Number, nullable: true })
  progress: number | null;

  @ApiProperty({ type: Number, nullable: true, description: '截至统计日按序时进度应达到的数值' })
  expected: number | null;

  @ApiProperty({ type: Number, nullable: true })
  expectedProgress: number | null;

  @ApiProperty({ enum: STATUSES, nullable: true, type: String })
  status: string | null;

  @ApiProperty({ description: '计数规则（中文）' })
  countingRule: string;

  @ApiPropertyOptional({ type: PlanTotalDto })
  planTotal?: PlanTotalDto;

  @ApiPropertyOptional({ type: IndicatorBreakdownDto })
  breakdown?: IndicatorBreakdownDto;

  @ApiPropertyOptional({ description: '待审核的填报数' })
  pendingReports?: number;

  @ApiPropertyOptional({
    type: IndicatorReportedHistoryDto,
    description: '平台启用前的历史填报（审核通过，行 6、7、9、10）：完成值 = 该值 + 截至日之后的平台记录',
  })
  reportedHistory?: IndicatorReportedHistoryDto;

  @ApiPropertyOptional()
  remark?: string;
}

export class IndicatorOverviewDto {
  @ApiProperty({ example: 2026 })
  year: number;

  @ApiProperty({ example: '2026-11-30' })
  asOf: string;

  @ApiProperty({ description: '所选年度已过比例' })
  yearElapsed: number;

  @ApiProperty()
  plan: string;

  @ApiProperty()
  statusRule: string;

  @ApiProperty({ type: [IndicatorFigureDto] })
  indicators: IndicatorFigureDto[];
}

export class IndicatorReportDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'key_labs' })
  indicatorKey: string;

  @ApiProperty({ example: '省级及以上重点实验室' })
  indicatorName: string;

  @ApiProperty()
  year: number;

  @ApiProperty()
  value: number;

  @ApiProperty({ example: '2026-09-30' })
  asOf: string;

  @ApiProperty()
  evidence: string;

  @ApiProperty({ type: String, nullable: true })
  evidenceFileId: string | null;

  @ApiProperty({ type: String, nullable: true })
  evidenceUrl: string | null;

  @ApiProperty({ enum: ['submitted', 'approved', 'rejected'] })
  status: 'submitted' | 'approved' | 'rejected';

  @ApiProperty({ example: '待审核' })
  statusLabel: string;

  @ApiProperty({ type: String, nullable: true })
  authorId: string | null;

  @ApiProperty({ type: String, nullable: true })
  reviewerId: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  reviewedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  reviewNote: string | null;

  @ApiProperty()
  version: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export class IndicatorReportPageDto {
  @ApiProperty({ type: [IndicatorReportDto] })
  items: IndicatorReportDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}

export class RecordChainDto {
  @ApiProperty()
  id: string;

  @ApiProperty()
  name: string;
}

/** One record behind a figure: a counted fact (observed) or a report (reported indicators). */
export class IndicatorRecordDto {
  @ApiPropertyOptional({ enum: ['demand', 'achievement', 'activity', 'match', 'user', 'organisation'] })
  subjectType?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  subjectId?: string;

  @ApiPropertyOptional()
  title?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: '计入日期' })
  occurredAt?: string;

  @ApiPropertyOptional()
  year?: number;

  @ApiPropertyOptional({ type: [RecordChainDto] })
  chains?: RecordChainDto[];

  @ApiPropertyOptional({ type: String, nullable: true })
  district?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: '记录的 API 地址' })
  link?: string | null;

  // reported indicators: the report's fields
  @ApiPropertyOptional({ format: 'uuid' })
  id?: string;

  @ApiPropertyOptional()
  value?: number;

  @ApiPropertyOptional()
  asOf?: string;

  @ApiPropertyOptional()
  evidence?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  evidenceUrl?: string | null;

  @ApiPropertyOptional({ enum: ['submitted', 'approved', 'rejected'] })
  status?: 'submitted' | 'approved' | 'rejected';

  @ApiPropertyOptional()
  statusLabel?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  reviewNote?: string | null;
}

export class IndicatorRecordsDto {
  @ApiProperty()
  indicator: string;

  @ApiProperty({ enum: ['observed', 'reported'] })
  source: 'observed' | 'reported';

  @ApiPropertyOptional()
  countingRule?: string;

  @ApiProperty({ type: [IndicatorRecordDto] })
  items: IndicatorRecordDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}

export class SeriesPointDto {
  @ApiProperty({ example: '2026-03' })
  month: string;

  @ApiProperty({ type: Number, nullable: true, description: '当月新增；未到的月份为 null' })
  added: number | null;

  @ApiProperty({ type: Number, nullable: true, description: '月末数值（年度数据为年内累计，累计数据为总量）' })
  value: number | null;

  @ApiProperty({ type: Number, nullable: true, description: '月末按序时进度应达到的数值' })
  expected: number | null;
}

export class IndicatorSeriesDto {
  @ApiProperty()
  key: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  unit: string;

  @ApiProperty({ enum: ['annual', 'cumulative'] })
  accumulation: 'annual' | 'cumulative';

  @ApiProperty({ type: Number, nullable: true })
  target: number | null;

  @ApiProperty({ type: [SeriesPointDto] })
  months: SeriesPointDto[];
}

export class IndicatorSeriesManyDto {
  @ApiProperty()
  year: number;

  @ApiProperty()
  asOf: string;

  @ApiProperty({ type: [IndicatorSeriesDto] })
  indicators: IndicatorSeriesDto[];
}

export class PipelineStageDto {
  @ApiProperty({ enum: ['suggested', 'confirmed', 'contacted', 'negotiating', 'contracted'] })
  stage: 'suggested' | 'confirmed' | 'contacted' | 'negotiating' | 'contracted';

  @ApiProperty({ example: '确认' })
  label: string;

  @ApiProperty()
  count: number;
}

export class PipelineDto {
  @ApiProperty()
  year: number;

  @ApiProperty()
  asOf: string;

  @ApiProperty({ description: '统计口径（中文）' })
  rule: string;

  @ApiProperty({ type: [PipelineStageDto] })
  stages: PipelineStageDto[];
}

export class PipelineRecordDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['suggested', 'confirmed', 'contacted', 'negotiating', 'contracted', 'rejected'] })
  status: 'suggested' | 'confirmed' | 'contacted' | 'negotiating' | 'contracted' | 'rejected';

  @ApiProperty()
  score: number;

  @ApiProperty({ enum: ['engine', 'manual'] })
  origin: string;

  @ApiProperty({ format: 'uuid' })
  demandId: string;

  @ApiProperty()
  demandTitle: string;

  @ApiProperty({ format: 'uuid' })
  achievementId: string;

  @ApiProperty()
  achievementTitle: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  confirmedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  contractedAt: string | null;
}

export class PipelineRecordsDto {
  @ApiProperty({ enum: ['suggested', 'confirmed', 'contacted', 'negotiating', 'contracted'] })
  stage: string;

  @ApiProperty()
  rule: string;

  @ApiProperty({ type: [PipelineRecordDto] })
  items: PipelineRecordDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}
