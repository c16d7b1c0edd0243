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
