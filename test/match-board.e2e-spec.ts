import { randomUUID } from 'node:crypto';

import {
  chainIds,
  createManager,
  publishAchievement,
  publishDemand,
  registerEnterprise,
} from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

interface Row {
  id: string;
  demandId: string;
  achievementId: string;
  demand: { ownerOrganisationName: string | null };
  achievement: { institutionName: string | null };
}

/** The 对接看板's filters on GET /matches: chain, organisation and manager, on real services. */
describe('match board filters (e2e, real PostgreSQL + Redis + Meilisearch)', () => {
  let t: TestApp;
  let manager: string;
  let managerId: string;
  let chains: string[];
  let universityId: string;
  let owner: Awaited<ReturnType<typeof registerEnterprise>>;
  let demandId: string;

  const list = async (query: Record<string, string>) =>
    (
      await t.http
        .get('/matches')
        .query({ pageSize: 100, ...query })
        .set('Authorization', manager)
        .expect(200)
    ).body.items as Row[];

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin, 'board-manager@example.com');
    managerId = (await t.http.get('/auth/me').set('Authorization', manager).expect(200)).body.id;
    chains = await chainIds(t.http);
    universityId = (
      await t.http
        .post('/organisations')
        .set('Authorization', manager)
        .send({ kind: 'university', name: '昆山先进制造研究院', district: '玉山镇' })
        .expect(201)
    ).body.id;
    await publishAchievement(t.http, manager, universityId, [chains[4]]);
    await publishAchievement(t.http, manager, universityId, [chains[4]], {
      title: '协作机器人关节一体化模组',
      abstract: '集成谐波减速器、无框力矩电机与双编码器的关节模组，重复定位精度 ±0.02 mm，已用于六轴协作机器人样机。',
      keywords: ['关节模组', '谐波减速器', '协作机器人'],
      patentNumbers: ['ZL 2022 1 0654322.0'],
    });
    owner = await registerEnterprise(t.http);
    demandId = (await publishDemand(t.http, owner.auth, manager, [chains[4]])).id;
    await t.settle();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('filters by chain, by organisation (either side) and by the manager who moved the pair', async () => {
    const all = await list({ demandId });
    expect(all.length).toBeGreaterThanOrEqual(2);

    const byChain = await list({ chain: chains[4] });
    expect(byChain.map((m) => m.id)).toEqual(expect.arrayContaining(all.map((m) => m.id)));
    const otherChain = await list({ chain: chains[0], demandId });
    expect(otherChain).toEqual([]);

    const byOwner = await list({ organisationId: owner.organisationId });
    expect(byOwner.map((m) => m.id).sort()).toEqual(all.map((m) => m.id).sort());
    const byInstitution = await list({ organisationId: universityId });
    expect(byInstitution.length).toBeGreaterThanOrEqual(2);
    for (const m of byInstitution) expect(m.achievement.institutionName).toBe('昆山先进制造研究院');

    expect(await list({ managerId })).toEqual([]);
    await t.http.post(`/matches/${all[0].id}/confirm`).set('Authorization', manager).send({}).expect(200);
    expect((await list({ managerId })).map((m) => m.id)).toEqual([all[0].id]);
    expect(await list({ managerId: randomUUID() })).toEqual([]);
  });

  it('refuses malformed filters with the field', async () => {
    for (const field of ['chain', 'organisationId', 'managerId']) {
      const res = await t.http
        .get('/matches')
        .query({ [field]: '不是编号' })
        .set('Authorization', manager)
        .expect(400);
      expect(res.body.details[0].field).toBe(field);
    }
    await t.http.get('/matches').query({ managerId }).set('Authorization', owner.auth).expect(403);
  });
});
