import { DOMAIN_EVENTS, EntityType, EventType, eventTypesOf } from '@app/events';

import thresholds from './counting-thresholds.json';

/**
 * The counting rules of every observed indicator, in one place. Each rule is one SQL query over the platform's
 * records that yields the facts (one per counted thing) — for all subjects (recompute) or for the few subjects a
 * domain event touched (incremental). Same query both ways: `verify` proves no event was missed or mis-applied.
 *
 * Output columns: subject_id, title, occurred_at (the date that counts), chain_ids, district.
 * `$1` is null (every subject) or an array of subject ids.
 */
export interface FactRule {
  key: string;
  /** What one fact is. */
  subjectType:
    | 'demand'
    | 'achievement'
    | 'activity'
    | 'match'
    | 'user'
    | 'organisation'
    | 'manager_profile'
    | 'challenge_project'
    | 'consortium'
    | 'financing_need';
  /** Shown next to the figure: what counts, which date, what a withdrawal does. */
  rule: string;
  /**
   * The event types that can change this indicator's facts: only those refresh it (e.g. `demand.matched`, which
   * rewrites undecided suggestions only, refreshes none).
   */
  events: readonly EventType[];
  /** For each entity type of those events, how to find the subjects an event touches. */
  affectedBy: Partial<Record<EntityType, AffectedSubjects>>;
  sql: string;
}

/**
 * The events that change rows of these entity types (not those that leave the row as it was, such as
 * `demand.matched`): what a rule reading those rows is affected by.
 */
export function changesOf(...entityTypes: EntityType[]): EventType[] {
  return eventTypesOf(entityTypes).filter((t) => DOMAIN_EVENTS[t].version !== 'unchanged');
}

/** `self`: the event's entity is the subject; otherwise SQL returning `id` rows for `$1` = the entity id. */
export type AffectedSubjects = 'self' | string;

const IDS = '($1::uuid[] IS NULL OR %s = ANY($1::uuid[]))';

/** Service records a leading enterprise needs in a year to count as served in depth. */
const DEEP_SERVICE_RECORDS = positiveInt(thresholds.deepServiceRecordsPerYear, 'deepServiceRecordsPerYear');
/** Achievements a university catalogues in a year (with one activity attended) to count as closely cooperating. */
const CLOSE_COOPERATION_ACHIEVEMENTS = positiveInt(
  thresholds.closeCooperationAchievementsPerYear,
  'closeCooperationAchievementsPerYear',
);
/** Today's Kunshan date, in SQL. */
const TODAY = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;

function positiveInt(value: unknown, name: string): number {
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw new Error(`counting-thresholds.json: ${name} must be a positive integer`);
  }
  return value as number;
}
const ids = (column: string) => IDS.replace('%s', column);

const demandRule = (key: string, kind: 'major' | 'chain', label: string): FactRule => ({
  key,
  subjectType: 'demand',
  rule:
    `${label}：经审核发布的需求计 1 项，按首次发布日期计入年度；需求在“已发布/对接中/已解决”状态时计入，` +
    '被关闭（撤回）后扣除，不重复计数。',
  events: [...changesOf('demand'), 'organisation.updated'],
  affectedBy: { demand: 'self', organisation: 'SELECT id FROM demands WHERE owner_organisation_id = $1' },
  sql: `SELECT d.id AS subject_id, d.title, d.published_at AS occurred_at, d.industry_chain_ids AS chain_ids,
               o.district
          FROM demands d LEFT JOIN organisations o ON o.id = d.owner_organisation_id
         WHERE d.kind = '${kind}' AND d.status IN ('published', 'in_progress', 'solved')
           AND d.published_at IS NOT NULL AND ${ids('d.id')}`,
});

const heldActivities = (kinds: string) =>
  `SELECT a.id AS subject_id, a.title, a.held_at AS occurred_at, a.industry_chain_ids AS chain_ids, a.district
     FROM activities a
    WHERE a.status IN ('held', 'followed_up') AND a.held_at IS NOT NULL AND a.kind ${kinds}
      AND ${ids('a.id')}`;

