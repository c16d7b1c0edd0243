/**
 * Role matrix: every operation of the OpenAPI document, called as every role with its own and foreign ids, and
 * every answer (bodies, error bodies, downloaded files) scanned for planted canaries the role must not read.
 *
 * Adding an endpoint: add a row to EXPECTATIONS (who may get a 2xx answer; a body for writes). The test fails
 * naming every operation of /docs/openapi.json without a row.
 */
import ExcelJS from 'exceljs';
import type request from 'supertest';

import { DEMO_ACCOUNTS } from '../libs/registry/src/demo/demo-loader';
import { challengeBody } from './factories/challenge.factory';
import { achievementBody, chainIds, createManager, demandBody, registerEnterprise } from './factories/registry.factory';
import { createTestApp, login, TEST_ADMIN, TestApp } from './utils/app';

type RoleName = 'anonymous' | 'enterpriseA' | 'enterpriseB' | 'university' | 'organiser' | 'bank' | 'manager' | 'admin';
const ROLES: RoleName[] = [
  'anonymous',
  'enterpriseA',
  'enterpriseB',
  'university',
  'organiser',
  'bank',
  'manager',
  'admin',
];
const STAFF: RoleName[] = ['manager', 'admin'];
const SIGNED_IN: RoleName[] = ROLES.filter((r) => r !== 'anonymous');

/** Who may get a 2xx answer (for some id); every other role must get an error. */
type Access = 'public' | 'signed-in' | RoleName[];

interface Expectation {
  who: Access;
  /** Body sent with writes (default {}): writes are exercised for their access rule and error bodies. */
  body?: Record<string, unknown>;
  query?: Record<string, string>;
  /** A Server-Sent Events stream: read until its first event, then closed. */
  stream?: boolean;
}

const ORGANISER_AND_STAFF: RoleName[] = ['organiser', ...STAFF];
const UNIVERSITY_AND_STAFF: RoleName[] = ['university', ...STAFF];
/** 揭榜: universities and enterprises bid (the call's own enterprise is refused by the service). */
const BIDDERS: RoleName[] = ['enterpriseA', 'enterpriseB', 'university'];

