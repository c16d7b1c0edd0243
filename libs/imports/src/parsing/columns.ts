import {
  COOPERATION_MODE_LABELS,
  CooperationMode,
  DEMAND_KIND_LABELS,
  DemandKind,
  IpStatus,
  IpType,
  MATURITY_STAGE_LABELS,
  MaturityStage,
} from '@app/registry';

export type ImportKind = 'achievements' | 'demands';
export const IMPORT_KINDS: ImportKind[] = ['achievements', 'demands'];

export const IP_TYPE_LABELS: Record<IpType, string> = {
  [IpType.InventionPatent]: '发明专利',
  [IpType.UtilityModel]: '实用新型专利',
  [IpType.DesignPatent]: '外观设计专利',
  [IpType.SoftwareCopyright]: '软件著作权',
  [IpType.IntegratedCircuitLayout]: '集成电路布图设计',
  [IpType.PlantVariety]: '植物新品种',
  [IpType.KnowHow]: '技术秘密',
  [IpType.Other]: '其他',
};

export const IP_STATUS_LABELS: Record<IpStatus, string> = {
  [IpStatus.Applied]: '已受理',
  [IpStatus.Granted]: '已授权',
  [IpStatus.Expired]: '已失效',
  [IpStatus.None]: '无',
};

/** Other spellings people type for the same value (keys are compared after normalisation). */
const ENUM_ALIASES: Record<string, string> = {
  实用新型: IpType.UtilityModel,
  外观设计: IpType.DesignPatent,
  软著: IpType.SoftwareCopyright,
  计算机软件著作权: IpType.SoftwareCopyright,
  专有技术: IpType.KnowHow,
  申请中: IpStatus.Applied,
  已申请: IpStatus.Applied,
  实审: IpStatus.Applied,
  授权: IpStatus.Granted,
  失效: IpStatus.Expired,
  转让: CooperationMode.Transfer,
  许可: CooperationMode.Licence,
  技术许可: CooperationMode.Licence,
  普通许可: CooperationMode.Licence,
  独占许可: CooperationMode.Licence,
  联合开发: CooperationMode.JointDevelopment,
  技术入股: CooperationMode.Equity,
  产业链需求: DemandKind.Chain,
  实验室阶段: MaturityStage.Lab,
  小试阶段: MaturityStage.SmallPilot,
  中试阶段: MaturityStage.Pilot,
  产业化阶段: MaturityStage.Industrial,
};

export interface ParseContext {
  /** Normalised chain name or code → chain id (active chains only). */
  chains: Map<string, string>;
  chainNames: string[];
}

export interface Parsed {
  value?: unknown;
  error?: string;
}

export interface ColumnSpec {
  /** DTO field, or `institutionName` / `ownerName` resolved to an organisation id afterwards. */
  field: string;
  /** Column name without decorations, used in reasons: 成果名称. */
  label: string;
  /** Header as the template writes it: 成果名称*, 关键词(用；分隔). */
  header: string;
  aliases?: string[];
  required: boolean;
  help: string;
  examples: [string, string];
  parse: (text: string, ctx: ParseContext) => Parsed;
}

/** NFKC (full-width → half-width), spaces collapsed, case folded. */
export const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();

/** Header comparison ignores the required mark, hints in brackets, spaces and case. */
export function normHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/[([【].*?[)\]】]/g, '')
    .replace(/[*\s]/g, '')
    .toLowerCase();
}

const LIST_SPLIT = /[;,、\n]+/;
export const splitList = (s: string) =>
  s
    .normalize('NFKC')
    .split(LIST_SPLIT)
    .map((x) => x.trim())
    .filter(Boolean);

const text: ColumnSpec['parse'] = (s) => ({ value: s });
const list: ColumnSpec['parse'] = (s) => ({ value: splitList(s) });

function integer(s: string): Parsed {
  const n = Number(s.normalize('NFKC').trim());
  return Number.isInteger(n) ? { value: n } : { error: '必须是整数' };
}

/** 万元 amounts: 80, 80.5, "80万", "1,200"; 面议 / 待定 mean no price. */
function amount(s: string): Parsed {
  const t = s.normalize('NFKC').replace(/[,\s]|万元?$/g, '');
  if (/^(面议|待定|协商|议价)$/.test(t)) return { value: null };
  const n = Number(t);
  return Number.isFinite(n) && t !== '' ? { value: n } : { error: '必须是数字（单位：万元），或填写“面议”' };
}

