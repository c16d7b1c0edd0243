import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DeepPartial, EntityManager, Repository } from 'typeorm';

import { IndicatorReport, ReportStatus } from './indicator.entities';
import { HistoryReport } from './reported-history';

/** Figures of the reported indicators in a year: latest approved value per plan year and reports awaiting review. */
export interface ReportedFigures {
  /** key → year → latest approved value of that year. */
  approved: Map<string, Map<number, number>>;
  /** key → reports of the year awaiting review. */
  pending: Map<string, number>;
}

/** indicator_reports: figures reported by hand with evidence, reviewed by an admin. */
@Injectable()
export class IndicatorReportsRepository {
  constructor(@InjectRepository(IndicatorReport) private readonly reports: Repository<IndicatorReport>) {}

  any(): Promise<boolean> {
    return this.reports.exists();
  }

  page(key: string, year: number, offset: number, limit: number): Promise<[IndicatorReport[], number]> {
    return this.reports.findAndCount({
      where: { indicatorKey: key, year },
      order: { asOf: 'DESC', createdAt: 'DESC' },
      skip: offset,
      take: limit,
    });
  }

  /** Reports of every indicator, optionally of one status and year, awaiting ones first then newest. */
  list(where: { status?: ReportStatus; year?: number }, offset: number, limit: number) {
    return this.reports.findAndCount({
      where: { ...(where.status ? { status: where.status } : {}), ...(where.year ? { year: where.year } : {}) },
      order: { createdAt: 'DESC' },
      skip: offset,
      take: limit,
    });
  }

  /** Approved reports of a year, latest first (the first one is the figure). */
  approved(key: string, year: number): Promise<IndicatorReport[]> {
    return this.reports.find({
      where: { indicatorKey: key, year, status: ReportStatus.Approved },
      order: { asOf: 'DESC', reviewedAt: 'DESC' },
    });
  }

  /** For these keys: the latest approved value of every year up to `year`, and the pending count of `year`. */
  async figures(keys: string[], year: number): Promise<ReportedFigures> {
    const rows: Array<{ dim: 'approved' | 'pending'; key: string; year: number; value: number }> =
      await this.reports.query(
        `SELECT 'approved' AS dim, key, year, value FROM (
           SELECT DISTINCT ON (indicator_key, year) indicator_key AS key, year, value::float8 AS value
             FROM indicator_reports WHERE indicator_key = ANY($1::text[]) AND year <= $2 AND status = 'approved'
            ORDER BY indicator_key, year, as_of DESC, reviewed_at DESC) latest
         UNION ALL
         SELECT 'pending', indicator_key, year, count(*)::float8 FROM indicator_reports
          WHERE indicator_key = ANY($1::text[]) AND year = $2 AND status = 'submitted'
          GROUP BY indicator_key, year`,
        [keys, year],
      );
    const approved = new Map<string, Map<number, number>>();
    const pending = new Map<string, number>();
    for (const r of rows) {
      if (r.dim === 'pending') pending.set(r.key, Number(r.value));
      else {
        if (!approved.has(r.key)) approved.set(r.key, new Map());
        approved.get(r.key)!.set(r.year, Number(r.value));
      }
    }
    return { approved, pending };
  }

  /** For these keys: the latest approved report of every year up to `year` (history of observed indicators). */
  async history(keys: string[], year: number): Promise<Map<string, HistoryReport[]>> {
    const rows: Array<{ key: string; year: number; value: number; as_of: string }> = await this.reports.query(
      `SELECT DISTINCT ON (indicator_key, year) indicator_key AS key, year, value::float8 AS value,
              to_char(as_of, 'YYYY-MM-DD') AS as_of
         FROM indicator_reports WHERE indicator_key = ANY($1::text[]) AND year <= $2 AND status = 'approved'
        ORDER BY indicator_key, year, as_of DESC, reviewed_at DESC`,
      [keys, year],
    );
    const out = new Map<string, HistoryReport[]>();
    for (const r of rows) {
      if (!out.has(r.key)) out.set(r.key, []);
      out.get(r.key)!.push({ year: Number(r.year), value: Number(r.value), asOf: r.as_of });
    }
    return out;
  }

  async statusOf(id: string): Promise<ReportStatus | null> {
    const row = await this.reports.findOne({ select: { id: true, status: true }, where: { id } });
    return row?.status ?? null;
  }

  lock(tx: EntityManager, id: string): Promise<IndicatorReport | null> {
    return tx.findOne(IndicatorReport, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  insert(tx: EntityManager, input: DeepPartial<IndicatorReport>): Promise<IndicatorReport> {
    return tx.save(tx.create(IndicatorReport, input));
  }

  save(tx: EntityManager, row: IndicatorReport): Promise<IndicatorReport> {
    return tx.save(row);
  }
}
