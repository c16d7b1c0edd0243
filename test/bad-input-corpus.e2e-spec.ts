import { randomUUID } from 'node:crypto';

import { DataSource } from 'typeorm';

import { bidBody, challengeBody } from './factories/challenge.factory';
import {
  chainIds,
  createManager,
  publishAchievement,
  publishDemand,
  registerEnterprise,
} from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  nullable?: boolean;
  allOf?: Schema[];
};
interface Operation {
  method: 'post' | 'patch' | 'put' | 'get';
  path: string;
  body?: Schema;
  query: string[];
}
interface Probe {
  op: Operation;
  label: string;
  url: string;
  raw: string;
}

/**
 * Generated from the OpenAPI document: every POST/PATCH/PUT operation, called as a role allowed to call it and
 * with ids of existing records, receives the four classes of input that used to answer 5xx (JSON 5 000 levels
 * deep, also in an unknown field; NUL bytes and lone surrogates in every string field; null in every property)
 * plus wrong types; every GET receives NUL bytes in its query string. No answer may be 5xx, and no stored row
 * may change. New endpoints are covered as soon as the document lists them.
 */
describe('bad-input corpus from the OpenAPI document (e2e)', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, Schema> } };
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    const manager = await createManager(t.http, admin, 'corpus-manager@example.com');
    const chains = await chainIds(t.http);
    const ent = await registerEnterprise(t.http);
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', admin)
      .send({ kind: 'university', name: '语料测试大学', district: '玉山镇' })
      .expect(201);
    const user = async (role: string, email: string, organisationId?: string) => {
      const res = await t.http
        .post('/users')
        .set('Authorization', admin)
        .send({ email, password: 'Kunshan2026', name: '测试用户', role, organisationId, temporaryPassword: false })
        .expect(201);
      return { id: res.body.id as string, auth: await login(t.http, email, 'Kunshan2026') };
    };
    const uniUser = await user('university', 'corpus-uni@example.com', uni.body.id);
    const organizer = await user('organizer', 'corpus-organizer@example.com');
    const bankOrg = await t.http
      .post('/organisations')
      .set('Authorization', admin)
      .send({ kind: 'bank', name: '语料测试银行', district: '玉山镇' })
      .expect(201);
    const bankUser = await user('bank', 'corpus-bank@example.com', bankOrg.body.id);
    Object.assign(tokens, {
      admin,
      manager,
      organizer: organizer.auth,
      enterprise: ent.auth,
      university: uniUser.auth,
      bank: bankUser.auth,
    });
    const demand = await publishDemand(t.http, ent.auth, admin, [chains[0]]);
    const achievement = await publishAchievement(t.http, admin, uni.body.id, [chains[0]]);
    const match = await t.http
      .post('/matches')
      .set('Authorization', admin)
      .send({ demandId: demand.id, achievementId: achievement.id })
      .expect(201);
    const activity = await t.http
      .post('/activities')
      .set('Authorization', admin)
      .send({
        kind: 'roadshow',
        title: '2026 项目路演·语料测试专场',
        scheduledAt: '2026-12-20T09:30:00+08:00',
        place: '昆山市科技创新服务中心',
        industryChainIds: [chains[0]],
        participants: [{ organisationId: ent.organisationId }, { organisationId: uni.body.id }],
      })
      .expect(201);
    const item = await t.http
      .post(`/activities/${activity.body.id}/match-items`)
      .set('Authorization', admin)
      .send({ matchId: match.body.id })
      .expect(201);
    const report = await t.http
      .post('/indicators/key_labs/reports')
      .set('Authorization', admin)
      .send({ year: 2026, value: 1, asOf: '2026-09-30', evidence: '省科技厅认定文件' })
      .expect(201);
    const exportJob = await t.http
      .post('/indicators/report-exports')
      .set('Authorization', admin)
      .send({ year: 2026, format: 'csv' })
      .expect((r) => expect(r.status).toBeLessThan(300));
    const managerProfile = await t.http
      .post('/managers')
      .set('Authorization', manager)
      .send({ name: '语料测试经理', affiliationKind: 'district', district: '玉山镇' })
      .expect(201);
    const agencyOrg = await t.http
      .post('/organisations')
      .set('Authorization', admin)
      .send({ kind: 'agency', name: '语料测试技术转移中心', district: '玉山镇' })
      .expect(201);
    const agency = await t.http
      .post('/agencies')
      .set('Authorization', admin)
      .send({ organisationId: agencyOrg.body.id, serviceScope: ['tech_transfer'] })
      .expect(201);
    const assignment = await t.http
      .post('/assignments')
      .set('Authorization', admin)
      .send({
        managerProfileId: managerProfile.body.id,
        kind: 'enterprise',
        organisationId: ent.organisationId,
        startOn: '2026-01-05',
      })
      .expect(201);
    const serviceRecord = await t.http
      .post('/service-records')
      .set('Authorization', manager)
      .send({
        kind: 'need_mining',
        occurredOn: '2026-03-10',
        organisationId: ent.organisationId,
        summary: '语料测试：走访企业并挖掘技术需求',
        needs: [{ title: '语料测试挖掘需求' }],
      })
      .expect(201);
    const camp = await t.http
      .post('/training-camps')
      .set('Authorization', admin)
      .send({ title: '语料测试训练营', industryChainId: chains[0], startOn: '2026-05-01', endOn: '2026-07-31' })
      .expect(201);
    const enrolled = await t.http
      .post(`/training-camps/${camp.body.id}/enrolments`)
      .set('Authorization', admin)
      .send({ managerProfileId: managerProfile.body.id })
      .expect(201);
    // 分级评估: a draft of this year's evaluation (publishing and exports are probed against it)
    const periodKey = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 4);
    await t.http.post('/evaluations').set('Authorization', admin).send({ periodKey }).expect(200);
    const call = await t.http
      .post('/challenges')
      .set('Authorization', admin)
      .send(challengeBody({ enterpriseOrganisationId: ent.organisationId }))
      .expect(201);
    await t.http.post(`/challenges/${call.body.id}/publish`).set('Authorization', admin).send({}).expect(200);
    const bid = await t.http
      .post(`/challenges/${call.body.id}/bids`)
      .set('Authorization', uniUser.auth)
      .send(bidBody());
    expect(bid.status).toBe(201);
    const financingNeed = await t.http
      .post('/finance/needs')
      .set('Authorization', ent.auth)
      .send({
        title: '语料测试融资需求',
        purpose: '语料测试：补充扩产流动资金',
        amount: 300,
        termMonths: 12,
        collateralKinds: ['none'],
        contactName: '测试联系人',
        contactPhone: '0512-50000000',
      })
      .expect(201);
    await t.http.post(`/finance/needs/${financingNeed.body.id}/publish`).set('Authorization', ent.auth).expect(200);
    const financingOffer = await t.http
      .post(`/finance/needs/${financingNeed.body.id}/offers`)
      .set('Authorization', bankUser.auth)
      .send({ productName: '昆科贷', amount: 300, rateMin: 3, rateMax: 3.5, termMonths: 12, conditions: '信用方式' })
      .expect(201);
    Object.assign(ids, {
      'finance/needs': financingNeed.body.id,
      'finance/offers': financingOffer.body.id,
      'training-camps': camp.body.id,
      enrolments: enrolled.body.enrolments[0].id,
      managers: managerProfile.body.id,
      agencies: agency.body.id,
      assignments: assignment.body.id,
      'service-records': serviceRecord.body.id,
      needs: serviceRecord.body.needs[0].id,
      'demand-lists': ent.organisationId,
      evaluations: periodKey,
      sheets: 'manager',
      challenges: call.body.id,
      public: call.body.id,
      bids: bid.body.id,
      demands: demand.id,
      achievements: achievement.id,
      organisations: uni.body.id,
      'industry-chains': chains[0],
      users: uniUser.id,
      activities: activity.body.id,
      'match-items': item.body.id,
      matches: match.body.id,
      'indicator-reports': report.body.id,
      exports: exportJob.body.id,
      indicators: 'key_labs',
      targets: '2026',
    });
    doc = (await t.http.get('/docs/openapi.json').expect(200)).body;
    await t.settle();
  }, 120000);

  afterAll(async () => {
    await t?.close();
  });

  /** Every stored row, table by table (one md5 per table), and the number of domain events. */
  async function snapshot(): Promise<Record<string, string>> {
    const ds = t.app.get(DataSource);
    const tables: Array<{ name: string }> = await ds.query(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('migrations')`,
    );
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const [row] = await ds.query(
        `SELECT count(*)::text AS n, coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') AS h FROM "${name}" x`,
      );
      out[name] = `${row.n}:${row.h}`;
    }
    return out;
  }

  function resolve(schema: Schema | undefined, depth = 0): Schema | undefined {
    if (!schema || depth > 8) return schema;
    if (schema.$ref) return resolve(doc.components.schemas[schema.$ref.split('/').pop()!], depth + 1);
    if (schema.allOf?.length === 1) return resolve(schema.allOf[0], depth + 1);
    return schema;
  }

  function operations(): Operation[] {
    const out: Operation[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, raw] of Object.entries(methods)) {
        if (!['post', 'patch', 'put', 'get'].includes(method)) continue;
        const op = raw as {
          requestBody?: { content?: Record<string, { schema?: Schema }> };
          parameters?: Array<{ in: string; name: string; schema?: Schema & { enum?: string[] } }>;
        };
        // a path parameter with an enum (`/demands/{id}/{action}`) is one operation per value
        let paths = [path];
        for (const p of op.parameters ?? []) {
          const values = p.in === 'path' ? p.schema?.enum : undefined;
          if (Array.isArray(values)) {
            paths = paths.flatMap((x) => values.map((v) => x.replace(`{${p.name}}`, v)));
          }
        }
        for (const concrete of paths) {
          out.push({
            method: method as Operation['method'],
            path: concrete,
            body: resolve(op.requestBody?.content?.['application/json']?.schema),
            query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
          });
        }
      }
    }
    return out;
  }

  /**
   * `/activities/{id}/match-items/{itemId}` → ids of existing records, chosen by the two segments before each one
   * (`finance/needs`) or else the one before it.
   */
  function url(path: string): string {
    const parts = path.split('/');
    return parts
      .map((part, i) =>
        /^\{.+\}$/.test(part)
          ? encodeURIComponent(ids[`${parts[i - 2]}/${parts[i - 1]}`] ?? ids[parts[i - 1]] ?? randomUUID())
          : part,
      )
      .join('/');
  }

  /** Dotted paths of every string property (nested objects and arrays of objects included). */
  function stringFields(schema: Schema | undefined, prefix: string[] = [], depth = 0): string[][] {
    const s = resolve(schema);
    if (!s?.properties || depth > 4) return [];
    const out: string[][] = [];
    for (const [name, raw] of Object.entries(s.properties)) {
      const p = resolve(raw)!;
      const items = p.type === 'array' ? resolve(p.items) : undefined;
      if (p.type === 'string' || items?.type === 'string') out.push([...prefix, name]);
      else if (p.properties) out.push(...stringFields(p, [...prefix, name], depth + 1));
      else if (items?.properties) out.push(...stringFields(items, [...prefix, name, '0'], depth + 1));
    }
    return out;
  }

  function put(path: string[], value: unknown): Record<string, unknown> {
    const root: Record<string, unknown> = {};
    let node: Record<string, unknown> | unknown[] = root;
    path.forEach((key, i) => {
      const last = i === path.length - 1;
      const next = last ? value : /^\d+$/.test(path[i + 1]) ? [] : {};
      (node as Record<string, unknown>)[key] = next;
      if (!last) node = next as Record<string, unknown>;
    });
    return root;
  }

  function wrongType(p: Schema | undefined): unknown {
    switch (resolve(p)?.type) {
      case 'string':
        return 12345;
      case 'number':
      case 'integer':
        return '一百';
      case 'boolean':
        return '是';
      case 'array':
        return '不是数组';
      default:
        return '不是对象';
    }
  }

  function probes(op: Operation): Probe[] {
    const target = url(op.path);
    const list: Probe[] = [];
    const add = (label: string, raw: string) => list.push({ op, label, url: target, raw });
    if (op.method === 'get') {
      for (const name of new Set([...op.query, 'q'])) {
        list.push({ op, label: `query ${name}=%00`, url: `${target}?${name}=%00`, raw: '' });
      }
      return list;
    }
    const deep = '{"a":'.repeat(5000) + '"深"' + '}'.repeat(5000);
    add('deep JSON in an unknown field', `{"zzUnknown":${deep}}`);
    add('deep JSON arrays', '['.repeat(5000) + ']'.repeat(5000));
    const schema = resolve(op.body);
    if (!schema?.properties) return list;
    const first = Object.keys(schema.properties)[0];
    add('deep JSON in a known field', `{"${first}":${deep}}`);
    for (const field of stringFields(schema)) {
      add(`NUL in ${field.join('.')}`, JSON.stringify(put(field, '昆山\u0000需求')));
      // JSON.stringify writes a lone surrogate as the escape \udc00: exactly what a client would send
      add(`lone surrogate in ${field.join('.')}`, JSON.stringify(put(field, '昆山\udc00需求')));
    }
    const props = Object.entries(schema.properties);
    add('null everywhere', JSON.stringify(Object.fromEntries(props.map(([k]) => [k, null]))));
    for (const [k, p] of props) {
      if (!resolve(p)?.nullable) add(`null in ${k}`, JSON.stringify({ [k]: null }));
    }
    add('wrong types', JSON.stringify(Object.fromEntries(props.map(([k, p]) => [k, wrongType(p)]))));
    return list;
  }

  /**
   * The first role the guard lets through: probed with wrong types and an unknown field, which the validation
   * pipe (after the guard) always refuses, so probing writes nothing.
   */
  async function roleFor(op: Operation, target: string): Promise<string> {
    const schema = resolve(op.body);
    if (!schema?.properties) return 'admin'; // only parser-level probes: refused before any guard
    const body = {
      ...Object.fromEntries(Object.entries(schema.properties).map(([k, p]) => [k, wrongType(p)])),
      zzUnknown: 1,
    };
    for (const role of ['admin', 'manager', 'organizer', 'enterprise', 'university', 'bank']) {
      const res = await t.http[op.method](target).set('Authorization', tokens[role]).send(body);
      if (res.status !== 403) return role;
    }
    return 'admin';
  }

  async function send(p: Probe, auth: string) {
    const req = t.http[p.op.method](p.url).set('Authorization', auth);
    return p.op.method === 'get' ? req : req.set('Content-Type', 'application/json').send(p.raw);
  }

  it('answers every bad input of every operation with 4xx and changes no stored row', async () => {
    const ops = operations();
    const writes = ops.filter((o) => o.method !== 'get');
    expect(writes.length).toBeGreaterThan(30); // the document really lists the API
    const before = await snapshot();
    const failures: string[] = [];
    let sent = 0;
    const classes = new Set<string>();
    for (const op of ops) {
      const all = probes(op);
      if (!all.length) continue;
      const role = op.method === 'get' ? 'admin' : await roleFor(op, all[0].url);
      for (let i = 0; i < all.length; i += 16) {
        const batch = all.slice(i, i + 16);
        const results = await Promise.all(batch.map((p) => send(p, tokens[role])));
        results.forEach((res, j) => {
          sent++;
          classes.add(batch[j].label.split(' ')[0]);
          if (res.status >= 500) {
            failures.push(`${op.method.toUpperCase()} ${op.path} [${role}] ${batch[j].label}: ${res.status}`);
          }
        });
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(500);
    expect([...classes].sort()).toEqual(expect.arrayContaining(['NUL', 'deep', 'lone', 'null', 'query', 'wrong']));
    expect(await snapshot()).toEqual(before);
  }, 180000);

  it('refuses the probes at the boundary with the codes a client can act on', async () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const login = await t.http
      .post('/auth/login')
      .set('Content-Type', 'application/json')
      .send(`{"email":"a@b.cn","password":"x","extra":${deep}}`)
      .expect(400);
    expect(login.body.code).toBe('JSON_TOO_DEEP');
    const q = await t.http.get('/public/demands?q=%00').expect(400);
    expect(q.body).toMatchObject({ code: 'INVALID_TEXT', details: [{ field: 'query.q' }] });
    const intro = await t.http
      .patch(`/organisations/${ids.organisations}`)
      .set('Authorization', tokens.university)
      .send({ intro: null, version: 1 })
      .expect(400);
    expect(intro.body.details[0]).toMatchObject({ field: 'intro' });
  });

  it('serves /docs under the security headers with no inline script (DOCS_ENABLED defaults on outside production)', async () => {
    const page = await t.http.get('/docs/').expect(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).toContain('swagger-ui');
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // every script is a same-origin file
    const init = page.text.match(/<script src="([^"]*swagger-ui-init\.js)"/)?.[1];
    expect(init).toBeDefined();
    await t.http.get(`/docs/${init!.replace(/^\.?\//, '')}`).expect(200);
  });
});
