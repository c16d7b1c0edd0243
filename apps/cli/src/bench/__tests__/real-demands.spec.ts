import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CooperationMode } from '@app/registry';

import { demandSource } from '../bench-command';
import { readRealDemands } from '../real-demands';

describe('bench: real demands read at run time', () => {
  let folder: string;
  let file: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'zcz-real-demands-'));
    file = join(folder, 'demands.jsonl');
    writeFileSync(
      file,
      [
        { id: 'x-1', title: '动力电池热失控预警', description: '需要一种热管理方案。', cooperationModes: ['技术转让'] },
        { id: 'x-2', title: '', description: '没有标题的行被跳过' },
        { id: 'x-3', title: '印染废水脱色', description: '现有工艺成本高。' },
        { id: 'x-4', title: '动力电池热失控预警', description: '需要一种热管理方案。' },
      ]
        .map((row) => JSON.stringify(row))
        .join('\n') + '\n\n',
    );
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('cycles a file with fewer demands than asked and says how many are distinct', () => {
    const set = readRealDemands(file, 5)!;
    expect(set.distinct).toBe(2);
    expect(set.demands.map((d) => d.title)).toEqual([
      '动力电池热失控预警',
      '印染废水脱色',
      '动力电池热失控预警',
      '印染废水脱色',
      '动力电池热失控预警',
    ]);
    expect(set.demands[0].cooperationModes).toEqual([CooperationMode.Transfer]);
    expect(readRealDemands(file, 1)!.distinct).toBe(1);
  });

  it('falls back to synthetic demands, saying why, when the file is missing or not asked for', () => {
    expect(readRealDemands(join(folder, 'none.jsonl'), 10)).toBeUndefined();
    expect(demandSource({ realDemands: join(folder, 'none.jsonl'), demands: 10 }).note).toContain('synthetic');
    expect(demandSource({ realDemands: undefined, demands: 10 }).real).toBeUndefined();
    expect(demandSource({ realDemands: file, demands: 10 }).real?.demands).toHaveLength(10);
  });
});
