import { Actor, AppError, ErrorCode, isStaff, Page, RecordKind, RecordWorkflow, Role, toPage } from '@app/common';
import { EventsService } from '@app/events';
import { IndustryChainService, OrganisationKind, OrganisationService, RegistryReads } from '@app/registry';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import {
  AcceptFinancingOfferDto,
  CreateFinancingNeedDto,
  CreateFinancingOfferDto,
  FinancingNeedQueryDto,
  FinancingOutcomeDto,
  FinancingVersionDto,
  WithdrawFinancingNeedDto,
} from './dto/finance.dto';
import { NeedVisibility, needVisibility } from './finance.access';
import {
  COLLATERAL_KIND_LABELS,
  FINANCING_NEED_STATUS_LABELS,
  FINANCING_OFFER_STATUS_LABELS,
  FINANCING_OUTCOME_LABELS,
  FinancingNeedStatus,
  FinancingOfferStatus,
  FinancingOutcome,
} from './finance.domain';
import { FinancingNeedRepository, FinancingOfferRepository } from './finance.repository';
import {
  FINANCING_NEED_ACTIONS,
  FINANCING_NEED_EDITABLE_STATUSES,
  FINANCING_NEED_WORKFLOW,
  FinancingNeedAction,
} from './finance.workflow';
import { FinancingNeed } from './financing-need.entity';
import { FinancingOffer } from './financing-offer.entity';

const NEED_RECORD: RecordKind<FinancingNeed, FinancingNeedStatus, FinancingNeedAction> = {
  label: '融资需求',
  statusLabels: FINANCING_NEED_STATUS_LABELS,
  workflow: FINANCING_NEED_WORKFLOW,
  editable: FINANCING_NEED_EDITABLE_STATUSES,
  contentFields: [],
  ownerOf: (n) => n.enterpriseOrganisationId,
  // The workflow's parties are the enterprise and staff; a bank never moves a need.
  readable: (actor, n) => needVisibility(actor, n, false) === 'full',
  toRow: (n) => n,
};

export interface FinancingNeedView extends Omit<
  FinancingNeed,
  'createdById' | 'collateralDetails' | 'annualRevenue' | 'netProfit' | 'contactName' | 'contactPhone'
> {
  statusLabel: string;
  outcomeLabel: string | null;
  enterpriseName: string | null;
  collateralLabels: string[];
  /** Confidential: null for a bank that has not answered. */
  collateralDetails: string | null;
  annualRevenue: number | null;
  netProfit: number | null;
  contactName: string | null;
  contactPhone: string | null;
  /** Whether the confidential figures were left out for the caller. */
  confidentialHidden: boolean;
  /** Offers on the need: all for the enterprise and staff, the caller's own for a bank. */
  offerCount: number;
  /** A bank: whether it has answered. */
  answered: boolean;
  /** What the caller may do now: `publish`, `withdraw`, `close` (the enterprise/staff), `offer` (a bank). */
  allowedActions: string[];
}

export interface FinancingOfferView extends Omit<FinancingOffer, 'submittedById'> {
  statusLabel: string;
  bankName: string | null;
  needTitle: string;
  needStatus: FinancingNeedStatus;
  /** The enterprise may accept it now. */
  acceptable: boolean;
}

/**
 * What a bank may be told of a published need (the `offer` view): never the collateral details, the financial
 * figures or the contact, even to a bank that answered (a message is not the place for them).
 */
export interface FinancingNeedNotice {
  id: string;
  title: string;
  status: FinancingNeedStatus;
  enterpriseOrganisationId: string;
  enterpriseName: string | null;
  purpose: string;
  amount: number;
  termMonths: number;
  collateralLabels: string[];
  chainNames: string[];
}

/** An offer as its own bank and the need's enterprise read it, with the need as a bank may be told of it. */
export interface FinancingOfferNotice {
  id: string;
  status: FinancingOfferStatus;
  statusLabel: string;
  bankOrganisationId: string;
  bankName: string | null;
  productName: string;
  amount: number;
  rateMin: number;
  rateMax: number;
  termMonths: number;
  need: FinancingNeedNotice;
}

function needSnapshot(n: FinancingNeed): Record<string, unknown> {
  return { ...n };
}

