import { createHmac } from 'node:crypto';

import { AppConfig } from '@app/config';

import { chainIds, demandBody, registerEnterprise } from './factories/registry.factory';
import { binaryBody, createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

/**
 * Login limits, token rules, input hardening at the boundary and response headers, on the real API. The login
 * window here is short (LOGIN_LOCKOUT_SECONDS=2) so that the test sees a lockout expire; /docs is off.
 */
describe('security hardening (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let ent: Awaited<ReturnType<typeof registerEnterprise>>;
  const saved: Record<string, string | undefined> = {};
  const env = {
    LOGIN_MAX_FAILURES: '3',
    LOGIN_MAX_FAILURES_PER_ADDRESS: '8',
    LOGIN_WINDOW_SECONDS: '60',
    LOGIN_LOCKOUT_SECONDS: '2',
    DOCS_ENABLED: 'false',
  };

  beforeAll(async () => {
    for (const [k, v] of Object.entries(env)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    t = await createTestApp();
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    ent = await registerEnterprise(t.http);
  });

  afterAll(async () => {
    await t?.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  const wrong = (email: string, ip = '203.0.113.7') =>
    t.http.post('/auth/login').set('X-Forwarded-For', ip).send({ email, password: 'wrong-password-1' });

  it('locks an account after repeated failures with 429, a Chinese message and Retry-After, then lets it in', async () => {
    for (let i = 0; i < 3; i++) expect((await wrong(ent.email)).status).toBe(401);
    const locked = await t.http.post('/auth/login').send({ email: ent.email, password: 'Kunshan2026' }).expect(429);
    expect(locked.body).toMatchObject({ code: 'LOGIN_LOCKED', details: { scope: 'account' } });
    expect(locked.body.message).toMatch(/登录失败次数过多.*请于 \d+ 秒后（北京时间 \d\d:\d\d 之后）再试/);
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    // an unknown e-mail is locked the same way: the lock says nothing about existence
    for (let i = 0; i < 3; i++) expect((await wrong('nobody@example.com', '203.0.113.8')).status).toBe(401);
    expect((await wrong('nobody@example.com', '203.0.113.8')).body.code).toBe('LOGIN_LOCKED');

    await new Promise((r) => setTimeout(r, (retryAfter + 0.3) * 1000));
    const ok = await t.http.post('/auth/login').send({ email: ent.email, password: 'Kunshan2026' }).expect(200);
    expect(ok.body.accessToken).toEqual(expect.any(String));
  });

  it('limits failures per client address across accounts', async () => {
    // TRUST_PROXY is unset: X-Forwarded-For is ignored, every request here comes from the loopback address
    const ip = '198.51.100.1';
    let status = 0;
    let n = 0;
    for (; n < 12 && status !== 429; n++) status = (await wrong(`probe${n}@example.com`, ip)).status;
    expect(status).toBe(429);
    const res = await t.http.post('/auth/login').send({ email: TEST_ADMIN.email, password: TEST_ADMIN.password });
    expect(res.status).toBe(429);
    expect(res.body.details.scope).toBe('address');
    expect(res.headers['retry-after']).toBeDefined();
    await new Promise((r) => setTimeout(r, 2300));
    await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
  });

  it('refuses tokens without exp and treats a bad token on a public endpoint as anonymous', async () => {
    const secret = t.app.get(AppConfig).jwtSecret!;
    const sign = (payload: object) => {
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}`;
      return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
    };
    const me = await t.http.get('/auth/me').set('Authorization', ent.auth).expect(200);
    const claims = { sub: me.body.id, role: 'enterprise', org: ent.organisationId };
    const noExp = sign(claims);
    const valid = sign({ ...claims, exp: Math.floor(Date.now() / 1000) + 600 });
    await t.http.get('/auth/me').set('Authorization', `Bearer ${valid}`).expect(200); // the signer is right
    expect(JSON.parse(Buffer.from(noExp.split('.')[1], 'base64url').toString())).not.toHaveProperty('exp');
    expect((await t.http.get('/auth/me').set('Authorization', `Bearer ${noExp}`).expect(401)).body.code).toBe(
      'UNAUTHENTICATED',
    );
    const expired = sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 });
    await t.http.get('/auth/me').set('Authorization', `Bearer ${expired}`).expect(401);
    // public listing: a stale, forged or exp-less token is ignored, not a 401
    for (const token of [expired, noExp, 'eyJhbGciOiJub25lIn0.e30.']) {
      await t.http.get('/public/demands').set('Authorization', `Bearer ${token}`).expect(200);
    }
    await t.http
      .get('/health')
      .set('Authorization', 'Bearer garbage')
      .expect((r) => expect(r.status).not.toBe(401));
  });

  it('refuses deep JSON, NUL bytes and lone surrogates with 400 naming the field', async () => {
    const deep = '{"a":'.repeat(5000) + '"底"' + '}'.repeat(5000);
    const anonymous = await t.http
      .post('/auth/login')
      .set('Content-Type', 'application/json')
      .send(`{"email":"a@b.cn","password":"x","extra":${deep}}`)
      .expect(400);
    expect(anonymous.body).toMatchObject({ code: 'JSON_TOO_DEEP', details: { maxDepth: 32 } });
    expect(anonymous.body.message).toMatch(/嵌套层数/);
    const arrays = await t.http
      .post('/demands')
      .set('Authorization', ent.auth)
      .set('Content-Type', 'application/json')
      .send('['.repeat(100000) + ']'.repeat(100000))
      .expect(400);
    expect(arrays.body.code).toBe('JSON_TOO_DEEP');

    const chains = await chainIds(t.http);
    const nul = await t.http
      .post('/demands')
      .set('Authorization', ent.auth)
      .send(demandBody([chains[0]], { title: '含有\u0000的需求标题' }))
      .expect(400);
    expect(nul.body).toMatchObject({ code: 'INVALID_TEXT', details: [{ field: 'title' }] });
    const surrogate = await t.http
      .post('/auth/register')
      .set('Content-Type', 'application/json')
      .send(
        '{"email":"li\\ud800@example.com","password":"Kunshan2026","name":"李明","organisation":{"name":"代理字符公司"}}',
      )
      .expect(400);
    expect(surrogate.body).toMatchObject({ code: 'INVALID_TEXT', details: [{ field: 'email' }] });
    const nested = await t.http
      .post('/auth/register')
      .send({ email: 'zhang@example.com', password: 'Kunshan2026', name: '张三', organisation: { name: '公司\u0000' } })
      .expect(400);
    expect(nested.body.details[0].field).toBe('organisation.name');
    const query = await t.http.get('/public/demands?q=%00').expect(400);
    expect(query.body).toMatchObject({ code: 'INVALID_TEXT', details: [{ field: 'query.q' }] });
    await t.http.get('/public/demands').query({ q: '谐波减速器' }).expect(200);
    const path = await t.http.get('/indicators/key%00labs/records').set('Authorization', admin).expect(400);
    expect(path.body.code).toBe('INVALID_TEXT');
  });

  it('refuses null for a NOT NULL field of any DTO, and answers unknown database errors without internals', async () => {
    const org = await t.http
      .patch(`/organisations/${ent.organisationId}`)
      .set('Authorization', ent.auth)
      .send({ intro: null, version: 1 });
    expect(org.status).toBe(400);
    expect(org.body.details).toEqual([
      expect.objectContaining({ field: 'intro', reason: '不能为 null（该字段不可清空）' }),
    ]);
    const nested = await t.http
      .post('/auth/register')
      .send({ email: 'wang@example.com', password: 'Kunshan2026', name: '王五', organisation: { name: null } })
      .expect(400);
    expect(nested.body.details.map((d: { field: string }) => d.field)).toContain('organisation.name');
    const cleared = await t.http
      .patch(`/organisations/${ent.organisationId}`)
      .set('Authorization', ent.auth)
      .send({ website: null, version: 1 });
    expect(cleared.status).toBe(200);
    expect(cleared.body.website).toBeNull();
  });

  it('sends security headers and serves no /docs when DOCS_ENABLED=false', async () => {
    const res = await t.http.get('/public/demands').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
    await t.http.get('/docs').expect(404);
    await t.http.get('/docs/openapi.json').expect(404);
  });

  it('serves an uploaded HTML or SVG file as an attachment, never as a page', async () => {
    const report = await t.http
      .post('/indicators/key_labs/reports')
      .set('Authorization', admin)
      .send({ year: 2026, value: 1, asOf: '2026-09-30', evidence: '省科技厅认定文件' })
      .expect(201);
    for (const [name, type, body] of [
      ['认定文件.html', 'text/html', '<script>alert(document.cookie)</script>'],
      ['徽标.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
    ]) {
      const attached = await t.http
        .post(`/indicator-reports/${report.body.id}/evidence`)
        .set('Authorization', admin)
        .attach('file', Buffer.from(body), { filename: name, contentType: type })
        .expect(200);
      const url = attached.body.evidenceUrl as string;
      const file = await t.http.get(url).set('Authorization', admin).buffer(true).parse(binaryBody).expect(200);
      expect(file.headers['content-type']).toBe('application/octet-stream');
      expect(file.headers['content-disposition']).toMatch(/^attachment;/);
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      expect(file.headers['content-security-policy']).toContain('sandbox');
      expect((file.body as Buffer).toString()).toBe(body);
    }
  });

  it('counts wrong current passwords on 修改密码 like failed logins: a stolen session cannot guess the password', async () => {
    const victim = await registerEnterprise(t.http, '昆山玉峰精密模具有限公司');
    const change = (currentPassword: string) =>
      t.http
        .post('/auth/password')
        .set('Authorization', victim.auth)
        .send({ currentPassword, newPassword: 'Yushan2027x' });
    for (let i = 0; i < 3; i++) {
      const res = await change(`guess-${i}-2026`);
      expect(res.status).toBe(400);
      expect(res.body.details[0]).toMatchObject({ field: 'currentPassword' });
    }
    const locked = await change('Kunshan2026').expect(429);
    expect(locked.body).toMatchObject({ code: 'LOGIN_LOCKED', details: { scope: 'account' } });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // the login form is locked for that account too
    await t.http.post('/auth/login').send({ email: victim.email, password: 'Kunshan2026' }).expect(429);
    await new Promise((r) => setTimeout(r, 2300));
    await change('Kunshan2026').expect(200);
  });
});
