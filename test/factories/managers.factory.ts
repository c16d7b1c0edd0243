import type TestAgent from 'supertest/lib/agent';

let counter = 0;
const next = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A technology-manager account created by an admin: its Authorization header and user id. */
export async function managerAccount(http: TestAgent, admin: string, name = '陈晓峰') {
  const email = `mgr-${next()}@example.com`;
  const password = 'Manager2026';
  const created = await http
    .post('/users')
    .set('Authorization', admin)
    .send({ email, password, name, role: 'manager', temporaryPassword: false })
    .expect(201);
  const res = await http.post('/auth/login').send({ email, password }).expect(200);
  return { auth: `Bearer ${res.body.accessToken}`, userId: created.body.id as string, email };
}

/** An organisation registered by staff (enterprise, university or agency). */
export async function organisation(
  http: TestAgent,
  staff: string,
  kind: 'enterprise' | 'university' | 'agency',
  name: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const res = await http
    .post('/organisations')
    .set('Authorization', staff)
    .send({ kind, name, district: '玉山镇', ...extra })
    .expect(201);
  return res.body.id as string;
}

/** A user of an organisation (enterprise or university role), created by an admin; its Authorization header. */
export async function memberOf(
  http: TestAgent,
  admin: string,
  organisationId: string,
  role: 'enterprise' | 'university',
): Promise<string> {
  const email = `member-${next()}@example.com`;
  const password = 'Kunshan2026';
  await http
    .post('/users')
    .set('Authorization', admin)
    .send({ email, password, name: '刘敏', role, organisationId, temporaryPassword: false })
    .expect(201);
  const res = await http.post('/auth/login').send({ email, password }).expect(200);
  return `Bearer ${res.body.accessToken}`;
}

/** A profile body with real Chinese text; override any field. */
export function profileBody(overrides: Record<string, unknown> = {}) {
  return {
    name: '陈晓峰',
    affiliationKind: 'institute',
    expertise: '精密制造与工业软件方向，服务龙头企业技术路线图梳理 6 年',
    certificateLevel: 'intermediate',
    certificateNumber: `JSJL-${next()}`.slice(0, 40),
    certificateIssuedOn: '2025-06-18',
    contactPhone: '13912345678',
    contactEmail: 'chen.xf@ksgyy.cn',
    ...overrides,
  };
}