/** 企业出题、银行答题: financing needs of enterprises, the banks' offers, the choice and the outcome. */
@Injectable()
export class FinanceService {
  private readonly workflow: RecordWorkflow<FinancingNeed, FinancingNeedStatus, FinancingNeedAction>;

  constructor(
    private readonly needs: FinancingNeedRepository,
    private readonly offers: FinancingOfferRepository,
    private readonly events: EventsService,
    private readonly organisations: OrganisationService,
    private readonly registry: RegistryReads,
    private readonly chains: IndustryChainService,
  ) {
    this.workflow = new RecordWorkflow(NEED_RECORD, needs);
  }

  async create(actor: Actor, dto: CreateFinancingNeedDto): Promise<FinancingNeedView> {
    if (actor.role !== Role.Enterprise || !actor.organisationId) {
      throw AppError.forbidden('只有企业用户可以发布融资需求');
    }
    const enterprise = actor.organisationId;
    const saved = await this.events.transaction(async (manager) => {
      await this.organisations.assertKind(manager, enterprise, [OrganisationKind.Enterprise], 'organisationId');
      if (dto.industryChainIds?.length) await this.chains.assertUsable(manager, dto.industryChainIds);
      const row = await this.needs.save(
        manager,
        this.needs.create({
          enterpriseOrganisationId: enterprise,
          title: dto.title,
          purpose: dto.purpose,
          amount: dto.amount,
          termMonths: dto.termMonths,
          collateralKinds: dto.collateralKinds,
          collateralDetails: dto.collateralDetails ?? '',
          annualRevenue: dto.annualRevenue ?? null,
          netProfit: dto.netProfit ?? null,
          industryChainIds: dto.industryChainIds ?? [],
          contactName: dto.contactName,
          contactPhone: dto.contactPhone,
          status: FinancingNeedStatus.Draft,
          createdById: actor.userId,
        }),
      );
      await this.events.record(manager, actor, {
        type: 'financing_need.created',
        entityType: 'financing_need',
        entityId: row.id,
        entityVersion: row.version,
        after: needSnapshot(row),
      });
      return row;
    });
    return this.get(actor, saved.id);
  }

  async list(actor: Actor, query: FinancingNeedQueryDto): Promise<Page<FinancingNeedView>> {
    const [rows, total] = await this.needs.page(actor, query);
    return toPage(await this.views(actor, rows), total, query);
  }

  async get(actor: Actor, id: string): Promise<FinancingNeedView> {
    const need = await this.readable(actor, id);
    return (await this.views(actor, [need.row]))[0];
  }

  async publish(actor: Actor, id: string, dto: FinancingVersionDto): Promise<FinancingNeedView> {
    await this.step(actor, id, 'publish', dto.version, 'financing_need.published', (row) => {
      row.publishedAt = new Date();
    });
    return this.get(actor, id);
  }

  async withdraw(actor: Actor, id: string, dto: WithdrawFinancingNeedDto): Promise<FinancingNeedView> {
    await this.step(actor, id, 'withdraw', dto.version, 'financing_need.withdrawn', (row) => {
      row.closeReason = dto.reason;
      row.closedAt = new Date();
    });
    return this.get(actor, id);
  }

  /** Records the outcome of a matched need: 放款 with amount and date, or 未成 with the reason. */
  async close(actor: Actor, id: string, dto: FinancingOutcomeDto): Promise<FinancingNeedView> {
    const errors: Array<{ field: string; reason: string }> = [];
    if (dto.outcome === FinancingOutcome.Granted) {
      if (dto.loanAmount === undefined || dto.loanAmount === null)
        errors.push({ field: 'loanAmount', reason: '放款时必填' });
      if (!dto.loanDate) errors.push({ field: 'loanDate', reason: '放款时必填' });
    } else if (!dto.reason?.trim()) {
      errors.push({ field: 'reason', reason: '未成时请说明原因' });
    }
    if (errors.length) throw AppError.invalid(errors);
    await this.step(actor, id, 'close', dto.version, 'financing_need.closed', (row) => {
      const matchedOn = row.matchedAt
        ? new Date(row.matchedAt.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10)
        : null;
      if (dto.outcome === FinancingOutcome.Granted && matchedOn && dto.loanDate! < matchedOn) {
        throw AppError.invalidField('loanDate', `放款日期不能早于选定银行方案的日期（${matchedOn}）`);
      }
      row.outcome = dto.outcome;
      row.loanAmount = dto.outcome === FinancingOutcome.Granted ? dto.loanAmount! : null;
      row.loanDate = dto.outcome === FinancingOutcome.Granted ? dto.loanDate! : null;
      row.closeReason = dto.outcome === FinancingOutcome.Failed ? dto.reason!.trim() : null;
      row.closedAt = new Date();
    });
    return this.get(actor, id);
  }

