/**
 * Synthetic but realistic Chinese achievements and demands for benchmarks: per industry chain, technical objects,
 * methods, metrics and scenarios are recombined by a seeded generator, so runs are repeatable.
 */
interface ChainVocabulary {
  objects: string[];
  methods: string[];
  metrics: string[];
  scenarios: string[];
  problems: string[];
}

const VOCABULARY: Record<string, ChainVocabulary> = {
  'robotics-intelligent-manufacturing': {
    objects: [
      '谐波减速器',
      '伺服驱动器',
      '协作机器人关节',
      '视觉引导抓取系统',
      '力控打磨工作站',
      'AGV 调度系统',
      '末端执行器',
    ],
    methods: ['齿形修形', '模型预测控制', '深度强化学习', '多传感器融合', '数字孪生仿真', '柔顺控制'],
    metrics: ['重复定位精度 ±0.02 mm', '回差小于 10 弧秒', '节拍提升 30%', '抓取成功率 99.5%', '寿命超过 2 万小时'],
    scenarios: ['汽车零部件装配', '3C 产品检测', '锂电池模组生产线', '精密机加工上下料'],
    problems: ['依赖进口、交期长', '精度随温度漂移', '换型调试时间长', '人工成本持续上升'],
  },
  'integrated-circuits': {
    objects: ['碳化硅功率模块', '晶圆级封装', '光刻胶', '高速 SerDes 接口', '车规级 MCU', '射频前端芯片'],
    methods: ['银烧结互连', '铜柱凸点工艺', '低介电封装材料', '片上 ESD 防护设计', '缺陷自动分类算法'],
    metrics: ['热阻降低 25%', '良率提升至 98%', '结温可达 175 ℃', '功耗降低 30%', '带宽达到 32 Gbps'],
    scenarios: ['新能源汽车电驱', '光伏逆变器', '数据中心', '工业控制'],
    problems: ['可靠性不足', '关键材料受制于人', '测试成本高', '良率波动大'],
  },
  'new-display': {
    objects: ['柔性 OLED 模组', 'Micro LED 巨量转移设备', '量子点彩膜', '衍射光波导镜片', '薄膜封装层'],
    methods: ['喷墨打印', '激光剥离', '原子层沉积', '纳米压印', '亚像素渲染算法'],
    metrics: ['水汽透过率低于 1e-5 g/m²·天', '转移良率 99.99%', '色域覆盖 110% NTSC', '亮度均匀性 95%'],
    scenarios: ['折叠屏手机', 'AR 眼镜', '车载显示', '大尺寸商显'],
    problems: ['良率低成本高', '寿命不足', '工艺窗口窄', '设备依赖进口'],
  },
  'new-energy': {
    objects: ['钙钛矿叠层电池', '固态电池电解质', '液流储能电堆', '光伏组件回收产线', '氢燃料电池双极板', 'PEM 电解槽'],
    methods: ['界面钝化', '干法电极', '低温热解', '激光刻划', '梯次利用评估模型'],
    metrics: ['转换效率 28%', '循环寿命 6000 次', '银回收率 95%', '能量密度 400 Wh/kg', '制氢能耗 4.2 kWh/Nm³'],
    scenarios: ['分布式光伏', '储能电站', '氢能重卡', '退役组件处置'],
    problems: ['衰减快', '成本偏高', '安全隐患', '回收处理难'],
  },
  'new-materials': {
    objects: [
      '碳纤维复合材料',
      '高导热氮化铝基板',
      '石墨烯导热膜',
      '可降解高分子材料',
      '耐高温聚酰亚胺薄膜',
      '纳米孪晶铜箔',
    ],
    methods: ['原位聚合', '等离子体表面改性', '放电等离子烧结', '静电纺丝', '分子动力学模拟'],
    metrics: ['热导率 180 W/m·K', '拉伸强度 600 MPa', '介电常数低于 3.0', '降解率 90%', '厚度 6 微米'],
    scenarios: ['电子散热', '轻量化车身', '柔性电路', '绿色包装'],
    problems: ['性能一致性差', '批量制备难', '成本高', '进口替代需求迫切'],
  },
  biomedicine: {
    objects: ['体外诊断试剂盒', '微流控芯片', '可吸收骨钉', '抗体药物偶联物', '细胞治疗制备平台', '医用导管涂层'],
    methods: ['化学发光免疫分析', '数字 PCR', '3D 打印', '定点偶联技术', '自动化封闭培养'],
    metrics: ['检测时间 15 分钟', '灵敏度 0.1 pg/mL', '批间差小于 5%', '生物相容性符合 ISO 10993'],
    scenarios: ['基层医疗', '术中快速检测', '肿瘤治疗', '慢病管理'],
    problems: ['检测周期长', '依赖进口仪器', '生产工艺不稳定', '注册周期长'],
  },
  'artificial-intelligence': {
    objects: ['工业缺陷检测模型', '设备预测性维护系统', '行业大模型知识库', '边缘推理网关', '质量追溯平台'],
    methods: ['小样本学习', '知识蒸馏', '时序异常检测', '检索增强生成', '联邦学习'],
    metrics: ['漏检率低于 0.1%', '推理时延 20 ms', '故障提前 72 小时预警', '准确率 97%'],
    scenarios: ['纺织印染', '注塑车间', '电子组装', '客服与工艺问答'],
    problems: ['样本少', '现场算力有限', '数据孤岛', '误报率高'],
  },
  'green-low-carbon': {
    objects: ['VOCs 治理装置', '高盐废水零排放系统', '污泥低温干化设备', '余热回收热泵', '碳排放监测平台'],
    methods: ['催化燃烧', 'MVR 蒸发结晶', '热泵干化', '膜分离', '在线监测与核算模型'],
    metrics: ['去除率 98%', '能耗降低 40%', '含水率降至 30%', '回收率 85%'],
    scenarios: ['电镀园区', '印染企业', '市政污水厂', '化工园区'],
    problems: ['运行成本高', '排放标准趋严', '占地大', '二次污染'],
  },
};

