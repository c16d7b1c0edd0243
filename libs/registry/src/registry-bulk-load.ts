import { Injectable } from '@nestjs/common';
import { DeepPartial } from 'typeorm';

import { Achievement } from './achievement/achievement.entity';
import { AchievementRepository } from './achievement/achievement.repository';
import { Demand } from './demand/demand.entity';
import { DemandRepository } from './demand/demand.repository';
import { IndustryChain } from './industry-chain/industry-chain.entity';
import { IndustryChainRepository } from './industry-chain/industry-chain.repository';
import { Organisation } from './organisation/organisation.entity';
import { OrganisationRepository } from './organisation/organisation.repository';

/**
 * Loads a whole evaluation corpus straight into the registry's tables: no workflow, no events, no sync jobs (the
 * caller reindexes once). For offline tools on a scratch database only (matching's evaluation and benchmarks),
 * never for the platform's own records.
 */
@Injectable()
export class RegistryBulkLoad {
  constructor(
    private readonly organisations: OrganisationRepository,
    private readonly chains: IndustryChainRepository,
    private readonly achievements: AchievementRepository,
    private readonly demands: DemandRepository,
  ) {}

  organisation(fields: DeepPartial<Organisation>): Promise<Organisation> {
    return this.organisations.saveNew(fields);
  }

  industryChain(fields: DeepPartial<IndustryChain>): Promise<IndustryChain> {
    return this.chains.saveNew(fields);
  }

  /** Inserts the rows in one statement; returns their ids in order. */
  insertAchievements(rows: Array<DeepPartial<Achievement>>): Promise<string[]> {
    return this.achievements.insertRows(rows);
  }

  /** Inserts the rows in one statement; returns their ids in order. */
  insertDemands(rows: Array<DeepPartial<Demand>>): Promise<string[]> {
    return this.demands.insertRows(rows);
  }

  /** Every demand (the corpus's, on a scratch database), in id order. */
  allDemands(): Promise<Demand[]> {
    return this.demands.all();
  }

  /** The industry chains' ids by code. */
  async chainIdsByCode(): Promise<Map<string, string>> {
    return new Map((await this.chains.all()).map((c) => [c.code, c.id]));
  }

  /** The keywords of the first `limit` achievements in id order (benchmark queries drawn from the catalogue). */
  async achievementKeywordSample(limit: number): Promise<string[]> {
    return (await this.achievements.firstKeywords(limit)).flat().filter(Boolean);
  }
}
