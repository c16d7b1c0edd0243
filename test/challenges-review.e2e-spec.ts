import zlib from 'node:zlib';

import { IndicatorFactsService } from '@app/indicators';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';

import { bidBody, challengeBody } from './factories/challenge.factory';
import { chainIds, createManager, registerEnterprise } from './factories/registry.factory';
import { binaryBody, createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

type Enterprise = Awaited<ReturnType<typeof registerEnterprise>>;

/**
 * The text of a pdfkit PDF: its content streams' TJ glyph codes decoded through every ToUnicode map of the file
 * (each embedded font numbers its glyphs from 0, so every map is tried; a word only appears when its glyphs are in
 * the file at all).
 */
function pdfTexts(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const streams: string[] = [];
  const marker = /(?<!end)stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = marker.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    const chunk = pdf.subarray(start, end);
    try {
      streams.push(zlib.inflateSync(chunk, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString('latin1'));
    } catch {
      streams.push(chunk.toString('latin1'));
    }
    marker.lastIndex = end;
  }
  const utf16 = (hex: string) => Buffer.from(hex.replace(/\s/g, ''), 'hex').swap16().toString('utf16le');
  const maps: Array<Map<number, string>> = [];
  for (const s of streams.filter((x) => x.includes('beginbfrange'))) {
    const map = new Map<number, string>();
    for (const r of s.matchAll(/<([0-9a-f]{4})> <[0-9a-f]{4}> \[([^\]]*)\]/gi)) {
      [...r[2].matchAll(/<([0-9a-f\s]+)>/gi)].forEach((v, i) => map.set(parseInt(r[1], 16) + i, utf16(v[1])));
    }
    maps.push(map);
  }
  const runs = streams.flatMap((s) => [...s.matchAll(/\[([^\]]*)\] TJ/g)].map((tj) => tj[1]));
  return maps.map((map) =>
    runs
      .map((run) =>
        [...run.matchAll(/<([0-9a-f]+)>/gi)]
          .map((h) =>
            h[1]
              .match(/.{4}/g)!
              .map((code) => map.get(parseInt(code, 16)) ?? '')
              .join(''),
          )
          .join(''),
      )
      .join('\n'),
  );
}

async function readSheets(content: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => ({
    name: ws.name,
    rows: (ws.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1).map((v) => v ?? '')),
  }));
}

