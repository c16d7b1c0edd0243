import type { Schemas } from './api';

/**
 * Chinese names of the API's enums, as libs/registry/src/domain.ts words them (keys typed from the generated schema,
 * so a value added to the API fails the console's type check until it is named here).
 */
export const ROLE_LABELS: Record<Schemas['Role'], string> = {
  admin: '系统管理员',
  manager: '技术经理人',
  enterprise: '企业用户',
  university: '高校院所',
  organizer: '活动组织方',
  bank: '银行',
};

export const DEMAND_KIND_LABELS: Record<Schemas['DemandKind'], string> = {
  major: '重大需求',
  chain: '产业链技术需求',
};

export const COOPERATION_MODE_LABELS: Record<Schemas['CooperationMode'], string> = {
  transfer: '技术转让',
  licence: '许可使用',
  joint_development: '合作开发',
  commissioned_rd: '委托研发',
  open_competition: '揭榜挂帅',
  equity: '作价入股',
};

export const MATURITY_STAGE_LABELS: Record<Schemas['MaturityStage'], string> = {
  lab: '实验室',
  small_pilot: '小试',
  pilot: '中试',
  industrial: '产业化',
};

export const DEMAND_STATUS_LABELS: Record<Schemas['DemandStatus'], string> = {
  draft: '草稿',
  submitted: '已提交待审核',
  published: '已发布',
  in_progress: '对接中',
  solved: '已解决',
  closed: '已关闭',
};

export const ACHIEVEMENT_STATUS_LABELS: Record<Schemas['AchievementStatus'], string> = {
  draft: '草稿',
  submitted: '已提交待审核',
  published: '已发布',
  transferred: '已转化',
  withdrawn: '已撤回',
};

/** 对接阶段 in the pipeline's order (系统推荐 → 精准匹配 → 已联系 → 洽谈中 → 已签约 / 未成功). */
export const MATCH_STATUS_LABELS: Record<Schemas['MatchResponseDto']['status'], string> = {
  suggested: '系统推荐',
  confirmed: '精准匹配',
  contacted: '已联系',
  negotiating: '洽谈中',
  contracted: '已签约',
  rejected: '未成功',
};

export const MATCH_INTEREST_LABELS: Record<NonNullable<Schemas['MatchResponseDto']['interest']>, string> = {
  interested: '有意向',
  not_interested: '不合适',
};

/** Why a pair did not succeed (未成功), as the manager records it. */
export const MATCH_REJECT_REASON_LABELS: Record<NonNullable<Schemas['MatchTransitionDto']['reason']>, string> = {
  tech_mismatch: '技术方向不匹配',
  immature: '成果成熟度不足',
  price: '价格或预算不合适',
  cooperation_mode: '合作方式不一致',
  solved_elsewhere: '需求已通过其他途径解决',
  unreachable: '无法联系到对方',
  duplicate: '重复推荐',
  other: '其他',
};

export const IP_TYPE_LABELS: Record<NonNullable<Schemas['CreateAchievementDto']['ipType']>, string> = {
  invention_patent: '发明专利',
  utility_model: '实用新型专利',
  design_patent: '外观设计专利',
  software_copyright: '软件著作权',
  ic_layout: '集成电路布图设计',
  plant_variety: '植物新品种',
  know_how: '技术秘密',
  other: '其他',
};

export const IP_STATUS_LABELS: Record<NonNullable<Schemas['CreateAchievementDto']['ipStatus']>, string> = {
  applied: '申请中',
  granted: '已授权',
  expired: '已失效',
  none: '无',
};

export function label<K extends string>(map: Record<K, string>, value: string | null | undefined): string {
  if (!value) return '—';
  return (map as Record<string, string>)[value] ?? value;
}

/** 万元 with thousands separators: 1200 → "1,200 万元". */
export function wan(value: number | null | undefined): string {
  if (value === null || value === undefined) return '面议';
  return `${value.toLocaleString('zh-CN')} 万元`;
}

/** A demand's status as its owner reads it: a draft that a manager sent back is 已退回, not a plain 草稿. */
export function demandStatusTag(demand: { status: Schemas['DemandStatus']; lastReturn?: unknown }): {
  text: string;
  color: string;
} {
  // Solid, dark colours: white text on them keeps WCAG AA contrast (antd's light presets do not, for green/orange).
  if (demand.status === 'draft' && demand.lastReturn) return { text: '已退回', color: '#b91c1c' };
  const colors: Record<Schemas['DemandStatus'], string> = {
    draft: 'default',
    submitted: '#9a3412',
    published: '#166534',
    in_progress: '#1d4ed8',
    solved: '#0e7490',
    closed: 'default',
  };
  const text = demand.status === 'submitted' ? '待审核' : label(DEMAND_STATUS_LABELS, demand.status);
  return { text, color: colors[demand.status] };
}

export const MATCH_INTEREST_REASON_LABELS: Record<NonNullable<Schemas['MatchInterestDto']['reason']>, string> = {
  tech_mismatch: '技术方向不符',
  immature: '成果成熟度不够',
  price: '价格或投入不合适',
  cooperation_mode: '合作方式不合适',
  solved_elsewhere: '需求已通过其他途径解决',
  not_now: '暂无合作计划',
  other: '其他',
};

/** The matching engine's factors (explanation.factors keys), as the API's documentation names them. */
export const MATCH_FACTOR_LABELS: Record<string, string> = {
  text: '技术内容相关度',
  chain: '产业链',
  maturity: '成熟度',
  mode: '合作方式',
  budget: '价格',
  region: '地域',
};
