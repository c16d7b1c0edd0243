import RULES from './demand-quality-rules.json';

/** The fields of a demand the quality rules read (a stored row or an unsaved draft). */
export interface DemandQualityInput {
  title?: string | null;
  description?: string | null;
  keywords?: string[] | null;
  industryChainIds?: string[] | null;
  expectedOutcome?: string | null;
  technicalIndicators?: string | null;
  requiredTrl?: number | null;
  requiredStage?: string | null;
  cooperationModes?: string[] | null;
  deadline?: string | null;
  budgetMin?: number | null;
  budgetMax?: number | null;
}

type Field = keyof DemandQualityInput;

export type QualityCheck =
  | { type: 'quantified'; fields: Field[]; min: number }
  | { type: 'minLength'; field: Field; min: number }
  | { type: 'specific'; field: Field; minKeywords: number; vaguePhrases: string[] }
  | { type: 'nonEmpty'; field: Field }
  | { type: 'anyOf'; fields: Field[] };

export interface QualityRule {
  id: string;
  points: number;
  check: QualityCheck;
  /** Chinese advice shown when the rule is not met. */
  hint: string;
}

export interface QualityRuleSet {
  /** Raised whenever the rules change: stored scores of another version are recomputed at start. */
  version: number;
  rules: QualityRule[];
  /** Units that make a number a measurable indicator (“10 弧秒”, “95%”). */
  units: string[];
}

export interface QualityHint {
  rule: string;
  message: string;
  /** Points the demand gains once the hint is followed. */
  points: number;
}

export interface DemandQuality {
  score: number;
  maxScore: number;
  hints: QualityHint[];
}

export const DEMAND_QUALITY_RULES = RULES as QualityRuleSet;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * A number followed by a unit, optionally after a comparison sign. ASCII units must not run on into a word
 * (“5 months” is not “5 m”); the longest unit wins (“kWh” before “W”).
 */
export function quantityPattern(units: string[]): RegExp {
  const alternatives = [...units]
    .sort((a, b) => b.length - a.length)
    .map((u) => (/[A-Za-z]$/.test(u) ? `${escape(u)}(?![A-Za-z])` : escape(u)));
  return new RegExp(`\\d+(?:\\.\\d+)?\\s*(?:${alternatives.join('|')})`, 'g');
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const present = (v: unknown) =>
  v !== null && v !== undefined && (typeof v !== 'string' || v.trim() !== '') && (!Array.isArray(v) || v.length > 0);

/** Scores a demand's completeness and specificity against a rule set (pure: the same input, the same score). */
export function scoreDemandQuality(
  input: DemandQualityInput,
  ruleSet: QualityRuleSet = DEMAND_QUALITY_RULES,
): DemandQuality {
  const quantity = quantityPattern(ruleSet.units);
  const passes = (check: QualityCheck): boolean => {
    switch (check.type) {
      case 'quantified': {
        const found = new Set<string>();
        for (const f of check.fields) {
          for (const m of text(input[f]).matchAll(quantity)) found.add(m[0].replace(/\s+/g, ''));
        }
        return found.size >= check.min;
      }
      case 'minLength':
        // Characters, not UTF-16 units, and without whitespace: padding does not make a description longer.
        return [...text(input[check.field]).replace(/\s+/g, '')].length >= check.min;
      case 'specific': {
        const body = text(input[check.field]);
        const keywords = (input.keywords ?? []).filter((k) => text(k) !== '');
        return keywords.length >= check.minKeywords && !check.vaguePhrases.some((p) => body.includes(p));
      }
      case 'nonEmpty':
        return present(input[check.field]);
      case 'anyOf':
        return check.fields.some((f) => present(input[f]));
    }
  };
  let score = 0;
  const hints: QualityHint[] = [];
  for (const rule of ruleSet.rules) {
    if (passes(rule.check)) score += rule.points;
    else hints.push({ rule: rule.id, message: rule.hint, points: rule.points });
  }
  const maxScore = ruleSet.rules.reduce((sum, r) => sum + r.points, 0);
  return { score: Math.round((score / maxScore) * 100), maxScore: 100, hints };
}
