import { IndicatorFactsService } from '@app/indicators';
import ExcelJS from 'exceljs';

import { managerAccount, memberOf, organisation, profileBody } from './factories/managers.factory';
import { chainIds, publishAchievement, publishDemand, registerEnterprise } from './factories/registry.factory';
import { binaryBody, createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

const fields = (body: { details?: Array<{ field?: string }> }) => [
  ...new Set((body.details ?? []).map((d) => d.field)),
];

describe('technology managers and transfer agencies (e2e, real services)', () => {
  let t: TestApp;
  let admin: string;
  let chains: string[];
  let agencyOrg: string;
  let universityId: string;
  let chen: { auth: string; userId: string };
  let zhou: { auth: string; userId: string };
  let chenProfile: { id: string; version: number };
  let zhouProfile: { id: string; version: number };
  let enterprise: { auth: string; organisationId: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.http, TEST_ADMIN.email, TEST_ADMIN.password);
    chains = await chainIds(t.http);
    agencyOrg = await organisation(t.http, admin, 'agency', '昆山工研院技术转移中心');
    universityId = await organisation(t.http, admin, 'university', '苏州精密制造研究院');
    chen = await managerAccount(t.http, admin, '陈晓峰');
    zhou = await managerAccount(t.http, admin, '周雨桐');
    enterprise = await registerEnterprise(t.http, '昆山龙腾精密传动科技有限公司');
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('profiles', () => {
    it('refuses bad input with the field and reason, and stores nothing', async () => {
      const missingAgency = await t.http
        .post('/managers')
        .set('Authorization', chen.auth)
        .send(profileBody({ affiliationKind: 'agency' }))
        .expect(400);
      expect(fields(missingAgency.body)).toContain('affiliationOrganisationId');
      expect(missingAgency.body.message).toContain('必须选择所属机构');

      const wrongKind = await t.http
        .post('/managers')
        .set('Authorization', chen.auth)
        .send(profileBody({ affiliationKind: 'agency', affiliationOrganisationId: universityId }))
        .expect(400);
      expect(wrongKind.body.details[0]).toMatchObject({
        field: 'affiliationOrganisationId',
        reason: '所属为技术转移服务机构时必须是技术转移服务机构',
      });

      const future = await t.http
        .post('/managers')
        .set('Authorization', chen.auth)
        .send(profileBody({ certificateIssuedOn: '2099-01-01', certificateLevel: 'expert', bogus: 1 }))
        .expect(400);
      expect(fields(future.body)).toEqual(expect.arrayContaining(['certificateIssuedOn', 'certificateLevel', 'bogus']));
      expect(future.body.details.find((d: { field: string }) => d.field === 'certificateIssuedOn').reason).toBe(
        '不能晚于今天',
      );

      const partial = await t.http
        .post('/managers')
        .set('Authorization', chen.auth)
        .send(profileBody({ certificateNumber: null, certificateIssuedOn: null }))
        .expect(400);
      expect(fields(partial.body)).toEqual(['certificateNumber', 'certificateIssuedOn']);

      const district = await t.http
        .post('/managers')
        .set('Authorization', chen.auth)
        .send(profileBody({ affiliationKind: 'district' }))
        .expect(400);
      expect(fields(district.body)).toEqual(['district']);

      await t.http.get('/managers/me').set('Authorization', chen.auth).expect(404);
    });

    it('a manager creates and edits their own profile; one per account and per certificate number', async () => {
      const created = await t.http
        .post('/managers')
        .set('Authorization', chen.auth)
        .send(
          profileBody({
            affiliationKind: 'agency',
            affiliationOrganisationId: agencyOrg,
            industryChainIds: [chains[0], chains[1]],
            certificateLevel: 'senior',
            certificateNumber: 'JSJL-2025-000318',
          }),
        )
        .expect(201);
      expect(created.body).toMatchObject({
        name: '陈晓峰',
        affiliationKindLabel: '技术转移服务机构',
        affiliationOrganisationName: '昆山工研院技术转移中心',
        certificateLevelLabel: '高级',
        status: 'active',
        statusLabel: '在岗',
        contactPhone: '13912345678',
        userId: chen.userId,
      });
      expect(created.body.industryChains).toHaveLength(2);
      chenProfile = created.body;

      const again = await t.http.post('/managers').set('Authorization', chen.auth).send(profileBody()).expect(409);
      expect(again.body.code).toBe('PROFILE_EXISTS');

      const sameCertificate = await t.http
        .post('/managers')
        .set('Authorization', zhou.auth)
        .send(profileBody({ name: '周雨桐', certificateNumber: 'JSJL-2025-000318' }))
        .expect(409);
      expect(sameCertificate.body.code).toBe('NUMBER_TAKEN');

      // a manager cannot create someone else's profile; an admin can
      await t.http
        .post('/managers')
        .set('Authorization', chen.auth)
        .send(profileBody({ userId: zhou.userId, name: '周雨桐' }))
        .expect(403);
      const byAdmin = await t.http
        .post('/managers')
        .set('Authorization', admin)
        .send(
          profileBody({
            userId: zhou.userId,
            name: '周雨桐',
            affiliationKind: 'university',
            affiliationOrganisationId: universityId,
            contactPhone: '13800001111',
          }),
        )
        .expect(201);
      zhouProfile = byAdmin.body;
      expect(byAdmin.body.affiliationKindLabel).toBe('驻校');

      // a manager edits only their own; a stale version is refused
      await t.http
        .patch(`/managers/${zhouProfile.id}`)
        .set('Authorization', chen.auth)
        .send({ expertise: '改别人的档案' })
        .expect(403);
      const edited = await t.http
        .patch(`/managers/${chenProfile.id}`)
        .set('Authorization', chen.auth)
        .send({ version: chenProfile.version, expertise: '新能源汽车电驱与精密传动方向' })
        .expect(200);
      expect(edited.body.version).toBe(chenProfile.version + 1);
      const stale = await t.http
        .patch(`/managers/${chenProfile.id}`)
        .set('Authorization', chen.auth)
        .send({ version: chenProfile.version, expertise: '过期版本' })
        .expect(409);
      expect(stale.body.code).toBe('STALE_VERSION');
      chenProfile = edited.body;

      const mine = await t.http.get('/managers/me').set('Authorization', chen.auth).expect(200);
      expect(mine.body.id).toBe(chenProfile.id);
    });

    it('shows contact details to staff only', async () => {
      const asEnterprise = await t.http
        .get(`/managers/${chenProfile.id}`)
        .set('Authorization', enterprise.auth)
        .expect(200);
      expect(asEnterprise.body.name).toBe('陈晓峰');
      expect(asEnterprise.body).not.toHaveProperty('contactPhone');
      expect(asEnterprise.body).not.toHaveProperty('contactEmail');
      expect(asEnterprise.body).not.toHaveProperty('userId');
      const list = await t.http.get('/managers').query({ q: '晓峰' }).set('Authorization', enterprise.auth).expect(200);
      expect(list.body.total).toBe(1);
      expect(JSON.stringify(list.body)).not.toContain('13912345678');

      const asStaff = await t.http.get(`/managers/${chenProfile.id}`).set('Authorization', zhou.auth).expect(200);
      expect(asStaff.body.contactPhone).toBe('13912345678');
      await t.http.post('/managers').set('Authorization', enterprise.auth).send(profileBody()).expect(403);
    });

    it('only an admin deactivates; illegal steps are 409; a deactivated profile is not edited', async () => {
      await t.http.post(`/managers/${zhouProfile.id}/deactivate`).set('Authorization', chen.auth).send({}).expect(403);
      const off = await t.http
        .post(`/managers/${zhouProfile.id}/deactivate`)
        .set('Authorization', admin)
        .send({ reason: '已调离技术转移岗位' })
        .expect(200);
      expect(off.body).toMatchObject({ status: 'deactivated', statusLabel: '已停用' });
      const twice = await t.http
        .post(`/managers/${zhouProfile.id}/deactivate`)
        .set('Authorization', admin)
        .send({})
        .expect(409);
      expect(twice.body.code).toBe('ILLEGAL_TRANSITION');
      const edit = await t.http
        .patch(`/managers/${zhouProfile.id}`)
        .set('Authorization', zhou.auth)
        .send({ expertise: '停用后修改' })
        .expect(409);
      expect(edit.body.code).toBe('NOT_EDITABLE');
      const back = await t.http
        .post(`/managers/${zhouProfile.id}/reactivate`)
        .set('Authorization', admin)
        .send({})
        .expect(200);
      zhouProfile = back.body;
      expect(back.body.status).toBe('active');
    });
  });

  describe('transfer agencies', () => {
    let agency: { id: string; version: number };

    it('registers, files (备案) and revokes an agency, with its managers', async () => {
      const enterpriseAsAgency = await t.http
        .post('/agencies')
        .set('Authorization', admin)
        .send({ organisationId: enterprise.organisationId, serviceScope: ['tech_transfer'] })
        .expect(400);
      expect(enterpriseAsAgency.body.details[0]).toMatchObject({ field: 'organisationId' });
      const badScope = await t.http
        .post('/agencies')
        .set('Authorization', admin)
        .send({ organisationId: agencyOrg, serviceScope: [] })
        .expect(400);
      expect(fields(badScope.body)).toEqual(['serviceScope']);

      const created = await t.http
        .post('/agencies')
        .set('Authorization', zhou.auth)
        .send({
          organisationId: agencyOrg,
          serviceScope: ['tech_transfer', 'intellectual_property'],
          serviceDescription: '面向精密制造产业链提供技术评估、专利运营与成果转化全流程服务',
          industryChainIds: [chains[0]],
        })
        .expect(201);
      expect(created.body).toMatchObject({
        name: '昆山工研院技术转移中心',
        status: 'registered',
        statusLabel: '已登记（未备案）',
        managerCount: 1,
      });
      expect(created.body.serviceScopes.map((s: { label: string }) => s.label)).toEqual([
        '技术转移转化',
        '知识产权运营',
      ]);
      expect(created.body.managers.map((m: { name: string }) => m.name)).toEqual(['陈晓峰']);
      agency = created.body;
      const duplicate = await t.http
        .post('/agencies')
        .set('Authorization', admin)
        .send({ organisationId: agencyOrg, serviceScope: ['legal'] })
        .expect(409);
      expect(duplicate.body.code).toBe('PROFILE_EXISTS');

      const revokeFirst = await t.http
        .post(`/agencies/${agency.id}/revoke`)
        .set('Authorization', admin)
        .send({ reason: '未备案不能撤销' })
        .expect(409);
      expect(revokeFirst.body.code).toBe('ILLEGAL_TRANSITION');
      const futureFiling = await t.http
        .post(`/agencies/${agency.id}/file`)
        .set('Authorization', admin)
        .send({ filingNumber: 'KS-JSZY-2026-017', filingAuthority: '昆山市科学技术局', filedOn: '2099-03-15' })
        .expect(400);
      expect(fields(futureFiling.body)).toEqual(['filedOn']);
      await t.http
        .post(`/agencies/${agency.id}/file`)
        .set('Authorization', enterprise.auth)
        .send({ filingNumber: 'KS-JSZY-2026-017', filingAuthority: '昆山市科学技术局', filedOn: '2026-03-15' })
        .expect(403);
      const filed = await t.http
        .post(`/agencies/${agency.id}/file`)
        .set('Authorization', admin)
        .send({
          filingNumber: 'KS-JSZY-2026-017',
          filingAuthority: '昆山市科学技术局',
          filedOn: '2026-03-15',
          version: agency.version,
        })
        .expect(200);
      expect(filed.body).toMatchObject({ status: 'filed', statusLabel: '已备案', filedOn: '2026-03-15' });
      const fileTwice = await t.http
        .post(`/agencies/${agency.id}/file`)
        .set('Authorization', admin)
        .send({ filingNumber: 'KS-JSZY-2026-018', filingAuthority: '昆山市科学技术局', filedOn: '2026-03-16' })
        .expect(409);
      expect(fileTwice.body.code).toBe('ILLEGAL_TRANSITION');

      const noReason = await t.http.post(`/agencies/${agency.id}/revoke`).set('Authorization', admin).send({});
      expect(noReason.status).toBe(400);
      expect(fields(noReason.body)).toEqual(['reason']);

      // the public part of the agency (and its managers, without contacts) is readable by an enterprise
      const asEnterprise = await t.http.get(`/agencies/${agency.id}`).set('Authorization', enterprise.auth).expect(200);
      expect(asEnterprise.body.managers[0]).not.toHaveProperty('contactPhone');
      const list = await t.http.get('/agencies').query({ status: 'filed' }).set('Authorization', admin).expect(200);
      expect(list.body.items.map((a: { id: string }) => a.id)).toContain(agency.id);
    });
  });

  describe('assignments', () => {
    it('一对一: one active manager per leading enterprise; reassignment keeps the history', async () => {
      const first = await t.http
        .post('/assignments')
        .set('Authorization', admin)
        .send({
          managerProfileId: chenProfile.id,
          kind: 'enterprise',
          organisationId: enterprise.organisationId,
          startOn: '2026-02-01',
          note: '负责企业技术发展路线图梳理与需求清单维护',
        })
        .expect(201);
      expect(first.body).toMatchObject({
        kind: 'enterprise',
        kindLabel: '龙头企业一对一服务',
        status: 'active',
        statusLabel: '服务中',
        manager: { id: chenProfile.id, name: '陈晓峰' },
        organisationName: '昆山龙腾精密传动科技有限公司',
        endOn: null,
      });

      const second = await t.http
        .post('/assignments')
        .set('Authorization', admin)
        .send({
          managerProfileId: zhouProfile.id,
          kind: 'enterprise',
          organisationId: enterprise.organisationId,
          startOn: '2026-03-01',
        })
        .expect(409);
      expect(second.body).toMatchObject({ code: 'ASSIGNMENT_OPEN', details: { assignmentId: first.body.id } });

      const wrongKind = await t.http
        .post('/assignments')
        .set('Authorization', admin)
        .send({
          managerProfileId: zhouProfile.id,
          kind: 'enterprise',
          organisationId: universityId,
          startOn: '2026-03-01',
        })
        .expect(400);
      expect(wrongKind.body.details[0]).toMatchObject({
        field: 'organisationId',
        reason: '龙头企业一对一服务的对象必须是企业',
      });
      await t.http
        .post('/assignments')
        .set('Authorization', enterprise.auth)
        .send({
          managerProfileId: zhouProfile.id,
          kind: 'university',
          organisationId: universityId,
          startOn: '2026-03-01',
        })
        .expect(403);

      const same = await t.http
        .post(`/assignments/${first.body.id}/reassign`)
        .set('Authorization', admin)
        .send({ managerProfileId: chenProfile.id, handoverOn: '2026-06-30', reason: '调岗' })
        .expect(400);
      expect(fields(same.body)).toEqual(['managerProfileId']);
      const handover = await t.http
        .post(`/assignments/${first.body.id}/reassign`)
        .set('Authorization', admin)
        .send({ managerProfileId: zhouProfile.id, handoverOn: '2026-06-30', reason: '原技术经理人调岗', version: 1 })
        .expect(200);
      expect(handover.body).toMatchObject({
        manager: { name: '周雨桐' },
        startOn: '2026-06-30',
        previousAssignmentId: first.body.id,
        status: 'active',
      });
      const old = await t.http.get(`/assignments/${first.body.id}`).set('Authorization', admin).expect(200);
      expect(old.body).toMatchObject({ status: 'ended', endOn: '2026-06-30', endReason: '原技术经理人调岗' });
      const endAgain = await t.http
        .post(`/assignments/${first.body.id}/end`)
        .set('Authorization', admin)
        .send({ endOn: '2026-07-01', reason: '重复结束' })
        .expect(409);
      expect(endAgain.body.code).toBe('ILLEGAL_TRANSITION');

      const history = await t.http
        .get('/assignments')
        .query({ organisationId: enterprise.organisationId })
        .set('Authorization', enterprise.auth)
        .expect(200);
      expect(history.body.items.map((a: { manager: { name: string } }) => a.manager.name)).toEqual([
        '周雨桐',
        '陈晓峰',
      ]);

      // another enterprise sees nothing of it
      const other = await registerEnterprise(t.http, '昆山另一家精密机械有限公司');
      const theirs = await t.http.get('/assignments').set('Authorization', other.auth).expect(200);
      expect(theirs.body.total).toBe(0);
      await t.http.get(`/assignments/${first.body.id}`).set('Authorization', other.auth).expect(404);
    });

    it('驻校: a team per university; ending checks its dates', async () => {
      const a = await t.http
        .post('/assignments')
        .set('Authorization', admin)
        .send({
          managerProfileId: chenProfile.id,
          kind: 'university',
          organisationId: universityId,
          startOn: '2026-01-05',
        })
        .expect(201);
      await t.http
        .post('/assignments')
        .set('Authorization', admin)
        .send({
          managerProfileId: zhouProfile.id,
          kind: 'university',
          organisationId: universityId,
          startOn: '2026-01-05',
        })
        .expect(201);
      const twice = await t.http
        .post('/assignments')
        .set('Authorization', admin)
        .send({
          managerProfileId: chenProfile.id,
          kind: 'university',
          organisationId: universityId,
          startOn: '2026-02-05',
        })
        .expect(409);
      expect(twice.body.code).toBe('ASSIGNMENT_OPEN');
      const early = await t.http
        .post(`/assignments/${a.body.id}/end`)
        .set('Authorization', admin)
        .send({ endOn: '2025-12-31', reason: '合作结束' })
        .expect(400);
      expect(fields(early.body)).toEqual(['endOn']);
      const future = await t.http
        .post(`/assignments/${a.body.id}/end`)
        .set('Authorization', admin)
        .send({ endOn: '2099-12-31', reason: '合作结束' })
        .expect(400);
      expect(future.body.details[0]).toMatchObject({ field: 'endOn', reason: '不能晚于今天' });
      const uniUser = await memberOf(t.http, admin, universityId, 'university');
      const seen = await t.http.get('/assignments').set('Authorization', uniUser).expect(200);
      expect(seen.body.total).toBe(2);
    });
  });

  describe('service log', () => {
    let visit: { id: string; version: number };
    let mining: { id: string; version: number; needs: Array<{ id: string; version: number; title: string }> };
    let otherEnterprise: { auth: string; organisationId: string };
    let demandId: string;

    const record = (auth: string, body: Record<string, unknown>) =>
      t.http
        .post('/service-records')
        .set('Authorization', auth)
        .send({
          kind: 'visit',
          occurredOn: '2026-04-15',
          organisationId: enterprise.organisationId,
          participants: ['张工（研发总监）', '陈晓峰（技术经理人）'],
          summary: '走访企业研发中心，梳理电驱系统技术路线，确认减速器国产化为近三年首要需求。',
          ...body,
        });

    beforeAll(async () => {
      otherEnterprise = await registerEnterprise(t.http, '昆山华宇新材料科技有限公司');
    });

    it('refuses bad input and wrong authors, storing nothing', async () => {
      const future = await record(chen.auth, { occurredOn: '2099-01-01', participants: [''] }).expect(400);
      expect(fields(future.body)).toEqual(expect.arrayContaining(['occurredOn', 'participants']));
      expect(future.body.details.find((d: { field: string }) => d.field === 'occurredOn').reason).toBe('不能晚于今天');
      const short = await record(chen.auth, { summary: '太短' }).expect(400);
      expect(fields(short.body)).toEqual(['summary']);
      const noNeeds = await record(chen.auth, { kind: 'need_mining' }).expect(400);
      expect(noNeeds.body.details[0]).toMatchObject({ field: 'needs', reason: '“需求挖掘”记录至少登记一项需求' });
      const needsAtUniversity = await record(chen.auth, {
        organisationId: universityId,
        needs: [{ title: '高校不登记企业需求' }],
      }).expect(400);
      expect(fields(needsAtUniversity.body)).toEqual(['needs']);
      const atAgency = await record(chen.auth, { organisationId: agencyOrg }).expect(400);
      expect(fields(atAgency.body)).toEqual(['organisationId']);
      const adminWithoutProfile = await record(admin, {}).expect(400);
      expect(fields(adminWithoutProfile.body)).toEqual(['managerProfileId']);
      await record(enterprise.auth, {}).expect(403);
      await record(zhou.auth, { managerProfileId: chenProfile.id }).expect(403);
      const none = await t.http.get('/service-records').set('Authorization', admin).expect(200);
      expect(none.body.total).toBe(0);
    });

    it('logs visits and mined needs; a mined need links to the demand it became', async () => {
      const assignments = await t.http
        .get('/assignments')
        .query({ organisationId: enterprise.organisationId })
        .set('Authorization', admin)
        .expect(200);
      const chens = assignments.body.items.find((a: { manager: { name: string } }) => a.manager.name === '陈晓峰');

      const created = await record(chen.auth, {}).expect(201);
      expect(created.body).toMatchObject({
        kind: 'visit',
        kindLabel: '走访',
        managerName: '陈晓峰',
        organisationName: '昆山龙腾精密传动科技有限公司',
        assignmentId: chens.id, // 2026-04-15 falls in 陈晓峰's 一对一 assignment (2026-02-01 – 2026-06-30)
        removed: false,
      });
      visit = created.body;

      const mined = await record(chen.auth, {
        kind: 'need_mining',
        occurredOn: '2026-05-20',
        summary: '组织技术路线图研讨，挖掘电驱减速器与回差检测两项需求。',
        needs: [
          {
            title: '新能源汽车电驱谐波减速器国产化',
            description: '年采购进口谐波减速器约 3000 万元，希望三年内完成国产替代',
            industryChainIds: [chains[0]],
          },
          { title: '精密减速器回差在线检测装备' },
        ],
      }).expect(201);
      expect(mined.body.needs.map((n: { title: string }) => n.title)).toEqual([
        '新能源汽车电驱谐波减速器国产化',
        '精密减速器回差在线检测装备',
      ]);
      mining = mined.body;

      demandId = (
        await publishDemand(t.http, enterprise.auth, chen.auth, [chains[0]], {
          title: '新能源汽车电驱谐波减速器国产化',
        })
      ).id;
      const foreignDemand = (
        await publishDemand(t.http, otherEnterprise.auth, chen.auth, [chains[0]], { title: '高性能碳纤维复合材料' })
      ).id;

      const [need, second] = mining.needs;
      const foreign = await t.http
        .post(`/service-records/${mining.id}/needs/${need.id}/link`)
        .set('Authorization', chen.auth)
        .send({ demandId: foreignDemand })
        .expect(400);
      expect(foreign.body.details[0]).toMatchObject({ field: 'demandId', reason: '该技术需求不属于挖掘需求的企业' });
      await t.http
        .post(`/service-records/${mining.id}/needs/${need.id}/link`)
        .set('Authorization', zhou.auth)
        .send({ demandId })
        .expect(403);
      const linked = await t.http
        .post(`/service-records/${mining.id}/needs/${need.id}/link`)
        .set('Authorization', chen.auth)
        .send({ demandId, version: need.version })
        .expect(200);
      expect(linked.body.needs[0]).toMatchObject({ demandId, demandTitle: '新能源汽车电驱谐波减速器国产化' });
      const twice = await t.http
        .post(`/service-records/${mining.id}/needs/${need.id}/link`)
        .set('Authorization', chen.auth)
        .send({ demandId })
        .expect(409);
      expect(twice.body.code).toBe('ILLEGAL_TRANSITION');
      const sameDemand = await t.http
        .post(`/service-records/${mining.id}/needs/${second.id}/link`)
        .set('Authorization', chen.auth)
        .send({ demandId })
        .expect(409);
      expect(sameDemand.body.code).toBe('NEED_ALREADY_LINKED');

      // only the record's manager (or an admin) edits it; versions are checked
      await t.http
        .patch(`/service-records/${visit.id}`)
        .set('Authorization', zhou.auth)
        .send({ summary: '不是本人的记录不能修改内容' })
        .expect(403);
      // a visit that mined no need does not become 需求挖掘 (creating one needs at least one need)
      const noNeeds = await t.http
        .patch(`/service-records/${visit.id}`)
        .set('Authorization', chen.auth)
        .send({ kind: 'need_mining', version: visit.version })
        .expect(400);
      expect(noNeeds.body.details[0]).toMatchObject({ field: 'kind' });
      expect(noNeeds.body.details[0].reason).toContain('没有登记挖掘的需求');
      const moved = await t.http
        .patch(`/service-records/${visit.id}`)
        .set('Authorization', chen.auth)
        .send({ occurredOn: '2026-07-02', version: visit.version })
        .expect(200);
      expect(moved.body.assignmentId).toBeNull(); // 陈晓峰's assignment ended on 2026-06-30
      const stale = await t.http
        .patch(`/service-records/${visit.id}`)
        .set('Authorization', chen.auth)
        .send({ occurredOn: '2026-04-15', version: visit.version })
        .expect(409);
      expect(stale.body.code).toBe('STALE_VERSION');
      visit = moved.body;
    });

    it('an enterprise or university reads only its own service log, attachments included', async () => {
      const own = await t.http.get('/service-records').set('Authorization', enterprise.auth).expect(200);
      expect(own.body.total).toBe(2);
      const other = await t.http.get('/service-records').set('Authorization', otherEnterprise.auth).expect(200);
      expect(other.body.total).toBe(0);
      await t.http.get(`/service-records/${visit.id}`).set('Authorization', otherEnterprise.auth).expect(404);

      const otherUniversity = await organisation(t.http, admin, 'university', '昆山杜克大学产学研合作办公室');
      const uniUser = await memberOf(t.http, admin, universityId, 'university');
      const otherUniUser = await memberOf(t.http, admin, otherUniversity, 'university');
      const agreement = await record(chen.auth, {
        kind: 'agreement',
        organisationId: universityId,
        occurredOn: '2026-03-18',
        summary: '与苏州精密制造研究院签署共建昆山成果转化办公室合作协议。',
      }).expect(201);
      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('合作协议扫描件', 'utf8')]);
      await t.http
        .post(`/service-records/${agreement.body.id}/attachment`)
        .set('Authorization', zhou.auth)
        .attach('file', pdf, { filename: 'agreement.pdf', contentType: 'application/pdf' })
        .expect(403);
      const attached = await t.http
        .post(`/service-records/${agreement.body.id}/attachment`)
        .set('Authorization', chen.auth)
        .attach('file', pdf, { filename: '合作协议.pdf', contentType: 'text/html' })
        .expect(200);
      expect(attached.body).toMatchObject({
        attachmentFilename: '合作协议.pdf',
        attachmentUrl: `/service-records/${agreement.body.id}/attachment`,
      });
      const download = await t.http
        .get(attached.body.attachmentUrl)
        .set('Authorization', uniUser)
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(Buffer.compare(download.body as Buffer, pdf)).toBe(0);
      await t.http.get(attached.body.attachmentUrl).set('Authorization', otherUniUser).expect(404);
      await t.http.get(`/service-records/${agreement.body.id}`).set('Authorization', otherUniUser).expect(404);
      const uniLog = await t.http.get('/service-records').set('Authorization', uniUser).expect(200);
      expect(uniLog.body.items.map((r: { kindLabel: string }) => r.kindLabel)).toEqual(['合作协议签署']);
      expect((await t.http.get('/service-records').set('Authorization', otherUniUser).expect(200)).body.total).toBe(0);
    });

    it('a removed record stays for staff, flagged, and disappears for the enterprise', async () => {
      const noReason = await t.http
        .post(`/service-records/${visit.id}/remove`)
        .set('Authorization', chen.auth)
        .send({})
        .expect(400);
      expect(fields(noReason.body)).toEqual(['reason']);
      const removed = await t.http
        .post(`/service-records/${visit.id}/remove`)
        .set('Authorization', chen.auth)
        .send({ reason: '重复录入', version: visit.version })
        .expect(200);
      expect(removed.body).toMatchObject({ removed: true, removalReason: '重复录入' });
      const again = await t.http
        .post(`/service-records/${visit.id}/remove`)
        .set('Authorization', chen.auth)
        .send({ reason: '再次删除' })
        .expect(409);
      expect(again.body.code).toBe('ILLEGAL_TRANSITION');
      const edit = await t.http
        .patch(`/service-records/${visit.id}`)
        .set('Authorization', chen.auth)
        .send({ summary: '已删除的记录不能再修改内容' })
        .expect(409);
      expect(edit.body.code).toBe('NOT_EDITABLE');
      await t.http.get(`/service-records/${visit.id}`).set('Authorization', enterprise.auth).expect(404);
      await t.http.get(`/service-records/${visit.id}`).set('Authorization', admin).expect(200);
    });

    it('builds the 龙头企业需求清单 from demands and mined needs, and exports it as xlsx', async () => {
      await t.http
        .get(`/demand-lists/${enterprise.organisationId}`)
        .set('Authorization', otherEnterprise.auth)
        .expect(404);
      const list = await t.http
        .get(`/demand-lists/${enterprise.organisationId}`)
        .set('Authorization', enterprise.auth)
        .expect(200);
      expect(list.body.organisationName).toBe('昆山龙腾精密传动科技有限公司');
      expect(list.body.rows).toEqual([
        expect.objectContaining({
          kind: 'demand',
          demandId,
          title: '新能源汽车电驱谐波减速器国产化',
          source: '服务挖掘',
          statusLabel: '已发布',
          minedOn: '2026-05-20',
          minedBy: '陈晓峰',
        }),
        expect.objectContaining({
          kind: 'need',
          title: '精密减速器回差在线检测装备',
          source: '服务挖掘',
          statusLabel: '待转化为需求',
          demandId: null,
        }),
      ]);

      await t.http
        .post(`/demand-lists/${enterprise.organisationId}/export`)
        .set('Authorization', otherEnterprise.auth)
        .expect(404);
      const requested = await t.http
        .post(`/demand-lists/${enterprise.organisationId}/export`)
        .set('Authorization', chen.auth)
        .expect(202);
      await t.settle();
      const job = await t.http.get(`/exports/${requested.body.id}`).set('Authorization', chen.auth).expect(200);
      expect(job.body).toMatchObject({ status: 'done' });
      const file = await t.http
        .get(job.body.downloadUrl)
        .set('Authorization', chen.auth)
        .buffer(true)
        .parse(binaryBody)
        .expect(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(file.body as ArrayBuffer);
      const sheet = book.worksheets[0];
      expect(sheet.name).toBe('需求清单');
      expect(String(sheet.getRow(1).getCell(1).value)).toContain('昆山龙腾精密传动科技有限公司 龙头企业需求清单');
      expect(sheet.getRow(2).values).toEqual(
        expect.arrayContaining(['序号', '需求名称', '来源', '挖掘人（技术经理人）']),
      );
      expect(sheet.getRow(3).values).toEqual(
        expect.arrayContaining(['新能源汽车电驱谐波减速器国产化', '服务挖掘', '已发布', '2026-05-20', '陈晓峰']),
      );
      expect(sheet.getRow(4).values).toEqual(expect.arrayContaining(['精密减速器回差在线检测装备', '待转化为需求']));
      expect(sheet.rowCount).toBe(4);
    });
  });

  describe('indicators counted from the records', () => {
    const YEAR = 2026;

    async function actuals(year = YEAR): Promise<Record<string, number>> {
      await t.settle();
      const res = await t.http.get('/indicators').query({ year }).set('Authorization', admin).expect(200);
      return Object.fromEntries(
        (res.body.indicators as Array<{ key: string; actual: number }>).map((f) => [f.key, f.actual]),
      );
    }

    const drill = async (key: string) =>
      (
        await t.http
          .get(`/indicators/${key}/records`)
          .query({ year: YEAR, pageSize: 100 })
          .set('Authorization', admin)
          .expect(200)
      ).body as { items: Array<{ subjectId: string; occurredAt: string; link: string | null }>; countingRule: string };

    const verify = async () => {
      await t.settle();
      return t.app.get(IndicatorFactsService).verify();
    };

    const visitAt = (organisationId: string, occurredOn: string, kind = 'visit') =>
      t.http
        .post('/service-records')
        .set('Authorization', chen.auth)
        .send({
          kind,
          occurredOn,
          organisationId,
          participants: ['王总（总经理）'],
          summary: '走访企业，跟进技术路线图落实情况与新增需求。',
        })
        .expect(201)
        .then((r) => r.body as { id: string; version: number });

    it('a leading enterprise is served in depth with an assignment and 4 service records in the year', async () => {
      const before = await actuals();
      const ent = await registerEnterprise(t.http, '昆山瑞宁精密装备有限公司');
      const org = (await t.http.get(`/organisations/${ent.organisationId}`).set('Authorization', admin)).body;
      await t.http
        .patch(`/organisations/${ent.organisationId}`)
        .set('Authorization', admin)
        .send({ version: org.version, tierFlags: [{ flag: 'leading', grantedOn: '2024-01-10' }] })
        .expect(200);

      // four records in 2026 and one in 2025, but no assignment yet: not counted
      await visitAt(ent.organisationId, '2025-12-20');
      const records = [];
      for (const day of ['2026-03-02', '2026-03-20', '2026-04-10', '2026-05-08']) {
        records.push(await visitAt(ent.organisationId, day));
      }
      expect((await actuals()).leading_enterprises_served - before.leading_enterprises_served).toBe(0);

      // with a 一对一 assignment from April: counted once, on the day both hold (the 4th record, 2026-05-08)
      await t.http
        .post('/assignments')
        .set('Authorization', admin)
        .send({
          managerProfileId: chenProfile.id,
          kind: 'enterprise',
          organisationId: ent.organisationId,
          startOn: '2026-04-01',
        })
        .expect(201);
      expect((await actuals()).leading_enterprises_served - before.leading_enterprises_served).toBe(1);
      const served = await drill('leading_enterprises_served');
      const fact = served.items.find((f) => f.subjectId === ent.organisationId)!;
      expect(new Date(fact.occurredAt).toISOString()).toBe('2026-05-07T16:00:00.000Z'); // 2026-05-08 in Kunshan
      expect(served.countingRule).toContain('至少有 4 条有效服务记录');
      expect((await actuals(2025)).leading_enterprises_served).toBe(0); // 2025 had one record only

      // removing a record leaves three: no longer counted; a new one counts it again
      await t.http
        .post(`/service-records/${records[1].id}/remove`)
        .set('Authorization', chen.auth)
        .send({ reason: '录入错误' })
        .expect(200);
      expect((await actuals()).leading_enterprises_served - before.leading_enterprises_served).toBe(0);
      await visitAt(ent.organisationId, '2026-06-12', 'roadmap_workshop');
      expect((await actuals()).leading_enterprises_served - before.leading_enterprises_served).toBe(1);
      expect(await verify()).toEqual([]);
    });

    it('a key university cooperates closely by a 驻校 manager, a signed agreement, or achievements and an activity', async () => {
      const before = await actuals();
      const resident = await organisation(t.http, admin, 'university', '江苏科技大学昆山研究院');
      const signed = await organisation(t.http, admin, 'university', '南京理工大学昆山成果转化办公室');
      const active = await organisation(t.http, admin, 'university', '苏州大学昆山技术转移中心');

      await t.http
        .post('/assignments')
        .set('Authorization', admin)
        .send({ managerProfileId: zhouProfile.id, kind: 'university', organisationId: resident, startOn: '2026-02-01' })
        .expect(201);
      expect((await actuals()).key_universities - before.key_universities).toBe(1);

      // an agreement counts once its signed file is attached
      const agreement = await visitAt(signed, '2026-09-09', 'agreement');
      expect((await actuals()).key_universities - before.key_universities).toBe(1);
      await t.http
        .post(`/service-records/${agreement.id}/attachment`)
        .set('Authorization', chen.auth)
        .attach('file', Buffer.from('%PDF-1.4\n合作协议'), { filename: '合作协议.pdf' })
        .expect(200);
      expect((await actuals()).key_universities - before.key_universities).toBe(2);

      // five achievements catalogued this year and one activity attended
      for (const title of [
        '高精度谐波减速器齿形修形',
        '柔性电子皮肤传感器',
        '锂电池极片缺陷视觉检测',
        '工业机器人关节力矩估计',
      ]) {
        await publishAchievement(t.http, chen.auth, active, [chains[0]], { title });
      }
      const fair = await t.http
        .post('/activities')
        .set('Authorization', chen.auth)
        .send({
          kind: 'bai_xiao_qun_ying',
          title: '百校群英荟·精密制造专场',
          scheduledAt: `${YEAR}-10-15T09:00:00+08:00`,
          place: '昆山市科技创新服务中心',
          participants: [{ organisationId: active }],
        })
        .expect(201);
      await t.http
        .post(`/activities/${fair.body.id}/hold`)
        .set('Authorization', chen.auth)
        .send({ attendance: 60 })
        .expect(200);
      expect((await actuals()).key_universities - before.key_universities).toBe(2); // four achievements only
      await publishAchievement(t.http, chen.auth, active, [chains[0]], { title: '多轴数控转台热误差补偿' });
      expect((await actuals()).key_universities - before.key_universities).toBe(3);

      const drilled = await drill('key_universities');
      const residentFact = drilled.items.find((f) => f.subjectId === resident)!;
      expect(new Date(residentFact.occurredAt).toISOString()).toBe('2026-01-31T16:00:00.000Z');
      expect(drilled.countingRule).toContain('驻校技术经理人');
      expect(await verify()).toEqual([]);
    });

    it('counts technology managers by active profiles and transfer agencies by filing', async () => {
      const before = await actuals();
      const li = await managerAccount(t.http, admin, '李文博');
      expect((await actuals()).tech_managers - before.tech_managers).toBe(0); // an account alone does not count
      const profile = await t.http
        .post('/managers')
        .set('Authorization', li.auth)
        .send(profileBody({ name: '李文博', affiliationKind: 'district', district: '花桥镇' }))
        .expect(201);
      expect((await actuals()).tech_managers - before.tech_managers).toBe(1);
      const drilled = await drill('tech_managers');
      expect(drilled.items.find((f) => f.subjectId === profile.body.id)!.link).toBe(`/managers/${profile.body.id}`);

      await t.http.post(`/managers/${profile.body.id}/deactivate`).set('Authorization', admin).send({}).expect(200);
      expect((await actuals()).tech_managers - before.tech_managers).toBe(0);
      await t.http.post(`/managers/${profile.body.id}/reactivate`).set('Authorization', admin).send({}).expect(200);
      expect((await actuals()).tech_managers - before.tech_managers).toBe(1);
      await t.http.patch(`/users/${li.userId}`).set('Authorization', admin).send({ active: false }).expect(200);
      expect((await actuals()).tech_managers - before.tech_managers).toBe(0); // deactivated account

      const orgId = await organisation(t.http, admin, 'agency', '昆山知识产权运营服务中心');
      expect((await actuals()).transfer_agencies - before.transfer_agencies).toBe(0); // an organisation alone
      const agency = await t.http
        .post('/agencies')
        .set('Authorization', admin)
        .send({ organisationId: orgId, serviceScope: ['intellectual_property'] })
        .expect(201);
      expect((await actuals()).transfer_agencies - before.transfer_agencies).toBe(0); // registered, not filed
      await t.http
        .post(`/agencies/${agency.body.id}/file`)
        .set('Authorization', admin)
        .send({ filingNumber: 'KS-JSZY-2026-031', filingAuthority: '昆山市科学技术局', filedOn: '2026-08-01' })
        .expect(200);
      expect((await actuals()).transfer_agencies - before.transfer_agencies).toBe(1);
      expect((await actuals(2025)).transfer_agencies).toBe(0); // filed in 2026: not in the 2025 total
      await t.http
        .post(`/agencies/${agency.body.id}/revoke`)
        .set('Authorization', admin)
        .send({ reason: '未按期报送年度服务报告' })
        .expect(200);
      expect((await actuals()).transfer_agencies - before.transfer_agencies).toBe(0);
      expect(await verify()).toEqual([]);
    });
  });

  describe('training camps', () => {
    it('runs a camp per chain: sessions with hours, enrolment, attendance, assessment; closing freezes it', async () => {
      const bad = await t.http
        .post('/training-camps')
        .set('Authorization', admin)
        .send({ title: '精密制造训练营', industryChainId: chains[2], startOn: '2026-07-31', endOn: '2026-05-01' })
        .expect(400);
      expect(fields(bad.body)).toEqual(['endOn']);
      await t.http
        .post('/training-camps')
        .set('Authorization', enterprise.auth)
        .send({ title: '企业不能组建训练营', industryChainId: chains[2], startOn: '2026-05-01', endOn: '2026-07-31' })
        .expect(403);
      const camp = await t.http
        .post('/training-camps')
        .set('Authorization', zhou.auth)
        .send({
          title: '2026 高端装备产业链技术经理人训练营',
          industryChainId: chains[2],
          description: '培训、实践、评价、激励四位一体',
          startOn: '2026-05-01',
          endOn: '2026-07-31',
        })
        .expect(201);
      expect(camp.body).toMatchObject({ status: 'open', statusLabel: '进行中', industryChain: { id: chains[2] } });
      const id = camp.body.id as string;

      const negative = await t.http
        .post(`/training-camps/${id}/sessions`)
        .set('Authorization', zhou.auth)
        .send({ kind: 'training', title: '技术合同登记实务', heldOn: '2026-05-16', hours: -2 })
        .expect(400);
      expect(negative.body.details[0]).toMatchObject({ field: 'hours', reason: '数值低于下限' });
      const outside = await t.http
        .post(`/training-camps/${id}/sessions`)
        .set('Authorization', zhou.auth)
        .send({ kind: 'training', title: '技术合同登记实务', heldOn: '2026-09-16', hours: 3 })
        .expect(400);
      expect(fields(outside.body)).toEqual(['heldOn']);
      await t.http
        .post(`/training-camps/${id}/sessions`)
        .set('Authorization', zhou.auth)
        .send({ kind: 'training', title: '技术合同登记与技术交易定价实务', heldOn: '2026-05-16', hours: 3.5 })
        .expect(201);
      const withPractice = await t.http
        .post(`/training-camps/${id}/sessions`)
        .set('Authorization', zhou.auth)
        .send({ kind: 'practice', title: '走进龙头企业：技术路线图梳理实践', heldOn: '2026-06-20', hours: 6 })
        .expect(201);
      const sessions = withPractice.body.sessions as Array<{ id: string; kindLabel: string }>;
      expect(sessions.map((s) => s.kindLabel)).toEqual(['培训', '实践']);

      const enrolled = await t.http
        .post(`/training-camps/${id}/enrolments`)
        .set('Authorization', zhou.auth)
        .send({ managerProfileId: chenProfile.id })
        .expect(201);
      await t.http
        .post(`/training-camps/${id}/enrolments`)
        .set('Authorization', zhou.auth)
        .send({ managerProfileId: chenProfile.id })
        .expect(409);
      const enrolmentId = enrolled.body.enrolments[0].id as string;
      const foreign = await t.http
        .put(`/training-camps/${id}/enrolments/${enrolmentId}/attendance`)
        .set('Authorization', zhou.auth)
        .send({ sessionIds: [chenProfile.id] })
        .expect(400);
      expect(fields(foreign.body)).toEqual(['sessionIds']);
      const attended = await t.http
        .put(`/training-camps/${id}/enrolments/${enrolmentId}/attendance`)
        .set('Authorization', zhou.auth)
        .send({ sessionIds: sessions.map((s) => s.id) })
        .expect(200);
      expect(attended.body.enrolments[0]).toMatchObject({
        managerName: '陈晓峰',
        trainingHours: 3.5,
        practiceHours: 6,
      });
      const outOfRange = await t.http
        .post(`/training-camps/${id}/enrolments/${enrolmentId}/assessment`)
        .set('Authorization', zhou.auth)
        .send({ score: 120, result: 'excellent' })
        .expect(400);
      expect(fields(outOfRange.body)).toEqual(['score']);
      const assessed = await t.http
        .post(`/training-camps/${id}/enrolments/${enrolmentId}/assessment`)
        .set('Authorization', zhou.auth)
        .send({
          score: 92,
          result: 'excellent',
          comment: '完成两项成果转化方案，路演答辩表现突出',
          incentive: '优秀学员，推荐参加中级技术经理人评定',
        })
        .expect(200);
      expect(assessed.body.enrolments[0]).toMatchObject({
        assessmentScore: 92,
        assessmentResultLabel: '优秀',
        incentive: '优秀学员，推荐参加中级技术经理人评定',
      });

      const closed = await t.http
        .post(`/training-camps/${id}/close`)
        .set('Authorization', admin)
        .send({ version: assessed.body.version })
        .expect(200);
      expect(closed.body.statusLabel).toBe('已结营');
      const late = await t.http
        .post(`/training-camps/${id}/sessions`)
        .set('Authorization', zhou.auth)
        .send({ kind: 'training', title: '结营后补课', heldOn: '2026-07-01', hours: 2 })
        .expect(409);
      expect(late.body.code).toBe('NOT_EDITABLE');
      const again = await t.http.post(`/training-camps/${id}/close`).set('Authorization', admin).send({}).expect(409);
      expect(again.body.code).toBe('ILLEGAL_TRANSITION');
      await t.http.get(`/training-camps/${id}`).set('Authorization', enterprise.auth).expect(403);
      const list = await t.http.get('/training-camps').query({ chain: chains[2] }).set('Authorization', chen.auth);
      expect(list.body.total).toBe(1);
    });
  });
});
