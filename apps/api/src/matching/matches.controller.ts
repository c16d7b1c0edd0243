import { CurrentActor, Roles } from '@app/auth';
import { Actor, AppError, isStaff, RequestTiming, Role, ServerTiming } from '@app/common';
import {
  CreateMatchDto,
  EntityMatchesDto,
  EntityMatchesQueryDto,
  explainFor,
  isLowRelevance,
  MATCH_ACTIONS,
  MatchAction,
  MatchFactorDto,
  MatchHistoryDto,
  MatchHistoryService,
  MatchingEngine,
  MatchInterestDto,
  MatchInterestResultDto,
  MatchInterestService,
  MatchListQueryDto,
  MatchPageDto,
  MatchResponseDto,
  MatchService,
  matchStrength,
  MatchTimings,
  MatchTransitionDto,
  mayReadBudget,
  Suggestion,
} from '@app/matching';
import { RegistryReads } from '@app/registry';
import { Body, Controller, Get, HttpCode, Param, ParseEnumPipe, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';

@ApiTags('matching')
@ApiBearerAuth()
@ApiExtraModels(MatchFactorDto)
@Controller()
export class MatchesController {
  constructor(
    private readonly matches: MatchService,
    private readonly interests: MatchInterestService,
    private readonly histories: MatchHistoryService,
    private readonly engine: MatchingEngine,
    private readonly registry: RegistryReads,
  ) {}

  @Get('demands/:id/matches')
  @ApiOperation({ summary: 'Stored suggestions of a demand with explanations; ?live=true computes afresh' })
  @ApiOkResponse({ type: EntityMatchesDto })
  async demandMatches(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: EntityMatchesQueryDto,
    @RequestTiming() timing: ServerTiming,
  ) {
    if (!query.live)
      return { live: false, ...(await this.matches.forDemand(actor, id, query.status, query.limit ?? 20)) };
    // Live: the same visibility check and one read of the demand; the stored pairs are not read (not returned).
    const demand = await timing.measure('demand', () => this.matches.readableDemand(actor, id));
    if (!isStaff(actor)) throw AppError.forbidden('实时匹配仅对技术经理人开放');
    const { suggestions, timings } = await this.engine.matchDemand(demand, query.limit ?? 20);
    const answered = performance.now();
    const items = suggestions.map((s) => this.shownSuggestion(actor, s, demand.ownerOrganisationId));
    recordMatch(timing, timings, performance.now() - answered);
    return { live: true, items, lowRelevanceHidden: 0 };
  }

  @Get('achievements/:id/matches')
  @ApiOperation({ summary: 'Stored pairs of an achievement; ?live=true lists the open demands it fits best' })
  @ApiOkResponse({ type: EntityMatchesDto })
  async achievementMatches(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: EntityMatchesQueryDto,
    @RequestTiming() timing: ServerTiming,
  ) {
    if (!query.live) {
      const stored = await this.matches.forAchievement(actor, id, query.status, query.limit ?? 20);
      return { live: false, items: stored, lowRelevanceHidden: 0 };
    }
    const achievement = await timing.measure('achievement', () => this.matches.readableAchievement(actor, id));
    if (!isStaff(actor)) throw AppError.forbidden('实时匹配仅对技术经理人开放');
    const { suggestions, timings } = await this.engine.matchAchievement(achievement, query.limit ?? 20);
    const answered = performance.now();
    const owners = await this.registry.demandOwners(suggestions.map((s) => s.demandId));
    const items = suggestions.map((s) => this.shownSuggestion(actor, s, owners.get(s.demandId)));
    recordMatch(timing, timings, performance.now() - answered);
    return { live: true, items, lowRelevanceHidden: 0 };
  }

  @Roles(Role.Admin, Role.Manager)
  @Get('matches')
  @ApiOperation({
    summary:
      'All matches, newest activity first; filter by status, demand, achievement, interest, chain, organisation or manager',
  })
  @ApiOkResponse({ type: MatchPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: MatchListQueryDto) {
    return this.matches.list(actor, query);
  }

  @Roles(Role.Admin, Role.Manager)
  @Post('matches')
  @ApiOperation({ summary: 'Pair a demand and an achievement by hand (409 when the pair exists)' })
  @ApiCreatedResponse({ type: MatchResponseDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateMatchDto) {
    return this.matches.createManual(actor, dto.demandId, dto.achievementId, dto.note);
  }

  @Get('matches/:id')
  @ApiOperation({ summary: '匹配详情：平台人员、需求方企业、成果所属单位可见，按读者裁剪（见 match.visibility.ts）' })
  @ApiOkResponse({ type: MatchResponseDto })
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.matches.get(actor, id);
  }

  @Get('matches/:id/history')
  @ApiOperation({
    summary: '匹配的对接过程：每一步的操作人（姓名、角色）、时间、阶段和备注',
    description:
      '平台人员、需求方企业和成果所属高校院所可见（其他人 404）。非平台人员看不到联系方式和其他单位用户的 id；' +
      '高校院所看不到企业的意向反馈和涉及预算的内容。',
  })
  @ApiOkResponse({ type: MatchHistoryDto })
  history(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<MatchHistoryDto> {
    return this.histories.history(actor, id);
  }

  // Declared before matches/:id/:action, which would otherwise take “interest” for a pipeline action.
  @Roles(Role.Enterprise)
  @Post('matches/:id/interest')
  @HttpCode(200)
  @ApiOperation({
    summary: '需求方企业对推荐表达意向：有意向 / 不合适（不合适须选原因）',
    description:
      '仅需求所属企业可操作；不改变对接阶段，也不算“精准匹配”（仍由技术经理人确认）。' +
      '技术经理人可用 GET /matches?interest=interested 查看企业有意向的推荐。',
  })
  @ApiOkResponse({ type: MatchInterestResultDto })
  interest(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: MatchInterestDto,
  ): Promise<MatchInterestResultDto> {
    return this.interests.record(actor, id, dto);
  }

  @Roles(Role.Admin, Role.Manager)
  @Post('matches/:id/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: MATCH_ACTIONS })
  @ApiOperation({
    summary: 'Pipeline: confirm (精准匹配), contact, negotiate, contract (签约), reject (reason), reopen',
  })
  @ApiOkResponse({ type: MatchResponseDto })
  transition(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('action', new ParseEnumPipe(Object.fromEntries(MATCH_ACTIONS.map((a) => [a, a])))) action: MatchAction,
    @Body() dto: MatchTransitionDto,
  ) {
    return this.matches.transition(actor, id, action, dto);
  }

  /** A live suggestion under the same reading rules as stored matches (explainFor, 低相关). */
  private shownSuggestion(
    actor: Actor,
    s: Suggestion,
    demandOwner: string | undefined,
  ): Suggestion & { lowRelevance: boolean } {
    return {
      ...s,
      ...explainFor(mayReadBudget(actor, demandOwner), s.score, s.explanation),
      lowRelevance: isLowRelevance('engine', matchStrength(s.explanation), this.matches.showThreshold),
    };
  }
}

/**
 * A live match's phases in its response's Server-Timing header (see ServerTiming): `meili`, `documents` and
 * `bigram` run inside `search` (the candidate index query alongside the Meilisearch requests), `features` and
 * `rank` after it; `suggestions` is what the controller adds (reading rules, owners).
 */
function recordMatch(timing: ServerTiming, t: MatchTimings, suggestionsMs: number): void {
  timing.add('query', t.queryMs, 'query vector and keywords');
  timing.add('search', t.searchMs, `${t.candidates} candidates from ${t.queries} queries`);
  timing.add('meili', t.meiliMs, 'Meilisearch requests');
  timing.add('documents', t.documentsMs, 'documents only the candidate index found');
  timing.add('bigram', t.bigramMs, 'candidate index query');
  timing.add('features', t.featuresMs, `${t.vectorised} of ${t.candidates} vectorised`);
  timing.add('rank', t.rankMs, 'scores and explanations');
  timing.add('suggestions', suggestionsMs);
  timing.send();
}
