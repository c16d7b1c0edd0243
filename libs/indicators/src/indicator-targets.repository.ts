import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';

import { IndicatorTarget } from './indicator.entities';

export interface TargetSeed {
  key: string;
  year: number;
  value: number;
  max: number | null;
}

/** indicator_targets: the plan's yearly targets (year 0: the whole period), as corrected by admins. */
@Injectable()
export class IndicatorTargetsRepository {
  constructor(@InjectRepository(IndicatorTarget) private readonly targets: Repository<IndicatorTarget>) {}

  /** Inserts the seeds that are missing; rows already there (maybe corrected) are left alone. */
  async insertMissing(rows: TargetSeed[]): Promise<void> {
    await this.targets.query(
      `INSERT INTO indicator_targets (indicator_key, year, value, value_max, version)
       SELECT *, 1 FROM unnest($1::text[], $2::int[], $3::numeric[], $4::numeric[])
       ON CONFLICT (indicator_key, year) DO NOTHING`,
      [rows.map((r) => r.key), rows.map((r) => r.year), rows.map((r) => r.value), rows.map((r) => r.max)],
    );
  }

  all(): Promise<IndicatorTarget[]> {
    return this.targets.find();
  }

  lockOne(tx: EntityManager, key: string, year: number): Promise<IndicatorTarget | null> {
    return tx
      .getRepository(IndicatorTarget)
      .findOne({ where: { indicatorKey: key, year }, lock: { mode: 'pessimistic_write' } });
  }

  create(tx: EntityManager, key: string, year: number): IndicatorTarget {
    return tx.getRepository(IndicatorTarget).create({ indicatorKey: key, year });
  }

  save(tx: EntityManager, row: IndicatorTarget): Promise<IndicatorTarget> {
    return tx.getRepository(IndicatorTarget).save(row);
  }
}
