import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { Match, MatchStatus } from './match.entity';

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
  constructor(@InjectRepository(Match) private readonly matches: Repository<Match>) {}

  async funnel(window: PipelineWindow): Promise<Array<{ stage: PipelineStage; label: string; count: number }>> {
    const [row]: Array<Record<PipelineStage, number>> = await this.matches.query(
      `SELECT count(*)::int AS suggested,
              count(*) FILTER (WHERE status = ANY($3::text[]))::int AS confirmed,
              count(*) FILTER (WHERE status = ANY($4::text[]))::int AS contacted,
              count(*) FILTER (WHERE status = ANY($5::text[]))::int AS negotiating,
              count(*) FILTER (WHERE status = ANY($6::text[]))::int AS contracted
         FROM matches WHERE created_at >= $1 AND created_at < $2`,
      [window.from, window.before, REACHED.confirmed, REACHED.contacted, REACHED.negotiating, REACHED.contracted],
    );
    return PIPELINE_STAGES.map((stage) => ({ stage, label: PIPELINE_STAGE_LABELS[stage], count: row[stage] }));
  }

  /** The pairs counted in a stage, most recently changed first. */
  async records(
    stage: PipelineStage,
    window: PipelineWindow,
    offset: number,
    limit: number,
  ): Promise<{ rows: PipelineRecord[]; total: number }> {
    const statuses = REACHED[stage];
    const rows: Array<PipelineRecord & { total: number }> = await this.matches.query(
      `SELECT m.id, m.status, m.score, m.origin, m.demand_id AS "demandId", d.title AS "demandTitle",
              m.achievement_id AS "achievementId", a.title AS "achievementTitle", m.created_at AS "createdAt",
              m.confirmed_at AS "confirmedAt", m.contracted_at AS "contractedAt", count(*) OVER ()::int AS total
         FROM matches m JOIN demands d ON d.id = m.demand_id JOIN achievements a ON a.id = m.achievement_id
        WHERE m.created_at >= $1 AND m.created_at < $2 AND ($3::text[] IS NULL OR m.status = ANY($3::text[]))
        ORDER BY m.updated_at DESC, m.id
        LIMIT $4 OFFSET $5`,
      [window.from, window.before, statuses, limit, offset],
    );
    const total = rows[0]?.total ?? (offset > 0 ? await this.count(stage, window) : 0);
    return { rows: rows.map(({ total: _t, ...r }) => r), total };
  }

  private async count(stage: PipelineStage, window: PipelineWindow): Promise<number> {
    return (await this.funnel(window)).find((s) => s.stage === stage)?.count ?? 0;
  }
}
