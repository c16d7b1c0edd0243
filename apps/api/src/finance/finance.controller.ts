import { CurrentActor, Roles } from '@app/auth';
import {
  AcceptFinancingOfferDto,
  CreateFinancingNeedDto,
  CreateFinancingOfferDto,
  FinanceService,
  FinancingNeedQueryDto,
  FinancingOutcomeDto,
  FinancingVersionDto,
  WithdrawFinancingNeedDto,
} from '@app/challenges';
import { Actor, Role } from '@app/common';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { FinancingNeedPageDto, FinancingNeedResponseDto, FinancingOfferResponseDto } from './finance.dto';

const NEED_PARTIES = [Role.Admin, Role.Manager, Role.Enterprise];
const READERS = [Role.Admin, Role.Manager, Role.Enterprise, Role.Bank];

/**
 * 科技金融「揭榜挂帅」: 企业出题（融资需求）、银行答题（产品方案）. Never public: universities, organisers and other
 * enterprises get 403 on the lists and 404 on a need by id.
 */
@ApiTags('finance')
@ApiBearerAuth()
@Controller('finance')
export class FinanceController {
  constructor(private readonly finance: FinanceService) {}

  @Roles(Role.Enterprise)
  @Post('needs')
  @ApiOperation({ summary: 'An enterprise posts a financing need (draft); amount, figures and contact confidential' })
  @ApiCreatedResponse({ type: FinancingNeedResponseDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateFinancingNeedDto) {
    return this.finance.create(actor, dto);
  }

  @Roles(...READERS)
  @Get('needs')
  @ApiOperation({
    summary: 'Financing needs: the enterprise’s own; for a bank the published ones and those it answered; staff all',
  })
  @ApiOkResponse({ type: FinancingNeedPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: FinancingNeedQueryDto) {
    return this.finance.list(actor, query);
  }

  @Roles(...READERS)
  @Get('needs/:id')
  @ApiOperation({
    summary: 'One need; a bank that has not answered sees it without the confidential figures; others 404',
  })
  @ApiOkResponse({ type: FinancingNeedResponseDto })
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.finance.get(actor, id);
  }

  @Roles(...NEED_PARTIES)
  @Post('needs/:id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish the need to the banks (草稿 → 银行答题中)' })
  @ApiOkResponse({ type: FinancingNeedResponseDto })
  publish(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: FinancingVersionDto,
  ) {
    return this.finance.publish(actor, id, dto);
  }

  @Roles(...NEED_PARTIES)
  @Post('needs/:id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw the need with a reason, before an offer is accepted' })
  @ApiOkResponse({ type: FinancingNeedResponseDto })
  withdraw(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: WithdrawFinancingNeedDto,
  ) {
    return this.finance.withdraw(actor, id, dto);
  }

  @Roles(...NEED_PARTIES)
  @Post('needs/:id/outcome')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the outcome of a matched need: 放款 (amount, date) or 未成 (reason)' })
  @ApiOkResponse({ type: FinancingNeedResponseDto })
  outcome(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: FinancingOutcomeDto,
  ) {
    return this.finance.close(actor, id, dto);
  }

  @Roles(Role.Bank)
  @Post('needs/:id/offers')
  @ApiOperation({ summary: 'A bank answers a published need with a product offer (one per bank and need)' })
  @ApiCreatedResponse({ type: FinancingOfferResponseDto })
  submitOffer(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CreateFinancingOfferDto,
  ) {
    return this.finance.submitOffer(actor, id, dto);
  }

  @Roles(...READERS)
  @Get('needs/:id/offers')
  @ApiOperation({ summary: 'Offers on a need: all for the enterprise and staff, its own for a bank' })
  @ApiOkResponse({ type: [FinancingOfferResponseDto] })
  offers(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.finance.offersOf(actor, id);
  }

  @Roles(Role.Bank)
  @Get('offers/mine')
  @ApiOperation({ summary: 'The bank’s own offers (我的方案), newest first' })
  @ApiOkResponse({ type: [FinancingOfferResponseDto] })
  mine(@CurrentActor() actor: Actor) {
    return this.finance.myOffers(actor);
  }

  @Roles(Role.Enterprise)
  @Post('offers/:offerId/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'The enterprise accepts one offer; the others are marked not chosen' })
  @ApiOkResponse({ type: FinancingNeedResponseDto })
  accept(
    @CurrentActor() actor: Actor,
    @Param('offerId', new ParseUUIDPipe()) offerId: string,
    @Body() dto: AcceptFinancingOfferDto,
  ) {
    return this.finance.accept(actor, offerId, dto);
  }
}