/** One row per operation of the OpenAPI document: `METHOD /path/{param}`. */
export const EXPECTATIONS: Record<string, Expectation> = {
  'GET /health': { who: 'public' },
  'GET /notifications': { who: 'signed-in' },
  'GET /notifications/unread-count': { who: 'signed-in' },
  'GET /notifications/preferences': { who: 'signed-in' },
  'GET /notifications/stream': { who: 'signed-in', stream: true },
  'POST /notifications/read': { who: 'signed-in', body: { ids: ['00000000-0000-4000-8000-000000000000'] } },
  'POST /notifications/read-all': { who: 'signed-in' },
  'PUT /notifications/preferences': { who: [] },
  'POST /notifications/unsubscribe': { who: [], query: { token: 'forged.token' } },
  'GET /admin/notifications/deliveries': { who: ['admin'] },
  'POST /admin/notifications/deliveries/retry': { who: ['admin'] },
  'POST /auth/login': { who: [] },
  'POST /auth/register': { who: [] },
  'POST /auth/password': { who: [] },
  'POST /auth/session': { who: [] },
  'DELETE /auth/session': { who: 'public' },
  'GET /auth/me': { who: 'signed-in' },
  'POST /users': { who: [] },
  'GET /users': { who: STAFF },
  'PATCH /users/{id}': { who: STAFF },
  'POST /users/{id}/password-reset': { who: STAFF },
  'GET /events': { who: ['admin'] },
  'GET /events/types': { who: ['admin'] },
  'GET /admin/jobs/failed': { who: ['admin'] },
  'POST /admin/jobs/failed/retry': { who: ['admin'] },
  'GET /industry-chains': { who: 'public' },
  'POST /industry-chains': { who: [] },
  'PATCH /industry-chains/{id}': { who: ['admin'] },
  'POST /organisations': { who: [] },
  'GET /organisations': { who: ORGANISER_AND_STAFF },
  'GET /organisations/{id}': { who: SIGNED_IN.filter((r) => r !== 'organiser') },
  'GET /organisations/{id}/profile': { who: SIGNED_IN.filter((r) => r !== 'organiser') },
  'PATCH /organisations/{id}': { who: [] },
  'POST /organisations/{id}/profile/export': { who: UNIVERSITY_AND_STAFF },
  'POST /demands': { who: [] },
  'GET /demands': { who: 'signed-in' },
  'GET /demands/{id}': { who: 'signed-in' },
  'PATCH /demands/{id}': { who: [] },
  'POST /demands/{id}/{action}': { who: ['enterpriseA', 'enterpriseB', ...STAFF] },
  'POST /demands/quality': { who: ['enterpriseA', 'enterpriseB', ...STAFF] },
  'GET /demands/{id}/matches': { who: ['enterpriseA', 'enterpriseB', ...STAFF] },
  'POST /achievements': { who: [] },
  'GET /achievements': { who: 'signed-in' },
  'GET /achievements/{id}': { who: 'signed-in' },
  'PATCH /achievements/{id}': { who: [] },
  'POST /achievements/{id}/{action}': { who: UNIVERSITY_AND_STAFF },
  'POST /achievements/bulk-publish': { who: [] },
  'GET /achievements/{id}/matches': { who: UNIVERSITY_AND_STAFF },
  'GET /matches': { who: STAFF },
  'POST /matches': { who: [] },
  'GET /matches/{id}': { who: ['enterpriseA', 'enterpriseB', 'university', ...STAFF] },
  'POST /matches/{id}/{action}': { who: STAFF },
  'GET /matches/{id}/history': { who: ['enterpriseA', 'enterpriseB', 'university', ...STAFF] },
  'POST /matches/{id}/interest': { who: [] },
  'GET /search/achievements': { who: 'public' },
  'GET /search/demands': { who: 'public' },
  'GET /search/challenges': { who: 'public' },
  'GET /public/summary': { who: 'public' },
  'GET /public/demands': { who: 'public' },
  'GET /public/demands/{id}': { who: 'public' },
  'GET /public/achievements': { who: 'public' },
  'GET /public/achievements/{id}': { who: 'public' },
  'POST /activities': { who: [] },
  'GET /activities': { who: 'signed-in' },
  'GET /activities/{id}': { who: 'signed-in' },
  'PATCH /activities/{id}': { who: ORGANISER_AND_STAFF },
  'POST /activities/{id}/hold': { who: [] },
  'POST /activities/{id}/follow-up': { who: [] },
  'POST /activities/{id}/cancel': { who: ORGANISER_AND_STAFF },
  'GET /activities/{id}/match-items': { who: ['enterpriseA', 'university', ...ORGANISER_AND_STAFF] },
  'GET /activities/{id}/proposals': { who: ORGANISER_AND_STAFF, query: { live: 'true' } },
  'POST /activities/{id}/match-items': { who: [] },
  'PUT /activities/{id}/match-items/order': { who: [] },
  'PATCH /activities/{id}/match-items/{itemId}': { who: ORGANISER_AND_STAFF },
  'DELETE /activities/{id}/match-items/{itemId}': { who: ORGANISER_AND_STAFF },
  'POST /activities/{id}/match-list/lock': { who: ORGANISER_AND_STAFF },
  'POST /activities/{id}/match-list/unlock': { who: ORGANISER_AND_STAFF },
  'POST /activities/{id}/exports': { who: [] },
  'GET /follow-ups': { who: 'signed-in' },
  'GET /follow-ups/overdue': { who: STAFF },
  'GET /follow-ups/{id}': { who: [] },
  'PATCH /follow-ups/{id}': { who: [] },
  'GET /exports/{id}': { who: ['university', ...ORGANISER_AND_STAFF] },
  'GET /exports/{id}/download': { who: ['university', ...ORGANISER_AND_STAFF] },
  'GET /files/{id}': { who: UNIVERSITY_AND_STAFF },
  'GET /imports/templates/{file}': { who: UNIVERSITY_AND_STAFF },
  'POST /imports': { who: [] },
  'GET /imports': { who: UNIVERSITY_AND_STAFF },
  'GET /imports/{id}': { who: ['enterpriseA', 'enterpriseB', ...UNIVERSITY_AND_STAFF] },
  'GET /imports/{id}/rows': { who: ['enterpriseA', 'enterpriseB', ...UNIVERSITY_AND_STAFF] },
  'POST /imports/{id}/commit': { who: [], body: { includeRows: [999999] } },
  'GET /imports/{id}/report': { who: ['enterpriseA', 'enterpriseB', ...UNIVERSITY_AND_STAFF], query: { all: 'true' } },
  'GET /indicators': { who: STAFF },
  'GET /indicators/{key}': { who: STAFF },
  'GET /indicators/{key}/records': { who: STAFF },
  'GET /indicators/{key}/series': { who: STAFF },
  'GET /indicators/series': { who: STAFF, query: { keys: 'precise_matches,achievements' } },
  'GET /indicators/pipeline': { who: STAFF },
  'GET /indicators/pipeline/records': { who: STAFF, query: { stage: 'confirmed' } },
  'GET /indicator-reports': { who: STAFF, query: { status: 'submitted' } },
  'PATCH /indicators/{key}/targets/{year}': { who: [] },
  'POST /indicators/{key}/reports': { who: [] },
  'POST /indicator-reports/{id}/evidence': { who: [] },
  'POST /indicator-reports/{id}/approve': { who: [] },
  'POST /indicator-reports/{id}/reject': { who: [] },
  'POST /indicators/report-exports': { who: [] },
  'POST /managers': { who: [] },
  'GET /managers': { who: 'signed-in' },
  'GET /managers/me': { who: ['manager'] },
  'GET /managers/{id}': { who: 'signed-in' },
  'PATCH /managers/{id}': { who: STAFF },
  'POST /managers/{id}/deactivate': { who: ['admin'] },
  'POST /managers/{id}/reactivate': { who: ['admin'] },
  'POST /agencies': { who: [] },
  'GET /agencies': { who: 'signed-in' },
  'GET /agencies/{id}': { who: 'signed-in' },
  'PATCH /agencies/{id}': { who: STAFF },
  'POST /agencies/{id}/file': { who: [] },
  'POST /agencies/{id}/revoke': { who: [] },
  'POST /assignments': { who: [] },
  'GET /assignments': { who: 'signed-in' },
  'GET /assignments/{id}': { who: ['enterpriseA', ...STAFF] },
  'POST /assignments/{id}/end': { who: [] },
  'POST /assignments/{id}/reassign': { who: [] },
  'POST /service-records': { who: [] },
  'GET /service-records': { who: 'signed-in' },
  'GET /service-records/{id}': { who: ['enterpriseA', ...STAFF] },
  'PATCH /service-records/{id}': { who: STAFF },
  'POST /service-records/{id}/remove': { who: [] },
  'POST /service-records/{id}/attachment': { who: [] },
  'GET /service-records/{id}/attachment': { who: ['enterpriseA', ...STAFF] },
  'POST /service-records/{id}/needs/{needId}/link': { who: [] },
  'POST /service-records/{id}/needs/{needId}/unlink': { who: [] },
  'GET /demand-lists/{organisationId}': { who: ['enterpriseA', 'enterpriseB', ...STAFF] },
  'POST /demand-lists/{organisationId}/export': { who: ['enterpriseA', 'enterpriseB', ...STAFF] },
  'POST /training-camps': { who: [] },
  'GET /training-camps': { who: STAFF },
  'GET /training-camps/{id}': { who: STAFF },
  'POST /training-camps/{id}/sessions': { who: [] },
  'POST /training-camps/{id}/enrolments': { who: [] },
  'PUT /training-camps/{id}/enrolments/{enrolmentId}/attendance': { who: [] },
  'POST /training-camps/{id}/enrolments/{enrolmentId}/assessment': { who: [] },
  'POST /training-camps/{id}/close': { who: STAFF },
  'GET /evaluations/models': { who: STAFF },
  'GET /evaluations': { who: STAFF },
  'POST /evaluations': { who: [] },
  'GET /evaluations/{periodKey}': { who: STAFF },
  'POST /evaluations/{periodKey}/publish': { who: [] },
  'GET /evaluations/{periodKey}/ranking': { who: ['admin'] },
  'GET /evaluations/{periodKey}/mine': { who: ['manager'] },
  'GET /evaluations/{periodKey}/sheets/{subjectKind}/{subjectId}': { who: STAFF },
  'POST /evaluations/{periodKey}/export': { who: ['admin'] },
  'POST /evaluations/{periodKey}/sheets/{subjectKind}/{subjectId}/export': { who: STAFF },
  'GET /service-ratings/rateable': { who: ['enterpriseA', 'enterpriseB'] },
  'POST /service-ratings': { who: [] },
  'GET /challenges/public': { who: 'public' },
  'GET /challenges/public/{id}': { who: 'public' },
  'GET /challenges/bids': { who: BIDDERS },
  'GET /challenges/bids/{bidId}': { who: 'signed-in' },
  'PATCH /challenges/bids/{bidId}': { who: BIDDERS },
  'POST /challenges/bids/{bidId}/withdraw': { who: BIDDERS },
  // bid files: the lead uploads until the deadline; whoever reads the bid downloads (others 404)
  'POST /challenges/bids/{bidId}/attachments': { who: BIDDERS },
  'GET /challenges/bids/{bidId}/attachments/{fileId}': { who: 'signed-in' },
  'POST /challenges': { who: STAFF },
  'GET /challenges': { who: 'signed-in' },
  'GET /challenges/{id}': { who: 'signed-in' },
  'PATCH /challenges/{id}': { who: STAFF },
  'POST /challenges/{id}/publish': { who: STAFF },
  'POST /challenges/{id}/close': { who: STAFF },
  'POST /challenges/{id}/cancel': { who: STAFF },
  'POST /challenges/{id}/bids': { who: BIDDERS },
  'GET /challenges/{id}/bids': { who: 'signed-in' },
  // experts are users of any role assigned to a call (one in these fixtures, excused: it scores nothing)
  'PUT /challenges/bids/{bidId}/score': { who: 'signed-in' },
  'POST /challenges/bids/{bidId}/conflict': { who: 'signed-in' },
  'GET /challenges/{id}/review': { who: 'signed-in' },
  'PUT /challenges/{id}/reviewers': { who: STAFF },
  'POST /challenges/{id}/reviewers/{userId}/excuse': { who: ['admin'] },
  'POST /challenges/{id}/start-review': { who: STAFF },
  'POST /challenges/{id}/award': { who: STAFF },
  'POST /challenges/{id}/complete': { who: STAFF },
  // award exports: staff and the call's own enterprise, once awarded
  'POST /challenges/{id}/award-exports': { who: ['enterpriseA', 'enterpriseB', ...STAFF] },
  'GET /challenges/projects': { who: 'signed-in' },
  'GET /challenges/projects/{projectId}': { who: 'signed-in' },
  'POST /challenges/projects/{projectId}/milestones/{index}/accept': { who: STAFF },
  'POST /challenges/projects/{projectId}/milestones/{index}/evidence': { who: BIDDERS },
  'GET /challenges/projects/{projectId}/milestones/{index}/evidence/{fileId}': { who: 'signed-in' },
  'POST /challenges/projects/{projectId}/eliminate': { who: STAFF },
  'POST /challenges/projects/{projectId}/acceptance': { who: STAFF },
  'POST /challenges/consortia': { who: STAFF },
  'GET /challenges/consortia': { who: 'signed-in' },
  'GET /challenges/consortia/{consortiumId}': { who: 'signed-in' },
  'PATCH /challenges/consortia/{consortiumId}': { who: STAFF },
  'POST /challenges/consortia/{consortiumId}/dissolve': { who: STAFF },
  'POST /challenges/consortia/{consortiumId}/agreement': { who: STAFF },
  'GET /challenges/consortia/{consortiumId}/agreement': { who: 'signed-in' },
  // 企业出题、银行答题: enterprise A's published needs (one answered by the bank), enterprise B's draft
  'POST /finance/needs': { who: ['enterpriseA', 'enterpriseB'] },
  'GET /finance/needs': { who: ['enterpriseA', 'enterpriseB', 'bank', ...STAFF] },
  'GET /finance/needs/{id}': { who: ['enterpriseA', 'enterpriseB', 'bank', ...STAFF] },
  'POST /finance/needs/{id}/publish': { who: ['enterpriseA', 'enterpriseB', ...STAFF] },
  'POST /finance/needs/{id}/withdraw': {
    who: ['enterpriseA', 'enterpriseB', ...STAFF],
    body: { reason: '角色矩阵撤回' },
  },
  'POST /finance/needs/{id}/outcome': {
    who: ['enterpriseA', 'enterpriseB', ...STAFF],
    body: { outcome: 'failed', reason: '角色矩阵登记' },
  },
  'POST /finance/needs/{id}/offers': {
    who: ['bank'],
    body: { productName: '人才贷', amount: 100, rateMin: 3, rateMax: 3.5, termMonths: 12, conditions: '信用方式' },
  },
  'GET /finance/needs/{id}/offers': { who: ['enterpriseA', 'enterpriseB', 'bank', ...STAFF] },
  'GET /finance/offers/mine': { who: ['bank'] },
  'POST /finance/offers/{offerId}/accept': { who: ['enterpriseA'] },
  'GET /challenges/invitations/mine': { who: 'signed-in' },
  'GET /challenges/{id}/proposals': { who: STAFF },
  'POST /challenges/{id}/proposals/recompute': { who: STAFF },
  'POST /challenges/{id}/invitations': { who: STAFF },
  'GET /challenges/{id}/invitations': { who: 'signed-in' },
};

