import ExcelJS from 'exceljs';

import { managerAccount, memberOf, organisation, profileBody } from './factories/managers.factory';
import { chainIds, publishAchievement, publishDemand, registerEnterprise } from './factories/registry.factory';
import { binaryBody, createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

/** A Beijing calendar date as YYYY-MM-DD, shifted by `days`. */
function beijingDate(days = 0): string {
  return new Date(Date.now() + 8 * 3600 * 1000 + days * 86400 * 1000).toISOString().slice(0, 10);
}

const TODAY = beijingDate();
const PERIOD = TODAY.slice(0, 4);

type Criterion = { code: string; raw: number | null; normalised: number; contribution: number };
type Sheet = {
  subjectName: string;
  total: number;
  grade: string;
  gradeLabel: string;
  rank: number;
  criteria: Criterion[];
};

/** A pilot model: the default criteria and weights, with the small targets of a first evaluation round. */
function pilotModel(overrides: { weight0?: number } = {}) {
  return {
    code: 'manager-pilot',
    subject: 'manager',
    name: '技术经理人分级评估模型（试点）',
    criteria: [
      ['confirmedMatches', '促成精准匹配', '项', overrides.weight0 ?? 20, { kind: 'target', target: 2 }],
      ['contracts', '促成签约', '项', 15, { kind: 'target', target: 1 }],
      ['contractValue', '签约金额', '万元', 15, { kind: 'relative' }],
      ['serviceRecords', '服务记录', '次', 15, { kind: 'target', target: 6 }],
      ['followUpTimeliness', '活动后跟进及时率', '%', 10, { kind: 'range', min: 0, max: 100 }],
      ['trainingHours', '培训学时', '学时', 10, { kind: 'target', target: 16 }],
      ['assessmentScore', '训练营考核', '分', 5, { kind: 'range', min: 60, max: 100 }],
      ['enterpriseRating', '企业评价', '分（1–5）', 10, { kind: 'range', min: 1, max: 5 }],
    ].map(([code, label, unit, weight, normalisation]) => ({
      code,
      label,
      unit,
      weight,
      normalisation,
      noDataScore: 0,
      rule: `${label}（试点目标）`,
    })),
    grades: [
      { grade: 'A', label: '一级', minScore: 80 },
      { grade: 'B', label: '二级', minScore: 60 },
      { grade: 'C', label: '三级', minScore: 0 },
    ],
  };
}

const table = (s: Sheet) => s.criteria.map((c) => [c.code, c.raw, c.normalised, c.contribution]);

describe('分级评估 of technology managers and agencies (e2e, real services)', () => {
  let t: TestApp;
  let admin: string;
  let chains: string[];
  let universityId: string;
  let agencyOrg: string;
  let agencyId: string;
  let chen: { auth: string; userId: string };
  let zhou: { auth: string; userId: string };
  let wang: { auth: string; userId: string };
  const profile: Record<'chen' | 'zhou' | 'wang', string> = { chen: '', zhou: '', wang: '' };
  let longteng: { auth: string; organisationId: string };
  let huaxin: { auth: string; organisationId: string };
  let university: string;
  const records: Record<string, string> = {};
  let chenContract: string;
  let zhouContract: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    chains = await chainIds(t.http);
    universityId = await organisation(t.http, admin, 'university', '苏州精密制造研究院');
    agencyOrg = await organisation(t.http, admin, 'agency', '昆山工研院技术转移中心');
    university = await memberOf(t.http, admin, universityId, 'university');
    longteng = await registerEnterprise(t.http, '昆山龙腾精密传动科技有限公司');
    huaxin = await registerEnterprise(t.http, '昆山华鑫新材料股份有限公司');
    chen = await managerAccount(t.http, admin, '陈晓峰');
    zhou = await managerAccount(t.http, admin, '周雨桐');
    wang = await managerAccount(t.http, admin, '王立新');
    const agency = await t.http
      .post('/agencies')
      .set('Authorization', admin)
      .send({ organisationId: agencyOrg, serviceScope: ['tech_transfer'] })
      .expect(201);
    agencyId = agency.body.id;
    await t.http
      .post(`/agencies/${agencyId}/file`)
      .set('Authorization', admin)
      .send({ filingNumber: 'KS-JSZY-2026-021', filingAuthority: '昆山市科学技术局', filedOn: TODAY })
      .expect(200);
    for (const [key, who, extra] of [
      ['chen', chen, { affiliationKind: 'agency', affiliationOrganisationId: agencyOrg }],
      ['zhou', zhou, { affiliationKind: 'agency', affiliationOrganisationId: agencyOrg }],
      ['wang', wang, { affiliationKind: 'institute' }],
    ] as const) {
      const res = await t.http
        .post('/managers')
        .set('Authorization', who.auth)
        .send(profileBody({ name: { chen: '陈晓峰', zhou: '周雨桐', wang: '王立新' }[key], ...extra }))
        .expect(201);
      profile[key] = res.body.id;
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  async function pair(manager: string, demandId: string, achievementId: string): Promise<string> {
    await t.settle();
    const res = await t.http.post('/matches').set('Authorization', manager).send({ demandId, achievementId });
    const id = res.status === 201 ? res.body.id : res.body.details.matchId;
    await t.http.post(`/matches/${id}/confirm`).set('Authorization', manager).expect(200);
    return id;
  }

  async function serviceRecord(manager: string, organisationId: string, summary: string, kind = 'visit') {
    const res = await t.http
      .post('/service-records')
      .set('Authorization', manager)
      .send({ kind, occurredOn: TODAY, organisationId, summary })
      .expect(201);
    return res.body.id as string;
  }

  const evaluation = (auth: string, path = '') =>
    t.http.get(`/evaluations/${PERIOD}${path}`).set('Authorization', auth);

  it('records the period: pairs confirmed and contracted, follow-ups, service, training', async () => {
    const d1 = await publishDemand(t.http, longteng.auth, admin, [chains[4]], {
      title: '机器人关节谐波减速器柔轮国产化',
    });
    const d2 = await publishDemand(t.http, longteng.auth, admin, [chains[4]], {
      title: '伺服电机编码器高精度装配工艺',
    });
    const d3 = await publishDemand(t.http, huaxin.auth, admin, [chains[4]], {
      title: '锂电隔膜涂覆浆料分散稳定性提升',
    });
    const d4 = await publishDemand(t.http, huaxin.auth, admin, [chains[4]], { title: '高导热聚酰亚胺薄膜量产工艺' });
    const a1 = await publishAchievement(t.http, admin, universityId, [chains[4]], {
      title: '谐波减速器柔轮残余应力控制工艺',
    });
    const a2 = await publishAchievement(t.http, admin, universityId, [chains[4]], {
      title: '光栅编码器误差在线补偿方法',
    });
    const a3 = await publishAchievement(t.http, admin, universityId, [chains[4]], {
      title: '纳米陶瓷浆料高剪切分散技术',
    });

    // 陈晓峰 confirms two pairs; 周雨桐 two; 王立新 none
    const c1 = await pair(chen.auth, d1.id, a1.id);
    const c2 = await pair(chen.auth, d2.id, a2.id);
    zhouContract = await pair(zhou.auth, d3.id, a3.id);
    await pair(zhou.auth, d4.id, a1.id);

    // an activity presents 陈晓峰's two pairs; one follow-up is done late, the other on time
    const activity = await t.http
      .post('/activities')
      .set('Authorization', admin)
      .send({
        kind: 'matchmaking',
        title: '精密传动专场产学研对接会',
        scheduledAt: new Date(Date.now() - 2 * 3600 * 1000).toISOString(),
        place: '昆山市科技创新服务中心三楼报告厅',
        district: '玉山镇',
        industryChainIds: [chains[4]],
        participants: [{ organisationId: longteng.organisationId }, { organisationId: universityId }],
      })
      .expect(201);
    for (const matchId of [c1, c2]) {
      await t.http
        .post(`/activities/${activity.body.id}/match-items`)
        .set('Authorization', admin)
        .send({ matchId })
        .expect(201);
    }
    await t.http
      .post(`/activities/${activity.body.id}/hold`)
      .set('Authorization', admin)
      .send({
        attendance: 40,
        heldAt: new Date(Date.now() - 3600 * 1000).toISOString(),
        attendedOrganisationIds: [longteng.organisationId, universityId],
      })
      .expect(200);
    const followUps = (
      await t.http.get('/follow-ups').query({ activityId: activity.body.id }).set('Authorization', admin).expect(200)
    ).body.items as Array<{ id: string; version: number; match: { id: string } }>;
    expect(followUps).toHaveLength(2);
    const late = followUps.find((f) => f.match.id === c1)!;
    const onTime = followUps.find((f) => f.match.id === c2)!;
    const moved = await t.http
      .patch(`/follow-ups/${late.id}`)
      .set('Authorization', chen.auth)
      .send({ dueDate: beijingDate(-1), nextStep: '安排企业赴校考察样机', version: late.version })
      .expect(200);
    await t.http
      .patch(`/follow-ups/${late.id}`)
      .set('Authorization', chen.auth)
      .send({ status: 'done', version: moved.body.version })
      .expect(200);
    const kept = await t.http
      .patch(`/follow-ups/${onTime.id}`)
      .set('Authorization', chen.auth)
      .send({ dueDate: TODAY, version: onTime.version })
      .expect(200);
    await t.http
      .patch(`/follow-ups/${onTime.id}`)
      .set('Authorization', chen.auth)
      .send({ status: 'done', version: kept.body.version })
      .expect(200);

    // contracts: 陈晓峰's first pair for 120 万元, 周雨桐's first for 300 万元
    for (const [id, amount] of [
      [c1, 120],
      [zhouContract, 300],
    ] as const) {
      const match = await t.http.get(`/matches/${id}`).set('Authorization', admin).expect(200);
      await t.http
        .post(`/matches/${id}/contract`)
        .set('Authorization', admin)
        .send({ contractAmount: amount, contractMode: 'joint_development', version: match.body.version })
        .expect(200);
    }
    chenContract = c1;

    // service: 陈晓峰 3 records at 龙腾, 周雨桐 6 at 华鑫, 王立新 1 at 龙腾
    records.chen = await serviceRecord(
      chen.auth,
      longteng.organisationId,
      '走访企业研发中心，梳理谐波减速器国产化技术路线',
    );
    await serviceRecord(
      chen.auth,
      longteng.organisationId,
      '组织技术路线图研讨，确认柔轮材料为首要攻关方向',
      'roadmap_workshop',
    );
    await serviceRecord(chen.auth, longteng.organisationId, '电话沟通样机测试安排与高校团队对接时间', 'call');
    for (let i = 1; i <= 6; i++) {
      const id = await serviceRecord(
        zhou.auth,
        huaxin.organisationId,
        `第 ${i} 次走访华鑫新材料，跟进隔膜涂覆浆料攻关`,
      );
      if (i === 1) records.zhou = id;
    }
    records.wang = await serviceRecord(wang.auth, longteng.organisationId, '走访龙腾精密，了解伺服装配产线改造需求');

    // training: 陈晓峰 attends 8 + 6 hours and scores 90; 周雨桐 attends 8 hours and scores 100
    const camp = await t.http
      .post('/training-camps')
      .set('Authorization', admin)
      .send({ title: '高端装备产业链技术经理人训练营', industryChainId: chains[4], startOn: TODAY, endOn: TODAY })
      .expect(201);
    const negative = await t.http
      .post(`/training-camps/${camp.body.id}/sessions`)
      .set('Authorization', admin)
      .send({ kind: 'training', title: '技术合同登记实务', heldOn: TODAY, hours: -3 })
      .expect(400);
    expect(negative.body.details[0]).toMatchObject({ field: 'hours', reason: '数值低于下限' });
    await t.http
      .post(`/training-camps/${camp.body.id}/sessions`)
      .set('Authorization', admin)
      .send({ kind: 'training', title: '技术合同登记与技术交易定价实务', heldOn: TODAY, hours: 8 })
      .expect(201);
    const withSessions = await t.http
      .post(`/training-camps/${camp.body.id}/sessions`)
      .set('Authorization', admin)
      .send({ kind: 'practice', title: '走进龙头企业：技术路线图梳理实践', heldOn: TODAY, hours: 6 })
      .expect(201);
    const [s1, s2] = (withSessions.body.sessions as Array<{ id: string }>).map((s) => s.id);
    for (const [who, attended, score] of [
      ['chen', [s1, s2], 90],
      ['zhou', [s1], 100],
    ] as const) {
      const enrolled = await t.http
        .post(`/training-camps/${camp.body.id}/enrolments`)
        .set('Authorization', admin)
        .send({ managerProfileId: profile[who] })
        .expect(201);
      const enrolment = (enrolled.body.enrolments as Array<{ id: string; managerProfileId: string }>).find(
        (e) => e.managerProfileId === profile[who],
      )!;
      await t.http
        .put(`/training-camps/${camp.body.id}/enrolments/${enrolment.id}/attendance`)
        .set('Authorization', admin)
        .send({ sessionIds: attended })
        .expect(200);
      await t.http
        .post(`/training-camps/${camp.body.id}/enrolments/${enrolment.id}/assessment`)
        .set('Authorization', admin)
        .send({ score, result: score >= 90 ? 'excellent' : 'pass' })
        .expect(200);
    }
    const assessed = (await t.http.get('/events').query({ type: 'training_camp.assessed' }).set('Authorization', admin))
      .body.items;
    expect(assessed).toHaveLength(2);
  });

  it('an enterprise rates only the managers who served it, once per record, 1–5', async () => {
    const rateable = await t.http.get('/service-ratings/rateable').set('Authorization', longteng.auth).expect(200);
    expect(
      (rateable.body as Array<{ recordKind: string; managerName: string }>)
        .map((r) => `${r.recordKind}:${r.managerName}`)
        .sort(),
    ).toEqual([
      'match:陈晓峰',
      'service_record:王立新',
      'service_record:陈晓峰',
      'service_record:陈晓峰',
      'service_record:陈晓峰',
    ]);

    const rate = (auth: string, body: Record<string, unknown>) =>
      t.http.post('/service-ratings').set('Authorization', auth).send(body);
    const countRatings = async () =>
      (await t.http.get('/events').query({ type: 'service_rating.created' }).set('Authorization', admin)).body.total;

    // bad input and other enterprises' records: refused, nothing stored
    const six = await rate(longteng.auth, { recordKind: 'service_record', recordId: records.chen, score: 6 }).expect(
      400,
    );
    expect(six.body.details).toEqual([expect.objectContaining({ field: 'score', reason: '数值超出上限' })]);
    const zero = await rate(longteng.auth, { recordKind: 'service_record', recordId: records.chen, score: 0 });
    expect(zero.status).toBe(400);
    await rate(longteng.auth, { recordKind: 'visit', recordId: records.chen, score: 4 }).expect(400);
    // 周雨桐 served 华鑫, not 龙腾: her record and her contract are not 龙腾's to rate
    await rate(longteng.auth, { recordKind: 'service_record', recordId: records.zhou, score: 1 }).expect(404);
    await rate(longteng.auth, { recordKind: 'match', recordId: zhouContract, score: 1 }).expect(404);
    await rate(university, { recordKind: 'service_record', recordId: records.chen, score: 5 }).expect(403);
    await rate(chen.auth, { recordKind: 'service_record', recordId: records.chen, score: 5 }).expect(403);
    expect(await countRatings()).toBe(0);

    const first = await rate(longteng.auth, {
      recordKind: 'service_record',
      recordId: records.chen,
      score: 5,
      comment: '走访准备充分，帮我们理清了减速器国产化的技术路线',
    }).expect(201);
    expect(first.body).toMatchObject({ managerProfileId: profile.chen, managerName: '陈晓峰', score: 5 });
    const again = await rate(longteng.auth, { recordKind: 'service_record', recordId: records.chen, score: 1 }).expect(
      409,
    );
    expect(again.body.code).toBe('ALREADY_RATED');
    await rate(longteng.auth, {
      recordKind: 'match',
      recordId: chenContract,
      score: 4,
      comment: '签约推进及时',
    }).expect(201);
    await rate(longteng.auth, {
      recordKind: 'service_record',
      recordId: records.wang,
      score: 2,
      comment: '走访后没有下文',
    }).expect(201);
    await rate(huaxin.auth, { recordKind: 'service_record', recordId: records.zhou, score: 5 }).expect(201);
    expect(await countRatings()).toBe(4);

    const after = await t.http.get('/service-ratings/rateable').set('Authorization', longteng.auth).expect(200);
    expect(after.body.find((r: { recordId: string }) => r.recordId === chenContract).rating).toMatchObject({
      score: 4,
      comment: '签约推进及时',
    });
  });

  it('refuses a model whose weights do not sum to 100 and stores nothing; only admins compute', async () => {
    const bad = await t.http
      .post('/evaluations')
      .set('Authorization', admin)
      .send({ periodKey: PERIOD, managerModel: pilotModel({ weight0: 25 }) })
      .expect(400);
    expect(bad.body.details).toEqual([
      expect.objectContaining({ field: 'managerModel.criteria', reason: '各项权重之和必须为 100（当前为 105）' }),
    ]);
    const badKey = await t.http
      .post('/evaluations')
      .set('Authorization', admin)
      .send({ periodKey: '2026Q3' })
      .expect(400);
    expect(badKey.body.details[0]).toMatchObject({ field: 'periodKey' });
    await t.http.post('/evaluations').set('Authorization', chen.auth).send({ periodKey: PERIOD }).expect(403);
    await evaluation(admin).expect(404);
    expect((await t.http.get('/evaluations').set('Authorization', admin).expect(200)).body).toEqual([]);
  });

  it('computes a draft from the records with the default model, and recomputes it with a pilot model', async () => {
    const draft = await t.http.post('/evaluations').set('Authorization', admin).send({ periodKey: PERIOD }).expect(200);
    expect(draft.body).toMatchObject({ periodKey: PERIOD, status: 'draft', counts: { manager: 3, agency: 1 } });
    expect(draft.body.models.manager.code).toBe('manager-2026');
    const byDefault = (await evaluation(admin, `/sheets/manager/${profile.chen}`).expect(200)).body as Sheet;
    // default targets: 10 pairs, 3 contracts, 12 records, 40 hours
    expect(table(byDefault)).toEqual([
      ['confirmedMatches', 2, 20, 4],
      ['contracts', 1, 33.33, 5],
      ['contractValue', 120, 40, 6],
      ['serviceRecords', 3, 25, 3.75],
      ['followUpTimeliness', 50, 50, 5],
      ['trainingHours', 14, 35, 3.5],
      ['assessmentScore', 90, 75, 3.75],
      ['enterpriseRating', 4.5, 87.5, 8.75],
    ]);
    expect(byDefault).toMatchObject({ total: 39.75, grade: 'C', gradeLabel: '三级' });

    const pilot = await t.http
      .post('/evaluations')
      .set('Authorization', admin)
      .send({ periodKey: PERIOD, managerModel: pilotModel() })
      .expect(200);
    expect(pilot.body.models.manager.name).toBe('技术经理人分级评估模型（试点）');
    expect(pilot.body.version).toBeGreaterThan(draft.body.version);

    const ranking = (await evaluation(admin, '/ranking').expect(200)).body as { rows: Sheet[] };
    expect(ranking.rows.map((r) => [r.rank, r.subjectName, r.total, r.grade, r.gradeLabel])).toEqual([
      [1, '周雨桐', 85, 'A', '一级'],
      [2, '陈晓峰', 74.75, 'B', '二级'],
      [3, '王立新', 5, 'C', '三级'],
    ]);
    const [zhouSheet, chenSheet, wangSheet] = ranking.rows;
    expect(table(chenSheet)).toEqual([
      ['confirmedMatches', 2, 100, 20],
      ['contracts', 1, 100, 15],
      ['contractValue', 120, 40, 6],
      ['serviceRecords', 3, 50, 7.5],
      ['followUpTimeliness', 50, 50, 5],
      ['trainingHours', 14, 87.5, 8.75],
      ['assessmentScore', 90, 75, 3.75],
      ['enterpriseRating', 4.5, 87.5, 8.75],
    ]);
    expect(table(zhouSheet)).toEqual([
      ['confirmedMatches', 2, 100, 20],
      ['contracts', 1, 100, 15],
      ['contractValue', 300, 100, 15],
      ['serviceRecords', 6, 100, 15],
      ['followUpTimeliness', null, 0, 0],
      ['trainingHours', 8, 50, 5],
      ['assessmentScore', 100, 100, 5],
      ['enterpriseRating', 5, 100, 10],
    ]);
    expect(table(wangSheet)).toEqual([
      ['confirmedMatches', 0, 0, 0],
      ['contracts', 0, 0, 0],
      ['contractValue', 0, 0, 0],
      ['serviceRecords', 1, 16.67, 2.5],
      ['followUpTimeliness', null, 0, 0],
      ['trainingHours', 0, 0, 0],
      ['assessmentScore', null, 0, 0],
      ['enterpriseRating', 2, 25, 2.5],
    ]);

    // the agency adds up its two managers' records (default agency model)
    const agencies = (await evaluation(admin, '/ranking?subjectKind=agency').expect(200)).body as {
      rows: Sheet[];
    };
    expect(agencies.rows).toHaveLength(1);
    expect(agencies.rows[0].subjectName).toBe('昆山工研院技术转移中心');
    expect(agencies.rows[0].criteria.map((c) => [c.code, c.raw])).toEqual([
      ['confirmedMatches', 4],
      ['contracts', 2],
      ['contractValue', 420],
      ['serviceRecords', 9],
      ['activeManagers', 2],
      ['trainingHours', 22],
      ['enterpriseRating', 4.67],
      ['followUpTimeliness', 50],
    ]);
    // 4/30×20 + 2/8×15 + 15 + 9/40×15 + 2/10×10 + 22/120×10 + (14/3−1)/4×10 + 50%×5
    expect(agencies.rows[0]).toMatchObject({ total: 40.3, grade: 'C' });

    // a manager reads neither drafts nor the ranking
    await evaluation(chen.auth, '/mine').expect(404);
    await evaluation(chen.auth, '/ranking').expect(403);
    expect((await t.http.get('/evaluations').set('Authorization', chen.auth).expect(200)).body).toEqual([]);
  });

  it('publishing freezes the period: a later record changes nothing, and it is not recomputed', async () => {
    const period = (await evaluation(admin).expect(200)).body;
    const stale = await t.http
      .post(`/evaluations/${PERIOD}/publish`)
      .set('Authorization', admin)
      .send({ version: period.version - 1 })
      .expect(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    await t.http
      .post(`/evaluations/${PERIOD}/publish`)
      .set('Authorization', chen.auth)
      .send({ version: period.version })
      .expect(403);
    const published = await t.http
      .post(`/evaluations/${PERIOD}/publish`)
      .set('Authorization', admin)
      .send({ version: period.version })
      .expect(200);
    expect(published.body).toMatchObject({ status: 'published', statusLabel: '已发布' });
    const events = await t.http.get('/events').query({ entityId: period.id }).set('Authorization', admin).expect(200);
    expect(events.body.items.map((e: { type: string }) => e.type).sort()).toEqual([
      'evaluation_period.computed',
      'evaluation_period.computed',
      'evaluation_period.published',
    ]);

    // later records: 王立新 logs two visits and is rated 5 — the published sheet stays as it was
    const laterRecord = await serviceRecord(
      wang.auth,
      longteng.organisationId,
      '再次走访龙腾精密，对接伺服装配产线改造团队',
    );
    await serviceRecord(wang.auth, longteng.organisationId, '电话沟通改造方案评审时间与参会人员', 'call');
    await t.http
      .post('/service-ratings')
      .set('Authorization', longteng.auth)
      .send({ recordKind: 'service_record', recordId: laterRecord, score: 5 })
      .expect(201);
    const wangSheet = (await evaluation(admin, `/sheets/manager/${profile.wang}`).expect(200)).body as Sheet;
    expect(wangSheet).toMatchObject({ total: 5, grade: 'C', rank: 3 });
    expect(wangSheet.criteria.find((c) => c.code === 'serviceRecords')!.raw).toBe(1);
    expect(wangSheet.criteria.find((c) => c.code === 'enterpriseRating')!.raw).toBe(2);

    const again = await t.http.post('/evaluations').set('Authorization', admin).send({ periodKey: PERIOD }).expect(409);
    expect(again.body.code).toBe('EVALUATION_PUBLISHED');
    const twice = await t.http
      .post(`/evaluations/${PERIOD}/publish`)
      .set('Authorization', admin)
      .send({ version: published.body.version })
      .expect(409);
    expect(twice.body.code).toBe('EVALUATION_PUBLISHED');
  });

  it('a manager reads their own sheet (我的评估) and no one else’s', async () => {
    const mine = (await evaluation(chen.auth, '/mine').expect(200)).body;
    expect(mine).toMatchObject({
      subjectName: '陈晓峰',
      subjectKindLabel: '技术经理人',
      total: 74.75,
      grade: 'B',
      gradeLabel: '二级',
      rank: 2,
      of: 3,
      modelName: '技术经理人分级评估模型（试点）',
    });
    // printed so the sheet can be read beside the figures above
    console.log(
      [
        `${mine.period.label} ${mine.subjectName}：总分 ${mine.total}，${mine.grade}（${mine.gradeLabel}），第 ${mine.rank}/${mine.of} 名`,
        ...mine.criteria.map(
          (c: Criterion & { label: string; unit: string; weight: number }) =>
            `${c.label}｜权重 ${c.weight}｜原始值 ${c.raw ?? '无数据'} ${c.unit}｜标准化 ${c.normalised}｜贡献 ${c.contribution}`,
        ),
      ].join('\n'),
    );
    await evaluation(chen.auth, `/sheets/manager/${profile.chen}`).expect(200);
    await evaluation(chen.auth, `/sheets/manager/${profile.zhou}`).expect(404);
    await evaluation(chen.auth, `/sheets/agency/${agencyId}`).expect(404);
    await evaluation(longteng.auth, '/mine').expect(403);
    expect((await t.http.get('/evaluations').set('Authorization', chen.auth).expect(200)).body).toHaveLength(1);
  });

  it('exports the ranking and a per-person sheet as xlsx export jobs', async () => {
    const download = async (auth: string, path: string, body: Record<string, unknown> = {}) => {
      const requested = await t.http.post(path).set('Authorization', auth).send(body).expect(202);
      expect(requested.body).toMatchObject({ status: 'queued' });
      await t.settle();
      const job = await t.http.get(`/exports/${requested.body.id}`).set('Authorization', auth).expect(200);
      expect(job.body).toMatchObject({ status: 'done' });
      const file = await t.http
        .get(job.body.downloadUrl)
        .set('Authorization', auth)
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(file.body as ArrayBuffer);
      return book.worksheets[0];
    };
    const ranking = await download(admin, `/evaluations/${PERIOD}/export`, { subjectKind: 'manager' });
    expect(String(ranking.getRow(1).getCell(1).value)).toContain(`${PERIOD} 年度技术经理人分级评估排名（已发布`);
    expect(ranking.getRow(2).values).toEqual(
      expect.arrayContaining(['排名', '技术经理人', '总分', '等级', '促成精准匹配（项）']),
    );
    expect(ranking.getRow(3).values).toEqual(expect.arrayContaining([1, '周雨桐', 85, 'A（一级）']));
    expect(ranking.getRow(5).values).toEqual(expect.arrayContaining([3, '王立新', 5, 'C（三级）', '无数据']));

    const sheet = await download(chen.auth, `/evaluations/${PERIOD}/sheets/manager/${profile.chen}/export`);
    expect(sheet.getRow(2).values).toEqual(
      expect.arrayContaining(['评估指标', '计分规则', '权重', '原始值', '标准化得分', '贡献分']),
    );
    expect(sheet.getRow(3).values).toEqual(expect.arrayContaining(['促成精准匹配', 20, '2 项', 100, 20]));
    expect(sheet.getRow(11).values).toEqual(expect.arrayContaining(['合计', '等级：B（二级）；排名 2 / 3', 74.75]));

    await t.http.post(`/evaluations/${PERIOD}/export`).set('Authorization', chen.auth).send({}).expect(403);
    await t.http
      .post(`/evaluations/${PERIOD}/sheets/manager/${profile.zhou}/export`)
      .set('Authorization', chen.auth)
      .expect(404);
  });
});