function enumOf<V extends string>(labels: Record<V, string>) {
  const lookup = new Map<string, V>();
  for (const [value, label] of Object.entries(labels) as Array<[V, string]>) {
    lookup.set(norm(value), value);
    lookup.set(norm(label), value);
  }
  for (const [alias, value] of Object.entries(ENUM_ALIASES)) {
    if (value in labels) lookup.set(norm(alias), value as V);
  }
  const allowed = Object.values<string>(labels).join('、');
  const one = (s: string): Parsed => {
    const v = lookup.get(norm(s));
    return v ? { value: v } : { error: `“${s}”不是可选值，可选：${allowed}` };
  };
  const many = (s: string): Parsed => {
    const out: V[] = [];
    for (const item of splitList(s)) {
      const r = one(item);
      if (r.error) return r;
      if (!out.includes(r.value as V)) out.push(r.value as V);
    }
    return { value: out };
  };
  return { one, many, allowed };
}

const stage = enumOf(MATURITY_STAGE_LABELS);
const ipType = enumOf(IP_TYPE_LABELS);
const ipStatus = enumOf(IP_STATUS_LABELS);
const modes = enumOf(COOPERATION_MODE_LABELS);
const demandKind = enumOf(DEMAND_KIND_LABELS);

function chains(s: string, ctx: ParseContext): Parsed {
  const ids: string[] = [];
  for (const name of splitList(s)) {
    const id = ctx.chains.get(norm(name));
    if (!id) return { error: `产业链“${name}”不存在，可选：${ctx.chainNames.join('、')}` };
    if (!ids.includes(id)) ids.push(id);
  }
  return { value: ids };
}

/** 2027-06-30, 2027/6/30, 2027.6.30, 2027年6月30日 → 2027-06-30. */
function date(s: string): Parsed {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s.normalize('NFKC').trim());
  if (!m) return { error: '日期格式应为 2027-06-30' };
  return { value: `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` };
}

function yesNo(s: string): Parsed {
  const t = norm(s);
  if (['是', 'y', 'yes', 'true', '1'].includes(t)) return { value: true };
  if (['否', 'n', 'no', 'false', '0'].includes(t)) return { value: false };
  return { error: '请填写“是”或“否”' };
}

/** Phones typed as numbers come back as digits; keep them as text. */
const phone: ColumnSpec['parse'] = (s) => ({ value: s.normalize('NFKC').trim() });

const CONTACT_COLUMNS: ColumnSpec[] = [
  {
    field: 'contactName',
    label: '联系人',
    header: '联系人',
    required: false,
    help: '成果团队的联系人，仅平台人员与本单位可见',
    examples: ['陈老师', '周博士'],
    parse: text,
  },
  {
    field: 'contactPhone',
    label: '联系电话',
    header: '联系电话',
    aliases: ['手机', '电话', '手机号码'],
    required: false,
    help: '手机或座机，如 13800000000、0512-57000000',
    examples: ['13812345678', '0512-65880000'],
    parse: phone,
  },
  {
    field: 'contactEmail',
    label: '联系邮箱',
    header: '联系邮箱',
    aliases: ['邮箱', '电子邮箱', 'email'],
    required: false,
    help: '电子邮箱',
    examples: ['chen@suda.edu.cn', 'zhou@njust.edu.cn'],
    parse: text,
  },
];