export const BENCH_CHAIN_CODES = Object.keys(VOCABULARY);

/** Small, fast, seeded PRNG (mulberry32): the same seed gives the same catalogue. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, list: T[]): T => list[Math.floor(rnd() * list.length)];

export interface SyntheticAchievement {
  chain: string;
  title: string;
  abstract: string;
  keywords: string[];
  trl: number;
  askingPrice: number | null;
}

export interface SyntheticDemand {
  chain: string;
  title: string;
  description: string;
  keywords: string[];
  requiredTrl: number;
  budgetMax: number;
}

export function syntheticAchievement(rnd: () => number, n: number): SyntheticAchievement {
  const chain = pick(rnd, BENCH_CHAIN_CODES);
  const v = VOCABULARY[chain];
  const object = pick(rnd, v.objects);
  const method = pick(rnd, v.methods);
  const metric = pick(rnd, v.metrics);
  const metric2 = pick(rnd, v.metrics);
  const scenario = pick(rnd, v.scenarios);
  const title = `基于${method}的${object}${pick(rnd, ['关键技术', '制备方法', '系统', '及其应用', '工艺'])}（${n}）`;
  const abstract =
    `本成果面向${scenario}，针对${object}${pick(rnd, v.problems)}的问题，提出${method}方案。` +
    `经样机验证，${metric}，${metric2}，已申请发明专利 ${1 + Math.floor(rnd() * 5)} 项。` +
    `团队具备${pick(rnd, ['小试', '中试', '批量'])}条件，可提供技术转让或联合开发。`;
  return {
    chain,
    title,
    abstract,
    keywords: [object, method, scenario],
    trl: 3 + Math.floor(rnd() * 6),
    askingPrice: rnd() < 0.5 ? null : 20 + Math.floor(rnd() * 400),
  };
}

export function syntheticDemand(rnd: () => number, n: number): SyntheticDemand {
  const chain = pick(rnd, BENCH_CHAIN_CODES);
  const v = VOCABULARY[chain];
  const object = pick(rnd, v.objects);
  const scenario = pick(rnd, v.scenarios);
  const problem = pick(rnd, v.problems);
  const metric = pick(rnd, v.metrics);
  return {
    chain,
    title: `${scenario}用${object}${pick(rnd, ['国产化', '性能提升', '降本增效', '技术攻关'])}需求（${n}）`,
    description:
      `我司从事${scenario}相关业务，现用${object}${problem}。希望联合高校院所开展攻关，目标${metric}，` +
      `并在一年内完成${pick(rnd, ['样机验证', '小批量试产', '产线导入'])}。`,
    keywords: [object, scenario],
    requiredTrl: 4 + Math.floor(rnd() * 4),
    budgetMax: 50 + Math.floor(rnd() * 500),
  };
}
