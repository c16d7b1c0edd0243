import {
  AchievementBigramsRepository,
  CandidateIndexService,
  CorpusModelService,
  SearchIndexService,
} from '@app/matching';
import { DataSource } from 'typeorm';

import { chainIds, createManager, publishAchievement } from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

const ACHIEVEMENTS = [
  {
    title: '高导热氮化铝陶瓷基板流延成型技术',
    abstract: '采用水基流延与低温共烧工艺制备氮化铝陶瓷基板，热导率达到 170 W/(m·K)，适用于功率模块与激光器封装。',
  },
  {
    title: '碳化硅功率模块银烧结连接工艺',
    abstract: '纳米银膏低压烧结替代软钎焊，连接层耐温 300 ℃，热循环寿命提高 5 倍，面向新能源汽车电驱系统。',
  },
  {
    title: '协作机器人谐波减速器柔轮修形',
    abstract: '双圆弧齿形修形结合喷丸强化，柔轮疲劳寿命超过 1 万小时，回差小于 10 弧秒。',
  },
  {
    title: '锂电池极片激光清洗设备',
    abstract: '纳秒脉冲激光去除极片边缘涂层，清洗宽度可调，无粉尘、无耗材，单台节拍 0.5 秒。',
  },
];

interface BigramRow {
  id: string;
  bigram: string;
  weight: number;
}

