import { PassThrough } from 'node:stream';

import ExcelJS from 'exceljs';

/** Deterministic PRNG (mulberry32): the same file every run. */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OBJECTS =
  '谐波减速器 柔性关节 钙钛矿电池 固态电解质 碳化硅功率器件 氮化镓射频芯片 光刻胶 柔性显示基板 锂电池隔膜 氢燃料电池电堆 生物可降解支架 靶向药物载体 工业视觉检测系统 激光焊接头 航空发动机叶片 高温合金粉末 石墨烯导热膜 毫米波雷达 无人机飞控 超声内窥镜 手术机器人 质子交换膜 储能变流器 光伏逆变器 伺服电机 精密轴承 数控刀具 陶瓷基复合材料 医用导管 智能传感器 工业互联网网关 边缘计算模组 微流控芯片 基因测序仪 水处理膜组件 污泥干化设备 垃圾热解炉 建筑光伏组件 汽车热管理系统 线控底盘'.split(
    ' ',
  );
const METHODS =
  '多物理场耦合仿真 原子层沉积 飞秒激光微加工 深度学习缺陷识别 拓扑优化设计 等离子体刻蚀 溶胶凝胶法 磁控溅射 增材制造 自适应模糊控制 数字孪生建模 联邦学习 冷喷涂 电化学抛光 微弧氧化 超临界干燥 分子动力学模拟 高通量筛选 强化学习调度 声发射监测'.split(
    ' ',
  );
const GAINS =
  '寿命提高 3 倍 能耗降低 40% 良率提升至 99.2% 成本下降 35% 精度达到 2 微米 效率提升 18% 噪声降低 12 分贝 响应时间缩短至 5 毫秒 重量减轻 30% 产能提高 2 倍 检测速度提升 5 倍 温升降低 15 摄氏度'.split(
    /(?<=[0-9%倍米贝秒度])\s/,
  );
const PLACES =
  '昆山开发区 周市镇 花桥经济开发区 千灯镇 陆家镇 巴城镇 张浦镇 淀山湖镇 锦溪镇 周庄镇 高新区 玉山镇'.split(' ');
const CHAINS =
  '新一代电子信息 集成电路 新型显示 高端装备制造 智能制造与机器人 新能源 新能源汽车及汽车零部件 新材料 生物医药 高端医疗器械 人工智能 软件与数字经济 低空经济 节能环保与绿色低碳'.split(
    ' ',
  );

export const ACHIEVEMENT_HEADERS = [
  '成果名称*',
  '所属单位*',
  '成果简介*',
  '关键词(用；分隔)',
  '所属产业链(用；分隔)',
  '技术成熟度TRL(1-9)',
  '知识产权类型',
  '专利号(用；分隔)',
  '转化方式(用；分隔)',
  '参考价格(万元)',
  '应用场景',
  '团队',
  '联系人',
  '联系电话',
];

export interface GeneratedRow {
  cells: Array<string | number | ExcelJS.CellFormulaValue>;
  expect: 'valid' | 'invalid' | 'suspect';
}

/**
 * Realistic achievement rows: every body is built from its own object, method, results and places, so distinct
 * rows stay clearly apart; some rows are made invalid on purpose and a few copy an earlier body under a new title.
 */
export function achievementRows(n: number, institution: string, seed = 2026): GeneratedRow[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const rows: GeneratedRow[] = [];
  for (let i = 1; i <= n; i++) {
    const object = pick(OBJECTS);
    const method = pick(METHODS);
    const method2 = pick(METHODS);
    const serial = `${String.fromCharCode(65 + (i % 26))}${i}`;
    const title = `基于${method}的${object}关键技术（${serial}型）`;
    const clauses = [
      `面向${pick(PLACES)}${pick(CHAINS)}企业对${object}的迫切需求`,
      `课题组采用${method}与${method2}相结合的技术路线`,
      `样机${pick(GAINS)}`,
      `${pick(GAINS)}`,
      `已在${pick(PLACES)}完成${1 + (i % 9)}轮${pick(['中试', '小试', '现场', '台架'])}验证`,
      `可与${pick(OBJECTS)}、${pick(OBJECTS)}产线配套`,
      `核心工艺窗口编号${serial}-${Math.floor(r() * 1e6)}`,
      `解决了${pick(OBJECTS)}在${pick(['高温', '高湿', '强振动', '强电磁干扰', '腐蚀性'])}工况下的可靠性问题`,
      `${pick(['申请', '获得'])}${pick(['发明专利', '软件著作权', '实用新型专利'])}${1 + (i % 12)}项`,
    ];
    for (let k = clauses.length - 1; k > 0; k--) {
      const j = Math.floor(r() * (k + 1));
      [clauses[k], clauses[j]] = [clauses[j], clauses[k]];
    }
    // Project-specific wording (team jargon, material grades): real abstracts share little beyond the field's terms.
    const jargon = Array.from({ length: 3 }, () =>
      Array.from({ length: 4 }, () => String.fromCharCode(0x4e00 + Math.floor(r() * 0x4000))).join(''),
    );
    const abstract = `${clauses.slice(0, 5).join('，')}，重点突破${jargon[0]}与${jargon[1]}难题，形成${jargon[2]}工艺包。`;
    const cells: GeneratedRow['cells'] = [
      title,
      institution,
      abstract,
      `${object}；${method}`,
      pick(CHAINS),
      1 + (i % 9),
      i % 3 === 0 ? '发明专利' : '实用新型专利',
      i % 10 === 0 ? `CN2024${String(10000000 + i).slice(1)}.${i % 10}` : '',
      pick(['技术转让；许可使用', '合作开发', '作价入股', '许可使用']),
      i % 7 === 0 ? '面议' : 20 + (i % 300),
      `${pick(OBJECTS)}、${pick(OBJECTS)}`,
      `${pick(['机电工程学院', '材料与化学化工学部', '能源学院', '电子信息学院', '医学部'])}第${i % 40}课题组`,
      `${pick(['陈', '王', '李', '张', '刘', '周'])}老师`,
      `138${String(10000000 + i).slice(1)}`,
    ];
    let expect: GeneratedRow['expect'] = 'valid';
    if (i % 250 === 17) {
      cells[5] = '十'; // not a number
      expect = 'invalid';
    } else if (i % 250 === 83) {
      cells[2] = '太短的简介'; // under 20 characters
      expect = 'invalid';
    } else if (i % 250 === 151) {
      cells[4] = '量子宇宙产业链'; // unknown chain
      expect = 'invalid';
    } else if (i % 1000 === 500) {
      // the body of row i-1 under a new title: a near-duplicate, flagged, never merged
      const previous = rows[i - 2];
      cells[2] = previous.cells[2] as string;
      cells[3] = previous.cells[3] as string;
      cells[7] = '';
      expect = previous.expect === 'valid' ? 'suspect' : 'valid';
    }
    rows.push({ cells, expect });
  }
  return rows;
}

/** Writes rows with exceljs's streaming writer (what a 10 000-row export from a university system looks like). */
export async function streamXlsx(headers: string[], rows: Array<GeneratedRow['cells']>): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => sink.on('end', resolve));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true });
  const sheet = workbook.addWorksheet('成果');
  sheet.addRow(headers).commit();
  for (const row of rows) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
  await done;
  return Buffer.concat(chunks);
}
