import { existsSync, readFileSync } from 'node:fs';

import { mapModes } from '@app/matching';
import { CooperationMode } from '@app/registry';

/** Where the real demands sit beside the project (never copied into it). */
export const DEFAULT_REAL_DEMANDS = '../shared/eval/zhibei-raw/demands.jsonl';

export interface RealDemand {
  title: string;
  description: string;
  cooperationModes: CooperationMode[];
}

export interface RealDemandSet {
  path: string;
  /** The demands to insert: the file's, cycled when it has fewer than asked. */
  demands: RealDemand[];
  /** How many different demands of the file they are. */
  distinct: number;
}

/**
 * Real enterprise demands (one JSON object a line: `title`, `description`, optional `cooperationModes`), read at run
 * time. `count` demands are taken in file order; a file with fewer is cycled (the distinct count says so). Lines
 * without a title are skipped. Undefined when the file does not exist.
 */
export function readRealDemands(path: string, count: number): RealDemandSet | undefined {
  if (!existsSync(path)) return undefined;
  const seen = new Set<string>();
  const file: RealDemand[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { title?: unknown; description?: unknown; cooperationModes?: unknown };
    if (typeof row.title !== 'string' || !row.title.trim()) continue;
    const description = typeof row.description === 'string' ? row.description : '';
    const key = `${row.title}\n${description}`;
    if (seen.has(key)) continue;
    seen.add(key);
    file.push({
      title: row.title.trim(),
      description,
      cooperationModes: mapModes(Array.isArray(row.cooperationModes) ? row.cooperationModes.map(String) : []),
    });
  }
  if (!file.length) return undefined;
  const demands = Array.from({ length: count }, (_, i) => file[i % file.length]);
  return { path, demands, distinct: Math.min(count, file.length) };
}
