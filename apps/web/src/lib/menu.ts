import type { Schemas } from './api';

export type Role = Schemas['Role'];

export interface MenuEntry {
  key: string;
  path: string;
  label: string;
  roles: Role[];
  /** Only for users an admin flagged as 评审专家 (experts are assigned to calls' review panels). */
  expertOnly?: boolean;
}

const ALL: Role[] = ['admin', 'manager', 'enterprise', 'university', 'organizer', 'bank'];

/**
 * The workspace menu: each entry lists the roles the API lets use it (the same @Roles as the controllers), so a
 * user never sees an entry that would answer 403.
 */
export const MENU: MenuEntry[] = [
  { key: 'home', path: '/workspace', label: '工作台', roles: ALL },
  { key: 'demands', path: '/workspace/demands', label: '需求管理', roles: ['admin', 'manager'] },
  { key: 'my-demands', path: '/workspace/my-demands', label: '我的需求', roles: ['enterprise'] },
  { key: 'financing', path: '/workspace/financing', label: '融资需求', roles: ['enterprise'] },
  { key: 'bank', path: '/workspace/bank', label: '银行答题', roles: ['bank'] },
  { key: 'achievements', path: '/workspace/achievements', label: '成果管理', roles: ['admin', 'manager'] },
  { key: 'my-achievements', path: '/workspace/my-achievements', label: '我的成果', roles: ['university'] },
  { key: 'matches', path: '/workspace/matches', label: '匹配管理', roles: ['admin', 'manager'] },
  { key: 'activities', path: '/workspace/activities', label: '对接活动', roles: ['admin', 'manager', 'organizer'] },
  { key: 'challenges', path: '/workspace/challenges', label: '揭榜挂帅', roles: ['admin', 'manager'] },
  { key: 'my-bids', path: '/workspace/my-bids', label: '我的揭榜', roles: ['enterprise', 'university'] },
  { key: 'my-invitations', path: '/workspace/my-invitations', label: '揭榜邀请', roles: ['enterprise', 'university'] },
  { key: 'imports', path: '/workspace/imports', label: '批量导入', roles: ['admin', 'manager', 'university'] },
  { key: 'institution', path: '/workspace/institution', label: '一校一档', roles: ['university'] },
  { key: 'indicators', path: '/workspace/indicators', label: '指标监测', roles: ['admin', 'manager'] },
  { key: 'my-profile', path: '/workspace/my-profile', label: '我的档案', roles: ['manager'] },
  { key: 'my-evaluation', path: '/workspace/my-evaluation', label: '我的评估', roles: ['manager'] },
  { key: 'assignments', path: '/workspace/assignments', label: '服务对象', roles: ['admin', 'manager'] },
  {
    key: 'service-records',
    path: '/workspace/service-records',
    label: '服务记录',
    roles: ['admin', 'manager', 'enterprise', 'university'],
  },
  { key: 'service-ratings', path: '/workspace/service-ratings', label: '服务评价', roles: ['enterprise'] },
  {
    key: 'manager-directory',
    path: '/workspace/manager-directory',
    label: '经理人与机构',
    roles: ['admin', 'manager'],
  },
  { key: 'evaluations', path: '/workspace/evaluations', label: '分级评估', roles: ['admin'] },
  { key: 'users', path: '/workspace/users', label: '用户管理', roles: ['admin', 'manager'] },
  { key: 'audit', path: '/workspace/audit', label: '审计日志', roles: ['admin'] },
  { key: 'reviews', path: '/workspace/reviews', label: '评审任务', roles: ALL, expertOnly: true },
  { key: 'notifications', path: '/workspace/notifications', label: '通知中心', roles: ALL },
  { key: 'account', path: '/workspace/account', label: '账号设置', roles: ALL },
];

export function menuFor(role: Role, expert = false): MenuEntry[] {
  return MENU.filter((m) => m.roles.includes(role) && (expert || !m.expertOnly));
}
