import { JobName, JobQueue } from '@app/queue';
import { DataSource } from 'typeorm';

import { createManager } from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

interface Row {
  recipient_id: string;
  title: string;
  body: string;
  link: string | null;
}

/**
 * Every import and export job outcome tells the person who asked for it, and no one else: the preview (校验)
 * finished or failed, the commit finished, the export finished. Real BullMQ jobs, PostgreSQL, Meilisearch.
 */
describe('notifications of import and export jobs (e2e, real services)', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: string;
  let manager: string;
  let managerId: string;
  let teacher: { id: string; auth: string };
  let colleague: { id: string; auth: string };

  const jobRows = (userId: string): Promise<Row[]> =>
    db.query(
      `SELECT recipient_id, title, body, link FROM notifications
        WHERE recipient_id = $1 AND kind = 'job_finished' ORDER BY created_at`,
      [userId],
    );

  async function universityUser(email: string, name: string, organisationId: string) {
    const password = 'Suda2026kjc';
    const res = await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({ email, password, name, role: 'university', organisationId, temporaryPassword: false })
      .expect(201);
    return { id: res.body.id as string, auth: await login(t.http, email, password) };
  }

  async function until(auth: string, id: string, states: string[]): Promise<{ status: string; error: string | null }> {
    for (;;) {
      const res = await t.http.get(`/imports/${id}`).set('Authorization', auth).expect(200);
      if (states.includes(res.body.status)) return res.body;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function upload(auth: string, csv: string, filename: string): Promise<string> {
    const res = await t.http
      .post('/imports')
      .set('Authorization', auth)
      .field('kind', 'achievements')
      .attach('file', Buffer.from(csv), filename)
      .expect(202);
    return res.body.id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin, 'jobs-manager@example.com');
    managerId = (await t.http.get('/auth/me').set('Authorization', manager).expect(200)).body.id;
    const uni = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '苏州大学', district: '独墅湖科教创新区' })
      .expect(201);
    teacher = await universityUser('kjc@suda.example.edu.cn', '科技处王老师', uni.body.id);
    colleague = await universityUser('cy@suda.example.edu.cn', '成果转化中心李老师', uni.body.id);
    await t.settle();
  }, 120000);

  afterAll(async () => {
    await t?.close();
  });

  it('a finished preview tells the uploader the counts and links to the batch; the commit tells them again', async () => {
    const csv = [
      '成果名称*,所属单位*,成果简介*',
      '面向半导体封装的低温烧结银膏,苏州大学,纳米银颗粒表面包覆与低温烧结工艺，烧结温度 200 摄氏度，剪切强度 40 MPa，可替代高铅焊料。',
      '钠离子电池硬碳负极材料,南京理工大学,以生物质为前驱体制备硬碳负极，首效 90%，可逆容量 320 mAh/g，成本低于石墨负极。',
    ].join('\n');
    const id = await upload(teacher.auth, csv, '本校成果（2026 年第四季度）.csv');
    await until(teacher.auth, id, ['previewed']);
    await t.settle();

    const [previewed] = await jobRows(teacher.id);
    expect(previewed.title).toBe('导入校验已完成：科技成果 · 本校成果（2026 年第四季度）.csv');
    expect(previewed.body).toContain('共 2 行：新增 1 行');
    expect(previewed.body).toContain('有误 1 行');
    expect(previewed.body).toContain('请核对预览后确认导入');
    expect(previewed.link).toBe(`/workspace/imports?batch=${id}`);
    // counts only: never a row's title
    expect(JSON.stringify(previewed)).not.toContain('低温烧结银膏');

    await t.http.post(`/imports/${id}/commit`).set('Authorization', teacher.auth).send({}).expect(202);
    await until(teacher.auth, id, ['committed']);
    await t.settle();
    const rows = await jobRows(teacher.id);
    expect(rows.map((r) => r.title)).toEqual([
      '导入校验已完成：科技成果 · 本校成果（2026 年第四季度）.csv',
      '导入已完成：科技成果 · 本校成果（2026 年第四季度）.csv',
    ]);
    expect(rows[1].body).toContain('写入 1 条（其中新增 1 条）');
    // a colleague of the same university, the manager and the admin hear nothing of this upload
    expect(await jobRows(colleague.id)).toEqual([]);
    expect(await jobRows(managerId)).toEqual([]);
  });

  it('a preview that fails tells the uploader why, as a failed 校验', async () => {
    const id = await upload(colleague.auth, '成果名称*,所属单位*,成果简介*\n', '空白模板.csv');
    const batch = await until(colleague.auth, id, ['failed']);
    await t.settle();
    const rows = await jobRows(colleague.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].title).toBe('导入校验失败：科技成果 · 空白模板.csv');
    expect(rows[0].body).toContain(`原因：${batch.error}`);
    expect(rows[0].link).toBe(`/workspace/imports?batch=${id}`);
    expect(await jobRows(teacher.id)).toHaveLength(2);
  });

  it('an export tells its requester when the file is ready, without a link to a page that does not exist', async () => {
    await t.http
      .post('/indicators/report-exports')
      .set('Authorization', manager)
      .send({ year: 2026, format: 'csv' })
      .expect(202);
    await t.settle();
    const [exported] = await jobRows(managerId);
    expect(exported.title).toContain('导出已完成');
    expect(exported.body).toContain('已可下载');
    expect(exported.link).toBeNull();
    expect(await jobRows(teacher.id)).toHaveLength(2);
  });

  it('replaying every job event adds nothing', async () => {
    const [{ n: before }] = await db.query(`SELECT count(*)::int AS n FROM notifications`);
    const events: Array<{ id: string }> = await db.query(
      `SELECT id FROM domain_events WHERE type LIKE 'import.%' OR type LIKE 'export.%'`,
    );
    expect(events.length).toBeGreaterThanOrEqual(4);
    for (const e of events) {
      await t.app.get(JobQueue).enqueue(JobName.ProcessDomainEvent, { eventId: e.id }, { jobId: `replay-${e.id}` });
    }
    await t.settle();
    const [{ n: after }] = await db.query(`SELECT count(*)::int AS n FROM notifications`);
    expect(after).toBe(before);
  });
});
