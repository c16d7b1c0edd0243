import { createHash } from 'node:crypto';

import { AppConfig } from '@app/config';
import {
  AchievementStatus,
  Demand,
  DemandKind,
  DemandStatus,
  OrganisationKind,
  RegistryBulkLoad,
  RegistryReads,
} from '@app/registry';
import { Injectable } from '@nestjs/common';

import { JudgedList, loadShowThreshold, matchStrength, shownFigures, storedSuggestions } from '../engine/confidence';
import { CorpusModelService } from '../engine/corpus-model';
import { MatchingEngine } from '../engine/matching-engine';
import { CandidateEvidence, rankCandidates } from '../engine/ranking';
import { SUGGESTIONS_PER_DEMAND } from '../engine/suggestion';
import { SearchIndexService } from '../search-index/search-index.service';
import {
  allJudgedDemands,
  EvalDataset,
  judgedDemands,
  mapModes,
  mapPrice,
  MATURITY_TRL,
  topClassification,
} from './eval-dataset';
import { averageMetrics, RankingMetrics, rankingMetrics } from './metrics';

export interface EvalRow {
  demand: string;
  title: string;
  judgedRelevant: number;
  engine: RankingMetrics;
  baseline: RankingMetrics;
  postgres: RankingMetrics;
  ms: number;
  postgresMs: number;
  /** Judged-relevant achievements in the candidate pool before re-ranking / all judged relevant. */
  candidateRecall: number;
  candidates: number;
}

/**
 * One judged demand's pool as the engine saw it: what `--cv` and `fit-weights` re-rank in memory. Plain data
 * (JSON-safe), so a run's evidence can be kept in a file and fitted again without retrieval.
 */
export interface EvalEvidence {
  /** The evaluation set's demand id. */
  demand: string;
  evidence: CandidateEvidence[];
  /** Every judgement of the demand as [platform achievement id, grade] (unjudged pairs count 0). */
  judged: Array<[string, number]>;
}

export interface EvalSummary {
  /**
   * The text evidence the engine ran with: `keyword only`, or `keyword + semantic: MODEL (EMBEDDER)` when an
   * embedding service is configured and the index has its embedder (the `semantic` feature then counts).
   */
  text_evidence: string;
  n: number;
  'ndcg@10': number;
  'recall@10': number;
  mrr: number;
  'p@5': number;
  'baseline_ndcg@10': number;
  /** The PostgreSQL-only alternative (keyword containment ranking, see pgKeywordRanking). */
  'pg_baseline_ndcg@10': number;
  /** Share of the judged-relevant achievements that enter the candidate pool (mean over demands). */
  candidate_recall: number;
  /** Mean candidate pool size per demand. */
  n_candidates: number;
  /** Every judged demand (with or without a relevant achievement): the lists the enterprise would read. */
  demands: number;
  /** Strength below which a suggestion is not shown to the enterprise (AppConfig / data/match-calibration.json). */
  show_threshold: number;
  /** Share of the shown top-10 suggestions (strength ≥ threshold) with grade ≥ 1, over every judged demand. */
  shown_precision: number;
  /**
   * What a demand's forward match stores of its SUGGESTIONS_PER_DEMAND best (storedSuggestions: every pair ≥ 0.15
   * and the five best with some shared vocabulary), over every judged demand: share with grade ≥ 1, mean count per
   * demand, relevant pairs stored and demands whose stored list (staff's view) is empty.
   */
  stored_precision: number;
  stored_per_demand: number;
  stored_relevant: number;
  stored_empty_demands: number;
  /** Share of the relevant top-10 suggestions that stay shown. */
  shown_relevant_kept: number;
  /** Demands that read 「暂无高匹配度成果」 (nothing shown). */
  no_match_demands: number;
  /** Of those, demands with no judged-relevant achievement in the catalogue at all. */
  no_match_truly_none: number;
  /** Demands with no judged-relevant achievement at all. */
  truly_none: number;
}

const round = (x: number) => Math.round(x * 10000) / 10000;

/**
 * A stable platform id for a record of an evaluation set (a name-based UUID of the set's own id): the same set
 * loads into the same ids, in the same order, every run, so ties break the same way and runs compare.
 */
export function evalUuid(kind: string, id: string): string {
  const h = createHash('sha1').update(`eval:${kind}:${id}`).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Loads an evaluation set into the platform's own tables and indexes (an isolated database and index namespace
 * chosen by the caller), then runs every judged demand through the production matching engine and, for the
 * baseline, through a plain Meilisearch search on the demand title over the same index.
 */
@Injectable()
export class EvalRunner {
  constructor(
    private readonly registry: RegistryReads,
    private readonly bulk: RegistryBulkLoad,
    private readonly index: SearchIndexService,
    private readonly engine: MatchingEngine,
    private readonly corpus: CorpusModelService,
    private readonly config: AppConfig,
  ) {}

  /** Platform id → evaluation-set id, for the achievements loaded. */
  private readonly evalIdOf = new Map<string, string>();