const tierRule = (key: string, flag: string, label: string): FactRule => ({
  key,
  subjectType: 'organisation',
  rule: `${label}：企业档案中登记的“${label}”称号计 1 家，按认定日期计入该年度；称号被撤销（从档案中删除）后扣除。`,
  events: changesOf('organisation'),
  affectedBy: { organisation: 'self' },
  sql: `SELECT o.id AS subject_id, o.name AS title,
               ((f->>'grantedOn')::date)::timestamp AT TIME ZONE 'Asia/Shanghai' AS occurred_at,
               '{}'::uuid[] AS chain_ids, o.district
          FROM organisations o CROSS JOIN LATERAL jsonb_array_elements(o.tier_flags) f
         WHERE o.kind = 'enterprise' AND f->>'flag' = '${flag}' AND ${ids('o.id')}`,
});

/** Pairs that stand as precisely matched: confirmed once and not rejected since. */
const STANDING = `('confirmed', 'contacted', 'negotiating', 'contracted')`;

/** A pair's status, and its demand's title and chains, its achievement's title, its owner's district. */
const MATCH_EVENTS: EventType[] = [
  ...changesOf('match'),
  'demand.updated',
  'achievement.updated',
  'organisation.updated',
];

/** A pair's fact carries its demand's chains and title and its owner's district: their edits touch it too. */
const MATCH_SUBJECTS: FactRule['affectedBy'] = {
  match: 'self',
  demand: 'SELECT id FROM matches WHERE demand_id = $1 AND confirmed_at IS NOT NULL',
  achievement: 'SELECT id FROM matches WHERE achievement_id = $1 AND confirmed_at IS NOT NULL',
  organisation: `SELECT m.id FROM matches m JOIN demands d ON d.id = m.demand_id
                  WHERE d.owner_organisation_id = $1 AND m.confirmed_at IS NOT NULL`,
};

/**
 * 攻关项目 of one programme line (揭榜挂帅 calls create them at the award): one per winning team, counted in the
 * Beijing year of the award; a 赛马制 team eliminated at mid-term no longer counts (the race funds the teams still
 * running); a failed acceptance still counts (the project was carried out).
 */
const projectRule = (key: string, line: string, label: string): FactRule => ({
  key,
  subjectType: 'challenge_project',
  rule:
    `${label}：榜单定榜后立项的攻关项目计 1 项（每个揭榜团队一项），按定榜日期计入年度；` +
    '赛马制中期淘汰的团队扣除，验收未通过的仍计入。',
  events: [...changesOf('challenge_project'), 'organisation.updated'],
  affectedBy: {
    challenge_project: 'self',
    organisation: 'SELECT id FROM challenge_projects WHERE organisation_id = $1',
  },
  sql: `SELECT p.id AS subject_id, p.title, p.awarded_at AS occurred_at, c.industry_chain_ids AS chain_ids, o.district
          FROM challenge_projects p JOIN challenges c ON c.id = p.challenge_id
          LEFT JOIN organisations o ON o.id = p.organisation_id
         WHERE p.programme_line = '${line}' AND p.status <> 'eliminated' AND ${ids('p.id')}`,
});

