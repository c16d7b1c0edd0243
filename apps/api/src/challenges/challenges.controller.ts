import { CurrentActor, Public, Roles } from '@app/auth';
import {
  AcceptMilestoneDto,
  AssignReviewersDto,
  AwardDto,
  BidService,
  BidTransitionDto,
  ChallengeFilesService,
  ChallengeQueryDto,
  ChallengeService,
  ChallengeTransitionDto,
  ConsortiumQueryDto,
  ConsortiumService,
  CreateChallengeDto,
  CreateConsortiumDto,
  DissolveConsortiumDto,
  EliminateProjectDto,
  ProjectAcceptanceDto,
  ProjectQueryDto,
  ProjectService,
  ReasonDto,
  ReviewService,
  ScoreBidDto,
  SubmitBidDto,
  UpdateBidDto,
  UpdateChallengeDto,
  UpdateConsortiumDto,
} from '@app/challenges';
import { Actor, AppError, Role } from '@app/common';
import { ExportJobResponseDto, ExportService } from '@app/files';
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
  Put,
  Query,
  Res,
  StreamableFile,
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
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { downloadHeaders } from '../files/content-disposition';
import {
  evidenceContentType,
  MAX_UPLOAD_BYTES,
  singleFileUpload,
  uploadedFileName,
  UploadTooLargeFilter,
} from '../files/upload-limits';
import {
  AwardExportDto,
  BidResponseDto,
  ChallengePageDto,
  ChallengeResponseDto,
  ConsortiumPageDto,
  ConsortiumResponseDto,
  ProjectResponseDto,
  PublicChallengeDto,
  PublicChallengePageDto,
  ReviewResponseDto,
} from './challenges.dto';

const STAFF = [Role.Admin, Role.Manager];

const FILE_BODY = { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } };

/** The uploaded file with its cleaned name and a content type sniffed from its bytes (never the client's claim). */
function uploaded(file: Express.Multer.File | undefined) {
  if (!file) throw AppError.invalid([{ field: 'file', reason: '缺少文件' }], '请上传文件（multipart 字段 file）');
  return {
    originalname: uploadedFileName(file.originalname),
    mimetype: evidenceContentType(file.buffer),
    buffer: file.buffer,
  };
}
const BIDDERS = [Role.University, Role.Enterprise];

/** 揭榜挂帅 calls as anyone reads them: published calls only, no bids. Declared before `:id` routes. */
@ApiTags('challenges')
@Public()
@Controller('challenges/public')
export class PublicChallengesController {
  constructor(private readonly challenges: ChallengeService) {}

  @Get()
  @ApiOperation({ summary: 'Published calls (揭榜中 and later), newest first; no login' })
  @ApiOkResponse({ type: PublicChallengePageDto })
  list(@Query() query: ChallengeQueryDto) {
    return this.challenges.listPublic(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One published call; drafts and others’ unpublished calls are 404' })
  @ApiOkResponse({ type: PublicChallengeDto })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.challenges.getPublic(id);
  }
}

/** 揭榜方案: one bid by id. Declared before `:id` routes. */
@ApiTags('challenges')
@ApiBearerAuth()
@Controller('challenges/bids')
export class ChallengeBidsController {
  constructor(
    private readonly bids: BidService,
    private readonly reviews: ReviewService,
    private readonly files: ChallengeFilesService,
  ) {}