/** Path parameter values that are not ids of a fixture. */
const FIXED_PARAMS: Record<string, string[]> = {
  key: [],
  year: ['2026'],
  file: ['achievements.xlsx', 'demands.csv'],
  /** 分级评估: the current year (set once the period is published) and the manager sheets. */
  periodKey: [],
  subjectKind: ['manager'],
};
/** A state change each `{action}` path is called with: one that shows the answer without undoing the fixtures. */
const ACTION_OF: Record<string, string> = {
  demands: 'submit',
  achievements: 'transfer',
  matches: 'confirm',
};

/**
 * Canaries: unique text planted in confidential fields, with the roles that may read each. `files: false`: never in
 * a downloaded file, whoever downloads it.
 */
interface Canary {
  text: string;
  what: string;
  readers: RoleName[];
  files?: false;
}

const A = (what: string, text: string): Canary => ({ text, what, readers: ['enterpriseA', ...STAFF] });
const B = (what: string, text: string): Canary => ({ text, what, readers: ['enterpriseB', ...STAFF] });
const U1 = (what: string, text: string): Canary => ({ text, what, readers: UNIVERSITY_AND_STAFF });
const U2 = (what: string, text: string): Canary => ({ text, what, readers: STAFF });

const CANARIES: Canary[] = [
  A('enterprise A organisation contact', '甲企机构联系人柏青'),
  A('enterprise A organisation phone', '0512-61110001'),
  A('enterprise A organisation e-mail', 'org-a@canary.example'),
  A('demand A contact', '甲企需求联系人韦航'),
  A('demand A phone', '0512-62220001'),
  A('demand A e-mail', 'demand-a@canary.example'),
  A('demand A confidential notes', '甲企保密说明：现供应商年采购额九千万'),
  A('demand A budget', '987.5'),
  A('demand A imported confidential notes', '甲企导入保密：拟定向采购'),
  A('demand A imported contact', '甲企导入联系人钟岚'),
  B('enterprise B organisation contact', '乙企机构联系人柯明'),
  B('enterprise B organisation e-mail', 'org-b@canary.example'),
  B('demand B contact', '乙企需求联系人庞悦'),
  B('demand B confidential notes', '乙企保密说明：拟收购上游供应商'),
  B('demand B budget', '876.25'),
  B('demand B draft title', '乙企未发布需求：晶圆级真空封装良率提升'),
  B('demand B imported confidential notes', '乙企导入保密：竞品拆解报告'),
  B('demand B imported contact', '乙企导入联系人祁峰'),
  U1('university 1 organisation contact', '甲校机构联系人陶然'),
  U1('university 1 organisation e-mail', 'org-u1@canary.example'),
  U1('achievement 1 contact', '甲校成果联系人华清'),
  U1('achievement 1 phone', '13811110001'),
  U1('university 1 imported contact', '甲校导入联系人柳岸'),
  U1('achievement 1 return reason (退回修改)', '甲校退回原因：请补充中试线良率数据'),
  U2('university 2 organisation contact', '乙校机构联系人莫言之'),
  U2('university 2 draft achievement title', '乙校未发布成果：类脑芯片脉冲神经网络编译器'),
  U2('university 2 draft achievement contact', '乙校成果联系人车迟'),
  U2('university 2 imported contact', '乙校导入联系人蓝田'),
  U2('university 2 imported phone', '13922220002'),
  // The price factor's notes (意向价格在企业预算范围内 / 略高于 / 明显高于企业预算, 价格面议或预算未填): the demand's
  // enterprise and staff in the API; nobody in a file. (The rule hides the whole factor, whatever its note.)
  { text: '企业预算', what: 'budget comparison note', readers: ['enterpriseA', 'enterpriseB', ...STAFF], files: false },
  // a technology manager's contact details: staff only; enterprise A's service log: A and staff
  { text: '13700009999', what: 'manager profile phone', readers: STAFF },
  { text: 'mgr-contact@canary.example', what: 'manager profile e-mail', readers: STAFF },
  A('service record summary at enterprise A', '甲企服务纪要：梳理电驱减速器国产化路线'),
  A('need mined at enterprise A', '甲企挖掘需求：减速器回差在线检测'),
  // financing needs: the figures of a need the bank answered reach it; those of a need it did not answer do not
  { text: '甲企融资抵押说明：二期厂房', what: 'answered need collateral', readers: ['enterpriseA', 'bank', ...STAFF] },
  { text: '65432.1', what: 'answered need revenue', readers: ['enterpriseA', 'bank', ...STAFF] },
  { text: '甲行方案条件：市级贴息', what: 'bank offer conditions', readers: ['enterpriseA', 'bank', ...STAFF] },
  A('unanswered need collateral', '甲企融资抵押说明：专利质押'),
  A('unanswered need phone', '0512-64440002'),
  B('draft need title', '乙企未发布融资需求：晶圆厂扩建'),
  A('service record attachment at enterprise A', '甲企走访附件：技术路线图草稿'),
  // 创新联合体 (lead A, member U1): the consortium is public, its agreement's uploader (a user id, planted once the
  // uploading manager exists) only for staff and the consortium's own organisations
  { text: '', what: 'consortium agreement uploader id', readers: ['enterpriseA', 'university', ...STAFF] },
  // 揭榜挂帅 (a call of A's, review panel of one excused expert): who the experts are is for staff only, not even for
  // the call's enterprise (评审专家名单保密); the expert's user id is planted once they exist
  { text: '保密评审专家甄墨', what: 'review expert name', readers: STAFF },
  { text: '甲企榜单免评原因：评审专家临时出差', what: 'review expert excuse reason', readers: STAFF },
  { text: '', what: 'review expert user id', readers: STAFF },
];
const UPLOADER = CANARIES.find((c) => c.what === 'consortium agreement uploader id')!;
const REVIEWER = CANARIES.find((c) => c.what === 'review expert user id')!;

