import { managerAccount, memberOf, organisation, profileBody } from './factories/managers.factory';
import { chainIds, registerEnterprise } from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

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
});
