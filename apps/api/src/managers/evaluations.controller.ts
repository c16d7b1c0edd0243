import { CurrentActor, Roles } from '@app/auth';
import { Actor, Role } from '@app/common';
import { ExportJobResponseDto, ExportService } from '@app/files';
import {
  ComputeEvaluationDto,
  EVALUATION_RANKING_EXPORT_KIND,
  EVALUATION_SHEET_EXPORT_KIND,
  EvaluationExportDto,
  EvaluationPeriodResponseDto,
  EvaluationRankingDto,
  EvaluationRankingQueryDto,
  EvaluationService,
  EvaluationSheetDto,
  PublishEvaluationDto,
  RateableRecordDto,
  RateServiceDto,
  ScoringModelsDto,
  ServiceRatingResponseDto,
  ServiceRatingService,
} from '@app/managers';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';

const PERIOD = { name: 'periodKey', example: '2026', description: '评估期：2026、2026H1 或 2026H2' };
const SUBJECT = { name: 'subjectKind', enum: ['manager', 'agency'], description: '技术经理人或机构' };

/** 分级评估 of technology managers and agencies: admins compute, publish and export; a manager reads their own. */
@ApiTags('managers')
@ApiBearerAuth()
@Controller('evaluations')
export class EvaluationsController {
  constructor(
    private readonly evaluations: EvaluationService,
    private readonly exports: ExportService,
  ) {}

  @Roles(Role.Admin, Role.Manager)
  @Get('models')
  @ApiOperation({ summary: '平台默认评估模型（指标、权重、标准化方式、等级门槛）' })
  @ApiOkResponse({ type: ScoringModelsDto })
  models() {
    return this.evaluations.models();
  }

  @Roles(Role.Admin, Role.Manager)
  @Get()
  @ApiOperation({ summary: '评估期列表（管理员含草稿；技术经理人只看到已发布的）' })
  @ApiOkResponse({ type: [EvaluationPeriodResponseDto] })
  list(@CurrentActor() actor: Actor) {
    return this.evaluations.list(actor);
  }

  @Roles(Role.Admin)
  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: '计算（或重新计算）评估期草稿',
    description:
      '已发布的评估期不能重新计算（409 EVALUATION_PUBLISHED）。可随请求提交本期使用的评估模型（权重之和须为 100）。',
  })
  @ApiOkResponse({ type: EvaluationPeriodResponseDto })
  compute(@CurrentActor() actor: Actor, @Body() dto: ComputeEvaluationDto) {
    return this.evaluations.compute(actor, dto);
  }

  @Roles(Role.Admin, Role.Manager)
  @Get(':periodKey')
  @ApiParam(PERIOD)
  @ApiOkResponse({ type: EvaluationPeriodResponseDto })
  get(@CurrentActor() actor: Actor, @Param('periodKey') periodKey: string) {
    return this.evaluations.period(actor, periodKey);
  }

  @Roles(Role.Admin)
  @Post(':periodKey/publish')
  @HttpCode(200)
  @ApiParam(PERIOD)
  @ApiOperation({ summary: '发布评估（冻结为快照，之后的记录不再改变它）' })
  @ApiOkResponse({ type: EvaluationPeriodResponseDto })
  publish(@CurrentActor() actor: Actor, @Param('periodKey') periodKey: string, @Body() dto: PublishEvaluationDto) {
    return this.evaluations.publish(actor, periodKey, dto);
  }

  @Roles(Role.Admin)
  @Get(':periodKey/ranking')
  @ApiParam(PERIOD)
  @ApiOperation({ summary: '评估排名（含各项指标的原始值、标准化得分与贡献分）' })
  @ApiOkResponse({ type: EvaluationRankingDto })
  ranking(
    @CurrentActor() actor: Actor,
    @Param('periodKey') periodKey: string,
    @Query() query: EvaluationRankingQueryDto,
  ) {
    return this.evaluations.ranking(actor, periodKey, query.subjectKind ?? 'manager');
  }

  @Roles(Role.Admin, Role.Manager)
  @Get(':periodKey/mine')
  @ApiParam(PERIOD)
  @ApiOperation({ summary: '我的评估：本人在已发布评估期的评估表' })
  @ApiOkResponse({ type: EvaluationSheetDto })
  mine(@CurrentActor() actor: Actor, @Param('periodKey') periodKey: string) {
    return this.evaluations.mine(actor, periodKey);
  }

  @Roles(Role.Admin, Role.Manager)
  @Get(':periodKey/sheets/:subjectKind/:subjectId')
  @ApiParam(PERIOD)
  @ApiParam(SUBJECT)
  @ApiOperation({ summary: '评估表（管理员看全部；技术经理人只看本人已发布的）' })
  @ApiOkResponse({ type: EvaluationSheetDto })
  sheet(
    @CurrentActor() actor: Actor,
    @Param('periodKey') periodKey: string,
    @Param('subjectKind') subjectKind: string,
    @Param('subjectId', new ParseUUIDPipe()) subjectId: string,
  ) {
    return this.evaluations.sheet(actor, periodKey, this.evaluations.subject(subjectKind), subjectId);
  }

  @Roles(Role.Admin)
  @Post(':periodKey/export')
  @HttpCode(202)
  @ApiParam(PERIOD)
  @ApiOperation({ summary: '导出评估排名（xlsx）为导出任务', description: '轮询 GET /exports/:id，完成后下载。' })
  @ApiAcceptedResponse({ type: ExportJobResponseDto })
  export(@CurrentActor() actor: Actor, @Param('periodKey') periodKey: string, @Body() dto: EvaluationExportDto) {
    return this.exports.request(actor, EVALUATION_RANKING_EXPORT_KIND, {
      periodKey,
      subjectKind: dto.subjectKind ?? 'manager',
    });
  }

  @Roles(Role.Admin, Role.Manager)
  @Post(':periodKey/sheets/:subjectKind/:subjectId/export')
  @HttpCode(202)
  @ApiParam(PERIOD)
  @ApiParam(SUBJECT)
  @ApiOperation({ summary: '导出个人（机构）评估表（xlsx）为导出任务' })
  @ApiAcceptedResponse({ type: ExportJobResponseDto })
  exportSheet(
    @CurrentActor() actor: Actor,
    @Param('periodKey') periodKey: string,
    @Param('subjectKind') subjectKind: string,
    @Param('subjectId', new ParseUUIDPipe()) subjectId: string,
  ) {
    return this.exports.request(actor, EVALUATION_SHEET_EXPORT_KIND, {
      periodKey,
      subjectKind: this.evaluations.subject(subjectKind),
      subjectId,
    });
  }
}

/** An enterprise rates the service of the managers who served it. */
@ApiTags('managers')
@ApiBearerAuth()
@Roles(Role.Enterprise)
@Controller('service-ratings')
export class ServiceRatingsController {
  constructor(private readonly ratings: ServiceRatingService) {}

  @Get('rateable')
  @ApiOperation({ summary: '本企业可评价的服务记录与签约项目（含已给出的评价）' })
  @ApiOkResponse({ type: [RateableRecordDto] })
  rateable(@CurrentActor() actor: Actor) {
    return this.ratings.rateable(actor);
  }

  @Post()
  @ApiOperation({ summary: '评价技术经理人的服务（1–5 分，附评语；每条记录评价一次）' })
  @ApiCreatedResponse({ type: ServiceRatingResponseDto })
  rate(@CurrentActor() actor: Actor, @Body() dto: RateServiceDto) {
    return this.ratings.rate(actor, dto);
  }
}
