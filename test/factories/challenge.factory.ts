/** A call (榜单) body with real Chinese text, deadline a month ahead; override any field. */
export function challengeBody(overrides: Record<string, unknown> = {}) {
  return {
    title: '协作机器人关节高精度谐波减速器攻关',
    problem:
      '协作机器人关节谐波减速器长期依赖进口，交期长、价格高。榜单面向国内高校院所与企业征集技术方案，要求在 18 个月内完成国产谐波减速器样机研制、可靠性验证与小批量试制。',
    indicators: [
      { name: '回差', target: '≤10', unit: '弧秒', method: '第三方检测机构按 GB/T 35089 测试' },
      { name: '额定寿命', target: '≥10000', unit: '小时', method: '加速寿命试验，出具检测报告' },
      { name: '小批量试制', target: '≥200', unit: '台', method: '企业出具验收证明与出货记录' },
    ],
    mechanism: 'open_call',
    fundingTotal: 500,
    enterpriseShare: 350,
    governmentShare: 150,
    eligibility: {
      institutionKinds: ['university', 'enterprise'],
      region: '不限地区',
      consortiumAllowed: true,
      notes: '牵头单位须具有精密传动领域研发团队',
    },
    bidDeadline: new Date(Date.now() + 30 * 86400 * 1000).toISOString(),
    criteria: [
      { name: '技术方案先进性', weight: 40 },
      { name: '团队实力与业绩', weight: 30 },
      { name: '产业化可行性', weight: 20 },
      { name: '经费预算合理性', weight: 10 },
    ],
    ...overrides,
  };
}

/** A bid (揭榜方案) body with real Chinese text; milestones a few months ahead. */
export function bidBody(overrides: Record<string, unknown> = {}) {
  const inDays = (days: number) => new Date(Date.now() + days * 86400 * 1000).toISOString().slice(0, 10);
  return {
    approach:
      '采用双圆弧齿形修形与柔轮残余应力控制工艺，结合有限元仿真优化柔轮壁厚分布；第一阶段完成样机设计与试制，第二阶段完成第三方检测与 2000 小时加速寿命试验，第三阶段在出榜企业产线完成小批量试制。',
    team: {
      lead: { name: '张立新', title: '教授、博士生导师', organisation: '江南精密工程大学' },
      members: [
        { name: '王晓峰', title: '副教授', organisation: '江南精密工程大学' },
        { name: '李婷', title: '高级工程师', organisation: null },
      ],
    },
    milestones: [
      { title: '完成样机设计与试制', dueDate: inDays(120), deliverable: '样机 3 台及设计图纸' },
      { title: '完成第三方检测', dueDate: inDays(240), deliverable: '第三方检测报告（回差、寿命）' },
      { title: '小批量试制与验收', dueDate: inDays(420), deliverable: '小批量 200 台及企业验收证明' },
    ],
    requestedFunding: 480,
    ...overrides,
  };
}