describe('candidate index: one version of each published achievement, rebuilt by reindex (e2e, real services)', () => {
  let t: TestApp;
  let db: DataSource;
  let manager: string;
  const ids: string[] = [];

  const rows = async (id?: string): Promise<BigramRow[]> =>
    db.query(
      `SELECT achievement_id AS id, bigram, weight FROM achievement_bigrams
        ${id ? 'WHERE achievement_id = $1' : ''} ORDER BY achievement_id, bigram`,
      id ? [id] : [],
    );
  const bigramsOf = async (id: string) => new Set((await rows(id)).map((r) => r.bigram));

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin);
    const chains = await chainIds(t.http);
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '昆山先进材料研究院', district: '周市镇' })
      .expect(201);
    for (const a of ACHIEVEMENTS) {
      ids.push((await publishAchievement(t.http, manager, uni.body.id, [chains[0]], { ...a, keywords: [] })).id);
    }
    await t.settle();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('follows record versions: a re-sync changes nothing, an edit replaces the rows, a withdrawal removes them', async () => {
    for (const id of ids) {
      const own = await rows(id);
      expect(own.length).toBeGreaterThan(10);
      expect(own.length).toBeLessThanOrEqual(64);
    }
    // under the same statistics, a second sync of the same versions writes the same rows
    t.app.get(CorpusModelService).invalidate();
    await t.app.get(CandidateIndexService).sync(ids);
    const before = await rows();
    await t.app.get(CandidateIndexService).sync(ids);
    expect(await rows()).toEqual(before);

    const [edited, withdrawn] = ids;
    expect(await bigramsOf(edited)).toContain('流延');
    const current = (await t.http.get(`/achievements/${edited}`).set('Authorization', manager).expect(200)).body;
    await t.http
      .patch(`/achievements/${edited}`)
      .set('Authorization', manager)
      .send({
        title: '氮化硅陶瓷轴承球热等静压烧结',
        abstract: '气压烧结结合热等静压制备氮化硅轴承球，断裂韧性 7 MPa·m½，用于高速电主轴。',
        version: current.version,
      })
      .expect(200);
    await t.http.post(`/achievements/${withdrawn}/withdraw`).set('Authorization', manager).expect(200);
    await t.settle();

    const now = await bigramsOf(edited);
    expect(now).toContain('轴承');
    expect(now).not.toContain('流延');
    expect(await rows(withdrawn)).toEqual([]);
    // the others keep their rows (statistics of a catalogue this small follow every change, so weights may move)
    for (const id of ids.slice(2)) expect((await rows(id)).length).toBeGreaterThan(10);
  });

  it('a reindex rebuilds the same rows in a table with the live indexes and constraints, and syncs continue on it', async () => {
    const candidates = t.app.get(CandidateIndexService);
    t.app.get(CorpusModelService).invalidate(); // the statistics of the catalogue as it is now
    await candidates.sync(ids);
    const synced = await rows();

    const collation = async () =>
      (
        await db.query(
          `SELECT collation_name FROM information_schema.columns
            WHERE table_name = 'achievement_bigrams' AND column_name = 'bigram'`,
        )
      )[0].collation_name;
    expect(await collation()).toBe('C');

    const definitions = async () =>
      (
        await db.query(
          `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'achievement_bigrams' ORDER BY indexname`,
        )
      ).map((i: { indexname: string; indexdef: string }) => `${i.indexname}: ${i.indexdef.replace(/ ON \S+ /, ' ')}`);
    const migrated = await definitions();
    expect(migrated).toEqual([
      'ix_achievement_bigrams_achievement: CREATE INDEX ix_achievement_bigrams_achievement USING btree (achievement_id)',
      'ix_achievement_bigrams_impact: CREATE INDEX ix_achievement_bigrams_impact USING btree (bigram, weight DESC, achievement_id)',
    ]);

    await t.app.get(SearchIndexService).reindex('achievements');
    expect(await rows()).toEqual(synced);
    expect(await collation()).toBe('C');
    expect(candidates.lastRebuild).toMatchObject({ achievements: ids.length - 1, rows: synced.length });

    const indexes: Array<{ indexname: string }> = await db.query(
      `SELECT indexname FROM pg_indexes WHERE tablename LIKE 'achievement_bigrams%' ORDER BY indexname`,
    );
    expect(indexes.map((i) => i.indexname)).toEqual([
      'ix_achievement_bigrams_achievement',
      'ix_achievement_bigrams_impact',
    ]);
    const constraints: Array<{ conname: string; contype: string; confdeltype: string }> = await db.query(
      `SELECT conname, contype, confdeltype FROM pg_constraint
        WHERE conrelid = 'achievement_bigrams'::regclass ORDER BY conname`,
    );
    expect(constraints).toEqual([{ conname: 'FK_achievement_bigrams_achievement', contype: 'f', confdeltype: 'c' }]);
    // the same index definitions as the migration gave the live table
    expect(await definitions()).toEqual(migrated);

    // the search sync job writes to the rebuilt table
    const [, withdrawn] = ids;
    await t.http.post(`/achievements/${withdrawn}/publish`).set('Authorization', manager).expect(200);
    await t.settle();
    expect(await bigramsOf(withdrawn)).toContain('银烧');

    // and the candidate query reads it
    const model = await t.app.get(CorpusModelService).get('achievements');
    const top = await candidates.top(model.bigrams.vector('纳米银膏烧结 功率模块'), 3);
    expect(top[0].id).toBe(withdrawn);

    // each query bigram reads only its strongest postings (ties by id): with one posting per bigram, a query of one
    // bigram shared by several achievements finds the one that weighs it most
    const shared: Array<{ bigram: string }> = await db.query(
      `SELECT bigram FROM achievement_bigrams GROUP BY bigram HAVING count(*) > 1 ORDER BY count(*) DESC, bigram LIMIT 1`,
    );
    const [{ id: strongest }]: Array<{ id: string }> = await db.query(
      `SELECT achievement_id AS id FROM achievement_bigrams WHERE bigram = $1 ORDER BY weight DESC, achievement_id LIMIT 1`,
      [shared[0].bigram],
    );
    const bigrams = t.app.get(AchievementBigramsRepository);
    expect((await bigrams.top([[shared[0].bigram, 1]], 10, null)).length).toBeGreaterThan(1);
    expect((await bigrams.top([[shared[0].bigram, 1]], 10, 1)).map((r) => r.id)).toEqual([strongest]);
  });
});
