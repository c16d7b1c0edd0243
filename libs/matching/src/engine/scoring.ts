import {
  COOPERATION_MODE_LABELS,
  CooperationMode,
  MATURITY_STAGE_LABELS,
  MaturityStage,
  STAGE_MIN_TRL,
  stageForTrl,
} from '@app/registry';

import defaultWeights from '../data/match-weights.json';
import { FactorContribution, MatchExplanation } from '../match/match.entity';
import { shownTerms } from './shown-terms';

export type FactorName = 'text' | 'chain' | 'maturity' | 'mode' | 'budget' | 'region';
export type MatchWeights = Record<FactorName, number>;

/**
 * Weights live in data/match-weights.json (`factors`; `textFeatures` are the text relevance's, see ranking.ts);
 * MATCH_WEIGHTS (AppConfig.matching.weights) overrides single factors.
 */
export function loadWeights(override: Partial<MatchWeights> = {}): MatchWeights {
  return { ...(defaultWeights.factors as MatchWeights), ...override };
}

/** What the business factors need to know about the demand side (budget stays inside the score). */
export interface DemandFacts {
  chainIds: string[];
  requiredTrl: number | null;
  requiredStage: MaturityStage | null;
  modes: string[];
  budgetMax: number | null;
  region: string | null;
}

export interface AchievementFacts {
  chainIds: string[];
  trl: number | null;
  stage: MaturityStage | null;
  modes: string[];
  askingPrice: number | null;
  institutionDistrict: string | null;
}

export interface TextEvidence {
  /** Relevance in [0, 1] relative to the best candidate of this query. */
  relevance: number;
  bigramCosine: number;
  titleSimilarity: number;
  /** Share of the source's distinctive keywords (by idf weight) found in the candidate. */
  coverage: number;
  matchedTerms: string[];
  /** Absolute on-topic-ness of the query's best candidate in [0, 1]; scales the whole score. Default 1. */
  confidence?: number;
}

const NEUTRAL = 0.5;

function effectiveTrl(trl: number | null, stage: MaturityStage | null): number | null {
  if (trl) return trl;
  return stage ? STAGE_MIN_TRL[stage] : null;
}

type Factor = { value: number; note: string };

export function chainFactor(d: DemandFacts, a: AchievementFacts, chainNames: (id: string) => string): Factor {
  if (!d.chainIds.length || !a.chainIds.length) return { value: NEUTRAL, note: '产业链信息不全' };
  const shared = d.chainIds.filter((id) => a.chainIds.includes(id));
  return shared.length
    ? { value: 1, note: `同属产业链：${shared.map(chainNames).join('、')}` }
    : { value: 0, note: '所属产业链不同' };
}

/** A maturity level in the words people use (小试, 中试, 产业化), from the TRL scale. */
export function maturityWord(trl: number): string {
  return MATURITY_STAGE_LABELS[stageForTrl(trl)];
}

export function maturityFactor(d: DemandFacts, a: AchievementFacts): Factor {
  const required = effectiveTrl(d.requiredTrl, d.requiredStage);
  const offered = effectiveTrl(a.trl, a.stage);
  if (!required || !offered) return { value: NEUTRAL, note: '成熟度信息不全' };
  const gap = required - offered;
  const has = maturityWord(offered);
  const needs = maturityWord(required);
  if (gap <= 0) {
    return {
      value: 1,
      note:
        has === needs ? `成熟度满足要求：成果处于${has}阶段` : `成熟度满足要求：成果已达${has}阶段（需求为${needs}）`,
    };
  }
  const value = gap === 1 ? 0.6 : gap === 2 ? 0.3 : 0;
  return {
    value,
    note:
      has === needs
        ? `成熟度略低于要求：同处${has}阶段，成果尚未达到需求要求的程度`
        : `成熟度低于要求：成果处于${has}阶段，需求要求${needs}`,
  };
}

