import fs from 'node:fs';
import path from 'node:path';

import { ActivityDemoLoader } from '@app/activities';
import { AuthService } from '@app/auth';
import { SYSTEM_ACTOR } from '@app/common';
import { DEMO_PASSWORD, DemoLoader } from '@app/registry';

import { binaryBody, createTestApp, login, TestApp } from './utils/app';

describe('demo activities (e2e, real services)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    const auth = t.app.get(AuthService);
    await t.app.get(DemoLoader).load((input) => auth.createUser(SYSTEM_ACTOR, input));
  });

  afterAll(async () => {
    await t?.close();
  });

  it('loads a held 百校群英荟 with follow-ups under way, and upcoming activities, once', async () => {
    const loader = t.app.get(ActivityDemoLoader);
    const first = await loader.load();
    expect(first).toMatchObject({ activities: 3, skipped: false });
    expect(first.pairs).toBeGreaterThanOrEqual(8);
    expect(await loader.load()).toMatchObject({ skipped: true });
    await t.settle();

    const organiser = await login(t.http, 'organizer@zcz.local', DEMO_PASSWORD);
    const manager = await login(t.http, 'manager@zcz.local', DEMO_PASSWORD);
    const list = await t.http.get('/activities').set('Authorization', organiser).expect(200);
    expect(list.body.items.map((a: { kind: string; status: string }) => [a.kind, a.status]).sort()).toEqual(
      [
        ['bai_xiao_qun_ying', 'held'],
        ['policy_training', 'planned'],
        ['roadshow', 'planned'],
      ].sort(),
    );
    const held = list.body.items.find((a: { status: string }) => a.status === 'held');
    expect(held).toMatchObject({ attendance: 126, matchItemCount: 5, followUps: { total: 5, done: 1 } });
    expect(held.followUps.overdue).toBe(3);
    const overdue = await t.http.get('/follow-ups/overdue').set('Authorization', manager).expect(200);
    expect(overdue.body.total).toBe(3);
    // one pair of the fair was found 有合作意向 after the event and waits for the manager's confirmation
    const awaiting = await t.http
      .get('/follow-ups')
      .query({ awaitingConfirmation: true })
      .set('Authorization', manager)
      .expect(200);
    expect(awaiting.body.total).toBe(1);
    expect(awaiting.body.items[0]).toMatchObject({ outcomeLabel: '有合作意向', match: { status: 'suggested' } });
    // the demo organiser manages its activities
    const roadshow = list.body.items.find((a: { kind: string }) => a.kind === 'roadshow');
    await t.http
      .patch(`/activities/${roadshow.id}`)
      .set('Authorization', organiser)
      .send({ notes: '增加一场一对一洽谈' })
      .expect(200);

    if (process.env.EXPORT_SAMPLES_DIR) {
      // Sample handout from the demo (not an assertion): the lead looks at the rendering.
      const job = await t.http
        .post(`/activities/${held.id}/exports`)
        .set('Authorization', manager)
        .send({ format: 'pdf' })
        .expect(202);
      await t.settle();
      const res = await t.http
        .get(`/exports/${job.body.id}/download`)
        .set('Authorization', manager)
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
      fs.mkdirSync(process.env.EXPORT_SAMPLES_DIR, { recursive: true });
      fs.writeFileSync(path.join(process.env.EXPORT_SAMPLES_DIR, 'handout-demo.pdf'), res.body as Buffer);
    }
  });
});
