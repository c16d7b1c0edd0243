import { RegistryReads } from '@app/registry';
import { Injectable } from '@nestjs/common';

import { MatchStatus } from './match.entity';
import { MatchRepository } from './match.repository';

/** The pipeline's stages in order; each counts the pairs that reached it (and stand there or further). */
export const PIPELINE_STAGES = ['suggested', 'confirmed', 'contacted', 'negotiating', 'contracted'] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

export const PIPELINE_STAGE_LABELS: Record<PipelineStage, string> = {
  suggested: '推荐',
  confirmed: '确认',
  contacted: '已联系',
  negotiating: '洽谈',
  contracted: '签约',
};

/** Statuses that stand at or beyond a stage; rejected pairs (未成功) count only among the suggestions. */
const REACHED: Record<PipelineStage, MatchStatus[] | null> = {
  suggested: null,
  confirmed: [MatchStatus.Confirmed, MatchStatus.Contacted, MatchStatus.Negotiating, MatchStatus.Contracted],
  contacted: [MatchStatus.Contacted, MatchStatus.Negotiating, MatchStatus.Contracted],
  negotiating: [MatchStatus.Negotiating, MatchStatus.Contracted],
  contracted: [MatchStatus.Contracted],
};

export const PIPELINE_RULE =
  '对接漏斗：统计所选时段内产生的需求—成果对（系统推荐或人工配对）。每一对计入它已到达的各个阶段：' +
  '“确认”为技术经理人确认且仍在推进的对（精准匹配），“已联系”“洽谈”“签约”依次为推进到该阶段及以后的对；' +
  '被否决（未成功）的对只计入“推荐”。';

export interface PipelineWindow {
  from: Date;
  before: Date;
}

export interface PipelineRecord {
  id: string;
  status: MatchStatus;
  score: number;
  origin: string;
  demandId: string;
  demandTitle: string;
  achievementId: string;
  achievementTitle: string;
  createdAt: Date;
  confirmedAt: Date | null;
  contractedAt: Date | null;
}

/** Read side of the match pipeline for the bureau: stage counts in one statement, the pairs behind a stage. */
@Injectable()
export class MatchPipelineReads {
  constructor(
    private readonly matches: MatchRepository,
    private readonly registry: RegistryReads,
  ) {}

  async funnel(window: PipelineWindow): Promise<Array<{ stage: PipelineStage; label: string; count: number }>> {
    const row = await this.matches.stageCounts(window, {
      confirmed: REACHED.confirmed!,
      contacted: REACHED.contacted!,
      negotiating: REACHED.negotiating!,
      contracted: REACHED.contracted!,
    });
    return PIPELINE_STAGES.map((stage) => ({ stage, label: PIPELINE_STAGE_LABELS[stage], count: row[stage] }));
  }

  /** The pairs counted in a stage, most recently changed first, with both records' titles. */
  async records(
    stage: PipelineStage,
    window: PipelineWindow,
    offset: number,
    limit: number,
  ): Promise<{ rows: PipelineRecord[]; total: number }> {
    const { rows, total } = await this.matches.pipelinePage(window, REACHED[stage], offset, limit);
    const [demands, achievements] = await Promise.all([
      this.registry.demandTitles([...new Set(rows.map((r) => r.demandId))]),
      this.registry.achievementTitles([...new Set(rows.map((r) => r.achievementId))]),
    ]);
    return {
      rows: rows.map((r) => ({
        ...r,
        demandTitle: demands.get(r.demandId) ?? '',
        achievementTitle: achievements.get(r.achievementId) ?? '',
      })),
      total,
    };
  }
}
