import agencyModelJson from './models/agency-model.json';
import managerModelJson from './models/manager-model.json';

/**
 * 分级评估: a scoring model is data (models/*.json), validated when loaded and when an admin supplies one for a
 * period. Each criterion turns a raw figure taken from the records into a normalised score 0–100; its contribution
 * is that score × its weight ÷ 100; the total (0–100) places the subject in a grade by the model's thresholds.
 * Everything here is pure, so the maths is unit-tested apart from the records.
 */

export type EvaluationSubject = 'manager' | 'agency';

export const EVALUATION_SUBJECT_LABELS: Record<EvaluationSubject, string> = {
  manager: '技术经理人',
  agency: '技术转移服务机构',
};

/** The raw figures a model may use, and which subjects they exist for. */
export const CRITERION_CODES = {
  confirmedMatches: ['manager', 'agency'],
  contracts: ['manager', 'agency'],
  contractValue: ['manager', 'agency'],
  serviceRecords: ['manager', 'agency'],
  followUpTimeliness: ['manager', 'agency'],
  trainingHours: ['manager', 'agency'],
  assessmentScore: ['manager'],
  enterpriseRating: ['manager', 'agency'],
  activeManagers: ['agency'],
} as const satisfies Record<string, readonly EvaluationSubject[]>;
export type CriterionCode = keyof typeof CRITERION_CODES;

export type Normalisation =
  /** raw ÷ target, capped at 1 */
  | { kind: 'target'; target: number }
  /** (raw − min) ÷ (max − min), clamped to [0, 1] */
  | { kind: 'range'; min: number; max: number }
  /** raw ÷ the best raw value among the period's subjects (0 when all are 0) */
  | { kind: 'relative' };

export interface CriterionSpec {
  code: CriterionCode;
  label: string;
  unit: string;
  weight: number;
  normalisation: Normalisation;
  /** Normalised score when the subject has no data for a rate or an average (no follow-up due, no rating…). */
  noDataScore: number;
  /** The counting rule in Chinese, shown beside the figure. */
  rule: string;
}

export interface GradeSpec {
  grade: string;
  label: string;
  minScore: number;
}

export interface ScoringModel {
  code: string;
  subject: EvaluationSubject;
  name: string;
  criteria: CriterionSpec[];
  grades: GradeSpec[];
}

export interface ModelProblem {
  field: string;
  reason: string;
}

