import { format } from 'node:util';

import { chainIds, demandBody, registerEnterprise } from './factories/registry.factory';
import { createTestApp, TestApp } from './utils/app';

/**
 * Failed statements must not print their parameters: any database error (here a NUL byte, which PostgreSQL
 * refuses in text) would otherwise write password hashes, budgets, contacts and confidential notes to the log.
 * Everything the process writes (stdout, stderr, console) is captured while the requests run.
 */
describe('logs carry no secrets (e2e, real PostgreSQL)', () => {
  let t: TestApp;
  let captured = '';
  const restore: Array<() => void> = [];

  beforeAll(async () => {
    t = await createTestApp();
    // As app.listen() does in main.ts: Nest's buffered logger hands over to pino.
    t.app.flushLogs();
  }, 120000);

  afterAll(async () => {
    await t?.close();
  });

  beforeEach(() => {
    captured = '';
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        captured += Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
        return original(chunk as string, ...(rest as []));
      }) as typeof stream.write;
      restore.push(() => (stream.write = original));
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const spy = jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        captured += `${format(...args)}\n`;
      });
      restore.push(() => spy.mockRestore());
    }
  });

  afterEach(() => {
    while (restore.length) restore.pop()!();
  });

  it('a failed insert logs the failure, never the budget, contact or confidential notes it carried', async () => {
    const ent = await registerEnterprise(t.http, '昆山日志测试精密机械有限公司');
    const chains = await chainIds(t.http);
    const res = await t.http
      .post('/demands')
      .set('Authorization', ent.auth)
      .send(
        demandBody([chains[4]], {
          title: '谐波减速器\u0000国产化',
          budgetMax: 4321.75,
          contactName: '日志联系人邝明',
          contactPhone: '0512-57123456',
          confidentialNotes: '日志保密说明：拟收购供应商',
        }),
      );
    expect(res.status).toBeGreaterThanOrEqual(400);
    await new Promise((r) => setTimeout(r, 200));
    expect(captured).toMatch(/query failed/);
    // the exception filter logs the error object too: its parameters are redacted
    expect(captured).toMatch(/Unhandled error/);
    for (const secret of ['4321.75', '日志联系人邝明', '0512-57123456', '日志保密说明', ent.auth.slice(7)]) {
      expect(captured).not.toContain(secret);
    }
  });

  it('a failed account insert never logs the password hash', async () => {
    const res = await t.http.post('/auth/register').send({
      email: 'nul-name@example.com',
      password: 'Kunshan2026',
      name: '李\u0000明',
      organisation: { name: '昆山日志测试电子有限公司', district: '周市镇' },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    await new Promise((r) => setTimeout(r, 200));
    expect(captured).toMatch(/query failed/);
    expect(captured).not.toMatch(/\$argon2/);
    expect(captured).not.toContain('Kunshan2026');
  });
});