  /** A bank answers a published need with one product offer. */
  async submitOffer(actor: Actor, needId: string, dto: CreateFinancingOfferDto): Promise<FinancingOfferView> {
    if (actor.role !== Role.Bank || !actor.organisationId) throw AppError.forbidden('只有银行用户可以提交融资方案');
    if (dto.rateMin > dto.rateMax) throw AppError.invalidField('rateMax', '利率上限不能低于利率下限');
    const bank = actor.organisationId;
    const saved = await this.events.transaction(async (manager) => {
      // The need's row lock orders offers against the enterprise's choice and its withdrawal.
      const need = await this.needs.lockForUpdate(manager, needId);
      const answered = need ? (await this.offers.answeredBy(bank, [needId], manager)).has(needId) : false;
      if (!need || needVisibility(actor, need, answered) === 'none') throw AppError.notFound('融资需求', needId);
      if (need.status !== FinancingNeedStatus.Published) {
        throw AppError.conflict(
          ErrorCode.ILLEGAL_TRANSITION,
          `融资需求处于“${FINANCING_NEED_STATUS_LABELS[need.status]}”状态，不再接受银行方案`,
          { status: need.status },
        );
      }
      if (answered) {
        throw AppError.conflict(ErrorCode.CONFLICT, '本行已对该融资需求提交过方案', { needId });
      }
      await this.organisations.assertKind(manager, bank, [OrganisationKind.Bank], 'organisationId');
      const row = await this.offers.save(
        manager,
        this.offers.create({
          needId,
          bankOrganisationId: bank,
          productName: dto.productName,
          amount: dto.amount,
          rateMin: dto.rateMin,
          rateMax: dto.rateMax,
          termMonths: dto.termMonths,
          conditions: dto.conditions,
          status: FinancingOfferStatus.Submitted,
          submittedAt: new Date(),
          submittedById: actor.userId,
        }),
      );
      await this.events.record(manager, actor, {
        type: 'financing_offer.submitted',
        entityType: 'financing_offer',
        entityId: row.id,
        entityVersion: row.version,
        after: { ...row },
      });
      return row;
    });
    return (await this.offerViews(actor, [saved]))[0];
  }

  /** The offers on a need: all for the enterprise and staff, the bank's own for a bank. */
  async offersOf(actor: Actor, needId: string): Promise<FinancingOfferView[]> {
    const { row, visibility } = await this.readable(actor, needId);
    const ownOnly = actor.role === Role.Bank && !isStaff(actor);
    const rows = await this.offers.ofNeed(row.id, ownOnly ? actor.organisationId! : undefined);
    if (!ownOnly && visibility !== 'full') return [];
    return this.offerViews(actor, rows, [row]);
  }

  /** A bank's own offers (银行答题 · 我的方案). */
  async myOffers(actor: Actor): Promise<FinancingOfferView[]> {
    if (actor.role !== Role.Bank || !actor.organisationId) throw AppError.forbidden('只有银行用户可以查看本行方案');
    return this.offerViews(actor, await this.offers.ofBank(actor.organisationId));
  }

