import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { CooperationMode, MaturityStage } from '@app/registry';

/** One line of achievements.jsonl / demands.jsonl / qrels.jsonl of an evaluation set. */
export interface EvalAchievement {
  id: string;
  title: string;
  description: string;
  field?: string;
  classification?: string;
  maturity?: string;
  ipStatus?: string;
  cooperationModes?: string[];
  price?: string;
}

export interface EvalDemand {
  id: string;
  title: string;
  description: string;
  classification?: string;
  cooperationModes?: string[];
}

export interface EvalDataset {
  achievements: EvalAchievement[];
  demands: EvalDemand[];
  /** demand id → (achievement id → grade) */
  qrels: Map<string, Map<string, number>>;
}

export class EvalDatasetError extends Error {}

async function readJsonl<T>(file: string): Promise<T[]> {
  if (!existsSync(file)) throw new EvalDatasetError(`missing ${file}`);
  const out: T[] = [];
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    try {
      out.push(JSON.parse(text) as T);
    } catch {
      throw new EvalDatasetError(`${file}:${line} is not valid JSON`);
    }
  }
  return out;
}

export async function loadEvalDataset(dir: string): Promise<EvalDataset> {
  const [achievements, demands, qrelRows] = await Promise.all([
    readJsonl<EvalAchievement>(join(dir, 'achievements.jsonl')),
    readJsonl<EvalDemand>(join(dir, 'demands.jsonl')),
    readJsonl<{ demand: string; achievement: string; grade: number }>(join(dir, 'qrels.jsonl')),
  ]);
  const qrels = new Map<string, Map<string, number>>();
  for (const q of qrelRows) {
    if (!qrels.has(q.demand)) qrels.set(q.demand, new Map());
    qrels.get(q.demand)!.set(q.achievement, q.grade);
  }
  return { achievements, demands, qrels };
}

/**
 * Demands with any judgement: the ones the evaluation runs (half of them have no relevant achievement in the
 * catalogue; for those, 「暂无高匹配度成果」 is the right answer).
 */
export function allJudgedDemands(set: EvalDataset): EvalDemand[] {
  return set.demands.filter((d) => set.qrels.has(d.id));
}

/** Demands with at least one judged-relevant achievement: the ones the metrics average over. */
export function judgedDemands(set: EvalDataset): EvalDemand[] {
  return set.demands.filter((d) => [...(set.qrels.get(d.id)?.values() ?? [])].some((g) => g >= 1));
}

/** 已有样品 / 通过小试 / 通过中试 / 可以量产 / 正在研发 onto the platform's TRL scale. */
export const MATURITY_TRL: Record<string, { trl: number; stage: MaturityStage }> = {
  正在研发: { trl: 3, stage: MaturityStage.Lab },
  已有样品: { trl: 4, stage: MaturityStage.SmallPilot },
  通过小试: { trl: 5, stage: MaturityStage.SmallPilot },
  通过中试: { trl: 7, stage: MaturityStage.Pilot },
  可以量产: { trl: 8, stage: MaturityStage.Industrial },
};

const MODE_WORDS: Array<[string, CooperationMode]> = [
  ['完全转让', CooperationMode.Transfer],
  ['技术转让', CooperationMode.Transfer],
  ['许可', CooperationMode.Licence],
  ['技术入股', CooperationMode.Equity],
  ['合作生产', CooperationMode.JointDevelopment],
  ['合作开发', CooperationMode.JointDevelopment],
  ['委托开发', CooperationMode.CommissionedRd],
  ['揭榜', CooperationMode.OpenCompetition],
];

/** Free-text cooperation modes (技术转让 / 委托开发 / 其他…) onto the platform's enum; unknown ones are dropped. */
export function mapModes(values: string[] | undefined): CooperationMode[] {
  const out = new Set<CooperationMode>();
  for (const value of values ?? []) for (const [word, mode] of MODE_WORDS) if (value.includes(word)) out.add(mode);
  return [...out];
}

/** "100.0万元-200.0万元" → 100 (the lower bound, in 万元); 面议 → null. */
export function mapPrice(value: string | undefined): number | null {
  const m = value ? /([\d.]+)\s*万/.exec(value) : null;
  return m ? Number(m[1]) : null;
}

/** The top level of a classification ("制造业——医药制造业" → "制造业"): the set's stand-in for an industry chain. */
export function topClassification(value: string | undefined): string | null {
  const top = (value ?? '').split('——')[0].trim();
  return top || null;
}