interface Answer {
  role: RoleName;
  op: string;
  url: string;
  status: number;
  text: string;
  file: boolean;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Every text a response carries: JSON or text bodies, and the cells of xlsx files (csv is text, pdf is skipped). */
async function readable(res: request.Response): Promise<{ text: string; file: boolean }> {
  const type = String(res.headers['content-type'] ?? '');
  const file = /attachment/.test(String(res.headers['content-disposition'] ?? ''));
  const raw: Buffer = Buffer.isBuffer(res.body) ? res.body : Buffer.from(res.text ?? JSON.stringify(res.body ?? ''));
  if (type.startsWith(XLSX) || (raw[0] === 0x50 && raw[1] === 0x4b)) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(raw as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.eachSheet((sheet) => {
      cells.push(sheet.name);
      sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text ?? ''))));
    });
    return { text: cells.join('\n'), file };
  }
  // PDF handouts embed a subset CJK font (text is glyph ids): they are built from the same rows as xlsx/csv.
  if (type.startsWith('application/pdf')) return { text: '', file };
  return { text: raw.toString('utf8'), file };
}

function rawBody(res: request.Response, done: (err: Error | null, body: unknown) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** An event stream's body up to its first event (then the connection is closed); other answers whole. */
function firstEvent(res: request.Response, done: (err: Error | null, body: unknown) => void): void {
  const chunks: Buffer[] = [];
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    done(null, Buffer.concat(chunks));
  };
  const streaming = String(res.headers['content-type'] ?? '').startsWith('text/event-stream');
  res.on('data', (c: Buffer) => {
    chunks.push(Buffer.from(c));
    if (streaming && Buffer.concat(chunks).includes('\n\n')) {
      finish();
      (res as unknown as { destroy(): void }).destroy();
    }
  });
  res.on('end', finish);
  res.on('close', finish);
}