// What an explanation lists of the matched terms (units, time and request words left out; fragments merged).
export { isUnshownTerm, mergeFragments, SHOWN_TERMS, shownTerms } from './shown-terms';

export function modeFactor(d: DemandFacts, a: AchievementFacts): Factor {
  if (!d.modes.length || !a.modes.length) return { value: NEUTRAL, note: '合作方式未说明' };
  const shared = d.modes.filter((m) => a.modes.includes(m));
  if (shared.length) {
    const labels = shared.map((m) => COOPERATION_MODE_LABELS[m as CooperationMode] ?? m);
    return { value: 1, note: `合作方式一致：${labels.join('、')}` };
  }
  return { value: 0.2, note: '合作方式需协商' };
}

/** Uses the confidential budget without ever writing it into the explanation. */
export function budgetFactor(d: DemandFacts, a: AchievementFacts): Factor {
  if (d.budgetMax === null || a.askingPrice === null) return { value: NEUTRAL, note: '价格面议或预算未填' };
  if (a.askingPrice <= d.budgetMax) return { value: 1, note: '意向价格在企业预算范围内' };
  if (a.askingPrice <= d.budgetMax * 1.5) return { value: 0.5, note: '意向价格略高于企业预算' };
  return { value: 0.1, note: '意向价格明显高于企业预算' };
}

export function regionFactor(d: DemandFacts, a: AchievementFacts): Factor {
  if (!d.region || !a.institutionDistrict) return { value: NEUTRAL, note: '地域信息不全' };
  return d.region.includes(a.institutionDistrict)
    ? { value: 1, note: `成果单位位于${a.institutionDistrict}，就地转化` }
    : { value: NEUTRAL, note: '异地成果' };
}

/**
 * Weighted sum of factors with a readable explanation; the score is in [0, 1]. Every number shown means the same
 * thing: the text factor's value is the absolute text relevance (relevance within the pool × the query's
 * confidence) — the 技术内容相关度 its note states and the pair's strength (`strength`); each contribution is the
 * factor's share of the score (business factors scaled by the same confidence), so contributions add up to the
 * score.
 */
export function scorePair(
  text: TextEvidence,
  d: DemandFacts,
  a: AchievementFacts,
  weights: MatchWeights,
  chainNames: (id: string) => string,
): { score: number; explanation: MatchExplanation } {
  const confidence = text.confidence ?? 1;
  const strength = text.relevance * confidence;
  const terms = shownTerms(text.matchedTerms);
  const shown = `${(strength * 100).toFixed(0)}%`;
  const textNote = terms.length
    ? `技术内容相关度 ${shown}，共同关键词：${terms.join('、')}`
    : `技术内容相关度 ${shown}`;
  const raw: Record<FactorName, Factor> = {
    text: { value: strength, note: textNote },
    chain: chainFactor(d, a, chainNames),
    maturity: maturityFactor(d, a),
    mode: modeFactor(d, a),
    budget: budgetFactor(d, a),
    region: regionFactor(d, a),
  };
  const total = Object.values(weights).reduce((s, w) => s + w, 0) || 1;
  const factors: Record<string, FactorContribution> = {};
  let score = 0;
  for (const [name, f] of Object.entries(raw) as Array<[FactorName, Factor]>) {
    const weight = (weights[name] ?? 0) / total;
    // the text value already carries the confidence; business factors count as far as the text is on topic
    const contribution = weight * f.value * (name === 'text' ? 1 : confidence);
    score += contribution;
    factors[name] = { value: round(f.value), weight: round(weight), contribution: round(contribution), note: f.note };
  }
  const highlights = Object.entries(raw)
    .filter(([name, f]) => name !== 'text' && f.value >= 1)
    .map(([, f]) => f.note);
  return {
    score: round(score),
    explanation: {
      matchedTerms: terms,
      factors,
      confidence: round(confidence),
      strength: round(strength),
      summary: [textNote, ...highlights].join('；'),
    },
  };
}

const round = (x: number) => Math.round(x * 10000) / 10000;
