import { DOMAIN_EVENTS, EntityType, EventType, eventTypesOf } from '@app/events';

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
    'demand' | 'achievement' | 'activity' | 'match' | 'user' | 'organisation' | 'challenge_project' | 'consortium';
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
      '深度服务龙头企业：具有“龙头企业”称号、且当年至少有一项需求获得精准匹配的企业计 1 家（每年每家一次），' +
      '按当年首次确认日期计入。',
    events: [...changesOf('organisation'), ...changesOf('match')],
    affectedBy: {
      organisation: 'self',
      match: 'SELECT d.owner_organisation_id AS id FROM matches m JOIN demands d ON d.id = m.demand_id WHERE m.id = $1',
    },
    sql: `SELECT o.id AS subject_id, o.name AS title, min(m.confirmed_at) AS occurred_at,
                 '{}'::uuid[] AS chain_ids, o.district
            FROM organisations o JOIN demands d ON d.owner_organisation_id = o.id
            JOIN matches m ON m.demand_id = d.id AND m.confirmed_at IS NOT NULL AND m.status IN ${STANDING}
           WHERE o.tier_flags @> '[{"flag": "leading"}]' AND ${ids('o.id')}
           GROUP BY o.id, o.name, o.district, extract(year FROM m.confirmed_at AT TIME ZONE 'Asia/Shanghai')`,
  },
  {
    key: 'key_universities',
    subjectType: 'organisation',
    rule: '紧密合作重点高校：当年至少有一项成果获得精准匹配的高校院所计 1 所（每年每所一次），按当年首次确认日期计入。',
    events: [...changesOf('organisation'), ...changesOf('match')],
    affectedBy: {
      organisation: 'self',
      match:
        'SELECT a.institution_id AS id FROM matches m JOIN achievements a ON a.id = m.achievement_id WHERE m.id = $1',
    },
    sql: `SELECT o.id AS subject_id, o.name AS title, min(m.confirmed_at) AS occurred_at,
                 '{}'::uuid[] AS chain_ids, o.district
            FROM organisations o JOIN achievements a ON a.institution_id = o.id
            JOIN matches m ON m.achievement_id = a.id AND m.confirmed_at IS NOT NULL AND m.status IN ${STANDING}
           WHERE o.kind = 'university' AND ${ids('o.id')}
           GROUP BY o.id, o.name, o.district, extract(year FROM m.confirmed_at AT TIME ZONE 'Asia/Shanghai')`,
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
  tierRule('tech_smes', 'tech_sme', '科技型中小企业'),
  tierRule('gazelles', 'gazelle', '瞪羚企业'),
  tierRule('unicorn_candidates', 'unicorn_candidate', '独角兽培育企业'),
  {
    key: 'transfer_agencies',
    subjectType: 'organisation',
    rule: '技术转移服务机构：在平台登记的技术转移服务机构计 1 家，按登记日期计入，累计数据（截至年末总数）。',
    events: changesOf('organisation'),
    affectedBy: { organisation: 'self' },
    sql: `SELECT o.id AS subject_id, o.name AS title, o.created_at AS occurred_at, '{}'::uuid[] AS chain_ids,
                 o.district
            FROM organisations o WHERE o.kind = 'agency' AND ${ids('o.id')}`,
  },
  {
    key: 'tech_managers',
    subjectType: 'user',
    rule: '技术经理人：在平台注册且账号有效的技术经理人计 1 人，按注册日期计入，停用后扣除，累计数据（截至年末总数）。',
    events: [...changesOf('user'), 'organisation.updated'],
    affectedBy: { user: 'self', organisation: `SELECT id FROM users WHERE organisation_id = $1 AND role = 'manager'` },
    sql: `SELECT u.id AS subject_id, u.name AS title, u.created_at AS occurred_at, '{}'::uuid[] AS chain_ids,
                 o.district
            FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id
           WHERE u.role = 'manager' AND u.active AND ${ids('u.id')}`,
  },
];

export const FACT_RULE_BY_KEY = new Map(FACT_RULES.map((r) => [r.key, r]));
