import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';

import { EvaluationPeriod, EvaluationResult, RatedRecordKind, ServiceRating } from './evaluation.entity';
import { EvaluationSubject } from './scoring-model';

/** Per manager profile: what this context's own tables say about a period (service, training, ratings). */
export interface OwnFacts {
  serviceRecords: Map<string, number>;
  trainingHours: Map<string, number>;
  assessments: Map<string, { sum: number; count: number }>;
  ratings: Map<string, { sum: number; count: number }>;
}

export interface EvaluatedProfile {
  id: string;
  userId: string;
  name: string;
  affiliationKind: string;
  affiliationOrganisationId: string | null;
}

/** evaluation_periods, evaluation_results and service_ratings, plus the period's figures from this context's tables. */
@Injectable()
export class EvaluationRepository {
  constructor(
    @InjectRepository(EvaluationPeriod) private readonly periods: Repository<EvaluationPeriod>,
    @InjectRepository(EvaluationResult) private readonly results: Repository<EvaluationResult>,
    @InjectRepository(ServiceRating) private readonly ratings: Repository<ServiceRating>,
  ) {}

  /** The default connection, for reads outside a transaction. */
  reads(): EntityManager {
    return this.periods.manager;
  }

  /** Profiles evaluated: active ones (a deactivated manager is no longer graded). */
  activeProfiles(tx: EntityManager): Promise<EvaluatedProfile[]> {
    return tx.query(
      `SELECT id, user_id AS "userId", name, affiliation_kind AS "affiliationKind",
              affiliation_organisation_id AS "affiliationOrganisationId"
         FROM manager_profiles WHERE status = 'active' ORDER BY name`,
    );
  }

  /** Agencies evaluated: filed ones (备案). */
  filedAgencies(tx: EntityManager): Promise<Array<{ id: string; organisationId: string }>> {
    return tx.query(
      `SELECT id, organisation_id AS "organisationId" FROM transfer_agencies WHERE status = 'filed' ORDER BY created_at`,
    );
  }

  async profileOfUser(userId: string): Promise<{ id: string; name: string } | null> {
    const rows = await this.ratings.query(`SELECT id, name FROM manager_profiles WHERE user_id = $1`, [userId]);
    return rows[0] ?? null;
  }

  async ownFacts(tx: EntityManager, from: string, to: string): Promise<OwnFacts> {
    const records: Array<{ id: string; n: number }> = await tx.query(
      `SELECT manager_profile_id AS id, count(*)::int AS n FROM service_records
        WHERE removed_at IS NULL AND occurred_on BETWEEN $1::date AND $2::date GROUP BY 1`,
      [from, to],
    );
    const hours: Array<{ id: string; n: string }> = await tx.query(
      `SELECT e.manager_profile_id AS id, sum(s.hours)::text AS n
         FROM camp_enrolments e JOIN training_sessions s ON s.id = ANY(e.attended_session_ids)
        WHERE s.held_on BETWEEN $1::date AND $2::date GROUP BY 1`,
      [from, to],
    );
    const assessed: Array<{ id: string; sum: number; count: number }> = await tx.query(
      `SELECT manager_profile_id AS id, sum(assessment_score)::int AS sum, count(*)::int AS count
         FROM camp_enrolments
        WHERE assessment_score IS NOT NULL
          AND (assessed_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1::date AND $2::date GROUP BY 1`,
      [from, to],
    );
    const rated: Array<{ id: string; sum: number; count: number }> = await tx.query(
      `SELECT manager_profile_id AS id, sum(score)::int AS sum, count(*)::int AS count FROM service_ratings
        WHERE (created_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1::date AND $2::date GROUP BY 1`,
      [from, to],
    );
    return {
      serviceRecords: new Map(records.map((r) => [r.id, r.n])),
      trainingHours: new Map(hours.map((r) => [r.id, Number(r.n)])),
      assessments: new Map(assessed.map((r) => [r.id, { sum: r.sum, count: r.count }])),
      ratings: new Map(rated.map((r) => [r.id, { sum: r.sum, count: r.count }])),
    };
  }

  allPeriods(): Promise<EvaluationPeriod[]> {
    return this.periods.find({ order: { periodKey: 'DESC' } });
  }

  periodByKey(key: string): Promise<EvaluationPeriod | null> {
    return this.periods.findOneBy({ periodKey: key });
  }

  lockPeriod(tx: EntityManager, key: string): Promise<EvaluationPeriod | null> {
    return tx
      .getRepository(EvaluationPeriod)
      .findOne({ where: { periodKey: key }, lock: { mode: 'pessimistic_write' } });
  }

  /** Serialises computations of one period (the first computation has no row to lock yet). */
  async lockKey(tx: EntityManager, key: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`evaluation:${key}`]);
  }

  savePeriod(tx: EntityManager, period: EvaluationPeriod): Promise<EvaluationPeriod> {
    return tx.getRepository(EvaluationPeriod).save(period);
  }

  newPeriod(values: Partial<EvaluationPeriod>): EvaluationPeriod {
    return this.periods.create(values);
  }

  async replaceResults(tx: EntityManager, periodId: string, rows: Partial<EvaluationResult>[]): Promise<void> {
    await tx.getRepository(EvaluationResult).delete({ periodId });
    if (rows.length) await tx.getRepository(EvaluationResult).insert(rows);
  }

  async counts(periodIds: string[]): Promise<Map<string, Record<EvaluationSubject, number>>> {
    if (!periodIds.length) return new Map();
    const rows: Array<{ period_id: string; subject_kind: EvaluationSubject; n: number }> = await this.results.query(
      `SELECT period_id, subject_kind, count(*)::int AS n FROM evaluation_results
        WHERE period_id = ANY($1::uuid[]) GROUP BY 1, 2`,
      [periodIds],
    );
    const out = new Map<string, Record<EvaluationSubject, number>>();
    for (const id of periodIds) out.set(id, { manager: 0, agency: 0 });
    for (const r of rows) out.get(r.period_id)![r.subject_kind] = r.n;
    return out;
  }

  resultsOf(periodId: string, subjectKind: EvaluationSubject): Promise<EvaluationResult[]> {
    return this.results.find({ where: { periodId, subjectKind }, order: { rank: 'ASC', subjectName: 'ASC' } });
  }

  resultOf(periodId: string, subjectKind: EvaluationSubject, subjectId: string): Promise<EvaluationResult | null> {
    return this.results.findOneBy({ periodId, subjectKind, subjectId });
  }

  resultOfUser(periodId: string, userId: string): Promise<EvaluationResult | null> {
    return this.results.findOneBy({ periodId, subjectKind: 'manager', userId });
  }

  countOf(periodId: string, subjectKind: EvaluationSubject): Promise<number> {
    return this.results.countBy({ periodId, subjectKind });
  }

  ratingsOf(organisationId: string): Promise<ServiceRating[]> {
    return this.ratings.findBy({ organisationId });
  }

  /** Inserts the rating unless the enterprise rated that record already (then null). */
  async insertRating(tx: EntityManager, values: Partial<ServiceRating>): Promise<ServiceRating | null> {
    const res = await tx
      .createQueryBuilder()
      .insert()
      .into(ServiceRating)
      .values(values)
      .orIgnore()
      .returning('*')
      .execute();
    if (!res.raw.length) return null;
    return tx.getRepository(ServiceRating).findOneByOrFail({
      organisationId: values.organisationId!,
      recordKind: values.recordKind as RatedRecordKind,
      recordId: values.recordId!,
    });
  }
}
