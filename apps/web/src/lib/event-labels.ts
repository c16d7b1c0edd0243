/**
 * The audit log's Chinese for the domain event vocabulary (libs/events/src/domain-events.ts): entity types, actions,
 * and the few event types whose action reads differently on their entity. A unit test checks every type has one.
 */

export const ENTITY_LABELS: Record<string, string> = {
  demand: '技术需求',
  achievement: '科技成果',
  match: '匹配',
  user: '用户',
  organisation: '单位',
  industry_chain: '产业链',
  activity: '活动',
  follow_up: '会后跟进',
  import_batch: '批量导入',
  export: '导出',
  indicator_target: '指标目标',
  indicator_report: '指标填报',
  manager_profile: '技术经理人档案',
  transfer_agency: '技术转移机构',
  manager_assignment: '经理人服务分工',
  service_record: '服务记录',
  mined_need: '挖掘需求',
  training_camp: '训练营',
  challenge: '揭榜挂帅榜单',
  challenge_bid: '揭榜方案',
  challenge_project: '揭榜项目',
  challenge_invitation: '揭榜邀请',
  consortium: '创新联合体',
  financing_need: '融资需求',
  financing_offer: '银行融资方案',
  evaluation_period: '分级评估周期',
  service_rating: '服务评价',
};

export const ACTION_LABELS: Record<string, string> = {
  created: '创建',
  updated: '修改',
  submitted: '提交',
  returned: '退回',
  published: '发布',
  started: '开始对接',
  solved: '解决',
  closed: '关闭',
  matched: '生成推荐',
  withdrawn: '撤回',
  transferred: '转化',
  recalled: '撤回修改',
  confirmed: '确认（精准匹配）',
  contacted: '已联系',
  negotiating: '进入洽谈',
  contracted: '签约',
  rejected: '否决/驳回',
  reopened: '重新打开',
  interest_recorded: '企业表达意向',
  password_changed: '修改密码',
  password_reset: '重置密码',
  held: '举办',
  followed_up: '完成跟进',
  cancelled: '取消',
  match_added: '加入对接清单',
  match_removed: '移出对接清单',
  match_updated: '修改对接清单',
  match_list_reordered: '调整清单顺序',
  match_list_locked: '锁定对接清单',
  match_list_unlocked: '解锁对接清单',
  done: '完成',
  uploaded: '上传',
  previewed: '校验完成',
  commit_requested: '确认导入',
  committed: '导入完成',
  failed: '失败',
  requested: '申请导出',
  completed: '完成',
  target_changed: '修改目标',
  evidence_attached: '上传佐证材料',
  approved: '审核通过',
  deactivated: '停用',
  reactivated: '重新启用',
  filed: '备案',
  revoked: '撤销备案',
  ended: '结束',
  removed: '删除',
  linked: '关联需求',
  unlinked: '取消关联',
  enrolled: '报名',
  session_added: '新增课程',
  attendance_recorded: '登记考勤',
  assessed: '结业考核',
  review_started: '开始评审',
  reviewers_assigned: '指派评审专家',
  reviewer_excused: '专家回避',
  awarded: '确定揭榜方',
  invitations_proposed: '推荐受邀单位',
  sent: '发出',
  attachment_added: '上传附件',
  conflict_declared: '声明利益冲突',
  scored: '专家评分',
  evidence_added: '提交里程碑材料',
  milestone_accepted: '里程碑验收通过',
  eliminated: '淘汰',
  accepted: '验收通过',
  dissolved: '解散',
  offer_accepted: '选定银行方案',
  not_chosen: '未被选定',
  computed: '计算结果',
};

/** Event types whose action reads differently on their entity. */
const TYPE_LABELS: Record<string, string> = {
  'financing_offer.accepted': '银行融资方案·被选定',
  'financing_offer.submitted': '银行融资方案·提交（银行答题）',
  'financing_need.closed': '融资需求·办结（放款 / 未成）',
  'export.completed': '导出·完成',
  'challenge_project.failed': '揭榜项目·验收未通过',
  'import.failed': '批量导入·失败',
};

/** The entity type an event type's prefix names (`import.*` is about an import batch, `indicator.*` a target). */
export function entityOfEventType(type: string): string {
  const entity = type.split('.')[0];
  return entity === 'import' ? 'import_batch' : entity === 'indicator' ? 'indicator_target' : entity;
}

/** An event type in Chinese: 对象 + 动作 (demand.published → 技术需求·发布); unknown ones as they are. */
export function eventLabel(type: string): string {
  if (TYPE_LABELS[type]) return TYPE_LABELS[type];
  const e = ENTITY_LABELS[entityOfEventType(type)];
  const a = ACTION_LABELS[type.split('.')[1]];
  return e && a ? `${e}·${a}` : type;
}
