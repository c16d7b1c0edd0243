import { Actor, EntityRepository, isStaff } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';

import { ChallengeStatus, PUBLIC_CHALLENGE_STATUSES } from './challenge.domain';
import { Challenge } from './challenge.entity';
import { ChallengeQueryDto } from './dto/challenge.dto';

/** The `challenges` table. */
@Injectable()
export class ChallengeRepository extends EntityRepository<Challenge> {
  constructor(@InjectRepository(Challenge) repository: Repository<Challenge>) {
    super(repository);
  }

  /**
   * A page of calls, newest first: staff see every call; an enterprise its own calls in any status and the public
   * ones; everyone else (and anonymous readers: `actor` undefined) the public ones.
   */
  page(actor: Actor | undefined, query: ChallengeQueryDto): Promise<[Challenge[], number]> {
    const qb = this.repository.createQueryBuilder('c');
    if (!actor || !isStaff(actor)) {
      qb.andWhere(
        actor?.organisationId
          ? '(c.status IN (:...visible) OR c.enterprise_organisation_id = :own)'
          : 'c.status IN (:...visible)',
        { visible: PUBLIC_CHALLENGE_STATUSES, own: actor?.organisationId },
      );
    }
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.mechanism) qb.andWhere('c.mechanism = :mechanism', { mechanism: query.mechanism });
    if (query.chain) qb.andWhere('CAST(:chain AS uuid) = ANY(c.industry_chain_ids)', { chain: query.chain });
    if (query.reviewing) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM challenge_reviewers r WHERE r.challenge_id = c.id AND r.user_id = :reviewer)',
        { reviewer: actor?.userId ?? '00000000-0000-0000-0000-000000000000' },
      );
    }
    if (query.q) {
      qb.andWhere("(c.title ILIKE :q ESCAPE '\\' OR c.problem ILIKE :q ESCAPE '\\')", {
        q: `%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`,
      });
    }
    return qb
      .orderBy('c.createdAt', 'DESC')
      .addOrderBy('c.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
  }

  /** Calls in these statuses (demo loaders, indicator checks). */
  withStatus(statuses: ChallengeStatus[]): Promise<Challenge[]> {
    return this.repository.createQueryBuilder('c').where('c.status IN (:...statuses)', { statuses }).getMany();
  }

  /** These calls (missing ids are absent). */
  byIds(ids: string[]): Promise<Challenge[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repository.createQueryBuilder('c').where('c.id IN (:...ids)', { ids }).getMany();
  }

  /** Ids of the public calls in id order after `after` (search rebuilds). */
  async publicIdsAfter(after: string, limit: number): Promise<string[]> {
    const rows = await this.repository
      .createQueryBuilder('c')
      .select('c.id', 'id')
      .where('c.status IN (:...visible)', { visible: PUBLIC_CHALLENGE_STATUSES })
      .andWhere('c.id > :after', { after })
      .orderBy('c.id', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  countPublic(): Promise<number> {
    return this.repository
      .createQueryBuilder('c')
      .where('c.status IN (:...visible)', { visible: PUBLIC_CHALLENGE_STATUSES })
      .getCount();
  }

  /** Records that these calls' search documents reflect these versions. */
  async markIndexed(marks: Array<[string, number]>): Promise<void> {
    if (!marks.length) return;
    await this.repository.query(
      `UPDATE challenges AS t SET indexed_version = v.version
         FROM unnest($1::uuid[], $2::int[]) AS v(id, version) WHERE t.id = v.id`,
      [marks.map(([id]) => id), marks.map(([, v]) => v)],
    );
  }

  /** After a search rebuild: every call not edited since it started is indexed at its version. */
  async markIndexedUnchangedSince(started: Date): Promise<void> {
    await this.repository.query(`UPDATE challenges SET indexed_version = version WHERE updated_at < $1`, [started]);
  }

  /** Calls whose search document lags their version, oldest change first. */
  indexLagging(limit: number): Promise<Array<{ id: string; version: number }>> {
    return this.repository.query(
      `SELECT id, version FROM challenges WHERE indexed_version IS DISTINCT FROM version ORDER BY updated_at LIMIT $1`,
      [limit],
    );
  }

  /** Whether a call with this title exists (the demo loader's marker, per call). */
  existsWithTitle(title: string): Promise<boolean> {
    return this.repository.existsBy({ title });
  }

  /** Ids of the calls an enterprise sets. */
  async idsOfEnterprise(organisationId: string): Promise<string[]> {
    const rows = await this.repository.find({
      select: { id: true },
      where: { enterpriseOrganisationId: organisationId },
    });
    return rows.map((r) => r.id);
  }

  /** Bumps the row's version (and updated_at) without changing a field: the update builder adds version + 1. */
  async touch(manager: EntityManager, id: string): Promise<number> {
    await manager
      .createQueryBuilder()
      .update(Challenge)
      .set({ updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .execute();
    return (await this.of(manager).findOneOrFail({ select: { id: true, version: true }, where: { id } })).version;
  }
}
