import { DataSource } from 'typeorm';

import { createManager, registerEnterprise } from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

/**
 * A password from an administrator's reset, or the one chosen by whoever created the account, is temporary: signing in with it works, but until the person sets their
 * own the token reads only the session and changes the password; every other endpoint answers 403
 * PASSWORD_CHANGE_REQUIRED. After TEMPORARY_PASSWORD_HOURS (72 h) the temporary password no longer signs in.
 */
describe('temporary passwords (e2e)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
  }, 120000);

  afterAll(async () => {
    await t?.close();
  });

  async function organiserWithReset(email: string) {
    const created = await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({ email, password: 'Organiser2026', name: '王组织', role: 'organizer', temporaryPassword: false })
      .expect(201);
    expect(created.body.mustChangePassword).toBe(false);
    const reset = await t.http.post(`/users/${created.body.id}/password-reset`).set('Authorization', admin).expect(200);
    expect(reset.body.user.mustChangePassword).toBe(true);
    return { id: created.body.id as string, temporary: reset.body.temporaryPassword as string };
  }

  it('reset → login → 403 elsewhere → change → works', async () => {
    const { id, temporary } = await organiserWithReset('organiser@example.com');

    const session = await t.http
      .post('/auth/login')
      .send({ email: 'organiser@example.com', password: temporary })
      .expect(200);
    expect(session.body.user.mustChangePassword).toBe(true);
    const token = `Bearer ${session.body.accessToken}`;

    const me = await t.http.get('/auth/me').set('Authorization', token).expect(200);
    expect(me.body).toMatchObject({ id, mustChangePassword: true });
    expect(me.body.passwordTemporarySince).toEqual(expect.any(String));

    // every other authenticated endpoint, reads and writes alike
    for (const [method, path] of [
      ['get', '/activities'],
      ['get', '/notifications'],
      ['post', '/activities'],
    ] as const) {
      const res = await t.http[method](path).set('Authorization', token).send({}).expect(403);
      expect(res.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
      expect(res.body.message).toContain('请先修改临时密码');
    }
    // a public page reads such a token as a visitor's (no 403, nothing more than anyone sees)
    await t.http.get('/public/summary').set('Authorization', token).expect(200);

    // the change: a wrong or unchanged password is refused by field as always
    const same = await t.http
      .post('/auth/password')
      .set('Authorization', token)
      .send({ currentPassword: temporary, newPassword: temporary })
      .expect(400);
    expect(JSON.stringify(same.body)).toContain('新密码不能与当前密码相同');
    const changed = await t.http
      .post('/auth/password')
      .set('Authorization', token)
      .send({ currentPassword: temporary, newPassword: '组织方Kunshan2027' })
      .expect(200);
    expect(changed.body.user).toMatchObject({ mustChangePassword: false, passwordTemporarySince: null });
    const fresh = `Bearer ${changed.body.accessToken}`;
    await t.http.get('/activities').set('Authorization', fresh).expect(200);
    await t.http.get('/auth/me').set('Authorization', token).expect(401); // the temporary session ended

    // the own password signs in normally; the temporary one no longer does
    await t.http.post('/auth/login').send({ email: 'organiser@example.com', password: temporary }).expect(401);
    const again = await t.http
      .post('/auth/login')
      .send({ email: 'organiser@example.com', password: '组织方Kunshan2027' })
      .expect(200);
    expect(again.body.user.mustChangePassword).toBe(false);
    await t.http.get('/activities').set('Authorization', `Bearer ${again.body.accessToken}`).expect(200);
  });

  it('holds for browser sessions too: the cookie reads /auth/me and changes the password, nothing else', async () => {
    const { temporary } = await organiserWithReset('cookie@example.com');
    const res = await t.http
      .post('/auth/session')
      .send({ email: 'cookie@example.com', password: temporary })
      .expect(200);
    expect(res.body.user.mustChangePassword).toBe(true);
    const cookies = (res.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]);
    const cookie = cookies.join('; ');
    const csrf = cookies.find((c) => c.startsWith('zcz_csrf='))!.split('=')[1];
    await t.http.get('/auth/me').set('Cookie', cookie).expect(200);
    const refused = await t.http.get('/activities').set('Cookie', cookie).expect(403);
    expect(refused.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    await t.http
      .post('/auth/password')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', csrf)
      .send({ currentPassword: temporary, newPassword: 'Cookie2027ok' })
      .expect(200);
    await t.http.delete('/auth/session').set('Cookie', cookie).expect(204);
  });

  it('refuses a temporary password after 72 hours with a clear message, and its earlier token as well', async () => {
    const { id, temporary } = await organiserWithReset('late@example.com');
    const token = await login(t.http, 'late@example.com', temporary);
    await t.app
      .get(DataSource)
      .query(`UPDATE users SET password_temporary_since = now() - interval '73 hours' WHERE id = $1`, [id]);

    const late = await t.http.post('/auth/login').send({ email: 'late@example.com', password: temporary }).expect(401);
    expect(late.body.code).toBe('TEMPORARY_PASSWORD_EXPIRED');
    expect(late.body.message).toBe('临时密码已超过 72 小时有效期，请联系管理员重新重置密码');
    const stale = await t.http.get('/auth/me').set('Authorization', token).expect(401);
    expect(stale.body.code).toBe('TEMPORARY_PASSWORD_EXPIRED');

    // a new reset issues a new temporary password with a new validity
    const reset = await t.http.post(`/users/${id}/password-reset`).set('Authorization', admin).expect(200);
    await login(t.http, 'late@example.com', reset.body.temporaryPassword);
  });

  it('makes the password an administrator chooses at creation temporary: first sign-in changes it', async () => {
    const created = await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({ email: 'chosen@example.com', password: 'Chosen2026', name: '陈选定', role: 'organizer' })
      .expect(201);
    expect(created.body).toMatchObject({ mustChangePassword: true, passwordTemporarySince: expect.any(String) });

    const token = await login(t.http, 'chosen@example.com', 'Chosen2026');
    const me = await t.http.get('/auth/me').set('Authorization', token).expect(200);
    expect(me.body).toMatchObject({ mustChangePassword: true, temporaryPasswordHours: 72 });
    const refused = await t.http.get('/activities').set('Authorization', token).expect(403);
    expect(refused.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = await t.http
      .post('/auth/password')
      .set('Authorization', token)
      .send({ currentPassword: 'Chosen2026', newPassword: '自己的Kunshan2027' })
      .expect(200);
    expect(changed.body.user.mustChangePassword).toBe(false);
    await t.http.get('/activities').set('Authorization', `Bearer ${changed.body.accessToken}`).expect(200);
  });

  it('expires an unchanged creation password after 72 hours, like a reset one', async () => {
    const created = await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({ email: 'never-used@example.com', password: 'Chosen2026', name: '周未登', role: 'organizer' })
      .expect(201);
    await t.app
      .get(DataSource)
      .query(`UPDATE users SET password_temporary_since = now() - interval '73 hours' WHERE id = $1`, [
        created.body.id,
      ]);
    const late = await t.http
      .post('/auth/login')
      .send({ email: 'never-used@example.com', password: 'Chosen2026' })
      .expect(401);
    expect(late.body.code).toBe('TEMPORARY_PASSWORD_EXPIRED');
  });

  it('makes a manager-created password temporary and refuses a manager the opt-out', async () => {
    const manager = await createManager(t.http, admin, 'temp-manager@example.com');
    const created = await t.http
      .post('/users')
      .set('Authorization', manager)
      .send({ email: 'by-manager@example.com', password: 'Manager2026x', name: '吴转交', role: 'organizer' })
      .expect(201);
    expect(created.body.mustChangePassword).toBe(true);
    const optOut = await t.http
      .post('/users')
      .set('Authorization', manager)
      .send({
        email: 'by-manager-2@example.com',
        password: 'Manager2026x',
        name: '吴转交',
        role: 'organizer',
        temporaryPassword: false,
      })
      .expect(403);
    expect(optOut.body.message).toBe('只有管理员可以设置无需修改的初始密码');
    await t.http.post('/auth/login').send({ email: 'by-manager-2@example.com', password: 'Manager2026x' }).expect(401);
  });

  it('leaves accounts with their own password alone (an administrator’s audited opt-out, self-registration, the seeded admin)', async () => {
    const created = await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({
        email: 'own@example.com',
        password: 'OwnPassword2026',
        name: '李自设',
        role: 'organizer',
        temporaryPassword: false,
      })
      .expect(201);
    expect(created.body.mustChangePassword).toBe(false);
    const own = await login(t.http, 'own@example.com', 'OwnPassword2026');
    await t.http.get('/activities').set('Authorization', own).expect(200);
    // the opt-out is in the audit log: the creation event says the password need not be changed
    const audit = await t.http
      .get('/events')
      .query({ type: 'user.created', entityId: created.body.id })
      .set('Authorization', admin)
      .expect(200);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0].after).toMatchObject({ mustChangePassword: false, passwordTemporarySince: null });

    const registered = await registerEnterprise(t.http);
    const mine = await t.http.get('/auth/me').set('Authorization', registered.auth).expect(200);
    expect(mine.body.mustChangePassword).toBe(false);
    await t.http.get('/demands').set('Authorization', registered.auth).expect(200);

    const me = await t.http.get('/auth/me').set('Authorization', admin).expect(200);
    expect(me.body.mustChangePassword).toBe(false);
  });

  it('refuses a temporaryPassword that is not a boolean, naming the field', async () => {
    const res = await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({
        email: 'bad@example.com',
        password: 'Chosen2026',
        name: '错误',
        role: 'organizer',
        temporaryPassword: 'no',
      })
      .expect(400);
    expect(JSON.stringify(res.body)).toContain('temporaryPassword');
    await t.http.post('/auth/login').send({ email: 'bad@example.com', password: 'Chosen2026' }).expect(401);
  });
});