  /** The enterprise accepts one offer: the need is matched, that offer accepted, the others not chosen. */
  async accept(actor: Actor, offerId: string, dto: AcceptFinancingOfferDto): Promise<FinancingNeedView> {
    const offer = await this.offers.findById(offerId);
    const notFound = AppError.notFound('融资方案', offerId);
    if (!offer) throw notFound;
    const need = await this.needs.findById(offer.needId);
    if (!need || needVisibility(actor, need, false) !== 'full') throw notFound;
    await this.events.transaction((manager) =>
      this.workflow.transition(manager, actor, offer.needId, 'accept', dto.needVersion, {
        apply: async (row) => {
          const all = await this.offers.ofNeed(row.id, undefined, manager);
          const chosen = all.find((o) => o.id === offerId);
          if (!chosen || chosen.status !== FinancingOfferStatus.Submitted) throw notFound;
          const now = new Date();
          row.acceptedOfferId = chosen.id;
          row.matchedAt = now;
          for (const o of all) {
            const status = o.id === chosen.id ? FinancingOfferStatus.Accepted : FinancingOfferStatus.NotChosen;
            const saved = await this.offers.save(manager, { ...o, status, decidedAt: now });
            await this.events.record(manager, actor, {
              type:
                status === FinancingOfferStatus.Accepted ? 'financing_offer.accepted' : 'financing_offer.not_chosen',
              entityType: 'financing_offer',
              entityId: o.id,
              entityVersion: saved.version,
              before: { status: o.status },
              after: { status, needId: row.id },
            });
          }
        },
        record: (saved, from, to) =>
          this.events.record(manager, actor, {
            type: 'financing_need.offer_accepted',
            entityType: 'financing_need',
            entityId: saved.id,
            entityVersion: saved.version,
            before: { status: from },
            after: { status: to, acceptedOfferId: saved.acceptedOfferId },
          }),
      }),
    );
    return this.get(actor, offer.needId);
  }

  private async step(
    actor: Actor,
    id: string,
    action: FinancingNeedAction,
    version: number | undefined,
    type: 'financing_need.published' | 'financing_need.withdrawn' | 'financing_need.closed',
    apply: (row: FinancingNeed) => void,
  ): Promise<void> {
    await this.events.transaction((manager) =>
      this.workflow.transition(manager, actor, id, action, version, {
        apply,
        record: (saved, from, to) =>
          this.events.record(manager, actor, {
            type,
            entityType: 'financing_need',
            entityId: id,
            entityVersion: saved.version,
            before: { status: from },
            after: {
              status: to,
              outcome: saved.outcome,
              loanAmount: saved.loanAmount,
              loanDate: saved.loanDate,
              reason: saved.closeReason,
            },
          }),
      }),
    );
  }

  /**
   * A need for the notifications, with the banks (of those given) that may read it now: every bank while it is
   * published, afterwards only those that answered it. Null for an unknown need or a draft.
   */
  async needNotice(
    needId: string,
    bankOrganisationIds: string[],
  ): Promise<{ notice: FinancingNeedNotice; readableBy: Set<string> } | null> {
    const need = await this.needs.findById(needId);
    if (!need || need.status === FinancingNeedStatus.Draft) return null;
    const readableBy = new Set<string>();
    for (const bank of new Set(bankOrganisationIds)) {
      const answered = (await this.offers.answeredBy(bank, [needId])).has(needId);
      const actor: Actor = { userId: '', role: Role.Bank, organisationId: bank };
      if (needVisibility(actor, need, answered) !== 'none') readableBy.add(bank);
    }
    return { notice: await this.noticeOf(need), readableBy };
  }

  /** An offer for the notifications (its bank and the need's enterprise are told of it). */
  async offerNotice(offerId: string): Promise<FinancingOfferNotice | null> {
    const offer = await this.offers.findById(offerId);
    const need = offer ? await this.needs.findById(offer.needId) : null;
    if (!offer || !need) return null;
    const names = await this.registry.organisationNames([offer.bankOrganisationId]);
    return {
      id: offer.id,
      status: offer.status,
      statusLabel: FINANCING_OFFER_STATUS_LABELS[offer.status],
      bankOrganisationId: offer.bankOrganisationId,
      bankName: names.get(offer.bankOrganisationId) ?? null,
      productName: offer.productName,
      amount: offer.amount,
      rateMin: offer.rateMin,
      rateMax: offer.rateMax,
      termMonths: offer.termMonths,
      need: await this.noticeOf(need),
    };
  }

  private async noticeOf(need: FinancingNeed): Promise<FinancingNeedNotice> {
    const names = await this.registry.organisationNames([need.enterpriseOrganisationId]);
    const chains = need.industryChainIds.length ? await this.chains.refs() : new Map<string, { name: string }>();
    return {
      id: need.id,
      title: need.title,
      status: need.status,
      enterpriseOrganisationId: need.enterpriseOrganisationId,
      enterpriseName: names.get(need.enterpriseOrganisationId) ?? null,
      purpose: need.purpose,
      amount: need.amount,
      termMonths: need.termMonths,
      collateralLabels: need.collateralKinds.map((k) => COLLATERAL_KIND_LABELS[k]),
      chainNames: need.industryChainIds.map((id) => chains.get(id)?.name).filter((n): n is string => !!n),
    };
  }

