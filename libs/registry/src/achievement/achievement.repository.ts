import { EntityRepository } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, MoreThanOrEqual, Repository, SelectQueryBuilder } from 'typeorm';

import { AchievementStatus } from '../domain';
import { Achievement } from './achievement.entity';

/** Conditions on achievements, each applied when given. */
export interface AchievementIdFilter {
  institutions?: string[];
  chains?: string[];
  statuses?: AchievementStatus[];
}

/** The `achievements` table. */
@Injectable()
export class AchievementRepository extends EntityRepository<Achievement> {
  constructor(@InjectRepository(Achievement) repository: Repository<Achievement>) {
    super(repository);
  }

  /** The achievement with its holder institution (for views). */
  findWithInstitution(id: string, manager?: EntityManager): Promise<Achievement | null> {
    return this.of(manager).findOne({ where: { id }, relations: { institution: true } });
  }

  /** These achievements with their holder institutions (missing ids are absent). */
  withInstitutions(ids: string[], manager?: EntityManager): Promise<Achievement[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.of(manager).find({ where: { id: In(ids) }, relations: { institution: true } });
  }

  /** Ids of the achievements meeting every given condition (institutions, chains touched, statuses). */
  async idsWhere(filter: AchievementIdFilter): Promise<string[]> {
    const qb = this.repository.createQueryBuilder('a').select('a.id', 'id');
    if (filter.institutions) qb.andWhere('a.institution_id = ANY(:inst)', { inst: filter.institutions });
    if (filter.chains) qb.andWhere('a.industry_chain_ids && CAST(:chains AS uuid[])', { chains: filter.chains });
    if (filter.statuses) qb.andWhere('a.status = ANY(:statuses)', { statuses: filter.statuses });
    return (await qb.getRawMany<{ id: string }>()).map((r) => r.id);
  }

  /** The keyword lists of the first `limit` achievements in id order. */
  async firstKeywords(limit: number): Promise<string[][]> {
    const rows = await this.repository.find({
      select: { id: true, keywords: true },
      order: { id: 'ASC' },
      take: limit,
    });
    return rows.map((r) => r.keywords ?? []);
  }

  /** Listing query (alias `a`, institution joined as `i`); the caller adds filters, order and page. */
  listQuery(): SelectQueryBuilder<Achievement> {
    return this.repository.createQueryBuilder('a').leftJoinAndSelect('a.institution', 'i');
  }

  /** The achievements of these institutions (created at or after `since` when given). */
  ofInstitutions(institutionIds: string[], manager?: EntityManager, since?: Date): Promise<Achievement[]> {
    return this.of(manager).findBy({
      institutionId: In(institutionIds),
      ...(since ? { createdAt: MoreThanOrEqual(since) } : {}),
    });
  }

  /** Achievements holding any of these patent numbers, oldest first. */
  withPatents(patents: string[], manager?: EntityManager): Promise<Achievement[]> {
    return this.of(manager)
      .createQueryBuilder('a')
      .where('a.patent_numbers && CAST(:patents AS text[])', { patents })
      .orderBy('a.created_at')
      .getMany();
  }

  findByIds(ids: string[], manager?: EntityManager): Promise<Achievement[]> {
    return this.of(manager).findBy({ id: In(ids) });
  }

  /** Achievements with these exact titles in this status. */
  titled(titles: string[], status: AchievementStatus): Promise<Achievement[]> {
    return this.repository.findBy({ title: In(titles), status });
  }

  /**
   * Ids of published achievements ranked by how many of these keywords their title (double weight) and abstract
   * contain (ties by id); none without a hit.
   */
  async byKeywordHits(keywords: string[], limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.repository.query(
      `SELECT a.id FROM achievements a,
              LATERAL (SELECT sum((strpos(lower(a.title), k) > 0)::int * 2 + (strpos(lower(a.abstract), k) > 0)::int) AS s
                         FROM unnest($1::text[]) AS k) m
        WHERE a.status = 'published' AND m.s > 0
        ORDER BY m.s DESC, a.id LIMIT $2`,
      [keywords, limit],
    );
    return rows.map((r) => r.id);
  }

  /** An institution's achievements, newest first. */
  ofInstitution(institutionId: string): Promise<Achievement[]> {
    return this.repository.find({ where: { institutionId }, order: { createdAt: 'DESC' } });
  }
}
