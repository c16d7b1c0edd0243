import { achievementBody, chainIds, demandBody, registerEnterprise } from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

/** Bad input gets a clear 4xx with field and reason, in the one error body, and nothing stored changes. */
describe('bad input (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let chains: string[];
  let ent: Awaited<ReturnType<typeof registerEnterprise>>;
  let demand: { id: string; version: number; title: string };

  const snapshot = async () =>
    (await t.http.get(`/demands/${demand.id}`).set('Authorization', ent.auth).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    chains = await chainIds(t.http);
    ent = await registerEnterprise(t.http);
    demand = (
      await t.http
        .post('/demands')
        .set('Authorization', ent.auth)
        .send(demandBody([chains[0]]))
        .expect(201)
    ).body;
  });

  afterAll(async () => {
    await t?.close();
  });

  function expectErrorBody(body: Record<string, unknown>, status: number, code: string) {
    expect(body).toMatchObject({ statusCode: status, code });
    expect(typeof body.message).toBe('string');
    expect(body.message).toMatch(/[\u4e00-\u9fa5]/); // Chinese message for people
    expect(body.path).toEqual(expect.any(String));
    expect(body.timestamp).toEqual(expect.any(String));
    expect(body.requestId).toEqual(expect.any(String));
  }

  it('rejects malformed JSON', async () => {
    const before = await snapshot();
    const res = await t.http
      .patch(`/demands/${demand.id}`)
      .set('Authorization', ent.auth)
      .set('Content-Type', 'application/json')
      .send('{"title": "半截的 JSON", ')
      .expect(400);
    expectErrorBody(res.body, 400, 'MALFORMED_JSON');
    expect(await snapshot()).toEqual(before);
  });

  it('names each wrong field and its reason', async () => {
    const res = await t.http
      .post('/demands')
      .set('Authorization', ent.auth)
      .send(
        demandBody([chains[0]], {
          title: 12345,
          kind: '超大需求',
          budgetMin: '很多',
          industryChainIds: ['not-a-uuid'],
        }),
      )
      .expect(400);
    expectErrorBody(res.body, 400, 'VALIDATION_FAILED');
    const fields = (res.body.details as Array<{ field: string; reason: string }>).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['title', 'kind', 'budgetMin', 'industryChainIds']));
    const kind = res.body.details.find((d: { field: string }) => d.field === 'kind');
    expect(kind.reason).toBe('取值不在允许范围内');
  });

  it('refuses unknown fields instead of silently dropping them', async () => {
    const before = await snapshot();
    const res = await t.http
      .patch(`/demands/${demand.id}`)
      .set('Authorization', ent.auth)
      .send({
        title: '新的标题内容',
        status: 'published',
        ownerOrganisationId: ent.organisationId,
        version: demand.version,
      })
      .expect(400);
    const unknown = res.body.details.filter((d: { reason: string }) => d.reason === '不允许的字段');
    expect(unknown.map((d: { field: string }) => d.field).sort()).toEqual(['ownerOrganisationId', 'status']);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses null for a required field but lets null clear an optional one', async () => {
    const before = await snapshot();
    const res = await t.http
      .patch(`/demands/${demand.id}`)
      .set('Authorization', ent.auth)
      .send({ title: null, keywords: null, version: demand.version })
      .expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['keywords', 'title']);
    expect(await snapshot()).toEqual(before);
    const cleared = await t.http
      .patch(`/demands/${demand.id}`)
      .set('Authorization', ent.auth)
      .send({ contactEmail: null, version: demand.version })
      .expect(200);
    expect(cleared.body.contactEmail).toBeNull();
    demand = cleared.body;
  });

  it('refuses oversized strings and oversized bodies', async () => {
    const before = await snapshot();
    const long = await t.http
      .patch(`/demands/${demand.id}`)
      .set('Authorization', ent.auth)
      .send({ title: '长'.repeat(500), version: demand.version })
      .expect(400);
    expect(long.body.details[0]).toMatchObject({ field: 'title', reason: '长度超出上限' });
    const huge = await t.http
      .patch(`/demands/${demand.id}`)
      .set('Authorization', ent.auth)
      .send({ description: '大'.repeat(1_000_000), version: demand.version })
      .expect(413);
    expectErrorBody(huge.body, 413, 'PAYLOAD_TOO_LARGE');
    expect(await snapshot()).toEqual(before);
  });

  it('stores SQL and HTML injection text verbatim and harmlessly', async () => {
    const sql = "'; DROP TABLE demands; -- 需求";
    const html = '<script>alert("xss")</script><img src=x onerror=alert(1)>';
    const res = await t.http
      .post('/demands')
      .set('Authorization', ent.auth)
      .send(demandBody([chains[0]], { title: sql, description: `${html}${'测试内容'.repeat(10)}` }))
      .expect(201);
    expect(res.body.title).toBe(sql);
    expect(res.body.description.startsWith(html)).toBe(true);
    expect(res.headers['content-type']).toContain('application/json');
    const search = await t.http.get('/demands').query({ q: "%' OR '1'='1" }).set('Authorization', ent.auth).expect(200);
    expect(search.body.total).toBe(0);
    const wildcard = await t.http.get('/demands').query({ q: '%' }).set('Authorization', ent.auth).expect(200);
    expect(wildcard.body.total).toBe(0); // % is a literal, not a wildcard
    const all = await t.http.get('/demands').set('Authorization', ent.auth).expect(200);
    expect(all.body.total).toBe(2);
  });

  it('refuses forged ids: unknown chains, wrong organisation kinds, malformed uuids', async () => {
    const chain = await t.http
      .post('/demands')
      .set('Authorization', ent.auth)
      .send(demandBody(['00000000-0000-4000-8000-000000000000']))
      .expect(400);
    expect(chain.body.code).toBe('UNKNOWN_INDUSTRY_CHAIN');
    expect(chain.body.details[0].field).toBe('industryChainIds');

    // an achievement cannot be held by an enterprise
    const wrongKind = await t.http
      .post('/achievements')
      .set('Authorization', admin)
      .send(achievementBody(ent.organisationId, [chains[0]]))
      .expect(400);
    expect(wrongKind.body).toMatchObject({ code: 'INVALID_ORGANISATION', details: [{ field: 'institutionId' }] });

    const badId = await t.http.get('/demands/1%20OR%201=1').set('Authorization', ent.auth).expect(400);
    expect(badId.body.code).toBe('VALIDATION_FAILED');
    const missing = await t.http
      .get('/demands/7d9e2a5c-1111-4222-8333-444455556666')
      .set('Authorization', ent.auth)
      .expect(404);
    expectErrorBody(missing.body, 404, 'NOT_FOUND');
  });

  it('answers unauthenticated, wrong-role and unknown-route calls in the same body', async () => {
    const anon = await t.http
      .post('/demands')
      .send(demandBody([chains[0]]))
      .expect(401);
    expectErrorBody(anon.body, 401, 'UNAUTHENTICATED');
    const forgedToken = await t.http
      .get('/demands')
      .set('Authorization', 'Bearer eyJhbGciOiJub25lIn0.e30.')
      .expect(401);
    expect(forgedToken.body.code).toBe('UNAUTHENTICATED');
    const role = await t.http.get('/events').set('Authorization', ent.auth).expect(403);
    expectErrorBody(role.body, 403, 'FORBIDDEN');
    const route = await t.http.get('/no-such-thing').expect(404);
    expect(route.body.code).toBe('ROUTE_NOT_FOUND');
    const login = await t.http.post('/auth/login').send({ email: ent.email, password: 'wrong-password-1' }).expect(401);
    expect(login.body).toMatchObject({ code: 'INVALID_CREDENTIALS', message: '邮箱或密码错误' });
  });

  it('refuses an inverted budget range and a duplicate registration', async () => {
    const budget = await t.http
      .post('/demands')
      .set('Authorization', ent.auth)
      .send(demandBody([chains[0]], { budgetMin: 500, budgetMax: 100 }))
      .expect(400);
    expect(budget.body.details[0]).toMatchObject({ field: 'budgetMin', reason: '预算下限不能高于上限' });
    const dup = await t.http
      .post('/auth/register')
      .send({ email: ent.email, password: 'Kunshan2026', name: '重复', organisation: { name: '另一家企业' } })
      .expect(409);
    expect(dup.body.code).toBe('EMAIL_TAKEN');
    const orgs = await t.http.get('/organisations').query({ q: '另一家企业' }).set('Authorization', admin).expect(200);
    expect(orgs.body.total).toBe(0); // the organisation of the refused registration was rolled back
  });
});