export const FACT_RULES: FactRule[] = [
  demandRule('major_demands', 'major', '重大需求'),
  demandRule('chain_demands', 'chain', '产业链技术需求'),
  {
    key: 'achievements',
    subjectType: 'achievement',
    rule:
      '科技成果：入库（发布）的成果计 1 项，按首次发布日期计入年度；“已发布/已转化”状态时计入，撤回后扣除，' +
      '再次发布恢复计数（仍按首次发布日期），不重复计数。',
    events: [...changesOf('achievement'), 'organisation.updated'],
    affectedBy: { achievement: 'self', organisation: 'SELECT id FROM achievements WHERE institution_id = $1' },
    sql: `SELECT a.id AS subject_id, a.title, a.published_at AS occurred_at, a.industry_chain_ids AS chain_ids,
                 o.district
            FROM achievements a LEFT JOIN organisations o ON o.id = a.institution_id
           WHERE a.status IN ('published', 'transferred') AND a.published_at IS NOT NULL AND ${ids('a.id')}`,
  },
  {
    key: 'activities',
    subjectType: 'activity',
    rule: '产学研活动：百校群英荟、产学研对接活动、项目路演，已举办的计 1 场，按举办日期计入年度；计划中或已取消的不计。',
    events: changesOf('activity'),
    affectedBy: { activity: 'self' },
    sql: heldActivities(`IN ('bai_xiao_qun_ying', 'matchmaking', 'roadshow')`),
  },
  {
    key: 'policy_trainings',
    subjectType: 'activity',
    rule: '政策宣讲培训活动：已举办的政策宣讲培训计 1 场，按举办日期计入，自 2025 年起累计。',
    events: changesOf('activity'),
    affectedBy: { activity: 'self' },
    sql: heldActivities(`= 'policy_training'`),
  },
  {
    key: 'precise_matches',
    subjectType: 'match',
    rule:
      '精准匹配：技术经理人确认的需求—成果对计 1 项，每一对只计一次，按首次确认日期计入；确认后被否决的扣除，' +
      '重新确认后恢复（仍按首次确认日期）。自 2025 年起累计。',
    events: MATCH_EVENTS,
    affectedBy: MATCH_SUBJECTS,
    sql: `SELECT m.id AS subject_id, d.title || ' ↔ ' || a.title AS title, m.confirmed_at AS occurred_at,
                 d.industry_chain_ids AS chain_ids, o.district
            FROM matches m JOIN demands d ON d.id = m.demand_id JOIN achievements a ON a.id = m.achievement_id
            LEFT JOIN organisations o ON o.id = d.owner_organisation_id
           WHERE m.confirmed_at IS NOT NULL AND m.status IN ${STANDING} AND ${ids('m.id')}`,
  },
  {
    key: 'contracted_matches',
    subjectType: 'match',
    rule: '签约对接项目：进入“已签约”状态的需求—成果对计 1 项，按签约日期计入年度。',
    events: MATCH_EVENTS,
    affectedBy: MATCH_SUBJECTS,
    sql: `SELECT m.id AS subject_id, d.title || ' ↔ ' || a.title AS title, m.contracted_at AS occurred_at,
                 d.industry_chain_ids AS chain_ids, o.district
            FROM matches m JOIN demands d ON d.id = m.demand_id JOIN achievements a ON a.id = m.achievement_id
            LEFT JOIN organisations o ON o.id = d.owner_organisation_id
           WHERE m.status = 'contracted' AND m.contracted_at IS NOT NULL AND ${ids('m.id')}`,
  },
  {
    key: 'leading_enterprises_served',
    subjectType: 'organisation',
    rule:
      `深度服务龙头企业：具有“龙头企业”称号的企业，当年有技术经理人一对一服务分配（服务期与该年有交集），` +
      `且当年至少有 ${DEEP_SERVICE_RECORDS} 条有效服务记录（走访、电话沟通、技术路线图研讨、需求挖掘、合作协议签署，` +
      `任一技术经理人登记，删除的不计）时计 1 家，每年每家一次；按满足条件之日（第 ${DEEP_SERVICE_RECORDS} 条记录日期与` +
      '当年分配开始日期中较晚者）计入该年度。记录删除后不再满足条件的即扣除。',
    events: [...changesOf('organisation'), ...changesOf('manager_assignment'), ...changesOf('service_record')],
    affectedBy: {
      organisation: 'self',
      manager_assignment: 'SELECT organisation_id AS id FROM manager_assignments WHERE id = $1',
      service_record: 'SELECT organisation_id AS id FROM service_records WHERE id = $1',
    },
    sql: `SELECT o.id AS subject_id, o.name AS title,
                 greatest(y.nth_on, a.first_on)::timestamp AT TIME ZONE 'Asia/Shanghai' AS occurred_at,
                 '{}'::uuid[] AS chain_ids, o.district
            FROM organisations o
            JOIN LATERAL (
                 SELECT extract(year FROM s.occurred_on)::int AS year,
                        (array_agg(s.occurred_on ORDER BY s.occurred_on, s.id))[${DEEP_SERVICE_RECORDS}] AS nth_on
                   FROM service_records s
                  WHERE s.organisation_id = o.id AND s.removed_at IS NULL
                  GROUP BY 1 HAVING count(*) >= ${DEEP_SERVICE_RECORDS}) y ON true
            JOIN LATERAL (
                 SELECT min(greatest(m.start_on, make_date(y.year, 1, 1))) AS first_on
                   FROM manager_assignments m
                  WHERE m.organisation_id = o.id AND m.kind = 'enterprise'
                    AND m.start_on <= make_date(y.year, 12, 31)
                    AND (m.end_on IS NULL OR m.end_on >= make_date(y.year, 1, 1))) a ON a.first_on IS NOT NULL
           WHERE o.kind = 'enterprise' AND o.tier_flags @> '[{"flag": "leading"}]' AND ${ids('o.id')}`,
  },
  {
    key: 'key_universities',
    subjectType: 'organisation',
    rule:
      '紧密合作重点高校：高校院所当年满足以下任一条件时计 1 所，每年每所一次：① 有驻校技术经理人（驻校服务期与该年有' +
      '交集）；② 签署合作协议（“合作协议签署”服务记录且已上传协议文件，删除的不计）；③ 当年入库（首次发布且未撤回）' +
      `的成果不少于 ${CLOSE_COOPERATION_ACHIEVEMENTS} 项，且当年至少参加 1 场已举办的对接活动（签到参会）。` +
      '按当年最早满足条件之日计入该年度。',
    events: [
      ...changesOf('organisation'),
      ...changesOf('manager_assignment'),
      ...changesOf('service_record'),
      ...changesOf('achievement'),
      ...changesOf('activity'),
    ],
    affectedBy: {
      organisation: 'self',
      manager_assignment: 'SELECT organisation_id AS id FROM manager_assignments WHERE id = $1',
      service_record: 'SELECT organisation_id AS id FROM service_records WHERE id = $1',
      achievement: 'SELECT institution_id AS id FROM achievements WHERE id = $1',
      activity: 'SELECT organisation_id AS id FROM activity_participants WHERE activity_id = $1',
    },
    sql: `WITH resident AS (
            SELECT m.organisation_id AS org, greatest(m.start_on, make_date(y, 1, 1)) AS on_day
              FROM manager_assignments m
             CROSS JOIN LATERAL generate_series(
                   extract(year FROM m.start_on)::int,
                   extract(year FROM coalesce(m.end_on, greatest(m.start_on, ${TODAY})))::int) y
             WHERE m.kind = 'university'),
          agreement AS (
            SELECT s.organisation_id AS org, s.occurred_on AS on_day FROM service_records s
             WHERE s.kind = 'agreement' AND s.attachment_file_id IS NOT NULL AND s.removed_at IS NULL),
          catalogued AS (
            SELECT a.institution_id AS org, extract(year FROM a.published_at AT TIME ZONE 'Asia/Shanghai')::int AS y,
                   ((array_agg(a.published_at ORDER BY a.published_at, a.id))[${CLOSE_COOPERATION_ACHIEVEMENTS}]
                     AT TIME ZONE 'Asia/Shanghai')::date AS on_day
              FROM achievements a
             WHERE a.status IN ('published', 'transferred') AND a.published_at IS NOT NULL
             GROUP BY 1, 2 HAVING count(*) >= ${CLOSE_COOPERATION_ACHIEVEMENTS}),
          attended AS (
            SELECT p.organisation_id AS org, extract(year FROM x.held_at AT TIME ZONE 'Asia/Shanghai')::int AS y,
                   min((x.held_at AT TIME ZONE 'Asia/Shanghai')::date) AS on_day
              FROM activity_participants p JOIN activities x ON x.id = p.activity_id
             WHERE p.attended AND x.status IN ('held', 'followed_up') AND x.held_at IS NOT NULL
             GROUP BY 1, 2),
          met AS (
            SELECT org, on_day FROM resident
            UNION ALL SELECT org, on_day FROM agreement
            UNION ALL SELECT c.org, greatest(c.on_day, t.on_day) FROM catalogued c
                        JOIN attended t ON t.org = c.org AND t.y = c.y)
          SELECT o.id AS subject_id, o.name AS title,
                 min(met.on_day)::timestamp AT TIME ZONE 'Asia/Shanghai' AS occurred_at,
                 '{}'::uuid[] AS chain_ids, o.district
            FROM organisations o JOIN met ON met.org = o.id
           WHERE o.kind = 'university' AND ${ids('o.id')}
           GROUP BY o.id, o.name, o.district, extract(year FROM met.on_day)`,
  },
  projectRule('jiebang_projects', 'major_transfer', '“揭榜挂帅”重大科技成果转化项目'),
  projectRule('excellent_projects', 'excellent', '祖冲之攻关计划优秀项目'),
  projectRule('key_rd_projects', 'key_rd', '“产业前瞻与关键核心技术”重点研发项目'),
  {
    key: 'innovation_consortia',
    subjectType: 'consortium',
    rule:
      '创新联合体：平台登记、运行中的创新联合体计 1 家，按成立日期计入，累计数据（截至年末总数）；' + '解散后扣除。',
    events: [...changesOf('consortium'), 'organisation.updated'],
    affectedBy: {
      consortium: 'self',
      organisation: 'SELECT id FROM innovation_consortia WHERE lead_organisation_id = $1',
    },
    sql: `SELECT c.id AS subject_id, c.name AS title,
                 (c.founded_on::timestamp AT TIME ZONE 'Asia/Shanghai') AS occurred_at,
                 c.industry_chain_ids AS chain_ids, o.district
            FROM innovation_consortia c LEFT JOIN organisations o ON o.id = c.lead_organisation_id
           WHERE c.status = 'active' AND ${ids('c.id')}`,
  },
  {
    key: 'finance_needs_answered',
    subjectType: 'financing_need',
    rule:
      '金融“揭榜挂帅”·银行答题：企业发布的融资需求（企业出题）获得至少 1 家银行提交产品方案（银行答题）的计 1 项，' +
      '按第一份银行方案的提交日期计入年度；每项需求只计一次，之后撤回或未成的仍计入。平台记录，无规划目标。',
    events: [...changesOf('financing_need'), ...changesOf('financing_offer'), 'organisation.updated'],
    affectedBy: {
      financing_need: 'self',
      financing_offer: 'SELECT need_id AS id FROM financing_offers WHERE id = $1',
      organisation: 'SELECT id FROM financing_needs WHERE enterprise_organisation_id = $1',
    },
    sql: `SELECT n.id AS subject_id, n.title || '（' || count(f.id) || ' 家银行答题）' AS title,
                 min(f.submitted_at) AS occurred_at, n.industry_chain_ids AS chain_ids, o.district
            FROM financing_needs n JOIN financing_offers f ON f.need_id = n.id
            LEFT JOIN organisations o ON o.id = n.enterprise_organisation_id
           WHERE n.status <> 'draft' AND ${ids('n.id')}
           GROUP BY n.id, n.title, n.industry_chain_ids, o.district`,
  },
  {
    key: 'finance_loans',
    subjectType: 'financing_need',
    rule:
      '金融“揭榜挂帅”·放款：企业选定银行方案后登记“已放款”的融资需求计 1 笔，按放款日期计入年度，明细列出放款金额' +
      '（万元）和银行产品；登记“未成”或撤回的不计。平台记录，无规划目标。',
    events: [...changesOf('financing_need'), ...changesOf('financing_offer'), 'organisation.updated'],
    affectedBy: {
      financing_need: 'self',
      financing_offer: 'SELECT need_id AS id FROM financing_offers WHERE id = $1',
      organisation: 'SELECT id FROM financing_needs WHERE enterprise_organisation_id = $1',
    },
    sql: `SELECT n.id AS subject_id,
                 n.title || ' · ' || coalesce(f.product_name, '') || ' 放款 ' || (n.loan_amount::float8)::text || ' 万元' AS title,
                 (n.loan_date::timestamp AT TIME ZONE 'Asia/Shanghai') AS occurred_at,
                 n.industry_chain_ids AS chain_ids, o.district
            FROM financing_needs n LEFT JOIN financing_offers f ON f.id = n.accepted_offer_id
            LEFT JOIN organisations o ON o.id = n.enterprise_organisation_id
           WHERE n.status = 'closed' AND n.outcome = 'granted' AND n.loan_date IS NOT NULL AND ${ids('n.id')}`,
  },
  tierRule('tech_smes', 'tech_sme', '科技型中小企业'),
  tierRule('gazelles', 'gazelle', '瞪羚企业'),
  tierRule('unicorn_candidates', 'unicorn_candidate', '独角兽培育企业'),
  {
    key: 'transfer_agencies',
    subjectType: 'organisation',
    rule:
      '技术转移服务机构：已备案的技术转移服务机构计 1 家（仅在平台登记、未备案的不计），按备案日期计入；' +
      '撤销备案后扣除，重新备案按新的备案日期计入。累计数据（截至年末总数）。',
    events: [...changesOf('transfer_agency'), ...changesOf('organisation')],
    affectedBy: {
      transfer_agency: 'SELECT organisation_id AS id FROM transfer_agencies WHERE id = $1',
      organisation: 'self',
    },
    sql: `SELECT o.id AS subject_id, o.name AS title, t.filed_on::timestamp AT TIME ZONE 'Asia/Shanghai' AS occurred_at,
                 t.industry_chain_ids AS chain_ids, o.district
            FROM transfer_agencies t JOIN organisations o ON o.id = t.organisation_id
           WHERE t.status = 'filed' AND t.filed_on IS NOT NULL AND ${ids('o.id')}`,
  },
  {
    key: 'tech_managers',
    subjectType: 'manager_profile',
    rule:
      '技术经理人：建立技术经理人档案且档案在岗、账号有效的计 1 人（每个账号一份档案、每个证书编号一份档案，' +
      '不重复计数），按建档日期计入；档案停用或账号停用后扣除。累计数据（截至年末总数）。',
    events: [...changesOf('manager_profile'), 'user.updated', 'organisation.updated'],
    affectedBy: {
      manager_profile: 'self',
      user: 'SELECT id FROM manager_profiles WHERE user_id = $1',
      organisation: 'SELECT id FROM manager_profiles WHERE affiliation_organisation_id = $1',
    },
    sql: `SELECT p.id AS subject_id, p.name AS title, p.created_at AS occurred_at, p.industry_chain_ids AS chain_ids,
                 coalesce(p.district, o.district) AS district
            FROM manager_profiles p JOIN users u ON u.id = p.user_id
            LEFT JOIN organisations o ON o.id = p.affiliation_organisation_id
           WHERE p.status = 'active' AND u.active AND ${ids('p.id')}`,
  },
];

export const FACT_RULE_BY_KEY = new Map(FACT_RULES.map((r) => [r.key, r]));