export const ACHIEVEMENT_COLUMNS: ColumnSpec[] = [
  {
    field: 'title',
    label: '成果名称',
    header: '成果名称*',
    aliases: ['项目名称', '成果标题', '名称'],
    required: true,
    help: '必填，4–120 字。同一单位内以名称识别同一成果（忽略全角/半角、空格与大小写），有专利号时以专利号识别',
    examples: ['基于双圆弧齿形修形的高精度谐波减速器', '钙钛矿太阳电池原子层沉积封装技术'],
    parse: text,
  },
  {
    field: 'institutionName',
    label: '所属单位',
    header: '所属单位*',
    aliases: ['单位名称', '完成单位', '持有单位', '高校名称', '成果单位'],
    required: true,
    help: '必填，须与平台登记的高校院所名称一致；上传时已指定单位的可省略此列',
    examples: ['苏州大学', '南京理工大学'],
    parse: text,
  },
  {
    field: 'abstract',
    label: '成果简介',
    header: '成果简介*',
    aliases: ['简介', '成果摘要', '摘要', '成果介绍', '技术简介'],
    required: true,
    help: '必填，20–10000 字：解决的问题、技术方案、主要指标与进展',
    examples: [
      '提出双圆弧柔性齿形修形方法与柔轮残余应力控制工艺，样机回差小于 8 弧秒，完成 5000 小时寿命试验，可用于协作机器人关节与精密转台。',
      '针对钙钛矿组件湿热稳定性差的问题，开发原子层沉积氧化铝阻隔膜与边缘封装胶，组件经湿热 1000 小时后效率保持 95% 以上。',
    ],
    parse: text,
  },
  {
    field: 'keywords',
    label: '关键词',
    header: '关键词(用；分隔)',
    required: false,
    help: '最多 20 个，每个不超过 30 字，用中文或英文分号、逗号、顿号分隔',
    examples: ['谐波减速器；齿形修形；柔轮', '钙钛矿；封装；原子层沉积'],
    parse: list,
  },
  {
    field: 'industryChainIds',
    label: '所属产业链',
    header: '所属产业链(用；分隔)',
    aliases: ['产业链'],
    required: false,
    help: '最多 5 条，填写平台产业链名称，可选',
    examples: ['智能制造与机器人；高端装备制造', '新能源'],
    parse: chains,
  },
  {
    field: 'trl',
    label: '技术成熟度',
    header: '技术成熟度TRL(1-9)',
    aliases: ['TRL', '成熟度'],
    required: false,
    help: '1–9 的整数；未填写“成熟阶段”时由 TRL 推出（1–3 实验室，4–5 小试，6–7 中试，8–9 产业化）',
    examples: ['6', '5'],
    parse: integer,
  },
  {
    field: 'stage',
    label: '成熟阶段',
    header: '成熟阶段',
    required: false,
    help: `可选：${stage.allowed}`,
    examples: ['中试', '小试'],
    parse: stage.one,
  },
  {
    field: 'ipType',
    label: '知识产权类型',
    header: '知识产权类型',
    required: false,
    help: `可选：${ipType.allowed}`,
    examples: ['发明专利', '发明专利'],
    parse: ipType.one,
  },
  {
    field: 'ipStatus',
    label: '知识产权状态',
    header: '知识产权状态',
    required: false,
    help: `可选：${ipStatus.allowed}`,
    examples: ['已授权', '已受理'],
    parse: ipStatus.one,
  },
  {
    field: 'patentNumbers',
    label: '专利号',
    header: '专利号(用；分隔)',
    aliases: ['专利号', '专利申请号'],
    required: false,
    help: '如 ZL202310123456.7 或 CN202310123456.7（ZL 视同 CN，空格忽略）。已在平台登记的专利号将更新该成果，不会重复创建',
    examples: ['ZL202310123456.7', 'CN202410556677.1'],
    parse: list,
  },
  {
    field: 'transferModes',
    label: '转化方式',
    header: '转化方式(用；分隔)',
    aliases: ['合作方式', '转化形式'],
    required: false,
    help: `可多选：${modes.allowed}`,
    examples: ['技术转让；许可使用', '合作开发'],
    parse: modes.many,
  },
  {
    field: 'askingPrice',
    label: '参考价格',
    header: '参考价格(万元)',
    aliases: ['意向价格', '价格', '转让价格'],
    required: false,
    help: '数字，单位万元；可填“面议”',
    examples: ['120', '面议'],
    parse: amount,
  },
  {
    field: 'applicationScenarios',
    label: '应用场景',
    header: '应用场景',
    aliases: ['应用领域'],
    required: false,
    help: '不超过 2000 字',
    examples: ['协作机器人关节、数控转台、航天伺服机构', '光伏组件封装、建筑光伏一体化'],
    parse: text,
  },
  {
    field: 'team',
    label: '团队',
    header: '团队',
    aliases: ['研发团队', '团队负责人', '成果团队'],
    required: false,
    help: '负责人与成员，不超过 500 字',
    examples: ['机电工程学院精密传动团队（负责人：陈教授）', '材料科学与工程学院光伏材料课题组'],
    parse: text,
  },
  ...CONTACT_COLUMNS,
];