export class ScoringModelError extends Error {
  constructor(readonly problems: ModelProblem[]) {
    super(`评估模型无效：${problems.map((p) => `${p.field} ${p.reason}`).join('；')}`);
  }
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/**
 * Checks a model and returns it typed, or throws ScoringModelError listing every problem (field path + Chinese
 * reason). `prefix` names where the model sits in a request body.
 */
export function validateScoringModel(input: unknown, subject: EvaluationSubject, prefix = ''): ScoringModel {
  const problems: ModelProblem[] = [];
  const at = (f: string) => (prefix ? `${prefix}.${f}` : f);
  const m = (input ?? {}) as Record<string, unknown>;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ScoringModelError([{ field: prefix || 'model', reason: '必须是对象' }]);
  }
  if (!isText(m.code)) problems.push({ field: at('code'), reason: '必填' });
  if (!isText(m.name)) problems.push({ field: at('name'), reason: '必填' });
  if (m.subject !== subject) problems.push({ field: at('subject'), reason: `必须是 ${subject}` });
  const criteria = Array.isArray(m.criteria) ? (m.criteria as Record<string, unknown>[]) : [];
  if (!Array.isArray(m.criteria) || !criteria.length) problems.push({ field: at('criteria'), reason: '至少一项指标' });
  const seen = new Set<string>();
  let weights = 0;
  criteria.forEach((c, i) => {
    const f = (name: string) => at(`criteria[${i}].${name}`);
    if (typeof c !== 'object' || c === null) {
      problems.push({ field: at(`criteria[${i}]`), reason: '必须是对象' });
      return;
    }
    const code = c.code as string;
    const allowed = (CRITERION_CODES as Record<string, readonly string[]>)[code];
    if (!allowed)
      problems.push({ field: f('code'), reason: `未知指标，可用：${Object.keys(CRITERION_CODES).join('、')}` });
    else if (!allowed.includes(subject)) problems.push({ field: f('code'), reason: '该指标不适用于此评估对象' });
    else if (seen.has(code)) problems.push({ field: f('code'), reason: '指标重复' });
    seen.add(code);
    if (!isText(c.label)) problems.push({ field: f('label'), reason: '必填' });
    if (typeof c.unit !== 'string') problems.push({ field: f('unit'), reason: '必填' });
    if (typeof c.rule !== 'string') problems.push({ field: f('rule'), reason: '必填' });
    if (!isNum(c.weight) || c.weight <= 0) problems.push({ field: f('weight'), reason: '权重必须大于 0' });
    else weights += c.weight;
    if (!isNum(c.noDataScore) || c.noDataScore < 0 || c.noDataScore > 100) {
      problems.push({ field: f('noDataScore'), reason: '必须在 0–100 之间' });
    }
    const n = (c.normalisation ?? {}) as Record<string, unknown>;
    if (n.kind === 'target') {
      if (!isNum(n.target) || n.target <= 0)
        problems.push({ field: f('normalisation.target'), reason: '目标值必须大于 0' });
    } else if (n.kind === 'range') {
      if (!isNum(n.min) || !isNum(n.max) || n.max <= n.min) {
        problems.push({ field: f('normalisation'), reason: '区间的 max 必须大于 min' });
      }
    } else if (n.kind !== 'relative') {
      problems.push({ field: f('normalisation.kind'), reason: '必须是 target、range 或 relative' });
    }
  });
  if (criteria.length && Math.abs(weights - 100) > 1e-9) {
    problems.push({ field: at('criteria'), reason: `各项权重之和必须为 100（当前为 ${round2(weights)}）` });
  }
  const grades = Array.isArray(m.grades) ? (m.grades as Record<string, unknown>[]) : [];
  if (grades.length < 2) problems.push({ field: at('grades'), reason: '至少两个等级' });
  grades.forEach((g, i) => {
    const f = (name: string) => at(`grades[${i}].${name}`);
    if (!isText(g?.grade)) problems.push({ field: f('grade'), reason: '必填' });
    if (!isText(g?.label)) problems.push({ field: f('label'), reason: '必填' });
    if (!isNum(g?.minScore) || g.minScore < 0 || g.minScore > 100) {
      problems.push({ field: f('minScore'), reason: '必须在 0–100 之间' });
    } else if (i > 0 && isNum(grades[i - 1]?.minScore) && g.minScore >= (grades[i - 1].minScore as number)) {
      problems.push({ field: f('minScore'), reason: '等级门槛必须从高到低排列' });
    }
  });
  if (grades.length && grades[grades.length - 1]?.minScore !== 0) {
    problems.push({ field: at(`grades[${grades.length - 1}].minScore`), reason: '最低等级的门槛必须为 0' });
  }
  if (new Set(grades.map((g) => g?.grade)).size !== grades.length) {
    problems.push({ field: at('grades'), reason: '等级重复' });
  }
  if (problems.length) throw new ScoringModelError(problems);
  return {
    code: m.code as string,
    subject,
    name: m.name as string,
    criteria: criteria.map((c) => ({
      code: c.code as CriterionCode,
      label: c.label as string,
      unit: c.unit as string,
      weight: c.weight as number,
      normalisation: c.normalisation as Normalisation,
      noDataScore: c.noDataScore as number,
      rule: c.rule as string,
    })),
    grades: grades.map((g) => ({ grade: g.grade as string, label: g.label as string, minScore: g.minScore as number })),
  };
}

/** The lib's models, validated at load: a broken JSON file stops the process at boot, not at the first evaluation. */
export const DEFAULT_SCORING_MODELS: Record<EvaluationSubject, ScoringModel> = {
  manager: validateScoringModel(managerModelJson, 'manager'),
  agency: validateScoringModel(agencyModelJson, 'agency'),
};

/** What the records say about one subject in one period (agencies: their managers' figures added up). */
export interface SubjectFacts {
  confirmedMatches: number;
  contracts: number;
  /** 万元 */
  contractValue: number;
  serviceRecords: number;
  followUpsDue: number;
  followUpsOnTime: number;
  trainingHours: number;
  assessmentSum: number;
  assessmentCount: number;
  ratingSum: number;
  ratingCount: number;
  activeManagers: number;
}

export const EMPTY_FACTS: SubjectFacts = {
  confirmedMatches: 0,
  contracts: 0,
  contractValue: 0,
  serviceRecords: 0,
  followUpsDue: 0,
  followUpsOnTime: 0,
  trainingHours: 0,
  assessmentSum: 0,
  assessmentCount: 0,
  ratingSum: 0,
  ratingCount: 0,
  activeManagers: 0,
};

export function addFacts(a: SubjectFacts, b: SubjectFacts): SubjectFacts {
  const out = { ...a };
  for (const k of Object.keys(EMPTY_FACTS) as (keyof SubjectFacts)[]) out[k] = a[k] + b[k];
  return out;
}

