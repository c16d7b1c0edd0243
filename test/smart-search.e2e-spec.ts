import {
  achievementBody,
  chainIds,
  createManager,
  publishAchievement,
  publishDemand,
  registerEnterprise,
} from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

/**
 * 智能搜索 on the real API, PostgreSQL and Meilisearch (keyword mode): a natural question is read against the
 * platform's own reference data (institutions, chains, maturity, cooperation modes, districts); the filters found
 * are applied and returned as removable filters, the rest of the question is searched as text.
 */
describe('smart search: query understanding (e2e, real services)', () => {
  let t: TestApp;
  let manager: string;
  const id: Record<string, string> = {};
  let chainByName: Record<string, string>;
  let enterprise: string;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin);
    await chainIds(t.http);
    const chains = (await t.http.get('/industry-chains').expect(200)).body as Array<{ id: string; name: string }>;
    chainByName = Object.fromEntries(chains.map((c) => [c.name, c.id]));
    const org = async (name: string) =>
      (
        await t.http
          .post('/organisations')
          .set('Authorization', manager)
          .send({ kind: 'university', name, district: '昆山高新区' })
          .expect(201)
      ).body.id as string;
    id.suda = await org('苏州大学');
    id.sust = await org('苏州科技大学');
    const ne = chainByName['新能源'];
    const nm = chainByName['新材料'];
    const add = async (key: string, institution: string, chain: string, trl: number, title: string, abstract: string) =>
      (id[key] = (
        await publishAchievement(t.http, manager, institution, [chain], {
          title,
          abstract,
          keywords: [],
          trl,
          applicationScenarios: '',
        })
      ).id);
    await add(
      'nickel',
      id.suda,
      ne,
      6,
      '高镍三元正极材料中试制备技术',
      '共沉淀与两段烧结制备高镍三元正极，电池比容量 210 mAh/g，已建成百公斤级中试线。',
    );
    await add(
      'sodium',
      id.suda,
      ne,
      7,
      '钠离子电池硬碳负极材料',
      '以生物质为前驱体制备硬碳，首效 90%，完成吨级中试验证，面向储能电池。',
    );
    await add(
      'small',
      id.suda,
      ne,
      4,
      '固态锂电池硫化物电解质',
      '硫化物固态电解质室温电导率 10 mS/cm，处于小试阶段，可提升电池安全性。',
    );
    await add(
      'other',
      id.sust,
      ne,
      6,
      '退役动力电池梯次利用检测系统',
      '快速分选退役电池模组，检测效率提升 3 倍，已在中试产线验证。',
    );
    await add('pv', id.suda, ne, 6, '光伏组件清洗机器人', '无水清洗光伏板，越障能力强，已在多个电站中试应用。');
    await add('separator', id.suda, nm, 6, '锂电池陶瓷涂覆隔膜', '勃姆石陶瓷涂覆提高隔膜热稳定性，中试线幅宽 1.2 米。');
    const ent = await registerEnterprise(t.http, '昆山周市新材料科技有限公司');
    enterprise = ent.auth;
    id.demandZhoushi = (
      await publishDemand(t.http, ent.auth, manager, [nm], {
        title: '高性能聚酰亚胺薄膜国产化',
        keywords: ['聚酰亚胺', '薄膜'],
        region: '昆山市周市镇',
      })
    ).id;
    id.demandHuaqiao = (
      await publishDemand(t.http, ent.auth, manager, [nm], {
        title: '碳纤维复合材料轻量化部件',
        keywords: ['碳纤维'],
        region: '花桥经济开发区',
      })
    ).id;
    await t.settle();
  }, 180000);

  afterAll(async () => {
    await t?.close();
  });

  const ask = (q: string, extra: Record<string, string> = {}) =>
    t.http
      .get('/search/achievements')
      .query({ q, ...extra })
      .expect(200);

  it('「苏州大学有哪些中试阶段的新能源电池成果」: institution, maturity and chain as filters, relevant results', async () => {
    const res = await ask('苏州大学有哪些中试阶段的新能源电池成果');
    expect(res.body.search).toBe('keyword');
    expect(res.body.understood).toEqual({
      original: '苏州大学有哪些中试阶段的新能源电池成果',
      text: '电池',
      filters: [
        {
          type: 'institution',
          param: 'institution',
          value: id.suda,
          label: '苏州大学',
          span: '苏州大学',
          start: 0,
          end: 4,
        },
        { type: 'stage', param: 'stage', value: 'pilot', label: '中试', span: '中试阶段', start: 7, end: 11 },
        {
          type: 'chain',
          param: 'chain',
          value: chainByName['新能源'],
          label: '新能源',
          span: '新能源',
          start: 12,
          end: 15,
        },
      ],
    });
    const titles = (res.body.items as Array<{ id: string; title: string }>).map((h) => h.title).sort();
    // 苏州科技大学's, the 小试 one, the one without 电池 and the one of another chain are all left out
    expect(titles).toEqual(['钠离子电池硬碳负极材料', '高镍三元正极材料中试制备技术']);
    expect(res.body.total).toBe(2);
  });

  it('a removed filter is a shorter question; understanding off searches the words as typed', async () => {
    const wider = await ask('有哪些中试阶段的新能源电池成果');
    expect(wider.body.understood.filters.map((f: { type: string }) => f.type)).toEqual(['stage', 'chain']);
    expect(wider.body.items.map((h: { id: string }) => h.id).sort()).toEqual([id.nickel, id.other, id.sodium].sort());

    const off = await ask('苏州大学有哪些中试阶段的新能源电池成果', { understand: 'false' });
    expect(off.body.understood).toBeNull();
    // nothing is filtered: other institutions, stages and chains come back too
    expect(off.body.items.map((h: { id: string }) => h.id)).toEqual(
      expect.arrayContaining([id.other, id.small, id.separator]),
    );

    const plain = await ask('硬碳负极');
    expect(plain.body.understood).toMatchObject({ text: '硬碳负极', filters: [] });
    expect(plain.body.items[0].id).toBe(id.sodium);
  });

  it('when nothing holds the remaining words, the understood filters alone give the results, and say so', async () => {
    const res = await ask('苏州大学中试阶段的新能源钙钛矿成果');
    expect(res.body.understood).toMatchObject({ text: '钙钛矿', textIgnored: true });
    expect(res.body.items.map((h: { id: string }) => h.id).sort()).toEqual([id.nickel, id.pv, id.sodium].sort());
    const none = await ask('苏州科技大学小试阶段的新材料钙钛矿');
    expect(none.body.understood).toMatchObject({ text: '钙钛矿', textIgnored: false });
    expect(none.body.total).toBe(0);
  });

  it('explicit filters win over understood ones', async () => {
    const res = await ask('苏州大学的中试新能源电池', { stage: 'small_pilot' });
    expect(res.body.understood.filters.map((f: { type: string }) => f.type)).toEqual(['institution', 'chain']);
    expect(res.body.items.map((h: { id: string }) => h.id)).toEqual([id.small]);

    const byInstitution = await ask('中试电池', { institution: id.sust });
    expect(byInstitution.body.items.map((h: { id: string }) => h.id)).toEqual([id.other]);
  });

  it('demands: a district or town and its other names (周市 → 昆山市周市镇), chain and the remaining text', async () => {
    const res = await t.http.get('/search/demands').query({ q: '周市有哪些新材料需求' }).expect(200);
    expect(res.body.understood.filters).toEqual([
      expect.objectContaining({ type: 'district', param: 'region', value: '周市镇', label: '周市镇', span: '周市' }),
      expect.objectContaining({ type: 'chain', value: chainByName['新材料'], span: '新材料' }),
    ]);
    expect(res.body.understood.text).toBe('');
    expect(res.body.items.map((h: { id: string }) => h.id)).toEqual([id.demandZhoushi]);

    const huaqiao = await t.http.get('/search/demands').query({ q: '花桥的碳纤维' }).expect(200);
    expect(huaqiao.body.understood.filters).toEqual([
      expect.objectContaining({ type: 'district', value: '花桥经济开发区' }),
    ]);
    expect(huaqiao.body.items.map((h: { id: string }) => h.id)).toEqual([id.demandHuaqiao]);
  });

  it('refuses bad parameters with the field named, and /health says keyword search', async () => {
    const bad = await t.http.get('/search/achievements').query({ q: '电池', semanticRatio: '2' }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('semanticRatio');
    const worse = await t.http.get('/search/achievements').query({ q: '电池', understand: 'maybe' }).expect(400);
    expect(JSON.stringify(worse.body)).toContain('understand');
    await t.http.get('/search/achievements').query({ institution: 'not-a-uuid' }).expect(400);
    const health = await t.http.get('/health').expect(200);
    expect(health.body.backends.search).toMatchObject({ status: 'up', search: 'keyword' });
  });

  /**
   * The workspace lists (成果管理, 审核队列, 我的需求, 我的成果) read the same questions with the same vocabulary: the
   * filters found become the list's own filters (institutionId, stage, transferMode, chain; region for demands) and
   * the rest is searched in SQL as before, inside what the reader may see.
   */
  describe('workspace lists', () => {
    let university: string;

    beforeAll(async () => {
      // A draft: only the workspace list holds it, the public search never does.
      id.draft = (
        await t.http
          .post('/achievements')
          .set('Authorization', manager)
          .send(
            achievementBody(id.suda, [chainByName['新能源']], {
              title: '磷酸锰铁锂电池正极中试工艺',
              abstract: '液相法合成磷酸锰铁锂，压实密度 2.4 g/cm³，已完成中试放大，电池循环 2000 次容量保持 85%。',
              keywords: [],
              trl: 6,
              transferModes: ['joint_development'],
              applicationScenarios: '',
            }),
          )
          .expect(201)
      ).body.id;
      const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
      await t.http
        .post('/users')
        .set('Authorization', admin)
        .send({
          email: 'sust-staff@example.com',
          password: 'Kunshan2026',
          name: '王老师',
          role: 'university',
          organisationId: id.sust,
          temporaryPassword: false,
        })
        .expect(201);
      university = await login(t.http, 'sust-staff@example.com', 'Kunshan2026');
    });

    const list = (path: '/achievements' | '/demands', auth: string, q: string, extra: Record<string, string> = {}) =>
      t.http
        .get(path)
        .set('Authorization', auth)
        .query({ q, ...extra })
        .expect(200);
    const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((h) => h.id).sort();

    it('成果管理: 「苏州大学有哪些中试阶段的新能源电池成果」 applies institution, maturity and chain as the list’s filters', async () => {
      const res = await list('/achievements', manager, '苏州大学有哪些中试阶段的新能源电池成果');
      expect(res.body.understood).toEqual({
        original: '苏州大学有哪些中试阶段的新能源电池成果',
        text: '电池',
        filters: [
          expect.objectContaining({ type: 'institution', param: 'institutionId', value: id.suda, label: '苏州大学' }),
          expect.objectContaining({ type: 'stage', param: 'stage', value: 'pilot', label: '中试', span: '中试阶段' }),
          expect.objectContaining({ type: 'chain', param: 'chain', value: chainByName['新能源'], label: '新能源' }),
        ],
      });
      // the workspace list's own content: the draft is there, 苏州科技大学's, the 小试 one, the one without 电池 and
      // the one of another chain are not
      expect(ids(res)).toEqual([id.draft, id.nickel, id.sodium].sort());
      expect(res.body.total).toBe(3);
    });

    it('explicit filters win; understand=false searches the words as typed; a cooperation mode is understood', async () => {
      const small = await list('/achievements', manager, '苏州大学的中试新能源电池', { stage: 'small_pilot' });
      expect(small.body.understood.filters.map((f: { type: string }) => f.type)).toEqual(['institution', 'chain']);
      expect(ids(small)).toEqual([id.small]);

      const other = await list('/achievements', manager, '苏州大学中试电池', { institutionId: id.sust });
      expect(other.body.understood.filters.map((f: { type: string }) => f.type)).toEqual(['stage']);
      expect(ids(other)).toEqual([id.other]);

      const off = await list('/achievements', manager, '苏州大学有哪些中试阶段的新能源电池成果', {
        understand: 'false',
      });
      expect(off.body.understood).toBeNull();
      expect(off.body.total).toBe(0); // no record holds the whole question as typed

      const joint = await list('/achievements', manager, '可合作开发的新能源电池');
      expect(joint.body.understood.filters).toEqual([
        expect.objectContaining({ type: 'cooperationMode', param: 'transferMode', value: 'joint_development' }),
        expect.objectContaining({ type: 'chain', value: chainByName['新能源'] }),
      ]);
      expect(ids(joint)).toEqual([id.draft]);

      const ignored = await list('/achievements', manager, '苏州大学中试阶段的新能源钙钛矿成果');
      expect(ignored.body.understood).toMatchObject({ text: '钙钛矿', textIgnored: true });
      expect(ids(ignored)).toEqual([id.draft, id.nickel, id.pv, id.sodium].sort());
    });

    it('我的成果: an institution sees only its own, whatever the question names', async () => {
      const theirs = await list('/achievements', university, '苏州大学有哪些中试阶段的新能源电池成果');
      expect(theirs.body.understood.filters.map((f: { type: string }) => f.type)).toEqual([
        'institution',
        'stage',
        'chain',
      ]);
      expect(theirs.body.total).toBe(0);
      const own = await list('/achievements', university, '有哪些中试阶段的新能源电池成果');
      expect(ids(own)).toEqual([id.other]);
    });

    it('我的需求 and 审核队列: district (周市 → 昆山市周市镇) and chain as filters, only the reader’s own demands', async () => {
      const mine = await list('/demands', enterprise, '周市有哪些新材料需求');
      expect(mine.body.understood.filters).toEqual([
        expect.objectContaining({ type: 'district', param: 'region', value: '周市镇', span: '周市' }),
        expect.objectContaining({ type: 'chain', param: 'chain', value: chainByName['新材料'] }),
      ]);
      expect(ids(mine)).toEqual([id.demandZhoushi]);
      const staff = await list('/demands', manager, '花桥的碳纤维', { status: 'published' });
      expect(staff.body.understood).toMatchObject({
        text: '碳纤维',
        filters: [expect.objectContaining({ type: 'district' })],
      });
      expect(ids(staff)).toEqual([id.demandHuaqiao]);
      // an explicit region wins over the understood district
      const explicit = await list('/demands', manager, '花桥的新材料需求', { region: '周市镇' });
      expect(explicit.body.understood.filters.map((f: { type: string }) => f.type)).toEqual(['chain']);
      expect(ids(explicit)).toEqual([id.demandZhoushi]);
      // another enterprise asking the same question sees none of them
      const stranger = await registerEnterprise(t.http);
      expect((await list('/demands', stranger.auth, '周市有哪些新材料需求')).body.total).toBe(0);
    });

    it('refuses bad list parameters with the field named', async () => {
      for (const [path, query, field] of [
        ['/achievements', { q: '电池', understand: 'maybe' }, 'understand'],
        ['/achievements', { transferMode: 'gift' }, 'transferMode'],
        ['/demands', { q: '电池', understand: '2' }, 'understand'],
        ['/demands', { stage: 'prototype' }, 'stage'],
        ['/demands', { cooperationMode: 'gift' }, 'cooperationMode'],
        ['/demands', { region: '区'.repeat(51) }, 'region'],
      ] as const) {
        const res = await t.http.get(path).set('Authorization', manager).query(query).expect(400);
        expect(JSON.stringify(res.body.details)).toContain(field);
      }
    });
  });
});