describe('揭榜挂帅 review follow-ups: experts, region, files, award exports, reported history (e2e, real services)', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: string;
  let manager: string;
  let ent: Enterprise;
  let other: Enterprise;
  let chains: string[];
  // 昆山 (district), 南京 (address only), 北京 (address only)
  let ksId: string;
  let njId: string;
  let bjId: string;
  let ks: string;
  let nj: string;
  let bj: string;

  async function organisation(name: string, location: Record<string, string>): Promise<string> {
    const res = await t.http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name, ...location })
      .expect(201);
    return res.body.id as string;
  }

  async function user(role: string, email: string, name: string, organisationId?: string) {
    const password = 'Review2026';
    const res = await t.http
      .post('/users')
      .set('Authorization', admin)
      .send({ email, password, name, role, organisationId, temporaryPassword: false })
      .expect(201);
    return { id: res.body.id as string, auth: await login(t.http, email, password) };
  }

  async function publishedCall(overrides: Record<string, unknown> = {}): Promise<string> {
    const res = await t.http
      .post('/challenges')
      .set('Authorization', manager)
      .send(challengeBody({ enterpriseOrganisationId: ent.organisationId, ...overrides }))
      .expect(201);
    await t.http.post(`/challenges/${res.body.id}/publish`).set('Authorization', manager).send({}).expect(200);
    return res.body.id as string;
  }

  const bid = async (callId: string, auth: string, overrides: Record<string, unknown> = {}) =>
    (await t.http.post(`/challenges/${callId}/bids`).set('Authorization', auth).send(bidBody(overrides)).expect(201))
      .body.id as string;

  const step = (callId: string, action: string, body: Record<string, unknown> = {}, status = 200) =>
    t.http.post(`/challenges/${callId}/${action}`).set('Authorization', manager).send(body).expect(status);

  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params))[0].n);

  const download = (url: string, auth?: string) => {
    const req = t.http.get(url).buffer(true).parse(binaryBody);
    return auth ? req.set('Authorization', auth) : req;
  };

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    manager = await createManager(t.http, admin);
    chains = await chainIds(t.http);
    ent = await registerEnterprise(t.http, '昆山精毅精密机械有限公司');
    other = await registerEnterprise(t.http, '昆山无关贸易有限公司');
    ksId = await organisation('昆山精密传动研究院', { district: '周市镇' });
    njId = await organisation('金陵先进制造研究院', { address: '南京市江宁区秣陵街道将军大道 29 号' });
    bjId = await organisation('燕园精密仪器研究所', { address: '北京市海淀区学院路 30 号' });
    ks = (await user('university', 'ks@example.edu.cn', '钱立群', ksId)).auth;
    nj = (await user('university', 'nj@example.edu.cn', '孙海涛', njId)).auth;
    bj = (await user('university', 'bj@example.edu.cn', '赵明远', bjId)).auth;
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('expert flag (评审专家)', () => {
    it('only users an admin flagged as experts join a panel; managers cannot set the flag', async () => {
      const plain = await user('manager', 'plain-reviewer@example.com', '冯卫东');
      const callId = await publishedCall({ title: '精密轴承寿命提升揭榜挂帅' });
      const refused = await t.http
        .put(`/challenges/${callId}/reviewers`)
        .set('Authorization', manager)
        .send({ userIds: [plain.id] })
        .expect(400);
      expect(refused.body.details[0]).toMatchObject({ field: 'userIds' });
      expect(refused.body.message).toContain('“冯卫东”不是评审专家');
      expect(await count('SELECT count(*)::int AS n FROM challenge_reviewers WHERE challenge_id = $1', [callId])).toBe(
        0,
      );

      const forbidden = await t.http
        .patch(`/users/${plain.id}`)
        .set('Authorization', manager)
        .send({ expert: true })
        .expect(403);
      expect(forbidden.body.message).toBe('只有管理员可以修改管理员或技术经理人账号');
      const uniUser = await user('university', 'uni-expert@example.edu.cn', '周文彬', ksId);
      const notAdmin = await t.http
        .patch(`/users/${uniUser.id}`)
        .set('Authorization', manager)
        .send({ expert: true })
        .expect(403);
      expect(notAdmin.body.message).toBe('只有管理员可以设置评审专家');
      const bad = await t.http
        .patch(`/users/${plain.id}`)
        .set('Authorization', admin)
        .send({ expert: '是' })
        .expect(400);
      expect(bad.body.details[0]).toMatchObject({ field: 'expert' });

      const flagged = await t.http
        .patch(`/users/${plain.id}`)
        .set('Authorization', admin)
        .send({ expert: true })
        .expect(200);
      expect(flagged.body).toMatchObject({ id: plain.id, expert: true });
      const listed = await t.http
        .get('/users')
        .query({ expert: 'true', pageSize: 100 })
        .set('Authorization', admin)
        .expect(200);
      expect(listed.body.items.map((u: { name: string }) => u.name)).toEqual(['冯卫东']);
      expect(listed.body.items[0].expert).toBe(true);
      const all = await t.http.get('/users').query({ pageSize: 100 }).set('Authorization', manager).expect(200);
      expect(all.body.items.find((u: { id: string }) => u.id === uniUser.id).expert).toBe(false);

      const panel = await t.http
        .put(`/challenges/${callId}/reviewers`)
        .set('Authorization', manager)
        .send({ userIds: [plain.id] })
        .expect(200);
      expect(panel.body.panel.map((p: { name: string }) => p.name)).toEqual(['冯卫东']);
      const events = await t.http
        .get('/events')
        .query({ entityId: plain.id, pageSize: 10 })
        .set('Authorization', admin)
        .expect(200);
      expect(events.body.items[0]).toMatchObject({ type: 'user.updated', after: { expert: true } });
    });
  });

  describe('申报回避 before the review', () => {
    it('an expert declares a conflict while the call is published or closed and reads their own sheet back; the review path still works', async () => {
      const callId = await publishedCall({ title: '高精度光栅尺国产化揭榜挂帅', sourceDemandId: undefined });
      const bidKs = await bid(callId, ks);
      const bidNj = await bid(callId, nj);
      // a university expert (not staff): they read no bid before the review
      const expert = await user('university', 'early-conflict@example.edu.cn', '上官文静', bjId);
      await t.http.patch(`/users/${expert.id}`).set('Authorization', admin).send({ expert: true }).expect(200);
      await t.http
        .put(`/challenges/${callId}/reviewers`)
        .set('Authorization', manager)
        .send({ userIds: [expert.id] })
        .expect(200);
      const conflicts = () =>
        count('SELECT count(*)::int AS n FROM challenge_bid_conflicts WHERE challenge_id = $1', [callId]);
      const declare = (bidId: string, reason: string) =>
        t.http.post(`/challenges/bids/${bidId}/conflict`).set('Authorization', expert.auth).send({ reason });

      // published: the bids are not open to the panel yet, but the sheet lists the bidders
      await t.http.get(`/challenges/bids/${bidKs}`).set('Authorization', expert.auth).expect(404);
      const early = await declare(bidKs, '本人近三年与昆山精密传动研究院有合作课题').expect(200);
      expect(early.body.bids).toBeNull();
      expect(early.body.mine.bids.find((b: { bidId: string }) => b.bidId === bidKs)).toMatchObject({
        bidderName: '昆山精密传动研究院',
        conflict: 'declared',
        conflictReason: '本人近三年与昆山精密传动研究院有合作课题',
        score: null,
      });
      expect(early.body.mine.bids.find((b: { bidId: string }) => b.bidId === bidNj)).toMatchObject({ conflict: null });
      expect(await conflicts()).toBe(1);
      const again = await declare(bidKs, '重复申报').expect(409);
      expect(again.body.message).toBe('已对该方案申报回避');
      expect(await conflicts()).toBe(1);

      // closed: same
      await step(callId, 'close');
      await t.http.get(`/challenges/bids/${bidNj}`).set('Authorization', expert.auth).expect(404);
      const closed = await declare(bidNj, '本人在金陵先进制造研究院兼职').expect(200);
      expect(closed.body.mine.bids.map((b: { conflict: string | null }) => b.conflict)).toEqual([
        'declared',
        'declared',
      ]);
      expect(await conflicts()).toBe(2);
      const events = await t.http
        .get('/events')
        .query({ entityId: bidNj, pageSize: 10 })
        .set('Authorization', admin)
        .expect(200);
      expect(events.body.items[0]).toMatchObject({ type: 'challenge_bid.conflict_declared' });

      // under review: the declared conflicts hold, scoring them is refused
      await step(callId, 'start-review');
      const refused = await t.http
        .put(`/challenges/bids/${bidKs}/score`)
        .set('Authorization', expert.auth)
        .send({
          scores: ['技术方案先进性', '团队实力与业绩', '产业化可行性', '经费预算合理性'].map((criterion) => ({
            criterion,
            score: 80,
          })),
        })
        .expect(409);
      expect(refused.body.message).toBe('您已对该方案申报回避，不能评分');
    });

    it('during the review a declaration still answers with the sheet and removes a score already given', async () => {
      const callId = await publishedCall({ title: '精密谐波减速器寿命测试揭榜挂帅', sourceDemandId: undefined });
      const bidKs = await bid(callId, ks);
      const expert = await user('manager', 'review-conflict@example.com', '慕容清和');
      await t.http.patch(`/users/${expert.id}`).set('Authorization', admin).send({ expert: true }).expect(200);
      await t.http
        .put(`/challenges/${callId}/reviewers`)
        .set('Authorization', manager)
        .send({ userIds: [expert.id] })
        .expect(200);
      await step(callId, 'close');
      await step(callId, 'start-review');
      await t.http
        .put(`/challenges/bids/${bidKs}/score`)
        .set('Authorization', expert.auth)
        .send({
          scores: ['技术方案先进性', '团队实力与业绩', '产业化可行性', '经费预算合理性'].map((criterion) => ({
            criterion,
            score: 80,
          })),
        })
        .expect(200);
      const res = await t.http
        .post(`/challenges/bids/${bidKs}/conflict`)
        .set('Authorization', expert.auth)
        .send({ reason: '评审中发现本人学生在该团队' })
        .expect(200);
      expect(res.body.mine.bids[0]).toMatchObject({ bidId: bidKs, conflict: 'declared', score: null });
      expect(await count('SELECT count(*)::int AS n FROM challenge_bid_scores WHERE bid_id = $1', [bidKs])).toBe(0);
      // an expert of no panel learns nothing about the bid
      const stranger = await user('manager', 'stranger-expert@example.com', '诸葛远航');
      await t.http
        .post(`/challenges/bids/${bidKs}/conflict`)
        .set('Authorization', stranger.auth)
        .send({ reason: '随便申报' })
        .expect(404);
    });
  });

  describe('region (地域要求)', () => {
    it('refuses a lead outside the call’s region with a message naming it; a consortium’s lead decides', async () => {
      const unknown = await t.http
        .post('/challenges')
        .set('Authorization', manager)
        .send(
          challengeBody({
            enterpriseOrganisationId: ent.organisationId,
            eligibility: { institutionKinds: ['university'], region: '火星基地', consortiumAllowed: true },
          }),
        )
        .expect(400);
      expect(unknown.body.details[0].field).toBe('eligibility.region');
      expect(unknown.body.details[0]).toMatchObject({ reason: '取值不在允许范围内', constraint: 'isIn' });
      expect(unknown.body.details[0].message).toContain(
        '地域要求须为以下之一：不限地区、昆山市、苏州市、江苏省、长三角地区',
      );

      const kunshan = await publishedCall({
        title: '昆山本地精密减速器揭榜挂帅',
        eligibility: { institutionKinds: ['university', 'enterprise'], region: '昆山市', consortiumAllowed: true },
      });
      const before = await count('SELECT count(*)::int AS n FROM challenge_bids');
      const outside = await t.http.post(`/challenges/${kunshan}/bids`).set('Authorization', nj).send(bidBody());
      expect(outside.status).toBe(409);
      expect(outside.body).toMatchObject({
        code: 'NOT_ELIGIBLE',
        message: '该榜单仅限昆山市的单位牵头揭榜，本单位所在地（南京市江宁区秣陵街道将军大道 29 号）不在昆山市范围内',
      });
      expect(await count('SELECT count(*)::int AS n FROM challenge_bids')).toBe(before);
      // the lead (昆山周市镇) decides: a member from Beijing does not make the bid ineligible
      await bid(kunshan, ks, {
        consortiumName: '昆山—北京精密减速器联合体',
        members: [{ organisationId: bjId, role: '课题二：精密检测方法' }],
      });

      const delta = await publishedCall({
        title: '长三角精密减速器揭榜挂帅',
        eligibility: { institutionKinds: ['university'], region: '长三角地区', consortiumAllowed: false },
      });
      const far = await t.http.post(`/challenges/${delta}/bids`).set('Authorization', bj).send(bidBody()).expect(409);
      expect(far.body.message).toBe(
        '该榜单仅限长三角地区的单位牵头揭榜，本单位所在地（北京市海淀区学院路 30 号）不在长三角地区范围内',
      );
      await bid(delta, nj);
      await bid(delta, ks);
      // the enterprise itself: 不限地区 takes everyone
      const anywhere = await publishedCall({ title: '不限地区的精密减速器揭榜挂帅' });
      await bid(anywhere, bj);
    });
  });

  describe('bid attachments and milestone evidence, award exports', () => {
    const pdfBytes = Buffer.from('%PDF-1.4\n技术方案书正文（测试）\n%%EOF');
    let callId: string;
    let bidKs: string;
    let bidNj: string;
    let fileId: string;
    let experts: Array<{ id: string; auth: string }>;

    it('the lead attaches files to its bid; whoever reads the bid downloads them, nobody else (404)', async () => {
      callId = await publishedCall({ title: '谐波减速器柔轮材料揭榜挂帅', sourceDemandId: undefined });
      bidKs = await bid(callId, ks);
      bidNj = await bid(callId, nj);

      const attached = await t.http
        .post(`/challenges/bids/${bidKs}/attachments`)
        .set('Authorization', ks)
        .attach('file', pdfBytes, '技术方案书（含预算）.pdf')
        .expect(200);
      expect(attached.body.attachments).toHaveLength(1);
      expect(attached.body.attachments[0]).toMatchObject({
        filename: '技术方案书（含预算）.pdf',
        contentType: 'application/pdf',
        size: pdfBytes.length,
      });
      fileId = attached.body.attachments[0].fileId;
      // a page is never served as one: the type comes from the bytes, not the client's claim
      const html = await t.http
        .post(`/challenges/bids/${bidKs}/attachments`)
        .set('Authorization', ks)
        .attach('file', Buffer.from('<html><script>alert(1)</script></html>'), {
          filename: '说明.html',
          contentType: 'text/html',
        })
        .expect(200);
      expect(html.body.attachments[1].contentType).toBe('application/octet-stream');
      const htmlFile = await download(
        `/challenges/bids/${bidKs}/attachments/${html.body.attachments[1].fileId}`,
        manager,
      ).expect(200);
      expect(htmlFile.headers['content-type']).toContain('application/octet-stream');

      const url = `/challenges/bids/${bidKs}/attachments/${fileId}`;
      for (const reader of [ks, ent.auth, manager]) {
        const res = await download(url, reader).expect(200);
        expect(Buffer.compare(res.body as Buffer, pdfBytes)).toBe(0);
        expect(res.headers['content-disposition']).toMatch(/^attachment;/);
        expect(res.headers['content-disposition']).toContain(encodeURIComponent('技术方案书（含预算）.pdf'));
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      }
      // another bidder of the same call, another enterprise: 404 (no probing); the public: not signed in
      for (const stranger of [nj, other.auth]) {
        const res = await t.http.get(url).set('Authorization', stranger).expect(404);
        expect(res.body.code).toBe('NOT_FOUND');
      }
      await t.http.get(url).expect(401);
      // who uploaded (a user id of the bidder): the bid's own and staff, not the call's enterprise
      const uploaderSeenBy = async (reader: string) =>
        (await t.http.get(`/challenges/bids/${bidKs}`).set('Authorization', reader).expect(200)).body.attachments[0]
          .uploadedById;
      expect(await uploaderSeenBy(ks)).toEqual(expect.any(String));
      expect(await uploaderSeenBy(manager)).toBe(await uploaderSeenBy(ks));
      expect(await uploaderSeenBy(ent.auth)).toBeNull();
      const pub = await t.http.get(`/challenges/public/${callId}`).expect(200);
      expect(JSON.stringify(pub.body)).not.toContain(fileId);
      // the generic file route keeps its own rule: not for the call's enterprise
      await t.http.get(`/files/${fileId}`).set('Authorization', ent.auth).expect(404);
      // a file of another bid through this bid: 404
      await t.http.get(`/challenges/bids/${bidNj}/attachments/${fileId}`).set('Authorization', manager).expect(404);

      // only the lead uploads: another bidder cannot even see the bid, the enterprise may not upload
      await t.http
        .post(`/challenges/bids/${bidKs}/attachments`)
        .set('Authorization', nj)
        .attach('file', pdfBytes, '冒名附件.pdf')
        .expect(404);
      const missing = await t.http
        .post(`/challenges/bids/${bidKs}/attachments`)
        .set('Authorization', ks)
        .send({})
        .expect(400);
      expect(missing.body.details[0]).toMatchObject({ field: 'file', reason: '缺少文件' });
      const events = await t.http
        .get('/events')
        .query({ entityId: bidKs, pageSize: 20 })
        .set('Authorization', admin)
        .expect(200);
      expect(
        events.body.items.filter((e: { type: string }) => e.type === 'challenge_bid.attachment_added'),
      ).toHaveLength(2);
    });

    it('freezes the attachments with the bid after the deadline (409), still readable', async () => {
      await db.query(`UPDATE challenges SET bid_deadline = now() - interval '1 minute' WHERE id = $1`, [callId]);
      const before = await count(`SELECT count(*)::int AS n FROM stored_files WHERE purpose = 'attachment'`);
      const late = await t.http
        .post(`/challenges/bids/${bidKs}/attachments`)
        .set('Authorization', ks)
        .attach('file', pdfBytes, '补充材料.pdf')
        .expect(409);
      expect(late.body).toMatchObject({ code: 'BID_DEADLINE_PASSED', message: '揭榜已截止，方案及其附件已冻结' });
      expect(await count(`SELECT count(*)::int AS n FROM stored_files WHERE purpose = 'attachment'`)).toBe(before);
      const bidNow = await t.http.get(`/challenges/bids/${bidKs}`).set('Authorization', ks).expect(200);
      expect(bidNow.body.attachments).toHaveLength(2);
      await download(`/challenges/bids/${bidKs}/attachments/${fileId}`, ks).expect(200);
    });

    it('reviews, awards, and exports the scores (xlsx) and the Chinese award notice (PDF) to staff and the enterprise', async () => {
      experts = [];
      for (const [email, name] of [
        ['ouyang@example.com', '欧阳明德'],
        ['sima@example.com', '司马青云'],
      ]) {
        const e = await user('manager', email, name);
        await t.http.patch(`/users/${e.id}`).set('Authorization', admin).send({ expert: true }).expect(200);
        experts.push(e);
      }
      await t.http
        .put(`/challenges/${callId}/reviewers`)
        .set('Authorization', manager)
        .send({ userIds: experts.map((e) => e.id) })
        .expect(200);
      await step(callId, 'close');
      // not yet awarded: no export
      const early = await t.http
        .post(`/challenges/${callId}/award-exports`)
        .set('Authorization', ent.auth)
        .send({ format: 'xlsx' })
        .expect(409);
      expect(early.body.message).toContain('定榜后才能导出定榜结果');
      await step(callId, 'start-review');
      const sheet = (a: number, b: number, c: number, d: number) => ({
        scores: [
          { criterion: '技术方案先进性', score: a },
          { criterion: '团队实力与业绩', score: b },
          { criterion: '产业化可行性', score: c },
          { criterion: '经费预算合理性', score: d },
        ],
        comment: '技术路线清晰，建议补充量产工艺验证计划。',
      });
      const score = (who: string, bidId: string, s: ReturnType<typeof sheet>) =>
        t.http.put(`/challenges/bids/${bidId}/score`).set('Authorization', who).send(s).expect(200);
      // bid 昆山: 90/80/70/60 → 80, and 80/80/80/80 → 80 ... means: weighted 80 and 80
      await score(experts[0].auth, bidKs, sheet(90, 80, 70, 60)); // 36 + 24 + 14 + 6 = 80
      await score(experts[1].auth, bidKs, sheet(100, 90, 80, 70)); // 40 + 27 + 16 + 7 = 90
      await score(experts[0].auth, bidNj, sheet(70, 70, 70, 70)); // 70
      await score(experts[1].auth, bidNj, sheet(60, 60, 60, 60)); // 60
      await step(callId, 'award', { bidIds: [bidKs] });

      const exportAs = async (auth: string, format: string) => {
        const job = await t.http
          .post(`/challenges/${callId}/award-exports`)
          .set('Authorization', auth)
          .send({ format })
          .expect(202);
        expect(job.body).toMatchObject({ kind: `challenges.award.${format}`, status: 'queued' });
        await t.settle();
        const status = await t.http.get(`/exports/${job.body.id}`).set('Authorization', auth).expect(200);
        expect(status.body).toMatchObject({ status: 'done', progress: 1 });
        const res = await download(`/exports/${job.body.id}/download`, auth).expect(200);
        return { content: res.body as Buffer, filename: status.body.filename as string };
      };

      // who: staff and the call's enterprise; not another enterprise (404), not a bidder (403), not a bad format
      await t.http.post(`/challenges/${callId}/award-exports`).set('Authorization', other.auth).send({}).expect(404);
      await t.http.post(`/challenges/${callId}/award-exports`).set('Authorization', ks).send({}).expect(403);
      const docx = await t.http
        .post(`/challenges/${callId}/award-exports`)
        .set('Authorization', manager)
        .send({ format: 'docx' })
        .expect(400);
      expect(docx.body.details[0]).toMatchObject({ field: 'format', message: '导出格式须为 xlsx 或 pdf' });

      const xlsx = await exportAs(ent.auth, 'xlsx');
      expect(xlsx.filename).toMatch(/^谐波减速器柔轮材料揭榜挂帅-评审结果-\d{4}-\d{2}-\d{2}\.xlsx$/);
      const [summary] = await readSheets(xlsx.content);
      expect(summary.name).toBe('评分汇总');
      expect(String(summary.rows[0][0])).toContain('评审专家 2 位');
      // the enterprise's sheet counts the experts, never names them (评审专家名单保密)
      for (const secret of ['欧阳明德', '司马青云', ...experts.map((e) => e.id)]) {
        expect(JSON.stringify(summary.rows)).not.toContain(secret);
      }
      expect(summary.rows[1]).toEqual([
        '排名',
        '揭榜单位（牵头）',
        '联合体',
        '申请经费（万元）',
        '技术方案先进性（权重 40%）',
        '团队实力与业绩（权重 30%）',
        '产业化可行性（权重 20%）',
        '经费预算合理性（权重 10%）',
        '加权总分（专家均值）',
        '最低分',
        '最高分',
        '离散度（极差）',
        '有效评分数',
        '定榜结果',
      ]);
      // 昆山: criterion means 95/85/75/65 → weighted 38, 25.5, 15, 6.5 = 85; spread 90 − 80
      expect(summary.rows[2]).toEqual([
        1,
        '昆山精密传动研究院',
        '',
        480,
        38,
        25.5,
        15,
        6.5,
        85,
        80,
        90,
        10,
        '2/2',
        '入选',
      ]);
      expect(summary.rows[3]).toEqual([
        2,
        '金陵先进制造研究院',
        '',
        480,
        26,
        19.5,
        13,
        6.5,
        65,
        60,
        70,
        10,
        '2/2',
        '未入选',
      ]);
      const xlsxText = JSON.stringify(summary.rows);
      for (const name of ['欧阳明德', '司马青云']) expect(xlsxText).not.toContain(name);

      const pdf = await exportAs(manager, 'pdf');
      expect(pdf.filename).toBe('谐波减速器柔轮材料揭榜挂帅-定榜公告.pdf');
      expect(pdf.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.content.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/);
      const texts = pdfTexts(pdf.content);
      // pdfkit wraps long lines: compare without the line breaks
      const all = texts.join('\n').replace(/\n/g, '');
      expect(all).toContain('揭榜挂帅定榜公告');
      expect(all).toContain('揭榜单位：昆山精密传动研究院');
      expect(all).toContain('评审排名：第 1 名；专家加权平均分：85.00');
      expect(all).toContain('专家个人评分不予公开');
      expect(all).toContain('（出榜单位：昆山精毅精密机械有限公司；项目类别：揭榜挂帅重大科技成果转化项目）');
      // the public notice: no amounts, no budget, no experts' names, not the losing bidder
      for (const word of ['万元', '经费', '榜额', '预算', '资助', '欧阳明德', '司马青云', '金陵先进制造研究院']) {
        expect(all).not.toContain(word);
      }
    });

    it('the project’s lead attaches milestone evidence, read by the project’s parties only, frozen once accepted', async () => {
      const projects = await t.http
        .get('/challenges/projects')
        .query({ challengeId: callId })
        .set('Authorization', manager)
        .expect(200);
      const project = (projects.body.items ?? projects.body).find((p: { bidId: string }) => p.bidId === bidKs);
      const evidence = Buffer.from('%PDF-1.4\n样机检测报告\n%%EOF');
      const added = await t.http
        .post(`/challenges/projects/${project.id}/milestones/0/evidence`)
        .set('Authorization', ks)
        .attach('file', evidence, '样机检测报告.pdf')
        .expect(200);
      const ref = added.body.milestones[0].evidence[0];
      expect(ref).toMatchObject({ filename: '样机检测报告.pdf', contentType: 'application/pdf' });
      const url = `/challenges/projects/${project.id}/milestones/0/evidence/${ref.fileId}`;
      for (const reader of [ks, ent.auth, manager]) {
        const res = await download(url, reader).expect(200);
        expect(res.headers['content-disposition']).toMatch(/^attachment;/);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      }
      for (const stranger of [nj, other.auth, bj]) await t.http.get(url).set('Authorization', stranger).expect(404);
      await t.http.get(url).expect(401);
      // the evidence's uploader: the project's own and staff; the call's enterprise reads the file without it
      const uploaderSeenBy = async (reader: string) =>
        (await t.http.get(`/challenges/projects/${project.id}`).set('Authorization', reader).expect(200)).body
          .milestones[0].evidence[0].uploadedById;
      expect(await uploaderSeenBy(ks)).toEqual(expect.any(String));
      expect(await uploaderSeenBy(manager)).toBe(await uploaderSeenBy(ks));
      expect(await uploaderSeenBy(ent.auth)).toBeNull();
      // not the lead: the losing bidder cannot see the project; the enterprise may read but not upload
      await t.http
        .post(`/challenges/projects/${project.id}/milestones/0/evidence`)
        .set('Authorization', nj)
        .attach('file', evidence, '冒名报告.pdf')
        .expect(404);
      await t.http
        .post(`/challenges/projects/${project.id}/milestones/0/evidence`)
        .set('Authorization', ent.auth)
        .attach('file', evidence, '企业报告.pdf')
        .expect(403);
      await t.http
        .post(`/challenges/projects/${project.id}/milestones/9/evidence`)
        .set('Authorization', ks)
        .attach('file', evidence, '报告.pdf')
        .expect(404);

      await t.http
        .post(`/challenges/projects/${project.id}/milestones/0/accept`)
        .set('Authorization', manager)
        .send({ note: '样机 3 台已交付，检测报告齐全' })
        .expect(200);
      const frozen = await t.http
        .post(`/challenges/projects/${project.id}/milestones/0/evidence`)
        .set('Authorization', ks)
        .attach('file', evidence, '迟交报告.pdf')
        .expect(409);
      expect(frozen.body.message).toContain('已验收，佐证材料不能再变更');
      // which manager accepted the milestone (a staff user id): staff only
      const acceptedBy = async (reader: string) =>
        (await t.http.get(`/challenges/projects/${project.id}`).set('Authorization', reader).expect(200)).body
          .milestones[0].acceptedById;
      expect(await acceptedBy(manager)).toEqual(expect.any(String));
      expect(await acceptedBy(ks)).toBeNull();
      expect(await acceptedBy(ent.auth)).toBeNull();
      const events = await t.http
        .get('/events')
        .query({ entityId: project.id, pageSize: 20 })
        .set('Authorization', admin)
        .expect(200);
      expect(events.body.items.map((e: { type: string }) => e.type)).toContain('challenge_project.evidence_added');
    });
  });

  describe('评审专家名单保密: the call’s enterprise follows the review without learning who the experts are', () => {
    it('staff see the experts by name; the enterprise sees 专家 1, 2, 3 with progress counts, nothing naming them', async () => {
      const callId = await publishedCall({ title: '精密轴承保持架材料揭榜挂帅', sourceDemandId: undefined });
      const bidKs = await bid(callId, ks);
      const bidNj = await bid(callId, nj);
      const institute = await organisation('东吴轴承技术研究院', { district: '陆家镇' });
      const expert = async (email: string, name: string, organisationId = institute) => {
        const e = await user('university', email, name, organisationId);
        await t.http.patch(`/users/${e.id}`).set('Authorization', admin).send({ expert: true }).expect(200);
        return { ...e, name };
      };
      // assigned in this order: 上官 (昆山's own institute: a rule conflict with its bid), 诸葛, 端木
      const shangguan = await expert('shangguan@example.edu.cn', '上官致远', ksId);
      const zhuge = await expert('zhuge@example.com', '诸葛文澜');
      const duanmu = await expert('duanmu@example.com', '端木清和');
      const panel = [shangguan, zhuge, duanmu];
      for (const e of panel) {
        await t.http
          .put(`/challenges/${callId}/reviewers`)
          .set('Authorization', manager)
          .send({ userIds: panel.slice(0, panel.indexOf(e) + 1).map((x) => x.id) })
          .expect(200);
      }
      await step(callId, 'close');
      await step(callId, 'start-review');
      const conflictReason = '诸葛文澜近三年在金陵先进制造研究院兼职，申请回避';
      await t.http
        .post(`/challenges/bids/${bidNj}/conflict`)
        .set('Authorization', zhuge.auth)
        .send({ reason: conflictReason })
        .expect(200);
      await t.http
        .put(`/challenges/bids/${bidKs}/score`)
        .set('Authorization', zhuge.auth)
        .send({
          scores: [
            { criterion: '技术方案先进性', score: 90 },
            { criterion: '团队实力与业绩', score: 80 },
            { criterion: '产业化可行性', score: 70 },
            { criterion: '经费预算合理性', score: 60 },
          ],
          comment: '保持架材料选型合理，建议补充高速工况验证。',
        })
        .expect(200);
      const excuseReason = '端木清和出国访学，无法按期评审';
      await t.http
        .post(`/challenges/${callId}/reviewers/${duanmu.id}/excuse`)
        .set('Authorization', admin)
        .send({ reason: excuseReason })
        .expect(200);

      // staff: every expert by id and name, the excuse reason, the pairs
      const staffView = (await t.http.get(`/challenges/${callId}/review`).set('Authorization', manager).expect(200))
        .body;
      expect(staffView.view).toBe('staff');
      expect(staffView.panel).toEqual([
        expect.objectContaining({ label: '专家 1', userId: shangguan.id, name: '上官致远', pending: 1, conflicts: 1 }),
        expect.objectContaining({ label: '专家 2', userId: zhuge.id, name: '诸葛文澜', scored: 1, conflicts: 1 }),
        expect.objectContaining({ label: '专家 3', userId: duanmu.id, excused: true, excuseReason }),
      ]);
      expect(staffView.pending).toEqual([{ userId: shangguan.id, bidId: bidNj }]);
      expect(staffView.conflicts).toEqual(
        expect.arrayContaining([
          { userId: shangguan.id, bidId: bidKs, declared: false },
          { userId: zhuge.id, bidId: bidNj, declared: true },
        ]),
      );

      // the enterprise: the same labels, progress and aggregates; no id, name, reason or pair anywhere in the answer
      const res = await t.http.get(`/challenges/${callId}/review`).set('Authorization', ent.auth).expect(200);
      const body = res.body;
      expect(body.view).toBe('enterprise');
      expect(body.panel).toEqual([
        {
          label: '专家 1',
          userId: null,
          name: null,
          excused: false,
          excuseReason: null,
          pending: 1,
          scored: 0,
          conflicts: 1,
        },
        {
          label: '专家 2',
          userId: null,
          name: null,
          excused: false,
          excuseReason: null,
          pending: 0,
          scored: 1,
          conflicts: 1,
        },
        {
          label: '专家 3',
          userId: null,
          name: null,
          excused: true,
          excuseReason: null,
          pending: 0,
          scored: 0,
          conflicts: 0,
        },
      ]);
      expect(body.pending).toBeNull();
      expect(body.conflicts).toBeNull();
      expect(body.mine).toBeNull();
      expect(body.bids).toEqual(staffView.bids);
      expect(body.bids.find((b: { bidId: string }) => b.bidId === bidKs)).toMatchObject({ mean: 80, scoreCount: 1 });
      for (const secret of [
        ...panel.flatMap((e) => [e.id, e.name]),
        excuseReason,
        conflictReason,
        '保持架材料选型合理',
        'reviewerUserId',
      ]) {
        expect(res.text).not.toContain(secret);
      }

      // nor through the other doors the enterprise has: the call, its bids, a bid, an award attempt (staff only)
      const doors = [
        `/challenges/${callId}`,
        `/challenges/${callId}/bids`,
        `/challenges/bids/${bidKs}`,
        `/challenges/bids/${bidNj}`,
      ];
      for (const url of doors) {
        const r = await t.http.get(url).set('Authorization', ent.auth).expect(200);
        for (const secret of [...panel.flatMap((e) => [e.id, e.name]), excuseReason, conflictReason]) {
          expect(r.text).not.toContain(secret);
        }
      }
      const award = await t.http
        .post(`/challenges/${callId}/award`)
        .set('Authorization', ent.auth)
        .send({ bidIds: [bidKs] })
        .expect(403);
      for (const e of panel) expect(award.text).not.toContain(e.id);
      // the audit log (whose events name the experts) is for admins only
      await t.http.get('/events').set('Authorization', ent.auth).expect(403);

      // an expert still reads only their own sheet
      const own = (await t.http.get(`/challenges/${callId}/review`).set('Authorization', zhuge.auth).expect(200)).body;
      expect(own).toMatchObject({ view: 'expert', panel: null, pending: null, conflicts: null, bids: null });
      expect(own.mine.bids.find((b: { bidId: string }) => b.bidId === bidNj).conflictReason).toBe(conflictReason);
    });
  });

  describe('reported history of rows 6, 7, 9, 10 (before the platform start)', () => {
    const figure = async (key: string, year: number) => {
      await t.settle();
      return (await t.http.get(`/indicators/${key}`).query({ year }).set('Authorization', manager).expect(200)).body;
    };
    const report = (key: string, body: Record<string, unknown>) =>
      t.http
        .post(`/indicators/${key}/reports`)
        .set('Authorization', manager)
        .send({ evidence: '市科技局 2025 年度揭榜挂帅项目立项文件（昆科〔2025〕18号）', ...body });

    it('accepts history ending before 2026-01-01, refuses later periods, and adds it without double counting', async () => {
      const reports = async () => count('SELECT count(*)::int AS n FROM indicator_reports');
      const before = await reports();
      const late = await report('jiebang_projects', { year: 2026, value: 5, asOf: '2026-03-31' }).expect(400);
      expect(late.body).toMatchObject({
        code: 'INDICATOR_NOT_REPORTABLE',
        details: [{ field: 'asOf', reason: '须早于平台启用日 2026-01-01' }],
      });
      expect(late.body.message).toContain(
        '自平台启用（2026-01-01）起由平台根据业务记录自动统计，只接受截至日期早于 2026-01-01 的历史数据填报',
      );
      await report('jiebang_projects', { year: 2025, value: 5, asOf: '2026-01-05' }).expect(400);
      const wrongYear = await report('jiebang_projects', { year: 2025, value: 5, asOf: '2024-12-31' }).expect(400);
      expect(wrongYear.body.details[0]).toMatchObject({ field: 'asOf', reason: '截至日期须在 2025 年内' });
      expect(await reports()).toBe(before);

      // row 10 (annual): 2025's history; this year's figure (the project awarded above) does not move
      const current = (await figure('jiebang_projects', 2026)).actual as number;
      expect(current).toBeGreaterThanOrEqual(1);
      const accepted = await report('jiebang_projects', { year: 2025, value: 12, asOf: '2025-12-31' }).expect(201);
      expect((await figure('jiebang_projects', 2025)).actual).toBe(0); // awaiting review
      await t.http.post(`/indicator-reports/${accepted.body.id}/approve`).set('Authorization', admin).expect(200);
      const y2025 = await figure('jiebang_projects', 2025);
      expect(y2025).toMatchObject({
        actual: 12,
        source: 'observed',
        reportedHistory: { value: 12, asOf: '2025-12-31' },
      });
      expect(y2025.countingRule).toContain('平台启用（2026-01-01）前的历史数据可由责任单位填报');
      expect((await figure('jiebang_projects', 2026)).actual).toBe(current);

      // row 9 (cumulative): a consortium founded in 2025 is covered by the 2025 level, one founded in 2026 is added
      const consortium = (name: string, foundedOn: string) =>
        t.http
          .post('/challenges/consortia')
          .set('Authorization', manager)
          .send({
            name,
            leadOrganisationId: ent.organisationId,
            members: [{ organisationId: ksId, role: '课题一：关键部件设计' }],
            industryChainIds: [chains[4]],
            foundedOn,
            description: '联合上下游企业与高校开展关键核心技术攻关',
          })
          .expect(201);
      const base2025 = (await figure('innovation_consortia', 2025)).actual as number;
      const base2026 = (await figure('innovation_consortia', 2026)).actual as number;
      await consortium('昆山精密传动老牌创新联合体', '2025-06-01');
      await consortium('昆山精密传动新创新联合体', '2026-02-01');
      expect((await figure('innovation_consortia', 2025)).actual).toBe(base2025 + 1);
      expect((await figure('innovation_consortia', 2026)).actual).toBe(base2026 + 2);
      const level = await report('innovation_consortia', {
        year: 2025,
        value: 70,
        asOf: '2025-12-31',
        evidence: '2025 年末创新联合体备案名单（70 家）',
      }).expect(201);
      await t.http.post(`/indicator-reports/${level.body.id}/approve`).set('Authorization', admin).expect(200);
      // the 2025 level replaces what the records said up to its date; 2026 adds only what came after
      expect((await figure('innovation_consortia', 2025)).actual).toBe(70);
      const y2026 = await figure('innovation_consortia', 2026);
      expect(y2026).toMatchObject({ actual: 70 + 1, reportedHistory: { value: 70, asOf: '2025-12-31', year: 2025 } });

      // the facts themselves are untouched: verify stays green
      expect(await t.app.get(IndicatorFactsService).verify()).toEqual([]);
    });
  });

  it('a consortium keeps its signed agreement: staff upload it, its own organisations and staff download it, nobody else', async () => {
    const agreement = Buffer.from('%PDF-1.4\n创新联合体组建协议（测试）\n%%EOF');
    const created = await t.http
      .post('/challenges/consortia')
      .set('Authorization', manager)
      .send({
        name: '昆山精密传动协议测试创新联合体',
        leadOrganisationId: ent.organisationId,
        members: [{ organisationId: ksId, role: '课题二：材料与工艺' }],
        industryChainIds: [chains[4]],
        foundedOn: '2026-03-01',
        description: '联合体协议文件测试',
      })
      .expect(201);
    const id = created.body.id as string;
    // only staff upload; nothing is stored otherwise
    const files = await count('SELECT count(*) AS n FROM stored_files');
    await t.http
      .post(`/challenges/consortia/${id}/agreement`)
      .set('Authorization', ent.auth)
      .attach('file', agreement, '联合体协议.pdf')
      .expect(403);
    expect(await count('SELECT count(*) AS n FROM stored_files')).toBe(files);
    const uploaded = await t.http
      .post(`/challenges/consortia/${id}/agreement`)
      .set('Authorization', manager)
      .attach('file', agreement, '联合体协议.pdf')
      .expect(200);
    expect(uploaded.body.agreement).toMatchObject({ filename: '联合体协议.pdf', contentType: 'application/pdf' });
    // the registry is public, who uploaded the agreement (a user id) is not: staff and the consortium's own only
    const uploaderSeenBy = async (reader: string) =>
      (await t.http.get(`/challenges/consortia/${id}`).set('Authorization', reader).expect(200)).body.agreement;
    expect((await uploaderSeenBy(manager)).uploadedById).toEqual(expect.any(String));
    for (const own of [ent.auth, ks]) {
      expect((await uploaderSeenBy(own)).uploadedById).toBe((await uploaderSeenBy(manager)).uploadedById);
    }
    expect(await uploaderSeenBy(other.auth)).toMatchObject({ filename: '联合体协议.pdf', uploadedById: null });
    // the lead enterprise, a member institution and staff read it; another enterprise gets 404
    for (const auth of [manager, ent.auth, ks]) {
      const res = await download(`/challenges/consortia/${id}/agreement`, auth).expect(200);
      expect(res.headers['content-disposition']).toContain('attachment');
      expect(Buffer.compare(res.body as Buffer, agreement)).toBe(0);
    }
    await download(`/challenges/consortia/${id}/agreement`, other.auth).expect(404);
    await download(`/challenges/consortia/${id}/agreement`).expect(401);
    // a dissolved consortium's agreement is frozen
    const current = await t.http.get(`/challenges/consortia/${id}`).set('Authorization', manager).expect(200);
    await t.http
      .post(`/challenges/consortia/${id}/dissolve`)
      .set('Authorization', manager)
      .send({ version: current.body.version, dissolvedOn: '2026-06-30', reason: '攻关任务完成' })
      .expect(200);
    await t.http
      .post(`/challenges/consortia/${id}/agreement`)
      .set('Authorization', manager)
      .attach('file', agreement, '新协议.pdf')
      .expect(409);
  });
});