export function round2(n: number): number {
  return Math.round((n + Number.EPSILON) * 100) / 100;
}

/** A criterion's raw value, unrounded; null when a rate or an average has nothing to be computed from. */
export function exactRawValue(code: CriterionCode, f: SubjectFacts): number | null {
  switch (code) {
    case 'followUpTimeliness':
      return f.followUpsDue ? (f.followUpsOnTime / f.followUpsDue) * 100 : null;
    case 'assessmentScore':
      return f.assessmentCount ? f.assessmentSum / f.assessmentCount : null;
    case 'enterpriseRating':
      return f.ratingCount ? f.ratingSum / f.ratingCount : null;
    default:
      return f[code];
  }
}

/** The raw value as the sheet shows it (two decimals). */
export function rawValue(code: CriterionCode, f: SubjectFacts): number | null {
  const raw = exactRawValue(code, f);
  return raw === null ? null : round2(raw);
}

/**
 * The normalised score 0–100 of a raw value (unrounded: contributions are computed from it, the sheet shows it
 * with two decimals); `best` is the period's best raw value (relative normalisation).
 */
export function normalise(spec: CriterionSpec, raw: number | null, best: number): number {
  if (raw === null) return spec.noDataScore;
  const n = spec.normalisation;
  let ratio: number;
  if (n.kind === 'target') ratio = raw / n.target;
  else if (n.kind === 'range') ratio = (raw - n.min) / (n.max - n.min);
  else ratio = best > 0 ? raw / best : 0;
  return Math.min(1, Math.max(0, ratio)) * 100;
}

export interface CriterionScore {
  code: CriterionCode;
  label: string;
  unit: string;
  rule: string;
  weight: number;
  raw: number | null;
  normalised: number;
  contribution: number;
}

export interface SubjectScore {
  subjectId: string;
  name: string;
  facts: SubjectFacts;
  criteria: CriterionScore[];
  total: number;
  grade: string;
  gradeLabel: string;
  rank: number;
}

export function gradeOf(model: ScoringModel, total: number): GradeSpec {
  return model.grades.find((g) => total >= g.minScore) ?? model.grades[model.grades.length - 1];
}

/**
 * Scores every subject of a period with the model: criterion by criterion (raw → normalised → contribution, the
 * contribution computed from the unrounded score), the total (the sum of the contributions shown), the grade and the rank (highest total first; equal totals share a rank, then by name).
 */
export function scoreSubjects(
  model: ScoringModel,
  subjects: Array<{ subjectId: string; name: string; facts: SubjectFacts }>,
): SubjectScore[] {
  const best = new Map<CriterionCode, number>();
  for (const c of model.criteria) {
    best.set(c.code, Math.max(0, ...subjects.map((s) => exactRawValue(c.code, s.facts) ?? 0)));
  }
  const scored = subjects.map((s) => {
    const criteria = model.criteria.map((c): CriterionScore => {
      const raw = exactRawValue(c.code, s.facts);
      const exact = normalise(c, raw, best.get(c.code) ?? 0);
      return {
        code: c.code,
        label: c.label,
        unit: c.unit,
        rule: c.rule,
        weight: c.weight,
        raw: raw === null ? null : round2(raw),
        normalised: round2(exact),
        contribution: round2((exact * c.weight) / 100),
      };
    });
    const total = round2(criteria.reduce((sum, c) => sum + c.contribution, 0));
    const grade = gradeOf(model, total);
    return { ...s, criteria, total, grade: grade.grade, gradeLabel: grade.label, rank: 0 };
  });
  scored.sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh-CN'));
  scored.forEach((s, i) => {
    s.rank = i > 0 && scored[i - 1].total === s.total ? scored[i - 1].rank : i + 1;
  });
  return scored;
}

/** A period: a year (2026) or a half-year (2026H1, 2026H2), as Kunshan calendar dates. */
export interface EvaluationPeriodRange {
  key: string;
  label: string;
  startOn: string;
  endOn: string;
}

export const PERIOD_KEY = /^(\d{4})(H[12])?$/;

export function parsePeriodKey(key: string): EvaluationPeriodRange | null {
  const m = PERIOD_KEY.exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 2020 || year > 2100) return null;
  if (!m[2]) return { key, label: `${year} 年度`, startOn: `${year}-01-01`, endOn: `${year}-12-31` };
  return m[2] === 'H1'
    ? { key, label: `${year} 年上半年`, startOn: `${year}-01-01`, endOn: `${year}-06-30` }
    : { key, label: `${year} 年下半年`, startOn: `${year}-07-01`, endOn: `${year}-12-31` };
}
