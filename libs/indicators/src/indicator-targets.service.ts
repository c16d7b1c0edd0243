import { Actor, AppError, assertVersion } from '@app/common';
import { EventsService } from '@app/events';
import { Injectable } from '@nestjs/common';

import { indicatorDefinition, INDICATORS, PLAN_YEARS } from './indicator-catalogue';
import { IndicatorTargetsRepository, TargetSeed } from './indicator-targets.repository';

/** The plan's targets: seeded from the catalogue, corrected by admins (versioned, recorded). */
@Injectable()
export class IndicatorTargetsService {
  constructor(
    private readonly targets: IndicatorTargetsRepository,
    private readonly events: EventsService,
  ) {}

  /** Seeds the plan's targets; rows an admin corrected are left alone. */
  async ensureTargets(): Promise<void> {
    const rows: TargetSeed[] = [];
    for (const def of INDICATORS) {
      for (const [year, value] of Object.entries(def.targets))
        rows.push({ key: def.key, year: Number(year), value, max: null });
      if (def.planTotal)
        rows.push({ key: def.key, year: 0, value: def.planTotal.value, max: def.planTotal.max ?? null });
    }
    await this.targets.insertMissing(rows);
  }

  /** key → year → target (year 0: the whole plan period). */
  async targetMaps(): Promise<Map<string, Map<number, number>>> {
    const rows = await this.targets.all();
    const maps = new Map<string, Map<number, number>>();
    for (const r of rows) {
      if (!maps.has(r.indicatorKey)) maps.set(r.indicatorKey, new Map());
      maps.get(r.indicatorKey)!.set(r.year, r.value);
    }
    return maps;
  }

  async updateTarget(
    actor: Actor,
    key: string,
    year: number,
    input: { value: number; valueMax?: number | null; version?: number },
  ) {
    const def = indicatorDefinition(key);
    if (year !== 0 && !PLAN_YEARS.includes(year)) {
      throw AppError.invalid(
        [{ field: 'year', reason: '不是规划年度' }],
        `年份须为规划年度 ${PLAN_YEARS.join('、')}，或 0（规划期总目标）`,
      );
    }
    return this.events.transaction(async (manager) => {
      let row = await this.targets.lockOne(manager, key, year);
      if (row) assertVersion(row, input.version, '目标已被他人修改，请刷新后重试', { currentVersion: row.version });
      const before = row ? { value: row.value, valueMax: row.valueMax } : null;
      row = row ?? this.targets.create(manager, key, year);
      row.value = input.value;
      row.valueMax = input.valueMax ?? null;
      row = await this.targets.save(manager, row);
      await this.events.record(manager, actor, {
        type: 'indicator.target_changed',
        entityType: 'indicator_target',
        entityId: row.id,
        entityVersion: row.version,
        before,
        after: { indicatorKey: key, name: def.name, year, value: row.value, valueMax: row.valueMax },
      });
      return row;
    });
  }
}