  /** The need and what the actor sees of it; 404 when nothing (no probing for ids). */
  private async readable(
    actor: Actor,
    id: string,
    manager?: EntityManager,
  ): Promise<{ row: FinancingNeed; visibility: NeedVisibility }> {
    const row = await this.needs.findById(id, manager);
    if (row) {
      const answered =
        actor.role === Role.Bank && actor.organisationId
          ? (await this.offers.answeredBy(actor.organisationId, [id], manager)).has(id)
          : false;
      const visibility = needVisibility(actor, row, answered);
      if (visibility !== 'none') return { row, visibility };
    }
    throw AppError.notFound('融资需求', id);
  }

  private async views(actor: Actor, rows: FinancingNeed[]): Promise<FinancingNeedView[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const bank = actor.role === Role.Bank && actor.organisationId ? actor.organisationId : null;
    const answered = bank ? await this.offers.answeredBy(bank, ids) : new Set<string>();
    const counts = bank ? new Map<string, number>() : await this.offers.counts(ids);
    const names = await this.registry.organisationNames([...new Set(rows.map((r) => r.enterpriseOrganisationId))]);
    return rows.map((r) => {
      const { createdById: _c, ...rest } = r;
      const visibility = needVisibility(actor, r, answered.has(r.id));
      const full = visibility === 'full';
      const allowed: string[] = [];
      const owner = !bank && (isStaff(actor) || actor.organisationId === r.enterpriseOrganisationId);
      if (owner) {
        const parties = isStaff(actor) ? ['staff'] : ['owner'];
        for (const action of FINANCING_NEED_ACTIONS) {
          const rule = FINANCING_NEED_WORKFLOW[action];
          if (action !== 'accept' && rule.from.includes(r.status) && rule.by.some((p) => parties.includes(p))) {
            allowed.push(action);
          }
        }
      }
      if (bank && r.status === FinancingNeedStatus.Published && !answered.has(r.id)) allowed.push('offer');
      return {
        ...rest,
        statusLabel: FINANCING_NEED_STATUS_LABELS[r.status],
        outcomeLabel: r.outcome ? FINANCING_OUTCOME_LABELS[r.outcome] : null,
        enterpriseName: names.get(r.enterpriseOrganisationId) ?? null,
        collateralLabels: r.collateralKinds.map((k) => COLLATERAL_KIND_LABELS[k]),
        collateralDetails: full ? r.collateralDetails : null,
        annualRevenue: full ? r.annualRevenue : null,
        netProfit: full ? r.netProfit : null,
        contactName: full ? r.contactName : null,
        contactPhone: full ? r.contactPhone : null,
        confidentialHidden: !full,
        offerCount: bank ? (answered.has(r.id) ? 1 : 0) : (counts.get(r.id) ?? 0),
        answered: answered.has(r.id),
        allowedActions: allowed,
      };
    });
  }

  private async offerViews(
    actor: Actor,
    rows: FinancingOffer[],
    knownNeeds: FinancingNeed[] = [],
  ): Promise<FinancingOfferView[]> {
    if (!rows.length) return [];
    const needs = new Map(knownNeeds.map((n) => [n.id, n]));
    const missing = [...new Set(rows.map((o) => o.needId))].filter((id) => !needs.has(id));
    for (const n of await this.needs.findFieldsByIds(missing, ['title', 'status', 'enterpriseOrganisationId'])) {
      needs.set(n.id, n as FinancingNeed);
    }
    const names = await this.registry.organisationNames([...new Set(rows.map((o) => o.bankOrganisationId))]);
    return rows.map((o) => {
      const { submittedById: _s, ...rest } = o;
      const need = needs.get(o.needId)!;
      return {
        ...rest,
        statusLabel: FINANCING_OFFER_STATUS_LABELS[o.status],
        bankName: names.get(o.bankOrganisationId) ?? null,
        needTitle: need.title,
        needStatus: need.status,
        acceptable:
          !!actor.organisationId &&
          actor.organisationId === need.enterpriseOrganisationId &&
          need.status === FinancingNeedStatus.Published &&
          o.status === FinancingOfferStatus.Submitted,
      };
    });
  }
}
