import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Segmented, Select } from 'antd';
import { useMemo, useState } from 'react';

import { QueryView } from '../../../components/states';
import { api, unwrap } from '../../../lib/api';
import EChart, { type ChartOption } from './EChart';
import type { Figure } from './shared';

/** The main indicators of the monthly chart (all counted by the platform). */
const MAIN = ['precise_matches', 'achievements', 'activities', 'major_demands', 'chain_demands'];

export interface Drill {
  key?: string;
  chain?: string;
  district?: string;
  stage?: string;
}

const axisText = { color: '#374151' };

/** The dashboard's charts: monthly progress against the expected line, breakdowns, and the pipeline funnel. */
export default function IndicatorCharts({
  year,
  figures,
  onDrill,
}: {
  year: number;
  figures: Figure[];
  onDrill: (drill: Drill) => void;
}) {
  const [main, setMain] = useState(MAIN[0]);
  const breakdownable = figures.filter((f) => f.breakdown && f.source === 'observed');
  const [breakdownKey, setBreakdownKey] = useState('precise_matches');
  const series = useQuery({
    queryKey: ['indicators', 'series', year, MAIN],
    queryFn: () => unwrap(api.GET('/indicators/series', { params: { query: { year, keys: MAIN } } })),
  });
  const pipeline = useQuery({
    queryKey: ['indicators', 'pipeline', year],
    queryFn: () => unwrap(api.GET('/indicators/pipeline', { params: { query: { year } } })),
  });
  const chosen = breakdownable.find((f) => f.key === breakdownKey) ?? breakdownable[0];

  const lineOption = useMemo<ChartOption | null>(() => {
    const s = series.data?.indicators.find((i) => i.key === main);
    if (!s) return null;
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: ['实际', '序时进度'], textStyle: axisText },
      grid: { left: 48, right: 24, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: s.months.map((m) => `${Number(m.month.slice(5))}月`), axisLabel: axisText },
      yAxis: { type: 'value', name: s.unit, axisLabel: axisText },
      series: [
        {
          name: '实际',
          type: 'line',
          data: s.months.map((m) => m.value),
          itemStyle: { color: '#1d4ed8' },
          symbolSize: 7,
        },
        {
          name: '序时进度',
          type: 'line',
          data: s.months.map((m) => m.expected),
          lineStyle: { type: 'dashed', color: '#b45309' },
          itemStyle: { color: '#b45309' },
          symbol: 'none',
        },
      ],
    };
  }, [series.data, main]);

  const barOption = (items: Array<{ name: string; count: number }>, color: string): ChartOption => ({
    tooltip: { trigger: 'axis' },
    grid: { left: 110, right: 24, top: 12, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1, axisLabel: axisText },
    yAxis: {
      type: 'category',
      data: items.map((i) => i.name).reverse(),
      axisLabel: { ...axisText, width: 100, overflow: 'truncate' },
    },
    series: [{ type: 'bar', data: items.map((i) => i.count).reverse(), itemStyle: { color }, barMaxWidth: 18 }],
  });

  const funnelOption = useMemo<ChartOption | null>(() => {
    if (!pipeline.data) return null;
    const colors = ['#93c5fd', '#3b82f6', '#1d4ed8', '#1e40af', '#15803d'];
    return {
      tooltip: { trigger: 'item', formatter: '{b}：{c} 对' },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          left: '10%',
          width: '80%',
          minSize: '8%',
          label: { show: true, position: 'inside', formatter: '{b} {c}', color: '#fff', fontWeight: 600 },
          data: pipeline.data.stages.map((s, i) => ({
            name: s.label,
            value: s.count,
            itemStyle: { color: colors[i] },
          })),
        },
      ],
    };
  }, [pipeline.data]);

  const mainFigure = figures.find((f) => f.key === main);
  const chains = chosen?.breakdown?.byChain ?? [];
  const districts = chosen?.breakdown?.byDistrict ?? [];
  const chainSum = chains.reduce((s, c) => s + c.count, 0);

  return (
    <section className="indicator-charts" aria-labelledby="charts-title">
      <h2 id="charts-title">图表分析</h2>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title="月度进度与序时进度" size="small">
            <Segmented
              aria-label="月度进度的指标"
              value={main}
              onChange={(v) => setMain(String(v))}
              options={MAIN.map((k) => ({ value: k, label: figures.find((f) => f.key === k)?.name ?? k }))}
            />
            <QueryView query={series}>
              {() =>
                lineOption && (
                  <EChart
                    option={lineOption}
                    label={`${mainFigure?.name ?? ''} ${year} 年按月实际值与序时进度线`}
                    onClick={() => onDrill({ key: main })}
                  />
                )
              }
            </QueryView>
            <p className="chart-note">实线为月末实际值，虚线为按序时进度应达到的数值；点击图表查看构成数值的记录。</p>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title="对接漏斗：推荐 → 确认 → 已联系 → 洽谈 → 签约" size="small">
            <QueryView query={pipeline}>
              {(p) => (
                <>
                  {funnelOption && (
                    <EChart
                      option={funnelOption}
                      label={`对接漏斗：${p.stages.map((s) => `${s.label} ${s.count} 对`).join('，')}`}
                      onClick={(e) => onDrill({ stage: p.stages[e.dataIndex]?.stage })}
                    />
                  )}
                  <ul className="funnel-list" aria-label="对接漏斗各阶段">
                    {p.stages.map((s) => (
                      <li key={s.stage}>
                        <button type="button" className="link-button" onClick={() => onDrill({ stage: s.stage })}>
                          {s.label}：{s.count} 对
                        </button>
                      </li>
                    ))}
                  </ul>
                  <p className="chart-note">{p.rule}</p>
                </>
              )}
            </QueryView>
          </Card>
        </Col>
        {chosen && (
          <Col xs={24}>
            <Card
              title="按产业链、区镇分布"
              size="small"
              extra={
                <Select
                  aria-label="分布的指标"
                  style={{ width: 200 }}
                  value={chosen.key}
                  onChange={setBreakdownKey}
                  options={breakdownable.map((f) => ({ value: f.key, label: f.name }))}
                />
              }
            >
              <Alert
                type="info"
                showIcon
                className="chart-alert"
                message={`${chosen.name}共 ${chosen.actual} ${chosen.unit}。一条记录属于多条产业链时在每条链各计 1 次，各链合计（${chainSum}）可能大于总数；无产业链的记录计入“未分类”。`}
              />
              <Row gutter={[16, 16]}>
                <Col xs={24} lg={12}>
                  <h3 className="chart-title">按产业链</h3>
                  {chains.length ? (
                    <EChart
                      option={barOption(chains, '#1d4ed8')}
                      height={Math.max(160, chains.length * 28 + 40)}
                      label={`${chosen.name}按产业链：${chains.map((c) => `${c.name} ${c.count}`).join('，')}`}
                      onClick={(e) => {
                        const item = chains[chains.length - 1 - e.dataIndex];
                        onDrill({ key: chosen.key, chain: item?.id ?? undefined });
                      }}
                    />
                  ) : (
                    <p className="chart-note">暂无记录</p>
                  )}
                </Col>
                <Col xs={24} lg={12}>
                  <h3 className="chart-title">按区镇</h3>
                  {districts.length ? (
                    <EChart
                      option={barOption(districts, '#0e7490')}
                      height={Math.max(160, districts.length * 28 + 40)}
                      label={`${chosen.name}按区镇：${districts.map((c) => `${c.name} ${c.count}`).join('，')}`}
                      onClick={(e) => {
                        const item = districts[districts.length - 1 - e.dataIndex];
                        onDrill({ key: chosen.key, district: item?.name });
                      }}
                    />
                  ) : (
                    <p className="chart-note">暂无记录</p>
                  )}
                </Col>
              </Row>
            </Card>
          </Col>
        )}
      </Row>
    </section>
  );
}
