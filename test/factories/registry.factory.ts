import type TestAgent from 'supertest/lib/agent';

let counter = 0;
const next = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A demand body with real Chinese text; override any field. */
export function demandBody(chainIds: string[], overrides: Record<string, unknown> = {}) {
  return {
    title: '协作机器人关节用高精度谐波减速器国产化',
    description:
      '我司年产协作机器人约两万台，目前关节谐波减速器依赖进口，交期长达六个月且价格偏高。希望联合高校开发回差不大于 10 弧秒、寿命不低于 1 万小时的国产谐波减速器，并实现小批量试制。',
    keywords: ['谐波减速器', '柔轮', '齿形设计'],
    industryChainIds: chainIds,
    kind: 'major',
    technicalIndicators: '传动精度≤1 弧分；回差≤10 弧秒；额定寿命≥10000 h',
    expectedOutcome: '完成样机并通过 2000 小时加速寿命试验',
    requiredTrl: 5,
    cooperationModes: ['joint_development', 'commissioned_rd'],
    deadline: '2027-06-30',
    region: '昆山市周市镇',
    budgetMin: 80,
    budgetMax: 200,
    contactName: '王工',
    contactPhone: '0512-57000001',
    contactEmail: 'wang@example.com',
    confidentialNotes: '现供应商为日本某品牌，年采购额约 3000 万元',
    ...overrides,
  };
}

export function achievementBody(institutionId: string, chainIds: string[], overrides: Record<string, unknown> = {}) {
  return {
    title: '基于双圆弧齿形修形的高精度谐波减速器',
    abstract:
      '提出双圆弧柔性齿形修形方法与柔轮残余应力控制工艺，样机回差小于 8 弧秒，完成 5000 小时寿命试验，可用于协作机器人关节与精密转台。',
    keywords: ['谐波减速器', '齿形修形', '柔轮'],
    institutionId,
    team: '机电工程学院精密传动团队',
    industryChainIds: chainIds,
    trl: 6,
    ipType: 'invention_patent',
    ipStatus: 'granted',
    patentNumbers: ['ZL 2023 1 0123456.7'],
    transferModes: ['transfer', 'licence'],
    askingPrice: 120,
    applicationScenarios: '协作机器人关节、数控转台、航天伺服机构',
    contactName: '陈老师',
    contactPhone: '13800000002',
    contactEmail: 'chen@example.edu.cn',
    ...overrides,
  };
}

export async function registerEnterprise(http: TestAgent, name = `昆山测试精密机械有限公司${next()}`) {
  const email = `ent-${next()}@example.com`;
  const res = await http
    .post('/auth/register')
    .send({ email, password: 'Kunshan2026', name: '李明', organisation: { name, district: '周市镇' } })
    .expect(201);
  return {
    auth: `Bearer ${res.body.accessToken}`,
    userId: res.body.user.id as string,
    organisationId: res.body.user.organisationId as string,
    email,
  };
}

export async function chainIds(http: TestAgent): Promise<string[]> {
  const res = await http.get('/industry-chains').expect(200);
  return (res.body as Array<{ id: string }>).map((c) => c.id);
}

/** The password of every manager account createManager makes. */
export const MANAGER_PASSWORD = 'Manager2026';

/** A technology manager account created by the given admin; returns its Authorization header. */
export async function createManager(http: TestAgent, admin: string, email = 'manager@example.com'): Promise<string> {
  const password = MANAGER_PASSWORD;
  await http
    .post('/users')
    .set('Authorization', admin)
    .send({ email, password, name: '陈经理', role: 'manager', temporaryPassword: false })
    .expect(201);
  const res = await http.post('/auth/login').send({ email, password }).expect(200);
  return `Bearer ${res.body.accessToken}`;
}

/** An achievement created and published by a manager. */
export async function publishAchievement(
  http: TestAgent,
  manager: string,
  institutionId: string,
  chains: string[],
  overrides: Record<string, unknown> = {},
): Promise<{ id: string }> {
  const res = await http
    .post('/achievements')
    .set('Authorization', manager)
    .send(achievementBody(institutionId, chains, overrides))
    .expect(201);
  await http.post(`/achievements/${res.body.id}/publish`).set('Authorization', manager).expect(200);
  return res.body as { id: string };
}

/** A demand created and submitted by its enterprise, then published by a manager. */
export async function publishDemand(
  http: TestAgent,
  owner: string,
  manager: string,
  chains: string[],
  overrides: Record<string, unknown> = {},
): Promise<{ id: string }> {
  const res = await http.post('/demands').set('Authorization', owner).send(demandBody(chains, overrides)).expect(201);
  await http.post(`/demands/${res.body.id}/submit`).set('Authorization', owner).expect(200);
  await http.post(`/demands/${res.body.id}/publish`).set('Authorization', manager).expect(200);
  return res.body as { id: string };
}