  async load(set: EvalDataset, progress?: (line: string) => void): Promise<{ demands: Map<string, Demand> }> {
    const holder = await this.bulk.organisation({
      kind: OrganisationKind.University,
      name: '评测数据集成果持有单位',
      tierFlags: [],
    });
    const owner = await this.bulk.organisation({
      kind: OrganisationKind.Enterprise,
      name: '评测数据集需求企业',
      tierFlags: [],
    });
    // The set's top-level classifications stand in for industry chains.
    const classes = new Set<string>();
    for (const x of [...set.achievements, ...set.demands]) {
      const top = topClassification(x.classification);
      if (top) classes.add(top);
    }
    const chainOf = new Map<string, string>();
    for (const name of classes) {
      const code = `eval-${createHash('sha1').update(name).digest('hex').slice(0, 10)}`;
      const saved = await this.bulk.industryChain({
        code,
        name,
        description: '评测数据集分类',
        sortOrder: 0,
        active: true,
      });
      chainOf.set(name, saved.id);
    }
    const chainIds = (c: string | undefined) => {
      const top = topClassification(c);
      return top && chainOf.has(top) ? [chainOf.get(top)!] : [];
    };
    const now = new Date();
    // Records enter in the order of their stable ids, as `cli reindex` feeds the index.
    const byUuid = <T extends { id: string }>(kind: string, list: T[]) =>
      list
        .map((x) => ({ x, uuid: evalUuid(kind, x.id) }))
        .sort((a, b) => (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0));
    const achievements = byUuid('achievement', set.achievements);
    for (let i = 0; i < achievements.length; i += 500) {
      const chunk = achievements.slice(i, i + 500);
      const rows = chunk.map(({ x: a, uuid }) => {
        const maturity = a.maturity ? MATURITY_TRL[a.maturity] : undefined;
        return {
          id: uuid,
          title: a.title,
          abstract: a.description ?? '',
          keywords: [],
          institutionId: holder.id,
          industryChainIds: chainIds(a.classification),
          trl: maturity?.trl ?? null,
          stage: maturity?.stage ?? null,
          transferModes: mapModes(a.cooperationModes),
          askingPrice: mapPrice(a.price),
          status: AchievementStatus.Published,
          publishedAt: now,
          // Indexed by the reindex below: no sync job (and no background match) per loaded row.
          version: 1,
          indexedVersion: 1,
        };
      });
      await this.bulk.insertAchievements(rows);
      chunk.forEach(({ x, uuid }) => this.evalIdOf.set(uuid, x.id));
    }
    const judged = new Set(allJudgedDemands(set).map((d) => d.id));
    // Demands with no relevant achievement are run only for what the enterprise would be shown; they enter as
    // drafts, outside the demand statistics (demand idf), so ranking figures compare with runs before they were.
    const withRelevant = new Set(judgedDemands(set).map((d) => d.id));
    const judgedList = byUuid(
      'demand',
      set.demands.filter((d) => judged.has(d.id)),
    );
    const demandRows = judgedList.map(({ x: d, uuid }) => ({
      id: uuid,
      title: d.title,
      description: d.description ?? '',
      keywords: [],
      industryChainIds: chainIds(d.classification),
      kind: DemandKind.Chain,
      cooperationModes: mapModes(d.cooperationModes),
      status: withRelevant.has(d.id) ? DemandStatus.Published : DemandStatus.Draft,
      publishedAt: withRelevant.has(d.id) ? now : null,
      ownerOrganisationId: owner.id,
      version: 1,
      indexedVersion: 1,
    }));
    const demandIds = new Map<string, string>();
    for (let i = 0; i < demandRows.length; i += 500) {
      await this.bulk.insertDemands(demandRows.slice(i, i + 500));
      judgedList.slice(i, i + 500).forEach(({ x, uuid }) => demandIds.set(uuid, x.id));
    }
    progress?.(`loaded ${set.achievements.length} achievements, ${demandRows.length} judged demands`);
    await this.index.reindex('achievements', (p) => progress?.(`indexing achievements ${p.done}/${p.total}`));
    await this.index.reindex('demands');
    this.corpus.invalidate();
    const stored = await this.bulk.allDemands();
    return { demands: new Map(stored.map((d) => [demandIds.get(d.id)!, d])) };
  }

