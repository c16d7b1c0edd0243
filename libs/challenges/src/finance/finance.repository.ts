import { Actor, EntityRepository, isStaff, Role } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';

import { FinancingNeedQueryDto } from './dto/finance.dto';
import { FinancingNeedStatus } from './finance.domain';
import { FinancingNeed } from './financing-need.entity';
import { FinancingOffer } from './financing-offer.entity';

/** The `financing_needs` table. */
@Injectable()
export class FinancingNeedRepository extends EntityRepository<FinancingNeed> {
  constructor(@InjectRepository(FinancingNeed) repository: Repository<FinancingNeed>) {
    super(repository);
  }

  /**
   * The needs an actor may list, newest first: staff all; an enterprise its own; a bank the published ones and those
   * it answered; nobody else any.
   */
  page(actor: Actor, query: FinancingNeedQueryDto): Promise<[FinancingNeed[], number]> {
    const qb = this.repository.createQueryBuilder('n');
    if (isStaff(actor)) {
      // every need
    } else if (actor.role === Role.Bank && actor.organisationId) {
      qb.where(
        `(n.status = :published OR (n.status <> :draft AND EXISTS (
           SELECT 1 FROM financing_offers o WHERE o.need_id = n.id AND o.bank_organisation_id = :org)))`,
        { published: FinancingNeedStatus.Published, draft: FinancingNeedStatus.Draft, org: actor.organisationId },
      );
    } else if (actor.role === Role.Enterprise && actor.organisationId) {
      qb.where('n.enterprise_organisation_id = :org', { org: actor.organisationId });
    } else {
      qb.where('FALSE');
    }
    if (query.status) qb.andWhere('n.status = :status', { status: query.status });
    return qb
      .orderBy('n.createdAt', 'DESC')
      .addOrderBy('n.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
  }
}

/** The `financing_offers` table. */
@Injectable()
export class FinancingOfferRepository extends EntityRepository<FinancingOffer> {
  constructor(@InjectRepository(FinancingOffer) repository: Repository<FinancingOffer>) {
    super(repository);
  }

  /** Offers on a need, oldest first; only one bank's when given. */
  ofNeed(needId: string, bankOrganisationId?: string, manager?: EntityManager): Promise<FinancingOffer[]> {
    return this.of(manager).find({
      where: bankOrganisationId ? { needId, bankOrganisationId } : { needId },
      order: { submittedAt: 'ASC', id: 'ASC' },
    });
  }

  /** A bank's offers, newest first. */
  ofBank(bankOrganisationId: string): Promise<FinancingOffer[]> {
    return this.repository.find({ where: { bankOrganisationId }, order: { submittedAt: 'DESC', id: 'ASC' } });
  }

  /** Whether this bank answered each of these needs. */
  async answeredBy(bankOrganisationId: string, needIds: string[], manager?: EntityManager): Promise<Set<string>> {
    if (!needIds.length) return new Set();
    const rows: Array<{ need_id: string }> = await this.of(manager).query(
      `SELECT need_id FROM financing_offers WHERE bank_organisation_id = $1 AND need_id = ANY($2::uuid[])`,
      [bankOrganisationId, needIds],
    );
    return new Set(rows.map((r) => r.need_id));
  }

  /** Offers per need. */
  async counts(needIds: string[]): Promise<Map<string, number>> {
    if (!needIds.length) return new Map();
    const rows: Array<{ need_id: string; n: number }> = await this.repository.query(
      `SELECT need_id, count(*)::int AS n FROM financing_offers WHERE need_id = ANY($1::uuid[]) GROUP BY need_id`,
      [needIds],
    );
    return new Map(rows.map((r) => [r.need_id, r.n]));
  }
}
