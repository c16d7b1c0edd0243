import { Actor, AppError, ErrorCode } from '@app/common';
import { EventsService } from '@app/events';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';

import defaults from './default-industry-chains.json';
import { CreateIndustryChainDto, UpdateIndustryChainDto } from './dto/industry-chain.dto';
import { IndustryChain } from './industry-chain.entity';

export interface ChainRef {
  id: string;
  code: string;
  name: string;
}

@Injectable()
export class IndustryChainService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
  ) {}

  list(includeInactive = false): Promise<IndustryChain[]> {
    return this.dataSource.getRepository(IndustryChain).find({
      where: includeInactive ? {} : { active: true },
      order: { sortOrder: 'ASC', name: 'ASC' },
    });
  }

  async refs(): Promise<Map<string, ChainRef>> {
    const all = await this.dataSource.getRepository(IndustryChain).find();
    return new Map(all.map((c) => [c.id, { id: c.id, code: c.code, name: c.name }]));
  }

  /** Rejects unknown or retired chain ids with the offending ids listed. */
  async assertUsable(manager: EntityManager, ids: string[], field = 'industryChainIds'): Promise<void> {
    if (ids.length === 0) return;
    const found = await manager.getRepository(IndustryChain).findBy({ id: In(ids), active: true });
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
      const clash = await manager.getRepository(IndustryChain).findOneBy({ code: dto.code });
      if (clash) throw AppError.conflict(ErrorCode.INDUSTRY_CHAIN_CODE_TAKEN, '产业链编码已存在', { code: dto.code });
      const saved = await manager.save(IndustryChain, manager.create(IndustryChain, { ...dto, active: true }));
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
      const repo = manager.getRepository(IndustryChain);
      const current = await repo.findOneBy({ id });
      if (!current) throw AppError.notFound('产业链', id);
      if (dto.code && dto.code !== current.code && (await repo.findOneBy({ code: dto.code }))) {
        throw AppError.conflict(ErrorCode.INDUSTRY_CHAIN_CODE_TAKEN, '产业链编码已存在', { code: dto.code });
      }
      const before = { ...current };
      Object.assign(current, dto);
      const saved = await repo.save(current);
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
      const count = await manager.getRepository(IndustryChain).count();
      if (count > 0) return 0;
      let order = 0;
      for (const row of defaults) {
        const saved = await manager.save(
          IndustryChain,
          manager.create(IndustryChain, { ...row, sortOrder: (order += 10), active: true }),
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