  /**
   * Every judged demand through the engine. Ranking metrics average over the demands with a relevant achievement;
   * what is shown to the enterprise (the show threshold) is measured over all of them. With `keepEvidence`, each
   * demand's candidate evidence is returned too (computed once, re-ranked in memory by `--cv` and `fit-weights`).
   */
  async run(
    set: EvalDataset,
    demands: Map<string, Demand>,
    options: { keepEvidence?: boolean } = {},
  ): Promise<{ summary: EvalSummary; rows: EvalRow[]; lists: JudgedList[]; evidence: EvalEvidence[] }> {
    const evalIdOf = this.evalIdOf;
    const rows: EvalRow[] = [];
    const lists: JudgedList[] = [];
    const kept: EvalEvidence[] = [];
    const withRelevant = new Set(judgedDemands(set).map((d) => d.id));
    const parameters = await this.engine.rankingParameters();
    const textEvidence = await this.engine.textEvidence();
    let storedCount = 0;
    let storedRelevant = 0;
    let storedEmpty = 0;
    for (const d of allJudgedDemands(set)) {
      const demand = demands.get(d.id);
      if (!demand) continue;
      const judged = set.qrels.get(d.id)!;
      const started = performance.now();
      const { evidence, candidateIds } = await this.engine.demandEvidence(demand);
      const listed = rankCandidates(evidence, parameters, SUGGESTIONS_PER_DEMAND);
      const suggestions = listed.slice(0, 10);
      const ms = performance.now() - started;
      const stored = storedSuggestions(listed);
      storedCount += stored.length;
      storedRelevant += stored.filter((s) => (judged.get(evalIdOf.get(s.achievementId) ?? '') ?? 0) >= 1).length;
      if (stored.length === 0) storedEmpty++;
      const ranked = suggestions.map((s) => evalIdOf.get(s.achievementId) ?? s.achievementId);
      const grade = (id: string) => judged.get(id) ?? 0;
      lists.push({
        demand: d.id,
        relevantInCatalogue: [...judged.values()].filter((g) => g >= 1).length,
        shown: suggestions.map((s, i) => ({ strength: matchStrength(s.explanation), grade: grade(ranked[i]) })),
      });
      if (options.keepEvidence) {
        kept.push({ demand: d.id, evidence, judged: [...judged].map(([id, g]) => [evalUuid('achievement', id), g]) });
      }
      if (!withRelevant.has(d.id)) continue;
      const pool = new Set(candidateIds.map((id) => evalIdOf.get(id) ?? id));
      const relevant = [...judged].filter(([, g]) => g >= 1).map(([id]) => id);
      const baseline = await this.index
        .index('achievements')
        .search(d.title, { limit: 10, attributesToRetrieve: ['id'] });
      const baselineRanked = baseline.hits.map((h) => evalIdOf.get(h.id as string) ?? (h.id as string));
      const pgStarted = performance.now();
      const pgRanked = await this.pgKeywordRanking(demand, 10);
      const postgresMs = performance.now() - pgStarted;
      rows.push({
        demand: d.id,
        title: d.title,
        judgedRelevant: relevant.length,
        engine: rankingMetrics(ranked, judged),
        baseline: rankingMetrics(baselineRanked, judged),
        postgres: rankingMetrics(
          pgRanked.map((id) => evalIdOf.get(id) ?? id),
          judged,
        ),
        ms,
        postgresMs,
        candidateRecall: relevant.length ? relevant.filter((id) => pool.has(id)).length / relevant.length : 0,
        candidates: pool.size,
      });
    }
    const engine = averageMetrics(rows.map((r) => r.engine));
    const baseline = averageMetrics(rows.map((r) => r.baseline));
    const postgres = averageMetrics(rows.map((r) => r.postgres));
    const threshold = loadShowThreshold(this.config.matching.showThreshold);
    const shown = shownFigures(lists, threshold);
    return {
      rows,
      lists,
      evidence: kept,
      summary: {
        text_evidence: textEvidence,
        n: rows.length,
        'ndcg@10': round(engine.ndcg10),
        'recall@10': round(engine.recall10),
        mrr: round(engine.mrr),
        'p@5': round(engine.p5),
        'baseline_ndcg@10': round(baseline.ndcg10),
        'pg_baseline_ndcg@10': round(postgres.ndcg10),
        candidate_recall: round(rows.reduce((s, r) => s + r.candidateRecall, 0) / (rows.length || 1)),
        n_candidates: round(rows.reduce((s, r) => s + r.candidates, 0) / (rows.length || 1)),
        demands: lists.length,
        show_threshold: threshold,
        shown_precision: round(shown.shownPrecision),
        stored_precision: round(storedCount ? storedRelevant / storedCount : 0),
        stored_per_demand: round(storedCount / (lists.length || 1)),
        stored_relevant: storedRelevant,
        stored_empty_demands: storedEmpty,
        shown_relevant_kept: round(shown.relevantKept),
        no_match_demands: shown.noMatch,
        no_match_truly_none: shown.noMatchTrulyNone,
        truly_none: shown.trulyNone,
      },
    };
  }

  /**
   * What PostgreSQL alone can do (no search engine): rank published achievements by how many of the demand's top
   * ten keywords their title (double weight) and abstract contain. Used as the database baseline in eval and bench.
   */
  async pgKeywordRanking(demand: Demand, limit: number): Promise<string[]> {
    const model = await this.corpus.get('achievements');
    const keywords = model.words.keywords(`${demand.title}\n${demand.description}`, 10).map((k) => k.term);
    if (keywords.length === 0) return [];
    return this.registry.achievementsByKeywordHits(keywords, limit);
  }
}
