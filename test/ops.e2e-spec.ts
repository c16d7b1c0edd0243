import { createTestApp, TestApp } from './utils/app';

describe('ops surface (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('reports each backend with its mode', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.backends.database).toMatchObject({ status: 'up', mode: 'external' });
    expect(res.body.backends.queue).toMatchObject({ status: 'up', mode: 'external' });
    expect(res.body.backends.search).toMatchObject({ status: 'up', version: '1.21.0' });
  });

  it('serves the OpenAPI document and its UI', async () => {
    const doc = await t.http.get('/docs/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/demands',
        '/demands/{id}/{action}',
        '/achievements',
        '/public/demands',
        '/events',
        '/health',
      ]),
    );
    const ui = await t.http.get('/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger');
  });

  it('echoes a caller request id and makes one otherwise', async () => {
    const mine = await t.http.get('/health').set('X-Request-Id', 'trace-abc-123').expect(200);
    expect(mine.headers['x-request-id']).toBe('trace-abc-123');
    const made = await t.http.get('/nope').expect(404);
    expect(made.body.requestId).toBe(made.headers['x-request-id']);
  });
});