describe('role matrix: every operation × every role, no confidential canary where it must not be (e2e)', () => {
  let t: TestApp;
  const auth: Partial<Record<RoleName, string>> = {};
  const pools: Record<string, string[]> = {};
  let operations: Array<{ method: string; path: string; key: string }> = [];
  const answers: Answer[] = [];

  const as = (role: RoleName, r: request.Test) => (auth[role] ? r.set('Authorization', auth[role]!) : r);
  const add = (pool: string, id: string) => (pools[pool] ??= []).includes(id) || pools[pool].push(id);

  beforeAll(async () => {
    t = await createTestApp();
    const http = t.http;
    auth.admin = await login(http, TEST_ADMIN.email, TEST_ADMIN.password);
    auth.manager = await createManager(http, auth.admin);
    const manager = auth.manager;
    const chains = await chainIds(http);
    const entA = await registerEnterprise(http, '昆山甲精密传动有限公司');
    const entB = await registerEnterprise(http, '昆山乙微系统有限公司');
    auth.enterpriseA = entA.auth;
    auth.enterpriseB = entB.auth;
    const org = async (who: string, id: string, contact: Record<string, string>) => {
      const current = await http.get(`/organisations/${id}`).set('Authorization', who).expect(200);
      await http
        .patch(`/organisations/${id}`)
        .set('Authorization', who)
        .send({ version: current.body.version, ...contact })
        .expect(200);
    };
    await org(entA.auth, entA.organisationId, {
      contactName: '甲企机构联系人柏青',
      contactPhone: '0512-61110001',
      contactEmail: 'org-a@canary.example',
    });
    await org(entB.auth, entB.organisationId, {
      contactName: '乙企机构联系人柯明',
      contactEmail: 'org-b@canary.example',
    });
    const u1 = await http
      .post('/organisations')
      .set('Authorization', manager)
      .send({
        kind: 'university',
        name: '江南精密工程大学',
        district: '周市镇',
        contactName: '甲校机构联系人陶然',
        contactEmail: 'org-u1@canary.example',
      })
      .expect(201);
    const u2 = await http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'university', name: '太湖类脑智能研究院', district: '玉山镇', contactName: '乙校机构联系人莫言之' })
      .expect(201);
    const user = async (role: string, email: string, organisationId?: string) => {
      const created = await http
        .post('/users')
        .set('Authorization', auth.admin!)
        .send({ email, password: 'Matrix2026', name: '许文', role, organisationId, temporaryPassword: false })
        .expect(201);
      add('users', created.body.id);
      return login(http, email, 'Matrix2026');
    };
    auth.university = await user('university', 'u1@example.edu.cn', u1.body.id);
    auth.organiser = await user('organizer', 'organiser@example.com');
    const bankOrg = await http
      .post('/organisations')
      .set('Authorization', auth.admin)
      .send({ kind: 'bank', name: '昆山甲银行科技支行', district: '高新区' })
      .expect(201);
    auth.bank = await user('bank', 'bank@example.com', bankOrg.body.id);
    for (const id of [entA.organisationId, entB.organisationId, u1.body.id, u2.body.id]) add('organisations', id);

    // catalogue: A's demand fits U1's published achievement (asking price within A's budget); B's demand; B's
    // draft; U2's unpublished achievement holding a patent number
    const demand = async (owner: string, body: Record<string, unknown>, publish = true) => {
      const res = await http
        .post('/demands')
        .set('Authorization', owner)
        .send(demandBody([chains[4]], body))
        .expect(201);
      if (publish) {
        await http.post(`/demands/${res.body.id}/submit`).set('Authorization', owner).expect(200);
        await http.post(`/demands/${res.body.id}/publish`).set('Authorization', manager).expect(200);
      }
      add('demands', res.body.id);
      return res.body.id as string;
    };
    const demandA = await demand(entA.auth, {
      budgetMin: 100,
      budgetMax: 987.5,
      contactName: '甲企需求联系人韦航',
      contactPhone: '0512-62220001',
      contactEmail: 'demand-a@canary.example',
      confidentialNotes: '甲企保密说明：现供应商年采购额九千万',
    });
    await demand(entB.auth, {
      title: '精密减速器柔轮疲劳寿命提升',
      budgetMin: 100,
      budgetMax: 876.25,
      contactName: '乙企需求联系人庞悦',
      contactPhone: '0512-63330001',
      contactEmail: 'demand-b@canary.example',
      confidentialNotes: '乙企保密说明：拟收购上游供应商',
    });
    await demand(entB.auth, { title: '乙企未发布需求：晶圆级真空封装良率提升' }, false);
    const achievement = async (body: Record<string, unknown>, publish = true) => {
      const res = await http.post('/achievements').set('Authorization', manager).send(body).expect(201);
      if (publish) await http.post(`/achievements/${res.body.id}/publish`).set('Authorization', manager).expect(200);
      add('achievements', res.body.id);
      return res.body.id as string;
    };
    await achievement(
      achievementBody(u1.body.id, [chains[4]], {
        askingPrice: 120,
        contactName: '甲校成果联系人华清',
        contactPhone: '13811110001',
        contactEmail: 'ach-u1@canary.example',
      }),
    );
    await achievement(
      achievementBody(u2.body.id, [chains[10]], {
        title: '乙校未发布成果：类脑芯片脉冲神经网络编译器',
        abstract: '面向脉冲神经网络的编译工具链，支持类脑芯片的核映射与片上学习，能效较 GPU 推理提升一个数量级。',
        keywords: ['类脑芯片', '脉冲神经网络', '编译器'],
        patentNumbers: ['ZL 2024 1 0999888.1'],
        contactName: '乙校成果联系人车迟',
      }),
      false,
    );
    // a submission of university 1 returned with a reason (退回修改): the reason is the institution's and staff's
    const returned = await achievement(
      achievementBody(u1.body.id, [chains[4]], { title: '甲校退回修改成果：固态电池硫化物电解质干法成膜' }),
      false,
    );
    await http.post(`/achievements/${returned}/submit`).set('Authorization', manager).expect(200);
    await http
      .post(`/achievements/${returned}/return`)
      .set('Authorization', manager)
      .send({ reason: '甲校退回原因：请补充中试线良率数据' })
      .expect(200);
    await t.settle();

    // matches (the engine's suggestions), an activity with a curated list, export files
    const matches = await http.get('/matches').set('Authorization', manager).expect(200);
    for (const m of matches.body.items as Array<{ id: string }>) add('matches', m.id);
    expect(pools.matches?.length).toBeGreaterThan(0);
    const activity = await http
      .post('/activities')
      .set('Authorization', auth.organiser!)
      .send({
        kind: 'roadshow',
        title: '2026 智能制造项目路演',
        scheduledAt: '2026-12-20T09:30:00+08:00',
        place: '昆山市科技创新服务中心',
        district: '玉山镇',
        industryChainIds: [chains[4]],
        participants: [{ organisationId: entA.organisationId }, { organisationId: u1.body.id }],
      })
      .expect(201);
    add('activities', activity.body.id);
    const proposals = await http
      .get(`/activities/${activity.body.id}/proposals`)
      .set('Authorization', auth.organiser!)
      .expect(200);
    const pair = (proposals.body as Array<{ matchId: string; demand: { id: string } }>).find(
      (p) => p.demand.id === demandA,
    );
    expect(pair).toBeDefined();
    const list = await http
      .post(`/activities/${activity.body.id}/match-items`)
      .set('Authorization', auth.organiser!)
      .send({ matchId: pair!.matchId, note: '路演第一组' })
      .expect(201);
    for (const item of list.body.items as Array<{ itemId: string }>) add('itemIds', item.itemId);
    for (const [who, format] of [
      ['organiser', 'xlsx'],
      ['organiser', 'csv'],
      ['organiser', 'pdf'],
      ['manager', 'xlsx'],
      ['manager', 'csv'],
    ] as const) {
      const job = await http
        .post(`/activities/${activity.body.id}/exports`)
        .set('Authorization', auth[who]!)
        .send({ format })
        .expect(202);
      add('exports', job.body.id);
    }
    const profile = await http
      .post(`/organisations/${u1.body.id}/profile/export`)
      .set('Authorization', auth.university!)
      .expect(202);
    add('exports', profile.body.id);

    // imports: a manager's file with rows of two universities, a manager's demand file for two enterprises, and a
    // university's file whose row carries U2's (unpublished) patent number
    const upload = async (who: string, kind: string, lines: string[], name: string) => {
      const res = await http
        .post('/imports')
        .set('Authorization', who)
        .field('kind', kind)
        .attach('file', Buffer.from(lines.join('\n')), name)
        .expect(202);
      add('imports', res.body.id);
      add('files', res.body.fileId);
      return res.body.id as string;
    };
    const achHeader = '成果名称*,所属单位*,成果简介*,所属产业链,专利号,联系人,联系电话';
    await upload(
      manager,
      'achievements',
      [
        achHeader,
        '高速主轴热误差在线补偿系统,江南精密工程大学,基于温度场测量与神经网络的主轴热误差建模，在线补偿后加工尺寸漂移降低百分之七十。,高端装备制造,,甲校导入联系人柳岸,13811112222',
        '低功耗脉冲神经网络加速器,太湖类脑智能研究院,面向边缘设备的事件驱动加速器，单次推理能耗低于一毫焦，已流片验证。,人工智能,,乙校导入联系人蓝田,13922220002',
      ],
      '两校成果.csv',
    );
    await upload(
      auth.university!,
      'achievements',
      [
        achHeader,
        '类脑编译工具链,江南精密工程大学,支持多种类脑芯片的脉冲神经网络编译与部署工具，提供核映射优化。,人工智能,ZL 2024 1 0999888.1,许文,13811113333',
      ],
      '本校成果.csv',
    );
    const demHeader = '需求名称*,需求单位*,需求描述*,需求类型*,所属产业链*,预算上限(万元),联系人,保密说明';
    await upload(
      manager,
      'demands',
      [
        demHeader,
        '减速器装配线视觉检测,昆山甲精密传动有限公司,希望引入深度学习视觉检测替代人工目检，漏检率低于千分之一。,产业链技术需求,智能制造与机器人,650,甲企导入联系人钟岚,甲企导入保密：拟定向采购',
        'MEMS 器件真空封装工艺,昆山乙微系统有限公司,希望开发晶圆级真空封装工艺，封装后品质因数衰减小于百分之五。,产业链技术需求,集成电路,540,乙企导入联系人祁峰,乙企导入保密：竞品拆解报告',
      ],
      '两企需求.csv',
    );
    await t.settle();

    // managers: the matrix manager's profile (contacts for staff only), an agency, a 一对一 assignment at
    // enterprise A, a service record there with a mined need and an attachment
    const managerProfile = await http
      .post('/managers')
      .set('Authorization', manager)
      .send({
        name: '陈晓峰',
        affiliationKind: 'institute',
        contactPhone: '13700009999',
        contactEmail: 'mgr-contact@canary.example',
      })
      .expect(201);
    add('managers', managerProfile.body.id);
    const agencyOrg = await http
      .post('/organisations')
      .set('Authorization', manager)
      .send({ kind: 'agency', name: '昆山技术转移服务中心', district: '玉山镇' })
      .expect(201);
    const agency = await http
      .post('/agencies')
      .set('Authorization', manager)
      .send({ organisationId: agencyOrg.body.id, serviceScope: ['tech_transfer'] })
      .expect(201);
    add('agencies', agency.body.id);
    const assignment = await http
      .post('/assignments')
      .set('Authorization', manager)
      .send({
        managerProfileId: managerProfile.body.id,
        kind: 'enterprise',
        organisationId: entA.organisationId,
        startOn: '2026-01-05',
      })
      .expect(201);
    add('assignments', assignment.body.id);
    const serviceRecord = await http
      .post('/service-records')
      .set('Authorization', manager)
      .send({
        kind: 'need_mining',
        occurredOn: '2026-03-10',
        organisationId: entA.organisationId,
        summary: '甲企服务纪要：梳理电驱减速器国产化路线',
        needs: [{ title: '甲企挖掘需求：减速器回差在线检测' }],
      })
      .expect(201);
    await http
      .post(`/service-records/${serviceRecord.body.id}/attachment`)
      .set('Authorization', manager)
      .attach('file', Buffer.from('甲企走访附件：技术路线图草稿'), '路线图.txt')
      .expect(200);
    add('service-records', serviceRecord.body.id);
    add('demand-lists', entA.organisationId);
    add('demand-lists', entB.organisationId);

    // financing needs: A's need answered by the bank, A's need not answered, B's draft
    const need = async (who: string, body: Record<string, unknown>, publish = true) => {
      const res = await http
        .post('/finance/needs')
        .set('Authorization', who)
        .send({
          title: '扩产流动资金贷款',
          purpose: '采购加工中心、补充扩产流动资金',
          amount: 800,
          termMonths: 36,
          collateralKinds: ['equipment'],
          contactName: '甲企融资联系人',
          contactPhone: '0512-64440001',
          ...body,
        })
        .expect(201);
      if (publish) await http.post(`/finance/needs/${res.body.id}/publish`).set('Authorization', who).expect(200);
      add('finance', res.body.id);
      return res.body.id as string;
    };
    const answeredNeed = await need(entA.auth, {
      collateralDetails: '甲企融资抵押说明：二期厂房',
      annualRevenue: 65432.1,
    });
    await need(entA.auth, { collateralDetails: '甲企融资抵押说明：专利质押', contactPhone: '0512-64440002' });
    await need(entB.auth, { title: '乙企未发布融资需求：晶圆厂扩建' }, false);
    const offer = await http
      .post(`/finance/needs/${answeredNeed}/offers`)
      .set('Authorization', auth.bank)
      .send({
        productName: '昆科贷',
        amount: 800,
        rateMin: 3.1,
        rateMax: 3.45,
        termMonths: 36,
        conditions: '甲行方案条件：市级贴息',
      })
      .expect(201);
    FIXED_PARAMS.offerId = [offer.body.id];

    // 分级评估: this year's evaluation, computed and published (the matrix manager has a sheet in it)
    const period = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 4);
    const computed = await http
      .post('/evaluations')
      .set('Authorization', auth.admin)
      .send({ periodKey: period })
      .expect(200);
    await http
      .post(`/evaluations/${period}/publish`)
      .set('Authorization', auth.admin)
      .send({ version: computed.body.version })
      .expect(200);
    FIXED_PARAMS.periodKey = [period];
    add('evaluations', managerProfile.body.id);
    FIXED_PARAMS.key = ['major_demands'];

    // 创新联合体 led by A with U1 as member; its agreement uploaded by a manager whose id is read nowhere else
    const uploader = await http
      .post('/users')
      .set('Authorization', auth.admin)
      .send({
        email: 'agreement@example.com',
        password: 'Matrix2026',
        name: '协议经办人',
        role: 'manager',
        temporaryPassword: false,
      })
      .expect(201);
    UPLOADER.text = uploader.body.id;
    const consortium = await http
      .post('/challenges/consortia')
      .set('Authorization', manager)
      .send({
        name: '昆山精密传动角色矩阵创新联合体',
        leadOrganisationId: entA.organisationId,
        members: [{ organisationId: u1.body.id, role: '课题二：主轴热误差补偿' }],
        foundedOn: '2026-03-01',
      })
      .expect(201);
    await http
      .post(`/challenges/consortia/${consortium.body.id}/agreement`)
      .set('Authorization', await login(http, 'agreement@example.com', 'Matrix2026'))
      .attach('file', Buffer.from('%PDF-1.4\n创新联合体组建协议\n%%EOF'), '联合体协议.pdf')
      .expect(200);
    FIXED_PARAMS.consortiumId = [consortium.body.id];

    // a call of A's under way (closed), its one expert (of university 2) excused by the admin
    const reviewer = await http
      .post('/users')
      .set('Authorization', auth.admin)
      .send({
        email: 'reviewer@example.edu.cn',
        password: 'Matrix2026',
        name: '保密评审专家甄墨',
        role: 'university',
        organisationId: u2.body.id,
        temporaryPassword: false,
      })
      .expect(201);
    REVIEWER.text = reviewer.body.id;
    await http.patch(`/users/${reviewer.body.id}`).set('Authorization', auth.admin).send({ expert: true }).expect(200);
    const call = await http
      .post('/challenges')
      .set('Authorization', manager)
      .send(challengeBody({ enterpriseOrganisationId: entA.organisationId }))
      .expect(201);
    await http.post(`/challenges/${call.body.id}/publish`).set('Authorization', manager).send({}).expect(200);
    await http
      .put(`/challenges/${call.body.id}/reviewers`)
      .set('Authorization', manager)
      .send({ userIds: [reviewer.body.id] })
      .expect(200);
    await http.post(`/challenges/${call.body.id}/close`).set('Authorization', manager).send({}).expect(200);
    await http
      .post(`/challenges/${call.body.id}/reviewers/${reviewer.body.id}/excuse`)
      .set('Authorization', auth.admin)
      .send({ reason: '甲企榜单免评原因：评审专家临时出差' })
      .expect(200);
    add('challenges', call.body.id);

    const doc = await http.get('/docs/openapi.json').expect(200);
    for (const [path, methods] of Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(methods)) {
        operations.push({ method: method.toUpperCase(), path, key: `${method.toUpperCase()} ${path}` });
      }
    }
    // reads first, so that writes (which may change state) come last
    // password resets last of all: they end the sessions of the accounts the other calls are made with
    const resets = operations.filter((o) => o.path.endsWith('/password-reset'));
    operations = [
      ...operations.filter((o) => o.method === 'GET'),
      ...operations.filter((o) => o.method !== 'GET' && !resets.includes(o)),
      ...resets,
    ];
  }, 120000);

  afterAll(async () => {
    await t?.close();
  });

  it('has an expectation for every operation of the OpenAPI document', () => {
    const missing = operations.map((o) => o.key).filter((k) => !EXPECTATIONS[k]);
    expect(missing).toEqual([]);
    expect(Object.keys(EXPECTATIONS).filter((k) => !operations.some((o) => o.key === k))).toEqual([]);
  });

  /** Every way to fill the path of an operation: each id of the matching pool, or fixed values. */
  function urls(path: string): string[] {
    let out = [path];
    const segments = path.split('/').filter(Boolean);
    const resource = segments[0] === 'public' ? segments[1] : segments[0];
    for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
      const values =
        name === 'action'
          ? [ACTION_OF[resource] ?? 'unknown']
          : name === 'itemId'
            ? (pools.itemIds ?? [])
            : (FIXED_PARAMS[name] ?? pools[resource] ?? []);
      const filled = values.length ? values : ['00000000-0000-4000-8000-000000000000'];
      out = out.flatMap((u) => filled.map((v) => u.replace(`{${name}}`, encodeURIComponent(v))));
    }
    return out;
  }

  it('no role reads a canary it must not, and no role outside an operation’s expectation gets a 2xx', async () => {
    const calls: Array<{ role: RoleName; op: (typeof operations)[number]; url: string }> = [];
    for (const op of operations) {
      if (!EXPECTATIONS[op.key]) continue;
      for (const url of urls(op.path)) for (const role of ROLES) calls.push({ role, op, url });
    }
    const run = async ({ role, op, url }: (typeof calls)[number]) => {
      const e = EXPECTATIONS[op.key];
      const method = op.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
      let req = as(role, t.http[method](url))
        .buffer(true)
        .parse(e.stream ? firstEvent : rawBody);
      if (e.query) req = req.query(e.query);
      if (method !== 'get' && method !== 'delete') req = req.send(e.body ?? {});
      const res = await req;
      answers.push({ role, op: op.key, url, status: res.status, ...(await readable(res)) });
    };
    // reads in parallel groups; writes one operation after another (its roles and ids together)
    const reads = calls.filter((c) => c.op.method === 'GET');
    const started = Date.now();
    for (let i = 0; i < reads.length; i += 16) await Promise.all(reads.slice(i, i + 16).map(run));
    const read = Date.now() - started;
    for (const op of operations.filter((o) => o.method !== 'GET')) {
      await Promise.all(calls.filter((c) => c.op === op).map(run));
    }

    console.info(`role matrix: ${calls.length} calls in ${Date.now() - started} ms (reads ${read} ms)`);
    const leaks: string[] = [];
    const unexpected: string[] = [];
    const seen = new Set<string>();
    for (const a of answers) {
      for (const c of CANARIES) {
        if (!a.text.includes(c.text)) continue;
        const allowed = c.readers.includes(a.role) && !(a.file && c.files === false);
        if (allowed) seen.add(c.text);
        else leaks.push(`${a.role} ${a.op} (${a.url}, ${a.status}${a.file ? ', file' : ''}): ${c.what}「${c.text}」`);
      }
      const who = EXPECTATIONS[a.op].who;
      const may = who === 'public' || (who === 'signed-in' ? a.role !== 'anonymous' : who.includes(a.role));
      if (!may && a.status < 400) unexpected.push(`${a.role} ${a.op} (${a.url}) answered ${a.status}`);
    }
    expect(leaks).toEqual([]);
    expect(unexpected).toEqual([]);
    // the scan can fail: every canary reached a reader allowed to see it somewhere
    expect(CANARIES.filter((c) => !seen.has(c.text)).map((c) => c.what)).toEqual([]);
    // and downloads were scanned: the organiser's match-list files were read
    expect(answers.some((a) => a.role === 'organiser' && a.file && a.text.includes('对接清单'))).toBe(true);
  }, 240000);

  it('the price factor reads as neutral to everyone but the demand’s enterprise and staff', () => {
    const bodies = (role: RoleName, op: string) =>
      answers.filter((a) => a.role === role && a.op === op && a.status === 200);
    expect(
      bodies('university', 'GET /achievements/{id}/matches').some((a) => a.text.includes('价格因素已计入评分')),
    ).toBe(true);
    expect(
      bodies('enterpriseA', 'GET /demands/{id}/matches').some((a) => a.text.includes('意向价格在企业预算范围内')),
    ).toBe(true);
    expect(
      bodies('manager', 'GET /activities/{id}/match-items').some((a) => a.text.includes('意向价格在企业预算范围内')),
    ).toBe(true);
  });

  it('every signed-in role reads the temporary-password validity in its session', () => {
    for (const role of SIGNED_IN) {
      const me = answers.find((a) => a.role === role && a.op === 'GET /auth/me' && a.status === 200);
      expect([role, me && JSON.parse(me.text).temporaryPasswordHours]).toEqual([role, 72]);
    }
  });

  it('a password chosen at account creation is temporary for every creator; only an admin may opt out', async () => {
    let n = 0;
    const create = (role: RoleName, extra: Record<string, unknown>) =>
      as(role, t.http.post('/users')).send({
        email: `chosen-${role}-${n++}@example.com`,
        password: 'Matrix2026',
        name: '韩初设',
        role: 'organizer',
        ...extra,
      });
    // 401 or 403: the matrix's writes before this may have ended some roles' sessions
    const answer = (status: number) => (status === 401 || status === 403 ? 'refused' : status);
    const statuses: Record<string, Array<number | string>> = {};
    for (const role of ROLES) {
      const optOut = await create(role, { temporaryPassword: false });
      statuses[role] = [answer(optOut.status)];
      if (optOut.status === 201) expect(optOut.body.mustChangePassword).toBe(false);
      const chosen = await create(role, {});
      statuses[role].push(answer(chosen.status));
      if (chosen.status === 201) expect(chosen.body.mustChangePassword).toBe(true);
    }
    expect(statuses).toEqual({
      anonymous: ['refused', 'refused'],
      enterpriseA: ['refused', 'refused'],
      enterpriseB: ['refused', 'refused'],
      university: ['refused', 'refused'],
      organiser: ['refused', 'refused'],
      bank: ['refused', 'refused'],
      manager: ['refused', 201],
      admin: [201, 201],
    });
  });

  it('an import preview names another institution’s unpublished record to nobody but staff', () => {
    const rows = answers.filter(
      (a) => a.op === 'GET /imports/{id}/rows' && a.role === 'university' && a.text.includes('类脑编译工具链'),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const a of rows) {
      const row = (
        JSON.parse(a.text) as { items: Array<{ reasons: Array<{ reason: string }>; targetId: string | null }> }
      ).items[0];
      expect(row.reasons.map((r) => r.reason)).toEqual(['该专利号不能登记在本单位名下，请联系技术经理人核对']);
      expect(row.targetId).toBeNull();
      expect(pools.achievements.some((id) => a.text.includes(id))).toBe(false);
    }
    const staff = answers.find(
      (a) => a.op === 'GET /imports/{id}/rows' && a.role === 'manager' && a.text.includes('类脑编译工具链'),
    );
    expect(staff?.text).toContain('乙校未发布成果');
  });

  it('a university reads only its own rows and counts of a manager’s two-university file', () => {
    const list = answers.find((a) => a.op === 'GET /imports' && a.role === 'university')!;
    const batch = (
      JSON.parse(list.text) as {
        items: Array<{ filename: string; counts: { total: number }; organisationIds: string[] }>;
      }
    ).items.find((b) => b.filename === '两校成果.csv');
    expect(batch?.counts.total).toBe(1);
    expect(batch?.organisationIds).toHaveLength(1);
  });

  it('an outsider reads the consortium and its agreement’s name, not who uploaded it', () => {
    const outsider = answers.filter(
      (a) => a.role === 'enterpriseB' && a.op === 'GET /challenges/consortia/{consortiumId}' && a.status === 200,
    );
    expect(outsider).toHaveLength(1);
    const agreement = (JSON.parse(outsider[0].text) as { agreement: { filename: string; uploadedById: unknown } })
      .agreement;
    expect(agreement).toMatchObject({ filename: '联合体协议.pdf', uploadedById: null });
  });

  it('the call’s enterprise follows the review with its panel numbered, not named; staff read the expert', () => {
    const review = (role: RoleName) =>
      answers.filter((a) => a.role === role && a.op === 'GET /challenges/{id}/review' && a.status === 200);
    const [own] = review('enterpriseA');
    expect(review('enterpriseA')).toHaveLength(1);
    expect(JSON.parse(own.text)).toMatchObject({
      view: 'enterprise',
      panel: [{ label: '专家 1', userId: null, name: null, excused: true, excuseReason: null }],
      pending: null,
      conflicts: null,
    });
    expect(review('enterpriseB')).toEqual([]);
    expect(JSON.parse(review('admin')[0].text).panel).toEqual([
      expect.objectContaining({ label: '专家 1', userId: REVIEWER.text, name: '保密评审专家甄墨' }),
    ]);
  });

  it('demo account descriptions promise organisers nothing they cannot open', () => {
    const organiser = DEMO_ACCOUNTS.find((a) => a.role === 'organizer')!;
    const indicators = answers.filter((a) => a.role === 'organiser' && a.op === 'GET /indicators');
    expect(indicators.every((a) => a.status === 403)).toBe(true);
    expect(organiser.note).not.toMatch(/指标/);
  });
});
