import { CurrentActor, Roles } from '@app/auth';
import { Actor, AppError, Role, toPage } from '@app/common';
import { ExportJobResponseDto, ExportService } from '@app/files';
import {
  addDays,
  beijingDate,
  beijingDayStart,
  IndicatorRecordsQueryDto,
  IndicatorSeriesQueryDto,
  IndicatorsService,
  IndicatorYearQueryDto,
  PipelineRecordsQueryDto,
  PLAN_YEARS,
  planYearOf,
  ReportExportDto,
  ReportListQueryDto,
  ReviewReportDto,
  SubmitReportDto,
  UpdateTargetDto,
} from '@app/indicators';
import { MatchPipelineReads, PIPELINE_RULE, PipelineWindow } from '@app/matching';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import {
  evidenceContentType,
  MAX_UPLOAD_BYTES,
  singleFileUpload,
  uploadedFileName,
  UploadTooLargeFilter,
} from '../files/upload-limits';
import {
  IndicatorFigureDto,
  IndicatorOverviewDto,
  IndicatorRecordsDto,
  IndicatorReportDto,
  IndicatorReportPageDto,
  IndicatorSeriesManyDto,
  PipelineDto,
  PipelineRecordsDto,
} from './indicator-responses.dto';

/** Evidence attachments: scans and PDFs of award letters, certificates… (the documented 20 MB of every upload) */
const EVIDENCE_MAX_BYTES = MAX_UPLOAD_BYTES;

/** The plan year asked for (this year by default); a year outside 2025–2027 answers 400 with the plan's years. */
const yearOf = (q: { year?: number }) => planYearOf(q.year, beijingDate());

/** Pairs from the plan's start up to the end of the chosen year (or the as-of day within it). */
function pipelineWindow(year: number, asOf: string): PipelineWindow {
  const last = asOf < `${year}-12-31` ? asOf : `${year}-12-31`;
  return { from: beijingDayStart(`${PLAN_YEARS[0]}-01-01`), before: beijingDayStart(addDays(last, 1)) };
}

@ApiTags('indicators')
@ApiBearerAuth()
@Controller()
@Roles(Role.Admin, Role.Manager)
export class IndicatorsController {
  constructor(
    private readonly indicators: IndicatorsService,
    private readonly exports: ExportService,
    private readonly pipeline: MatchPipelineReads,
  ) {}

  @Get('indicators')
  @ApiOperation({ summary: '规划指标完成情况：目标、实际、进度、序时进度、状态、按产业链/区镇分布' })
  @ApiOkResponse({ type: IndicatorOverviewDto })
  overview(@Query() q: IndicatorYearQueryDto) {
    return this.indicators.overview(yearOf(q), q.asOf);
  }

  @Get('indicators/series')
  @ApiOperation({ summary: '多个指标的按月趋势与序时进度线（图表用）' })
  @ApiOkResponse({ type: IndicatorSeriesManyDto })
  seriesMany(@Query() q: IndicatorSeriesQueryDto) {
    return this.indicators.seriesMany(q.keys, yearOf(q), q.asOf);
  }

  @Get('indicators/pipeline')
  @ApiOperation({ summary: '对接漏斗：推荐 → 确认 → 已联系 → 洽谈 → 签约（自规划期起至所选年度末产生的对）' })
  @ApiOkResponse({ type: PipelineDto })
  async funnel(@Query() q: IndicatorYearQueryDto) {
    const year = yearOf(q);
    const asOf = q.asOf ?? beijingDate();
    return { year, asOf, rule: PIPELINE_RULE, stages: await this.pipeline.funnel(pipelineWindow(year, asOf)) };
  }

  @Get('indicators/pipeline/records')
  @ApiOperation({ summary: '对接漏斗某一阶段的需求—成果对' })
  @ApiOkResponse({ type: PipelineRecordsDto })
  async funnelRecords(@Query() q: PipelineRecordsQueryDto) {
    const year = yearOf(q);
    const { rows, total } = await this.pipeline.records(
      q.stage,
      pipelineWindow(year, q.asOf ?? beijingDate()),
      (q.page - 1) * q.pageSize,
      q.pageSize,
    );
    return { stage: q.stage, rule: PIPELINE_RULE, ...toPage(rows, total, q) };
  }