  @Roles(...BIDDERS)
  @Post(':bidId/attachments')
  @HttpCode(200)
  @ApiOperation({
    summary: '牵头单位上传方案附件（multipart 字段 file，≤ 20 MB）；截止后随方案冻结（409 BID_DEADLINE_PASSED）',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiOkResponse({ type: BidResponseDto })
  @UseFilters(UploadTooLargeFilter)
  @UseInterceptors(FileInterceptor('file', singleFileUpload(MAX_UPLOAD_BYTES)))
  attach(
    @CurrentActor() actor: Actor,
    @Param('bidId', new ParseUUIDPipe()) bidId: string,
    @UploadedFile() file?: Express.Multer.File,
  ) {
    return this.files.attachToBid(actor, bidId, uploaded(file));
  }

  @Get(':bidId/attachments/:fileId')
  @ApiOperation({ summary: '下载方案附件（能读取该方案的人；其他人 404）' })
  @ApiProduces('application/octet-stream')
  async attachment(
    @CurrentActor() actor: Actor,
    @Param('bidId', new ParseUUIDPipe()) bidId: string,
    @Param('fileId', new ParseUUIDPipe()) fileId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.files.bidFile(actor, bidId, fileId);
    res.set(downloadHeaders(file.filename, file.contentType));
    return new StreamableFile(file.content);
  }

  @Roles(...BIDDERS)
  @Get()
  @ApiOperation({ summary: '我的揭榜: the bids the caller’s organisation leads or joins, across calls, newest first' })
  @ApiOkResponse({ type: [BidResponseDto] })
  mine(@CurrentActor() actor: Actor) {
    return this.bids.mine(actor);
  }

  @Put(':bidId/score')
  @ApiOkResponse({ type: ReviewResponseDto })
  @ApiOperation({
    summary: 'An assigned expert scores the bid on every criterion (0–100) with a comment, during the review',
    description: '409 CONFLICT_OF_INTEREST for a bid of the expert’s organisation or a declared conflict.',
  })
  score(@CurrentActor() actor: Actor, @Param('bidId', new ParseUUIDPipe()) bidId: string, @Body() dto: ScoreBidDto) {
    return this.reviews.score(actor, bidId, dto);
  }

  @Post(':bidId/conflict')
  @HttpCode(200)
  @ApiOperation({ summary: 'An assigned expert declares a conflict of interest with the bid (申报回避)' })
  @ApiOkResponse({ type: ReviewResponseDto })
  declareConflict(
    @CurrentActor() actor: Actor,
    @Param('bidId', new ParseUUIDPipe()) bidId: string,
    @Body() dto: ReasonDto,
  ) {
    return this.reviews.declareConflict(actor, bidId, dto);
  }

  @Get(':bidId')
  @ApiOperation({
    summary: 'One bid: its lead and members, the call’s enterprise, staff and (during review) the experts; else 404',
  })
  @ApiOkResponse({ type: BidResponseDto })
  get(@CurrentActor() actor: Actor, @Param('bidId', new ParseUUIDPipe()) bidId: string) {
    return this.bids.get(actor, bidId);
  }

  @Roles(...BIDDERS)
  @Patch(':bidId')
  @ApiOperation({ summary: 'The lead edits its bid until the deadline (409 BID_DEADLINE_PASSED, 409 STALE_VERSION)' })
  @ApiOkResponse({ type: BidResponseDto })
  update(@CurrentActor() actor: Actor, @Param('bidId', new ParseUUIDPipe()) bidId: string, @Body() dto: UpdateBidDto) {
    return this.bids.update(actor, bidId, dto);
  }

  @Roles(...BIDDERS)
  @Post(':bidId/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'The lead withdraws its bid before the deadline' })
  @ApiOkResponse({ type: BidResponseDto })
  withdraw(
    @CurrentActor() actor: Actor,
    @Param('bidId', new ParseUUIDPipe()) bidId: string,
    @Body() dto: BidTransitionDto,
  ) {
    return this.bids.withdraw(actor, bidId, dto);
  }
}

/** 创新联合体 registry. Declared before `:id` routes. */
@ApiTags('challenges')
@ApiBearerAuth()
@Controller('challenges/consortia')
export class ConsortiaController {
  constructor(
    private readonly consortia: ConsortiumService,
    private readonly files: ChallengeFilesService,
  ) {}

  @Roles(...STAFF)
  @Post()
  @ApiOperation({ summary: 'Register an innovation consortium: lead enterprise, members with roles, founding date' })
  @ApiCreatedResponse({ type: ConsortiumResponseDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateConsortiumDto) {
    return this.consortia.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'The registry of innovation consortia (every signed-in user)' })
  @ApiOkResponse({ type: ConsortiumPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ConsortiumQueryDto) {
    return this.consortia.list(actor, query);
  }

  @Get(':consortiumId')
  @ApiOkResponse({ type: ConsortiumResponseDto })
  get(@CurrentActor() actor: Actor, @Param('consortiumId', new ParseUUIDPipe()) consortiumId: string) {
    return this.consortia.get(actor, consortiumId);
  }

  @Roles(...STAFF)
  @Patch(':consortiumId')
  @ApiOperation({ summary: 'Edit an active consortium (409 once dissolved; 409 STALE_VERSION)' })
  @ApiOkResponse({ type: ConsortiumResponseDto })
  update(
    @CurrentActor() actor: Actor,
    @Param('consortiumId', new ParseUUIDPipe()) consortiumId: string,
    @Body() dto: UpdateConsortiumDto,
  ) {
    return this.consortia.update(actor, consortiumId, dto);
  }

  @Roles(...STAFF)
  @Post(':consortiumId/dissolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'active → dissolved (date and reason); row 9 no longer counts it' })
  @ApiOkResponse({ type: ConsortiumResponseDto })
  dissolve(
    @CurrentActor() actor: Actor,
    @Param('consortiumId', new ParseUUIDPipe()) consortiumId: string,
    @Body() dto: DissolveConsortiumDto,
  ) {
    return this.consortia.dissolve(actor, consortiumId, dto);
  }

  @Roles(...STAFF)
  @Post(':consortiumId/agreement')
  @HttpCode(200)
  @ApiOperation({
    summary: '上传创新联合体协议文件（multipart 字段 file，≤ 20 MB；替换此前的协议）；已解散 409',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiOkResponse({ type: ConsortiumResponseDto })
  @UseFilters(UploadTooLargeFilter)
  @UseInterceptors(FileInterceptor('file', singleFileUpload(MAX_UPLOAD_BYTES)))
  async attachAgreement(
    @CurrentActor() actor: Actor,
    @Param('consortiumId', new ParseUUIDPipe()) consortiumId: string,
    @UploadedFile() file?: Express.Multer.File,
  ) {
    await this.files.attachAgreement(actor, consortiumId, uploaded(file));
    return this.consortia.get(actor, consortiumId);
  }

  @Get(':consortiumId/agreement')
  @ApiOperation({ summary: '下载创新联合体协议（平台人员及联合体的牵头、成员单位；其他人 404）' })
  @ApiProduces('application/octet-stream')
  async agreement(
    @CurrentActor() actor: Actor,
    @Param('consortiumId', new ParseUUIDPipe()) consortiumId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.files.agreementFile(actor, consortiumId);
    res.set(downloadHeaders(file.filename, file.contentType));
    return new StreamableFile(file.content);
  }
}

/** 攻关项目 created by awards. Declared before `:id` routes. */
@ApiTags('challenges')
@ApiBearerAuth()
@Controller('challenges/projects')
export class ChallengeProjectsController {
  constructor(
    private readonly projects: ProjectService,
    private readonly files: ChallengeFilesService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Projects: all for staff; else those of the caller’s organisation (lead, member, enterprise)',
  })
  @ApiOkResponse({ type: [ProjectResponseDto] })
  list(@CurrentActor() actor: Actor, @Query() query: ProjectQueryDto) {
    return this.projects.list(actor, query);
  }

  @Get(':projectId')
  @ApiOkResponse({ type: ProjectResponseDto })
  get(@CurrentActor() actor: Actor, @Param('projectId', new ParseUUIDPipe()) projectId: string) {
    return this.projects.get(actor, projectId);
  }

  @Roles(...STAFF)
  @Post(':projectId/milestones/:index/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept a milestone (0-based index) with the report’s note' })
  @ApiOkResponse({ type: ProjectResponseDto })
  acceptMilestone(
    @CurrentActor() actor: Actor,
    @Param('projectId', new ParseUUIDPipe()) projectId: string,
    @Param('index', new ParseIntPipe()) index: number,
    @Body() dto: AcceptMilestoneDto,
  ) {
    return this.projects.acceptMilestone(actor, projectId, index, dto);
  }

  @Roles(...BIDDERS)
  @Post(':projectId/milestones/:index/evidence')
  @HttpCode(200)
  @ApiOperation({ summary: '项目承担单位上传里程碑佐证材料（multipart 字段 file，≤ 20 MB），里程碑验收前' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiOkResponse({ type: ProjectResponseDto })
  @UseFilters(UploadTooLargeFilter)
  @UseInterceptors(FileInterceptor('file', singleFileUpload(MAX_UPLOAD_BYTES)))
  attachEvidence(
    @CurrentActor() actor: Actor,
    @Param('projectId', new ParseUUIDPipe()) projectId: string,
    @Param('index', new ParseIntPipe()) index: number,
    @UploadedFile() file?: Express.Multer.File,
  ) {
    return this.files.attachEvidence(actor, projectId, index, uploaded(file));
  }

  @Get(':projectId/milestones/:index/evidence/:fileId')
  @ApiOperation({ summary: '下载里程碑佐证材料（能读取该项目的人；其他人 404）' })
  @ApiProduces('application/octet-stream')
  async evidence(
    @CurrentActor() actor: Actor,
    @Param('projectId', new ParseUUIDPipe()) projectId: string,
    @Param('index', new ParseIntPipe()) index: number,
    @Param('fileId', new ParseUUIDPipe()) fileId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.files.evidenceFile(actor, projectId, index, fileId);
    res.set(downloadHeaders(file.filename, file.contentType));
    return new StreamableFile(file.content);
  }

  @Roles(...STAFF)
  @Post(':projectId/eliminate')
  @HttpCode(200)
  @ApiOperation({ summary: '赛马制 mid-term review: eliminate a team (reason recorded) while another keeps running' })
  @ApiOkResponse({ type: ProjectResponseDto })
  eliminate(
    @CurrentActor() actor: Actor,
    @Param('projectId', new ParseUUIDPipe()) projectId: string,
    @Body() dto: EliminateProjectDto,
  ) {
    return this.projects.eliminate(actor, projectId, dto);
  }

  @Roles(...STAFF)
  @Post(':projectId/acceptance')
  @HttpCode(200)
  @ApiOperation({
    summary: '验收: every milestone accepted, measured values of every acceptance indicator; passed or failed',
  })
  @ApiOkResponse({ type: ProjectResponseDto })
  acceptance(
    @CurrentActor() actor: Actor,
    @Param('projectId', new ParseUUIDPipe()) projectId: string,
    @Body() dto: ProjectAcceptanceDto,
  ) {
    return this.projects.acceptance(actor, projectId, dto);
  }
}

@ApiTags('challenges')
@ApiBearerAuth()
@Controller('challenges')
export class ChallengesController {
  constructor(
    private readonly challenges: ChallengeService,
    private readonly bids: BidService,
    private readonly reviews: ReviewService,
    private readonly exports: ExportService,
  ) {}

  @Roles(Role.Admin, Role.Manager, Role.Enterprise)
  @Post(':id/award-exports')
  @HttpCode(202)
  @ApiOperation({
    summary: '定榜导出：xlsx 评分明细（各指标加权均分、离散度、排名、定榜结果）或 pdf 中文定榜公告，返回导出任务',
    description:
      '仅管理人员与出榜企业；榜单须已定榜或完成（否则 409）。公告不列专家姓名与个人评分，xlsx 的专家列以“专家 1、2…”编号。',
  })
  @ApiAcceptedResponse({ type: ExportJobResponseDto })
  awardExport(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: AwardExportDto) {
    return this.exports.request(actor, `challenges.award.${dto.format ?? 'xlsx'}`, { challengeId: id });
  }

  @Roles(...STAFF)
  @Post()
  @ApiOperation({
    summary: 'Write a call (榜单) from a published major demand (sourceDemandId) or for an enterprise directly',
    description:
      'Acceptance indicators, mechanism (揭榜挂帅 / 赛马制 with raceTeams / 定向委托 with directedInstitutionId), ' +
      'funding in 万元 (total = enterprise + government), eligibility, a future bid deadline and review criteria ' +
      'whose weights sum to 100. Starts as a draft.',
  })
  @ApiCreatedResponse({ type: ChallengeResponseDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateChallengeDto) {
    return this.challenges.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Staff: every call; an enterprise: its own calls and the public ones; others: public' })
  @ApiOkResponse({ type: ChallengePageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ChallengeQueryDto) {
    return this.challenges.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One call with allowedActions for the caller' })
  @ApiOkResponse({ type: ChallengeResponseDto })
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.challenges.get(actor, id);
  }

  @Roles(...STAFF)
  @Patch(':id')
  @ApiOperation({ summary: 'Edit a draft call (409 NOT_EDITABLE once published; 409 STALE_VERSION)' })
  @ApiOkResponse({ type: ChallengeResponseDto })
  update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateChallengeDto) {
    return this.challenges.update(actor, id, dto);
  }

  @Roles(...STAFF)
  @Post(':id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'draft → published: bids open until the deadline; the call becomes public' })
  @ApiOkResponse({ type: ChallengeResponseDto })
  publish(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ChallengeTransitionDto,
  ) {
    return this.challenges.transition(actor, id, 'publish', dto);
  }

  @Roles(...STAFF)
  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'published → closed: no more bids or bid edits' })
  @ApiOkResponse({ type: ChallengeResponseDto })
  close(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ChallengeTransitionDto,
  ) {
    return this.challenges.transition(actor, id, 'close', dto);
  }

  @Roles(...STAFF)
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: '撤榜 before the award (reason required)' })
  @ApiOkResponse({ type: ChallengeResponseDto })
  cancel(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ChallengeTransitionDto,
  ) {
    return this.challenges.transition(actor, id, 'cancel', dto);
  }

  @Roles(...BIDDERS)
  @Post(':id/bids')
  @ApiOperation({
    summary: 'Submit a bid (揭榜方案) as the user’s organisation, alone or leading a consortium, before the deadline',
    description:
      '409 BID_DEADLINE_PASSED after the deadline or once closed; 409 NOT_ELIGIBLE when the organisation kind, a ' +
      '定向委托 or a refused consortium rules it out; 409 CONFLICT for a second live bid of the same organisation.',
  })
  @ApiCreatedResponse({ type: BidResponseDto })
  submitBid(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: SubmitBidDto) {
    return this.bids.submit(actor, id, dto);
  }

  @Get(':id/bids')
  @ApiOperation({
    summary: 'Bids of a call: all for staff, the call’s enterprise and its experts; a bidder sees only its own',
  })
  @ApiOkResponse({ type: [BidResponseDto] })
  listBids(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.bids.list(actor, id);
  }

  @Roles(...STAFF)
  @Put(':id/reviewers')
  @ApiOperation({ summary: 'Set the call’s expert panel (replaces it) until the review starts' })
  @ApiOkResponse({ type: ReviewResponseDto })
  assignReviewers(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: AssignReviewersDto,
  ) {
    return this.reviews.assignReviewers(actor, id, dto);
  }

  @Roles(Role.Admin)
  @Post(':id/reviewers/:userId/excuse')
  @HttpCode(200)
  @ApiOperation({ summary: 'An admin excuses an expert (recorded): the award no longer waits for their scores' })
  @ApiOkResponse({ type: ReviewResponseDto })
  excuse(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
    @Body() dto: ReasonDto,
  ) {
    return this.reviews.excuse(actor, id, userId, dto);
  }

  @Get(':id/review')
  @ApiOperation({
    summary:
      'The review: staff and the enterprise see every bid’s weighted mean, spread and rank; an expert sees only their own sheet',
    description:
      'The experts stay confidential to the call’s enterprise (评审专家名单保密): it sees the panel as 专家 1, 专家 2 … ' +
      'with their progress counts, without user ids, names, excuse reasons or (expert, bid) pairs.',
  })
  @ApiOkResponse({ type: ReviewResponseDto })
  review(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.reviews.review(actor, id);
  }

  @Roles(...STAFF)
  @Post(':id/start-review')
  @HttpCode(200)
  @ApiOperation({ summary: 'closed → under_review: needs a bid and an expert' })
  @ApiOkResponse({ type: ChallengeResponseDto })
  startReview(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ChallengeTransitionDto,
  ) {
    return this.reviews.startReview(actor, id, dto);
  }

  @Roles(...STAFF)
  @Post(':id/award')
  @HttpCode(200)
  @ApiOperation({
    summary: 'under_review → awarded (定榜): winners get a project each with their milestones',
    description:
      '409 REVIEW_INCOMPLETE until every assigned expert has scored every bid they may score, or is excused.',
  })
  @ApiOkResponse({ type: ChallengeResponseDto })
  award(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: AwardDto) {
    return this.reviews.award(actor, id, dto);
  }

  @Roles(...STAFF)
  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'awarded → completed once no project of the call is still running' })
  @ApiOkResponse({ type: ChallengeResponseDto })
  complete(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ChallengeTransitionDto,
  ) {
    return this.reviews.complete(actor, id, dto);
  }
}
