import { AppConfig } from '@app/config';
import { AchievementTextRow, CorpusRepository } from '@app/registry';

import { achievementText, CorpusModelService, documentFeatures, featureKey } from '../engine/corpus-model';

const ROWS: AchievementTextRow[] = [
  { title: '高精度谐波减速器', abstract: '双圆弧齿形修形，回差小于 10 弧秒', keywords: ['谐波减速器'] },
  { title: '固态电池电解质干法成膜', abstract: '硫化物电解质，能量密度 400 Wh/kg', keywords: ['固态电池'] },
  { title: '污泥低温干化装置', abstract: '热泵余热回收，含水率由 80% 降至 30%', keywords: [] },
].map((r, i) => ({
  ...r,
  id: `00000000-0000-0000-0000-00000000000${i + 1}`,
  updatedAt: new Date(1_790_000_000_000 + i),
}));

function service(cacheSize: number): CorpusModelService {
  const texts = {
    page: async (_kind: string, after: string) => ROWS.filter((r) => r.id > after),
    fingerprint: async () => ({ count: ROWS.length, changed: 'x' }),
  } as unknown as CorpusRepository;
  const config = { matching: { featureCacheSize: cacheSize, modelMaxAgeMs: 60_000, modelCheckMs: 60_000 } };
  return new CorpusModelService(texts, config as AppConfig);
}

describe('corpus model build: every record’s features computed with the statistics', () => {
  it('keys them as a search hit is keyed, with the features a hit would get', async () => {
    const model = await service(100).rebuild('achievements');
    expect(model.features.size).toBe(ROWS.length);
    for (const row of ROWS) {
      // what the engine computes from the record's search document (updatedAt in epoch ms)
      const key = featureKey(row.id, row.updatedAt!.getTime());
      const warm = model.features.get(key)!;
      expect(warm).toBeDefined();
      model.features.delete(key);
      const fresh = documentFeatures(model, key, row.title, achievementText(row), 100);
      expect(warm).toEqual(fresh);
    }
  });

  it('keeps no more than the cache holds', async () => {
    const model = await service(2).rebuild('achievements');
    expect(model.features.size).toBe(2);
  });
});