export const DEMAND_COLUMNS: ColumnSpec[] = [
  {
    field: 'title',
    label: '需求名称',
    header: '需求名称*',
    aliases: ['需求标题', '项目名称', '名称'],
    required: true,
    help: '必填，4–120 字。同一企业内以名称识别同一需求（忽略全角/半角、空格与大小写）',
    examples: ['协作机器人关节用高精度谐波减速器国产化', '动力电池极片涂布面密度在线检测'],
    parse: text,
  },
  {
    field: 'ownerName',
    label: '需求单位',
    header: '需求单位*',
    aliases: ['企业名称', '单位名称', '需求企业'],
    required: true,
    help: '必填，须与平台登记的企业名称一致',
    examples: ['昆山华辰精密机械有限公司', '昆山聚能新能源科技有限公司'],
    parse: text,
  },
  {
    field: 'description',
    label: '需求描述',
    header: '需求描述*',
    aliases: ['需求简介', '需求内容', '描述'],
    required: true,
    help: '必填，20–10000 字：现状、难点与希望解决的问题',
    examples: [
      '我司年产协作机器人约两万台，关节谐波减速器依赖进口，交期长达六个月。希望联合高校开发回差不大于 10 弧秒、寿命不低于 1 万小时的国产谐波减速器。',
      '涂布工序面密度波动导致电芯一致性差，现有离线称重抽检滞后，希望开发基于射线或红外的面密度在线检测与闭环控制系统。',
    ],
    parse: text,
  },
  {
    field: 'kind',
    label: '需求类型',
    header: '需求类型*',
    required: true,
    help: `必填，可选：${demandKind.allowed}`,
    examples: ['重大需求', '产业链技术需求'],
    parse: demandKind.one,
  },
  {
    field: 'industryChainIds',
    label: '所属产业链',
    header: '所属产业链*(用；分隔)',
    aliases: ['产业链'],
    required: true,
    help: '必填，1–5 条平台产业链名称，可选',
    examples: ['智能制造与机器人', '新能源；新能源汽车及汽车零部件'],
    parse: chains,
  },
  {
    field: 'keywords',
    label: '关键词',
    header: '关键词(用；分隔)',
    required: false,
    help: '最多 20 个，用分号、逗号或顿号分隔',
    examples: ['谐波减速器；柔轮；齿形设计', '面密度；在线检测；涂布'],
    parse: list,
  },
  {
    field: 'expectedOutcome',
    label: '预期目标',
    header: '预期目标',
    required: false,
    help: '不超过 5000 字',
    examples: ['完成样机并通过 2000 小时加速寿命试验', '检测精度 ±0.5 g/m²，响应时间小于 1 秒'],
    parse: text,
  },
  {
    field: 'technicalIndicators',
    label: '技术指标',
    header: '技术指标',
    required: false,
    help: '不超过 5000 字',
    examples: ['传动精度≤1 弧分；回差≤10 弧秒', '幅宽 1400 mm；走带速度 80 m/min'],
    parse: text,
  },
  {
    field: 'requiredTrl',
    label: '要求技术成熟度',
    header: '要求技术成熟度TRL(1-9)',
    aliases: ['TRL', '技术成熟度'],
    required: false,
    help: '可接受的最低 TRL，1–9 的整数',
    examples: ['5', '6'],
    parse: integer,
  },
  {
    field: 'requiredStage',
    label: '要求成熟阶段',
    header: '要求成熟阶段',
    required: false,
    help: `可选：${stage.allowed}`,
    examples: ['小试', '中试'],
    parse: stage.one,
  },
  {
    field: 'chainRequired',
    label: '仅匹配所属产业链',
    header: '仅匹配所属产业链(是/否)',
    required: false,
    help: '填“是”时只为该需求推荐所属产业链的成果',
    examples: ['否', '是'],
    parse: yesNo,
  },
  {
    field: 'cooperationModes',
    label: '合作方式',
    header: '合作方式(用；分隔)',
    required: false,
    help: `可多选：${modes.allowed}`,
    examples: ['合作开发；委托研发', '揭榜挂帅'],
    parse: modes.many,
  },
  {
    field: 'deadline',
    label: '截止日期',
    header: '截止日期',
    required: false,
    help: '如 2027-06-30',
    examples: ['2027-06-30', '2026-12-31'],
    parse: date,
  },
  {
    field: 'region',
    label: '所在区域',
    header: '所在区域',
    aliases: ['区镇', '所在区镇'],
    required: false,
    help: '昆山区镇，如 周市镇、昆山开发区',
    examples: ['周市镇', '昆山开发区'],
    parse: text,
  },
  {
    field: 'budgetMin',
    label: '预算下限',
    header: '预算下限(万元)',
    required: false,
    help: '数字，单位万元（仅平台人员与本企业可见）',
    examples: ['80', '50'],
    parse: amount,
  },
  {
    field: 'budgetMax',
    label: '预算上限',
    header: '预算上限(万元)',
    required: false,
    help: '数字，单位万元，不低于预算下限',
    examples: ['200', '150'],
    parse: amount,
  },
  ...CONTACT_COLUMNS.map((c) => ({
    ...c,
    help: c.help.replace('成果团队的联系人，仅平台人员与本单位可见', '企业联系人，保密'),
  })),
  {
    field: 'confidentialNotes',
    label: '保密说明',
    header: '保密说明',
    required: false,
    help: '只向平台技术经理人披露的信息',
    examples: ['现供应商为进口品牌，年采购额约 3000 万元', ''],
    parse: text,
  },
];

export const COLUMNS: Record<ImportKind, ColumnSpec[]> = {
  achievements: ACHIEVEMENT_COLUMNS,
  demands: DEMAND_COLUMNS,
};

export const KIND_LABELS: Record<ImportKind, string> = { achievements: '科技成果', demands: '技术需求' };
