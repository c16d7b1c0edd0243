import { DataSource } from 'typeorm';

import { achievementBody, chainIds, createManager, demandBody, registerEnterprise } from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

/**
 * The foundation's user journey over HTTP: an enterprise files a demand, a manager publishes it, a manager
 * catalogues and publishes a university achievement, the public listing shows both without confidential
 * fields, another enterprise can neither read nor change the first one's demand, and every step is an event.
 */
describe('registry flow (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let manager: string;
  let chains: string[];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin);
    chains = await chainIds(t.http);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('seeds the 15 key industrial chains', () => {
    expect(chains).toHaveLength(15);
  });

  it('walks a demand and an achievement from registration to the public listing', async () => {
    const ent = await registerEnterprise(t.http, '昆山精密传动科技有限公司');

    // enterprise registers a demand (draft) and submits it
    const created = await t.http
      .post('/demands')
      .set('Authorization', ent.auth)
      .send(demandBody([chains[4]]))
      .expect(201);
    const demand = created.body;
    expect(demand).toMatchObject({ status: 'draft', kind: 'major', ownerOrganisationId: ent.organisationId });
    expect(demand.requiredStage).toBe('small_pilot'); // derived from TRL 5
    expect(demand.contactPhone).toBe('0512-57000001'); // the owner sees its confidential fields
    expect(demand.industryChains[0]).toMatchObject({ id: chains[4] });

    const submitted = await t.http.post(`/demands/${demand.id}/submit`).set('Authorization', ent.auth).expect(200);
    expect(submitted.body.status).toBe('submitted');

    // the enterprise cannot publish its own demand; publishing twice is an illegal transition
    const refused = await t.http.post(`/demands/${demand.id}/publish`).set('Authorization', ent.auth).expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    await t.http.post(`/demands/${demand.id}/publish`).set('Authorization', manager).expect(200);
    const again = await t.http.post(`/demands/${demand.id}/publish`).set('Authorization', manager).expect(409);
    expect(again.body).toMatchObject({ code: 'ILLEGAL_TRANSITION', statusCode: 409 });
    expect(again.body.message).toContain('已发布');

    // a manager catalogues a university achievement and publishes it
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '苏州某理工大学', district: '高新区' })
      .expect(201);
    const ach = await t.http
      .post('/achievements')
      .set('Authorization', manager)
      .send(achievementBody(uni.body.id, [chains[4]]))
      .expect(201);
    expect(ach.body).toMatchObject({ status: 'draft', stage: 'pilot', patentNumbers: ['CN202310123456.7'] });
    await t.http.post(`/achievements/${ach.body.id}/publish`).set('Authorization', manager).expect(200);

    // the public listing shows both, without confidential fields
    const publicDemands = await t.http.get('/public/demands').expect(200);
    const listed = publicDemands.body.items.find((d: { id: string }) => d.id === demand.id);
    expect(listed).toMatchObject({ title: demandBody([]).title, status: 'published' });
    expect(listed.ownerOrganisationName).toBe('昆山精密传动科技有限公司');
    for (const field of [
      'budgetMin',
      'budgetMax',
      'contactName',
      'contactPhone',
      'contactEmail',
      'confidentialNotes',
    ]) {
      expect(listed).not.toHaveProperty(field);
    }
    expect(JSON.stringify(publicDemands.body)).not.toContain('57000001');

    const publicAchievements = await t.http.get('/public/achievements').query({ q: '谐波' }).expect(200);
    expect(publicAchievements.body.total).toBe(1);
    expect(publicAchievements.body.items[0]).toMatchObject({ id: ach.body.id, institutionName: '苏州某理工大学' });
    expect(publicAchievements.body.items[0]).not.toHaveProperty('contactPhone');

    // every step is in the event log, in order, with actor and before/after
    const events = await t.http
      .get('/events')
      .query({ entityId: demand.id, pageSize: 50 })
      .set('Authorization', admin)
      .expect(200);
    const types = events.body.items
      .map((e: { type: string }) => e.type)
      .filter((type: string) => type !== 'demand.matched') // matching runs on its own, tested elsewhere
      .reverse();
    expect(types).toEqual(['demand.created', 'demand.submitted', 'demand.published']);
    const published = events.body.items.find((e: { type: string }) => e.type === 'demand.published');
    expect(published).toMatchObject({ actorRole: 'manager', before: { status: 'submitted' } });
    expect(published.after.status).toBe('published');
    const achEvents = await t.http
      .get('/events')
      .query({ entityId: ach.body.id })
      .set('Authorization', admin)
      .expect(200);
    expect(achEvents.body.items.map((e: { type: string }) => e.type).reverse()).toEqual([
      'achievement.created',
      'achievement.published',
    ]);

    // the outbox hands every event to the queue and the worker processes it
    await t.settle();
    await new Promise((r) => setTimeout(r, 300));
    await t.settle();
    const pending = await t.app
      .get(DataSource)
      .query('SELECT count(*)::int AS n FROM domain_events WHERE dispatched_at IS NULL');
    expect(pending[0].n).toBe(0);
  });

  it("keeps one enterprise out of another's demands", async () => {
    const owner = await registerEnterprise(t.http);
    const other = await registerEnterprise(t.http);
    const draft = await t.http
      .post('/demands')
      .set('Authorization', owner.auth)
      .send(demandBody([chains[0]], { title: '锂电池极片涂布厚度在线检测' }))
      .expect(201);

    // a draft of another enterprise does not exist for it
    const read = await t.http.get(`/demands/${draft.body.id}`).set('Authorization', other.auth).expect(404);
    expect(read.body.code).toBe('NOT_FOUND');
    await t.http
      .patch(`/demands/${draft.body.id}`)
      .set('Authorization', other.auth)
      .send({ title: '被篡改的标题', version: draft.body.version })
      .expect(404);
    await t.http.post(`/demands/${draft.body.id}/submit`).set('Authorization', other.auth).expect(404);
    await t.http.post(`/demands/${draft.body.id}/close`).set('Authorization', other.auth).expect(404);
    const list = await t.http.get('/demands').set('Authorization', other.auth).expect(200);
    expect(list.body.items.map((d: { id: string }) => d.id)).not.toContain(draft.body.id);

    // filing a demand in another enterprise's name is refused
    const forged = await t.http
      .post('/demands')
      .set('Authorization', other.auth)
      .send(demandBody([chains[0]], { ownerOrganisationId: owner.organisationId }))
      .expect(403);
    expect(forged.body.code).toBe('FORBIDDEN');

    // once published, others see the public view only, and still cannot change it
    await t.http.post(`/demands/${draft.body.id}/submit`).set('Authorization', owner.auth).expect(200);
    await t.http.post(`/demands/${draft.body.id}/publish`).set('Authorization', manager).expect(200);
    const visible = await t.http.get(`/demands/${draft.body.id}`).set('Authorization', other.auth).expect(200);
    expect(visible.body).not.toHaveProperty('contactPhone');
    expect(visible.body).not.toHaveProperty('budgetMax');
    await t.http
      .patch(`/demands/${draft.body.id}`)
      .set('Authorization', other.auth)
      .send({ title: '被篡改的标题', version: visible.body.version ?? 3 })
      .expect(404);

    const stored = await t.http.get(`/demands/${draft.body.id}`).set('Authorization', owner.auth).expect(200);
    expect(stored.body.title).toBe('锂电池极片涂布厚度在线检测');
    expect(stored.body.contactPhone).toBe('0512-57000001');
  });

  it('edits with optimistic locking and records only what changed', async () => {
    const ent = await registerEnterprise(t.http);
    const created = await t.http
      .post('/demands')
      .set('Authorization', ent.auth)
      .send(demandBody([chains[1]]))
      .expect(201);
    const edited = await t.http
      .patch(`/demands/${created.body.id}`)
      .set('Authorization', ent.auth)
      .send({ budgetMax: 300, version: created.body.version })
      .expect(200);
    expect(edited.body.budgetMax).toBe(300);
    expect(edited.body.version).toBe(created.body.version + 1);

    const stale = await t.http
      .patch(`/demands/${created.body.id}`)
      .set('Authorization', ent.auth)
      .send({ budgetMax: 400, version: created.body.version })
      .expect(409);
    expect(stale.body.code).toBe('STALE_VERSION');

    const events = await t.http
      .get('/events')
      .query({ entityId: created.body.id, type: 'demand.updated' })
      .set('Authorization', admin)
      .expect(200);
    expect(events.body.items).toHaveLength(1);
    expect(events.body.items[0]).toMatchObject({ before: { budgetMax: 200 }, after: { budgetMax: 300 } });

    // once submitted, the owner can no longer edit
    await t.http.post(`/demands/${created.body.id}/submit`).set('Authorization', ent.auth).expect(200);
    const locked = await t.http
      .patch(`/demands/${created.body.id}`)
      .set('Authorization', ent.auth)
      .send({ budgetMax: 500, version: edited.body.version + 1 })
      .expect(409);
    expect(locked.body.code).toBe('NOT_EDITABLE');
  });

  it('filters, sorts and paginates the staff listing', async () => {
    const ent = await registerEnterprise(t.http);
    for (const [i, title] of ['氢燃料电池双极板涂层', '车规级功率模块封装散热', '柔性OLED薄膜封装'].entries()) {
      const d = await t.http
        .post('/demands')
        .set('Authorization', ent.auth)
        .send(demandBody([chains[5 + i]], { title, kind: i === 0 ? 'major' : 'chain' }))
        .expect(201);
      await t.http.post(`/demands/${d.body.id}/submit`).set('Authorization', ent.auth).expect(200);
    }
    const byChain = await t.http.get('/demands').query({ chain: chains[6] }).set('Authorization', manager).expect(200);
    expect(byChain.body.items.map((d: { title: string }) => d.title)).toEqual(['车规级功率模块封装散热']);
    const byKind = await t.http
      .get('/demands')
      .query({ kind: 'chain', ownerOrganisationId: ent.organisationId, sort: 'title', order: 'asc' })
      .set('Authorization', manager)
      .expect(200);
    expect(byKind.body.total).toBe(2);
    const byText = await t.http.get('/demands').query({ q: 'OLED', status: 'submitted' }).set('Authorization', manager);
    expect(byText.body.items).toHaveLength(1);
    const page = await t.http
      .get('/demands')
      .query({ ownerOrganisationId: ent.organisationId, pageSize: 2, page: 2 })
      .set('Authorization', manager)
      .expect(200);
    expect(page.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page.body.items).toHaveLength(1);
    const thisYear = new Date().getFullYear();
    const byYear = await t.http
      .get('/demands')
      .query({ year: thisYear - 1, ownerOrganisationId: ent.organisationId })
      .set('Authorization', manager);
    expect(byYear.body.total).toBe(0);
  });

  it('shows an institution its 一校一档 profile', async () => {
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '昆山某研究院', contactName: '赵老师' })
      .expect(201);
    await t.http
      .post('/users')
      .set('Authorization', manager)
      .send({
        email: 'uni@example.edu.cn',
        password: 'Campus2026',
        name: '赵老师',
        role: 'university',
        organisationId: uni.body.id,
      })
      .expect(201);
    // the password the manager chose is temporary: the teacher sets their own at the first sign-in
    const first = await login(t.http, 'uni@example.edu.cn', 'Campus2026');
    await t.http.get(`/organisations/${uni.body.id}/profile`).set('Authorization', first).expect(403);
    const changed = await t.http
      .post('/auth/password')
      .set('Authorization', first)
      .send({ currentPassword: 'Campus2026', newPassword: 'Kunshan2027' })
      .expect(200);
    const uniUser = `Bearer ${changed.body.accessToken}`;
    const ach = await t.http
      .post('/achievements')
      .set('Authorization', uniUser)
      .send(achievementBody(uni.body.id, [chains[2]], { title: '高通量微流控芯片快速检测平台' }))
      .expect(201);
    const profile = await t.http.get(`/organisations/${uni.body.id}/profile`).set('Authorization', uniUser).expect(200);
    expect(profile.body.organisation.name).toBe('昆山某研究院');
    expect(profile.body.achievements.map((a: { id: string }) => a.id)).toEqual([ach.body.id]);
    expect(profile.body.contacts.map((c: { email: string }) => c.email)).toEqual(['uni@example.edu.cn']);
    expect(profile.body.activity.map((e: { type: string }) => e.type)).toContain('achievement.created');

    // the university may not publish by itself, nor see another institution's profile
    await t.http.post(`/achievements/${ach.body.id}/publish`).set('Authorization', uniUser).expect(403);
    const ent = await registerEnterprise(t.http);
    await t.http.get(`/organisations/${uni.body.id}/profile`).set('Authorization', ent.auth).expect(404);
  });
  it('refuses a demand deadline in the past, on create and on update, yet keeps a passed deadline editable', async () => {
    const ent = await registerEnterprise(t.http);
    const past = await t.http
      .post('/demands')
      .set('Authorization', ent.auth)
      .send(demandBody([chains[2]], { deadline: '2020-01-01' }))
      .expect(400);
    expect(past.body.code).toBe('VALIDATION_FAILED');
    expect(past.body.details).toEqual([expect.objectContaining({ field: 'deadline', reason: '不能早于今天' })]);

    const created = await t.http
      .post('/demands')
      .set('Authorization', ent.auth)
      .send(demandBody([chains[2]]))
      .expect(201);
    const moved = await t.http
      .patch(`/demands/${created.body.id}`)
      .set('Authorization', ent.auth)
      .send({ deadline: '2020-01-01', version: created.body.version })
      .expect(400);
    expect(moved.body.details).toEqual([expect.objectContaining({ field: 'deadline', reason: '不能早于今天' })]);
    const db = t.app.get(DataSource);
    expect((await db.query(`SELECT deadline::text FROM demands WHERE id = $1`, [created.body.id]))[0].deadline).toBe(
      '2027-06-30',
    );

    // a demand whose deadline has since passed: an edit that sends the stored deadline back still goes through
    await db.query(`UPDATE demands SET deadline = '2025-03-31' WHERE id = $1`, [created.body.id]);
    const kept = await t.http
      .patch(`/demands/${created.body.id}`)
      .set('Authorization', ent.auth)
      .send({ deadline: '2025-03-31', budgetMax: 260, version: created.body.version })
      .expect(200);
    expect(kept.body).toMatchObject({ deadline: '2025-03-31', budgetMax: 260 });
    await t.http
      .patch(`/demands/${created.body.id}`)
      .set('Authorization', ent.auth)
      .send({ deadline: '2025-04-30', version: kept.body.version })
      .expect(400);
    const extended = await t.http
      .patch(`/demands/${created.body.id}`)
      .set('Authorization', ent.auth)
      .send({ deadline: '2028-12-31', version: kept.body.version })
      .expect(200);
    expect(extended.body.deadline).toBe('2028-12-31');
    // an edit form that sends every field back: an empty deadline is null, and clears it
    const cleared = await t.http
      .patch(`/demands/${created.body.id}`)
      .set('Authorization', ent.auth)
      .send({ deadline: null, version: extended.body.version })
      .expect(200);
    expect(cleared.body.deadline).toBeNull();
  });
});
