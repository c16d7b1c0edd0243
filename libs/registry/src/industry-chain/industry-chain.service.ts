import { Actor, AppError, ErrorCode } from '@app/common';
import { EventsService } from '@app/events';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import defaults from './default-industry-chains.json';
import { CreateIndustryChainDto, UpdateIndustryChainDto } from './dto/industry-chain.dto';
import { IndustryChain } from './industry-chain.entity';
import { IndustryChainRepository } from './industry-chain.repository';

export interface ChainRef {
  id: string;
  code: string;
  name: string;
}

@Injectable()
export class IndustryChainService {
  constructor(
    private readonly chains: IndustryChainRepository,
    private readonly events: EventsService,
  ) {}

  list(includeInactive = false): Promise<IndustryChain[]> {
    return this.chains.list(includeInactive);
  }

  async refs(): Promise<Map<string, ChainRef>> {
    const all = await this.chains.all();
    return new Map(all.map((c) => [c.id, { id: c.id, code: c.code, name: c.name }]));
  }

  /** Rejects unknown or retired chain ids with the offending ids listed. */
  async assertUsable(manager: EntityManager, ids: string[], field = 'industryChainIds'): Promise<void> {
    if (ids.length === 0) return;
    const found = await this.chains.findActive(ids, manager);
    const known = new Set(found.map((c) => c.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) {
      throw AppError.badRequest(ErrorCode.UNKNOWN_INDUSTRY_CHAIN, '产业链不存在或已停用', [
        { field, reason: '产业链不存在或已停用', ids: unknown },
      ]);
    }
  }

  async create(actor: Actor, dto: CreateIndustryChainDto): Promise<IndustryChain> {
    return this.events.transaction(async (manager) => {
      const clash = await this.chains.findByCode(dto.code, manager);
      if (clash) throw AppError.conflict(ErrorCode.INDUSTRY_CHAIN_CODE_TAKEN, '产业链编码已存在', { code: dto.code });
      const saved = await this.chains.save(manager, this.chains.create({ ...dto, active: true }));
      await this.events.record(manager, actor, {
        type: 'industry_chain.created',
        entityType: 'industry_chain',
        entityId: saved.id,
        after: { ...saved },
      });
      return saved;
    });
  }

  async update(actor: Actor, id: string, dto: UpdateIndustryChainDto): Promise<IndustryChain> {
    return this.events.transaction(async (manager) => {
      const current = await this.chains.findById(id, manager);
      if (!current) throw AppError.notFound('产业链', id);
      if (dto.code && dto.code !== current.code && (await this.chains.findByCode(dto.code, manager))) {
        throw AppError.conflict(ErrorCode.INDUSTRY_CHAIN_CODE_TAKEN, '产业链编码已存在', { code: dto.code });
      }
      const before = { ...current };
      Object.assign(current, dto);
      const saved = await this.chains.save(manager, current);
      await this.events.record(manager, actor, {
        type: 'industry_chain.updated',
        entityType: 'industry_chain',
        entityId: id,
        before,
        after: { ...saved },
      });
      return saved;
    });
  }

  /** Seeds the default 15 chains when the table is empty; an edited list is never overwritten. */
  async seedDefaults(actor: Actor): Promise<number> {
    return this.events.transaction(async (manager) => {
      const count = await this.chains.count(manager);
      if (count > 0) return 0;
      let order = 0;
      for (const row of defaults) {
        const saved = await this.chains.save(
          manager,
          this.chains.create({ ...row, sortOrder: (order += 10), active: true }),
        );
        await this.events.record(manager, actor, {
          type: 'industry_chain.created',
          entityType: 'industry_chain',
          entityId: saved.id,
          after: { ...saved },
        });
      }
      return defaults.length;
    });
  }
}

export const DEFAULT_INDUSTRY_CHAINS: ReadonlyArray<{ code: string; name: string; description: string }> = defaults;
