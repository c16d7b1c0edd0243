import { DEMO_PASSWORD } from '@app/registry';

import { buildConsoleOnce } from './browser/harness';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

/**
 * The console beside the API in one process: its pages for browsers, the API unchanged for API clients, and the
 * browser session (httpOnly cookie + double-submit CSRF token) next to Bearer tokens.
 */
describe('console serving and browser sessions (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    buildConsoleOnce();
    t = await createTestApp();
  }, 180000);

  afterAll(async () => {
    await t?.close();
  });

  const cookiesOf = (res: { headers: Record<string, unknown> }) => (res.headers['set-cookie'] as string[]) ?? [];

  async function browserSession(email = TEST_ADMIN.email, password = TEST_ADMIN.password) {
    const res = await t.http.post('/auth/session').send({ email, password }).expect(200);
    const cookies = cookiesOf(res);
    const session = cookies.find((c) => c.startsWith('zcz_session='))!;
    const csrf = cookies.find((c) => c.startsWith('zcz_csrf='))!;
    return {
      res,
      session,
      csrf,
      cookie: [session, csrf].map((c) => c.split(';')[0]).join('; '),
      token: csrf.split(';')[0].split('=')[1],
    };
  }

  it('serves the console to browsers at / and on its own paths (history fallback), with hashed assets', async () => {
    const home = await t.http.get('/').set('Accept', 'text/html,application/xhtml+xml').expect(200);
    expect(home.headers['content-type']).toMatch(/text\/html/);
    expect(home.text).toContain('<div id="root"></div>');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(home.text)![1];
    const asset = await t.http.get(script).expect(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toMatch(/immutable/);
    // No inline script in the page: a strict script-src 'self' CSP holds.
    expect(home.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    for (const path of [
      '/hall?q=%E6%91%86%E7%BA%BF%E8%BD%AE',
      '/library/abc',
      '/login',
      '/workspace/users',
      '/no-such-page',
    ]) {
      const res = await t.http.get(path).set('Accept', 'text/html').expect(200);
      expect(res.text).toContain('<div id="root"></div>');
    }
  });

  it('keeps every API route, /docs, /health and the JSON 404 exactly as before for API clients', async () => {
    const unknown = await t.http.get('/no-such-page').expect(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, code: 'ROUTE_NOT_FOUND' });
    // An API path asked for by a browser is still the API (JSON), never the console.
    const demands = await t.http.get('/demands').set('Accept', 'text/html').expect(401);
    expect(demands.body.code).toBe('UNAUTHENTICATED');
    const unknownApi = await t.http.get('/demands/x/y/z').set('Accept', 'text/html').expect(404);
    expect(unknownApi.body.code).toBe('ROUTE_NOT_FOUND');
    await t.http.get('/health').expect(200);
    const docs = await t.http.get('/docs').set('Accept', 'text/html').redirects(1).expect(200);
    expect(docs.text).toContain('swagger');
    await t.http.get('/assets/missing.js').expect(404);
    await t.http.post('/').set('Accept', 'text/html').expect(404);
  });

  it('signs a browser in with an httpOnly SameSite cookie and a readable CSRF cookie, not a token in the body', async () => {
    const { res, session, csrf } = await browserSession();
    expect(res.body.user.email).toBe(TEST_ADMIN.email);
    expect(res.body).not.toHaveProperty('accessToken');
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).toMatch(/Path=\//);
    expect(csrf).not.toMatch(/HttpOnly/);
  });

  it('reads the session cookie on GET /auth/me and refuses cookie-authenticated writes without the CSRF header', async () => {
    const { cookie, token } = await browserSession();
    const me = await t.http.get('/auth/me').set('Cookie', cookie).expect(200);
    expect(me.body.role).toBe('admin');
    const body = { kind: 'university', name: '会话测试大学' };
    const refused = await t.http.post('/organisations').set('Cookie', cookie).send(body).expect(403);
    expect(refused.body.code).toBe('CSRF_TOKEN_INVALID');
    await t.http
      .post('/organisations')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', 'x'.repeat(32))
      .send(body)
      .expect(403);
    await t.http.post('/organisations').set('Cookie', cookie).set('X-CSRF-Token', token).send(body).expect(201);
    // Bearer clients are unaffected (no CSRF header needed).
    const bearer = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    await t.http
      .post('/organisations')
      .set('Authorization', bearer)
      .send({ kind: 'university', name: '令牌测试大学' })
      .expect(201);
  });

  it('treats an expired or forged cookie as a visitor on public pages and as 401 elsewhere', async () => {
    const forged = 'zcz_session=not-a-token';
    await t.http.get('/public/summary').set('Cookie', forged).expect(200);
    const me = await t.http.get('/auth/me').set('Cookie', forged).expect(401);
    expect(me.body.code).toBe('UNAUTHENTICATED');
  });

  it('signs out by clearing both cookies', async () => {
    const { cookie, token } = await browserSession();
    const res = await t.http.delete('/auth/session').set('Cookie', cookie).set('X-CSRF-Token', token).expect(204);
    const cleared = cookiesOf(res);
    expect(cleared.find((c) => c.startsWith('zcz_session='))).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(cleared.find((c) => c.startsWith('zcz_csrf='))).toMatch(/Expires=Thu, 01 Jan 1970/);
  });

  it('reports validation problems of the sign-in by field', async () => {
    const res = await t.http.post('/auth/session').send({ email: 'not-an-email', password: '' }).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'password']);
    await t.http.post('/auth/session').send({ email: 'manager@zcz.local', password: DEMO_PASSWORD }).expect(401);
  });

  it('publishes the portal figures without a login', async () => {
    const res = await t.http.get('/public/summary').expect(200);
    expect(res.body).toMatchObject({
      publishedDemands: 0,
      publishedAchievements: 0,
      preciseMatches: { actual: 0, target: 1000 },
      activitiesHeld: { actual: 0, target: 300 },
    });
    expect(res.body.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