  @Get('indicator-reports')
  @ApiOperation({ summary: '填报记录（所有指标）：status=submitted 为待审核' })
  @ApiOkResponse({ type: IndicatorReportPageDto })
  reports(@Query() q: ReportListQueryDto) {
    return this.indicators.listReports(q);
  }

  @Get('indicators/:key')
  @ApiOperation({ summary: '单个指标的完成情况' })
  @ApiOkResponse({ type: IndicatorFigureDto })
  one(@Param('key') key: string, @Query() q: IndicatorYearQueryDto) {
    return this.indicators.figureOf(key, yearOf(q), q.asOf);
  }

  @Get('indicators/:key/records')
  @ApiOperation({ summary: '指标明细：构成该数值的每一条记录（可按产业链、区镇筛选）' })
  @ApiOkResponse({ type: IndicatorRecordsDto })
  records(@Param('key') key: string, @Query() q: IndicatorRecordsQueryDto) {
    return this.indicators.records(key, yearOf(q), q, q.asOf);
  }

  @Get('indicators/:key/series')
  @ApiOperation({ summary: '按月时间序列' })
  series(@Param('key') key: string, @Query() q: IndicatorYearQueryDto) {
    return this.indicators.series(key, yearOf(q), q.asOf);
  }

  @Patch('indicators/:key/targets/:year')
  @Roles(Role.Admin)
  @ApiOperation({ summary: '修正目标值（year=0 为规划期总目标）；每次修改记录事件' })
  updateTarget(
    @CurrentActor() actor: Actor,
    @Param('key') key: string,
    @Param('year', ParseIntPipe) year: number,
    @Body() dto: UpdateTargetDto,
  ) {
    return this.indicators.updateTarget(actor, key, year, dto);
  }

  @Post('indicators/:key/reports')
  @ApiOperation({ summary: '填报平台无法自动统计的指标（需管理员审核）' })
  @ApiCreatedResponse({ type: IndicatorReportDto })
  submitReport(@CurrentActor() actor: Actor, @Param('key') key: string, @Body() dto: SubmitReportDto) {
    return this.indicators.submitReport(actor, key, dto);
  }

  @Post('indicator-reports/:id/evidence')
  @HttpCode(200)
  @ApiOperation({ summary: '上传佐证材料（multipart 字段 file）' })
  @ApiOkResponse({ type: IndicatorReportDto })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @UseFilters(UploadTooLargeFilter)
  @UseInterceptors(FileInterceptor('file', singleFileUpload(EVIDENCE_MAX_BYTES)))
  attachEvidence(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @UploadedFile() file?: Express.Multer.File,
  ) {
    if (!file) {
      throw AppError.invalid([{ field: 'file', reason: '缺少文件' }], '请上传佐证材料文件');
    }
    const originalname = uploadedFileName(file.originalname);
    return this.indicators.attachEvidence(actor, id, {
      ...file,
      originalname,
      mimetype: evidenceContentType(file.buffer),
    });
  }

  @Post('indicator-reports/:id/approve')
  @HttpCode(200)
  @Roles(Role.Admin)
  @ApiOperation({ summary: '审核通过（不能审核本人填报）' })
  @ApiOkResponse({ type: IndicatorReportDto })
  approve(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReviewReportDto) {
    return this.indicators.review(actor, id, 'approve', dto.note);
  }

  @Post('indicator-reports/:id/reject')
  @HttpCode(200)
  @Roles(Role.Admin)
  @ApiOperation({ summary: '驳回（须填写理由）' })
  @ApiOkResponse({ type: IndicatorReportDto })
  reject(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReviewReportDto) {
    return this.indicators.review(actor, id, 'reject', dto.note);
  }

  @Post('indicators/report-exports')
  @HttpCode(202)
  @ApiOperation({ summary: `生成指标报表（xlsx/csv，规划年度 ${PLAN_YEARS.join('、')}），返回导出任务` })
  @ApiAcceptedResponse({ type: ExportJobResponseDto })
  exportReport(@CurrentActor() actor: Actor, @Body() dto: ReportExportDto) {
    return this.exports.request(actor, `indicators.report.${dto.format ?? 'xlsx'}`, {
      year: dto.year,
      ...(dto.asOf ? { asOf: dto.asOf } : {}),
    });
  }
}
